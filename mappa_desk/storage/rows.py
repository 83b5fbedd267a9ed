"""Small helpers the repositories share: insert or update a row from a dict, map agency codes, and turn a
part of the record (its declaration in domain.record) into a row's values and back, by column name."""

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


# -- a part's row from its declaration (domain.record) ----------------------------------------------------------
def to_row(db, codes: AgencyCodes, part, obj) -> dict:
    """The values of `obj` (the part's dataclass) by storage column, from the part's declared fields: an agency
    is stored as its row id, a person as a people row (saved by uid), a flag as 0 or 1."""
    values = {}
    for f in part.fields:
        value = getattr(obj, f.name)
        if f.kind == "agency":
            value = codes.id_of(value)
        elif f.kind == "person":
            from mappa_desk.storage import people  # people uses these helpers too
            value = people.save(db, codes, value)
        elif f.kind == "flag":
            value = flag(value)
        values[f.column] = value
    return values


def from_row(db, codes: AgencyCodes, part, row: dict) -> dict:
    """The part's declared fields of a row read by column name, as the dataclass takes them (keyword
    arguments): an agency's code, a person (loaded), a flag as True or False."""
    values = {}
    for f in part.fields:
        value = row[f.column]
        if f.kind == "agency":
            value = codes.code_of(value)
        elif f.kind == "person":
            from mappa_desk.storage import people
            value = people.load(db, codes, value)
        elif f.kind == "flag":
            value = bool(value)
        values[f.name] = value
    return values


def select(db, part, where: str, params=(), *, extra: tuple[str, ...] = (), order: str = "") -> list[dict]:
    """The part's rows matching `where`, each a dict by column: its declared columns plus `extra` (an id, a uid,
    a parent's id), in `order` (default: the part's declared order, then id)."""
    columns = ", ".join(dict.fromkeys(extra + part.columns))
    order = order or f"{part.order}, id"
    return db.rows(f"SELECT {columns} FROM {part.table} WHERE {where} ORDER BY {order}", params)


def update(db, table: str, row_id: int, values: dict) -> None:
    sets = ", ".join(f"{col} = ?" for col in values)
    db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values.values(), row_id))
