"""Small helpers the repositories share: insert a row from a dict, and map agency codes."""

from __future__ import annotations


def insert(db, table: str, values: dict) -> int:
    cols = ", ".join(values)
    marks = ", ".join("?" for _ in values)
    return db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(values.values())).lastrowid


def flag(value: bool) -> int:
    return 1 if value else 0


class AgencyCodes:
    """Agency code <-> row id, read once per repository use."""

    def __init__(self, db):
        rows = db.query("SELECT id, code FROM agencies")
        self._by_code = {code: id_ for id_, code in rows}
        self._by_id = {id_: code for id_, code in rows}

    def id_of(self, code: str | None) -> int | None:
        if code is None:
            return None
        try:
            return self._by_code[code]
        except KeyError:
            raise KeyError(f"unknown agency code {code!r}") from None

    def code_of(self, agency_id: int | None) -> str | None:
        return None if agency_id is None else self._by_id[agency_id]

    def known(self, code: str) -> bool:
        return code in self._by_code
