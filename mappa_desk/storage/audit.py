"""The audit log: per-connection triggers that record every change (who, when, what).

The triggers are TEMP triggers created at every open from the live table list,
so no table added by a later migration can be forgotten, and they live in the
connection, not the file. `who` comes from a one-row temp table set by the
session (`set_actor`).

A column declared BLOB (e.g. a pre-read document's content) is logged as its
length only: json_object cannot hold a blob, and a file of many megabytes must
not be copied into the log (the row's own sha256 column identifies it).

Each entry is chained to the one before it (schema 0005): its `hash` is the
SHA-256 of the previous entry's hash and its own fields, computed in the
trigger by `mappa_audit_hash`, a deterministic function registered on the
connection (`register_functions`). The encoding lives in Python, once, so the
triggers, the migration that chained the older entries and `verify_chain` all
agree. The chain shows an entry changed or removed after it was written; it
cannot show entries cut off the end, and someone holding the key could rewrite
the whole chain: it makes tampering visible, it does not prevent it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

_NOT_AUDITED = {"audit_log", "sqlite_sequence"}
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def chain_hash(prev_hash, entry_id, at, actor, operation, table_name, row_id, detail) -> str:
    """The hash of one audit entry, given the hash of the entry before it (None for the first)."""
    canonical = json.dumps([prev_hash, entry_id, at, actor, operation, table_name, row_id, detail],
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def register_functions(conn) -> None:
    """Make `mappa_audit_hash` available to this connection's triggers and migrations."""
    conn.create_function("mappa_audit_hash", 8, chain_hash, deterministic=True)


def verify_chain(db) -> tuple[bool, int | None]:
    """Recompute every entry's hash in order: (True, None), or (False, id of the first entry that does not fit).

    `db` is a Database or a raw connection. An entry whose neighbour before it was removed is the one named.
    """
    prev = None
    cursor = db.execute("SELECT id, at, actor, operation, table_name, row_id, detail, hash FROM audit_log ORDER BY id")
    for entry_id, at, actor, operation, table_name, row_id, detail, stored in cursor:
        expected = chain_hash(prev, entry_id, at, actor, operation, table_name, row_id, detail)
        if stored != expected:
            return False, entry_id
        prev = stored
    return True, None


def describe_break(db, entry_id: int) -> str:
    """A plain sentence naming the first entry that does not fit the chain (no personal data: no detail)."""
    row = db.execute("SELECT at, operation, table_name FROM audit_log WHERE id = ?", (entry_id,)).fetchone()
    what = f", the {row[1]} in {row[2]} recorded at {row[0]}" if row else ""
    return (f"The audit trail is broken at entry {entry_id}{what}: that entry, or the one just before it, was "
            "changed or removed after it was written.")


@dataclass(frozen=True)
class Soundness:
    """What `doctor` and the self-test report: SQLite's integrity check, then the audit chain."""

    problems: list[str]  # from the integrity check; the chain is not read when there are any
    chained: bool
    broken: str  # the sentence naming the first entry that does not fit, when the chain is broken
    entries: int  # audit entries, when the chain holds


def soundness(db) -> Soundness:
    problems = db.integrity_problems()
    if problems:
        return Soundness(problems, False, "", 0)
    chained, broken = verify_chain(db)
    if not chained:
        return Soundness([], False, describe_break(db, broken), 0)
    return Soundness([], True, "", db.scalar("SELECT count(*) FROM audit_log"))


def _tables(conn) -> list[str]:
    """The ordinary tables. Virtual tables (the full-text index, schema 0006) cannot carry triggers, and
    their shadow tables hold derived data: auditing them would double the log and slow every edit."""
    rows = conn.execute("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
                        "AND name NOT LIKE 'sqlite_%' ORDER BY name").fetchall()
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
    register_functions(conn)
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS audit_actor (actor TEXT NOT NULL)")
    set_actor(conn, actor)
    for table in _tables(conn):
        cols = _columns(conn, table)
        for op, alias, when in (("insert", "NEW", "AFTER INSERT"), ("update", "NEW", "AFTER UPDATE"),
                                ("delete", "OLD", "AFTER DELETE")):
            conn.execute(
                f"""CREATE TEMP TRIGGER IF NOT EXISTS audit_{table}_{op} {when} ON main.{table}
                BEGIN
                    INSERT INTO audit_log (id, at, actor, operation, table_name, row_id, detail, hash)
                    SELECT e.id, e.at, e.actor, e.operation, e.table_name, e.row_id, e.detail,
                           mappa_audit_hash(e.prev, e.id, e.at, e.actor, e.operation, e.table_name, e.row_id,
                                            e.detail)
                    FROM (SELECT (SELECT coalesce(max(id), 0) + 1 FROM audit_log) AS id, {_NOW} AS at,
                                 (SELECT actor FROM temp.audit_actor LIMIT 1) AS actor, '{op}' AS operation,
                                 '{table}' AS table_name, {_rowid_of(alias, cols)} AS row_id,
                                 {_json_of(alias, cols)} AS detail,
                                 (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS e;
                END"""
            )


def set_actor(conn, actor: str) -> None:
    conn.execute("DELETE FROM temp.audit_actor")
    conn.execute("INSERT INTO temp.audit_actor (actor) VALUES (?)", (actor,))
