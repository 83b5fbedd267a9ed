"""The audit log: per-connection triggers that record every change (who, when, what).

The triggers are TEMP triggers created at every open from the live table list,
so no table added by a later migration can be forgotten, and they live in the
connection, not the file. `who` comes from a one-row temp table set by the
session (`set_actor`).

A column declared BLOB (e.g. a pre-read document's content) is logged as its
length only: json_object cannot hold a blob, and a file of many megabytes must
not be copied into the log (the row's own sha256 column identifies it).
"""

from __future__ import annotations

_NOT_AUDITED = {"audit_log", "sqlite_sequence"}
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def _tables(conn) -> list[str]:
    rows = conn.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ).fetchall()
    return [name for (name,) in rows if name not in _NOT_AUDITED]


def _columns(conn, table: str) -> list[tuple[str, bool]]:
    """(name, is_blob) for each column, from its declared type."""
    return [(row[1], "BLOB" in str(row[2]).upper()) for row in conn.execute(f"PRAGMA main.table_info({table})")]


def _value_of(row_alias: str, col: str, is_blob: bool) -> str:
    value = f'{row_alias}."{col}"'
    return f"json_object('blob_bytes', length({value}))" if is_blob else value


def _json_of(row_alias: str, columns: list[tuple[str, bool]]) -> str:
    pairs = ", ".join(f"'{col}', {_value_of(row_alias, col, is_blob)}" for col, is_blob in columns)
    return f"json_object({pairs})"


def _rowid_of(row_alias: str, columns: list[tuple[str, bool]]) -> str:
    return f"{row_alias}.id" if any(col == "id" for col, _ in columns) else f"{row_alias}.rowid"


def install(conn, actor: str) -> None:
    """Create the temp actor table and one trigger per table and operation."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS audit_actor (actor TEXT NOT NULL)")
    set_actor(conn, actor)
    for table in _tables(conn):
        cols = _columns(conn, table)
        for op, alias, when in (("insert", "NEW", "AFTER INSERT"), ("update", "NEW", "AFTER UPDATE"),
                                ("delete", "OLD", "AFTER DELETE")):
            conn.execute(
                f"""CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_{op} {when} ON main.{table}
                BEGIN
                    INSERT INTO audit_log (at, actor, operation, table_name, row_id, detail)
                    VALUES ({_NOW}, (SELECT actor FROM temp.audit_actor LIMIT 1), '{op}', '{table}',
                            {_rowid_of(alias, cols)}, {_json_of(alias, cols)});
                END"""
            )


def set_actor(conn, actor: str) -> None:
    conn.execute("DELETE FROM temp.audit_actor")
    conn.execute("INSERT INTO temp.audit_actor (actor) VALUES (?)", (actor,))
