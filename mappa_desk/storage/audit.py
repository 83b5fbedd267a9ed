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
agree. The chain shows an entry changed or removed after it was written. Entries
cut off the end, or the whole log emptied, are found two other ways: every row of
the record must have the entry that recorded its insert (`missing_entries`), and
the chain's head (entry count, last id and hash) is written into every backup and
ViSOR export manifest, an anchor outside the vault that the chain must still
contain (`anchor_problem`). Someone holding the key could still rewrite the whole
chain consistently; only an anchor kept elsewhere shows that: the chain makes
tampering visible, it does not prevent it.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Callable

from mappa_desk.storage import seals

_NOT_AUDITED = {"audit_log", "sqlite_sequence", "review_clock"}  # review_clock: derived, not the record
_NOW = "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')"


def chain_hash(prev_hash, entry_id, at, actor, operation, table_name, row_id, detail) -> str:
    """The hash of one audit entry, given the hash of the entry before it (None for the first)."""
    canonical = json.dumps([prev_hash, entry_id, at, actor, operation, table_name, row_id, detail],
                           ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def register_functions(conn) -> None:
    """Make `mappa_audit_hash` available to this connection's triggers and migrations."""
    conn.create_function("mappa_audit_hash", 8, chain_hash, deterministic=True)


def verify_chain(db, progress: Callable[[float], None] | None = None) -> tuple[bool, int | None]:
    """Recompute every entry's hash in order: (True, None), or (False, id of the first entry that does not fit).

    `db` is a Database or a raw connection. An entry whose neighbour before it was removed is the one named.
    `progress(fraction)` hears how far the check has read (entries are numbered 1, 2, 3 ... in order).
    """
    prev = None
    last = db.execute("SELECT max(id) FROM audit_log").fetchone()[0] or 0 if progress is not None else 0
    cursor = db.execute("SELECT id, at, actor, operation, table_name, row_id, detail, hash FROM audit_log ORDER BY id")
    for count, (entry_id, at, actor, operation, table_name, row_id, detail, stored) in enumerate(cursor, start=1):
        expected = chain_hash(prev, entry_id, at, actor, operation, table_name, row_id, detail)
        if stored != expected:
            return False, entry_id
        prev = stored
        if last and count % _CHAIN_REPORT_EVERY == 0:
            progress(min(1.0, entry_id / last))
    return True, None


_CHAIN_REPORT_EVERY = 20_000  # entries between two reports of how far the chain check has read


def describe_break(db, entry_id: int) -> str:
    """A plain sentence naming the first entry that does not fit the chain (no personal data: no detail)."""
    row = db.execute("SELECT at, operation, table_name FROM audit_log WHERE id = ?", (entry_id,)).fetchone()
    what = f", the {row[1]} in {row[2]} recorded at {row[0]}" if row else ""
    return (f"The audit trail is broken at entry {entry_id}{what}: that entry, or the one just before it, was "
            "changed or removed after it was written.")


# Tables whose every row must have its insert entry: every table of the record. Left out: `settings`
# (bookkeeping, also written by migrations and by restore and key changes outside the app's connection).
# No migration inserts rows into these tables (agencies are seeded by the session, through the triggers),
# and the saved vaults of every schema (tests/fixtures) hold an insert entry for every row of them.
COVERED = ("agencies", "people", "individuals", "individual_aliases", "orders", "order_conditions", "referrals",
           "meetings", "attendance", "agenda_items", "information_items", "risks", "risk_scenarios",
           "rmp_measures", "rmp_measure_risks", "contingencies", "decisions", "decision_positions",
           "options_not_taken", "disclosures", "actions", "document_versions", "meeting_documents",
           "record_events", "addenda", "audio_recordings", "minute_requests", "sharing_approvals", "final_seals",
           "circulation", "protected_persons", "meeting_individual_snapshots", "release_approvals")


def missing_entries(db) -> dict[str, int]:
    """Rows of the covered tables with no audit entry recording their insert, counted per table.

    Such rows mean entries were removed: the log emptied, or entries cut off its end (which the chain
    itself cannot show). A seal removed without its delete entry is counted as `final_seals removed`.
    """
    # One pass over the log (it can be gigabytes on a large vault): inserts and deletes, indexed, in a temp table.
    db.execute("DROP TABLE IF EXISTS temp.audit_logged")
    db.execute("CREATE TEMP TABLE audit_logged (table_name TEXT, operation TEXT, row_id INTEGER, "
               "PRIMARY KEY (table_name, operation, row_id)) WITHOUT ROWID")
    try:
        db.execute("INSERT OR IGNORE INTO temp.audit_logged SELECT table_name, operation, row_id FROM audit_log "
                   "WHERE operation IN ('insert', 'delete')")
        missing = {}
        for table in COVERED:
            if not db.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone():
                continue
            count = db.execute(f"SELECT count(*) FROM {table} AS t WHERE NOT EXISTS (SELECT 1 FROM "
                               "temp.audit_logged AS i WHERE i.table_name = ? AND i.operation = 'insert' "
                               "AND i.row_id = t.rowid)",
                               (table,)).fetchone()[0]
            if count:
                missing[table] = count
        removed = db.execute(
            "SELECT count(*) FROM temp.audit_logged AS i WHERE i.table_name = 'final_seals' "
            "AND i.operation = 'insert' AND i.row_id NOT IN (SELECT meeting_id FROM final_seals) AND i.row_id NOT IN "
            "(SELECT row_id FROM temp.audit_logged WHERE table_name = 'final_seals' AND operation = 'delete')"
        ).fetchone()[0]
    finally:
        db.execute("DROP TABLE IF EXISTS temp.audit_logged")
    if removed:
        missing["final_seals removed"] = removed
    return missing


def describe_missing(missing: dict[str, int]) -> str:
    missing = dict(missing)
    removed = missing.pop("final_seals removed", 0)
    sentences = []
    if missing:
        listed = ", ".join(f"{count} in {table}" for table, count in sorted(missing.items()))
        sentences.append(f"The audit trail is missing entries: {sum(missing.values())} row(s) of the record have no "
                         f"entry recording them ({listed}). Entries were removed from the trail, or the whole trail "
                         "was emptied.")
    if removed:
        sentences.append(f"The seal of {removed} final record(s) was removed without the trail recording it.")
    return " ".join(sentences)


# -- the head of the chain, and anchors of it kept outside the vault ----------------------------------------

@dataclass(frozen=True)
class Anchor:
    """The head of the chain at one moment: how many entries, the last one's id and hash."""

    entries: int
    last_id: int
    hash: str
    at: str = ""  # when it was taken (ISO-8601 UTC)
    source: str = ""  # where it was read from, e.g. a backup's file name (no personal data)

    def to_manifest(self) -> dict:
        return {"entries": self.entries, "last_id": self.last_id, "hash": self.hash, "at": self.at}

    @classmethod
    def from_manifest(cls, data, source: str = "") -> "Anchor | None":
        """The anchor in a manifest's `audit_head`, or None when there is none or it is not well formed."""
        if not isinstance(data, dict):
            return None
        entries, last_id, digest, at = data.get("entries"), data.get("last_id"), data.get("hash"), data.get("at", "")
        if not (type(entries) is int and type(last_id) is int and isinstance(digest, str) and isinstance(at, str)):
            return None
        if entries < 0 or last_id < 0 or (entries and len(digest) != 64):
            return None
        return cls(entries, last_id, digest, at, source)


def head(db, at: str = "") -> Anchor:
    """The chain's head now: written into backup and ViSOR manifests."""
    row = db.execute("SELECT count(*), max(id) FROM audit_log").fetchone()
    last = db.execute("SELECT hash FROM audit_log WHERE id = ?", (row[1],)).fetchone() if row[1] else None
    return Anchor(row[0], row[1] or 0, last[0] if last else "", at)


def anchor_problem(db, anchor: Anchor) -> str:
    """'' when the chain in `db` still holds `anchor` (entry `last_id` with that hash, and as many entries up
    to it), else a sentence saying how it differs. For `doctor`, and for restore to compare a backup's
    database with its manifest (`db` may be a raw connection)."""
    where = f" ({anchor.source})" if anchor.source else ""
    if anchor.entries == 0:
        return ""
    row = db.execute("SELECT hash FROM audit_log WHERE id = ?", (anchor.last_id,)).fetchone()
    count = db.execute("SELECT count(*) FROM audit_log WHERE id <= ?", (anchor.last_id,)).fetchone()[0]
    if row is None:
        return (f"The audit trail no longer reaches entry {anchor.last_id}, which it held when an anchor was "
                f"taken{where}: entries were cut off its end.")
    if row[0] != anchor.hash or count != anchor.entries:
        return (f"The audit trail up to entry {anchor.last_id} is not the one recorded in an anchor{where}: the "
                "trail was rewritten after that anchor was taken.")
    return ""


# -- what doctor and the self-test report --------------------------------------------------------------------

@dataclass(frozen=True)
class Soundness:
    """What `doctor` and the self-test report: SQLite's integrity check, the audit chain, the seals."""

    problems: list[str]  # from the integrity check; nothing else is read when there are any
    chained: bool
    broken: str  # the sentence naming the first entry that does not fit, when the chain is broken
    entries: int  # audit entries, when the chain holds
    missing: str = ""  # the sentence when rows have no insert entry (the log emptied or cut short)
    broken_seals: tuple = ()  # (meeting id, meeting date) of each final whose content changed
    sealed: int = 0
    unsealed: int = 0  # final records without a seal (made final before seals, or imported)

    @property
    def ok(self) -> bool:
        return not self.problems and self.chained and not self.missing and not self.broken_seals


# The stages of `soundness`, as `doctor` shows them while it works.
CHECKING_PAGES = "Checking every page of the vault"
CHECKING_STRUCTURE = "Checking the database's structure"
CHECKING_LINKS = "Checking the links between records"
CHECKING_CHAIN = "Checking the audit trail's chain"
CHECKING_ENTRIES = "Checking every record has its audit entry"
CHECKING_SEALS = "Checking the final records' seals"

# progress(stage, fraction done 0..1, or None where it cannot be told honestly)
Progress = Callable[[str, "float | None"], None]


def soundness(db, progress: Progress | None = None) -> Soundness:
    """The checks `doctor` runs, in order; `progress` hears each stage as it starts (and the chain's fraction)."""
    def stage(name: str, fraction: float | None = None) -> None:
        if progress is not None:
            progress(name, fraction)

    problems = db.integrity_problems(stage)
    if problems:
        return Soundness(problems, False, "", 0)
    stage(CHECKING_CHAIN, 0.0)
    chained, broken = verify_chain(db, lambda fraction: stage(CHECKING_CHAIN, fraction))
    stage(CHECKING_ENTRIES)
    missing = missing_entries(db)
    stage(CHECKING_SEALS)
    sealed, unsealed = seals.counts(db)
    return Soundness([], chained, describe_break(db, broken) if not chained else "",
                     db.scalar("SELECT count(*) FROM audit_log"), describe_missing(missing) if missing else "",
                     tuple(seals.broken_seals(db)), sealed, unsealed)


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
