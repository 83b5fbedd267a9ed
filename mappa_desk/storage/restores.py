"""The SQL of restoring a backup (services.restore, services.restore_compare): unlocking and checking the
staged copy on a connection of its own, and comparing it with the current vault with both attached to one
connection. `db` is a Database or a bare sqlcipher3 connection: both run `execute` and give a cursor."""

from __future__ import annotations

from pathlib import Path

ATTACHED = "restore_other"  # the name the other database is attached under while the two are compared


def unlock(db, key: bytes) -> None:
    """Key a new connection with the 32-byte database key, SQLCipher's log silenced."""
    db.execute("PRAGMA cipher_log_level = NONE")
    db.execute(f"PRAGMA key = \"x'{key.hex()}'\"")


def user_version(db) -> int:
    """The schema version the database records (its first read: a wrong key fails here)."""
    return db.execute("PRAGMA user_version").fetchone()[0]


def table_names(db) -> set[str]:
    return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def integrity_problems(db) -> list[str]:
    """SQLCipher's check of every page, then SQLite's structural check: empty when both pass."""
    problems = [row[0] for row in db.execute("PRAGMA cipher_integrity_check")]
    problems += [row[0] for row in db.execute("PRAGMA integrity_check") if row[0] != "ok"]
    return problems


def attach_keyed(db, path: Path, key: bytes) -> None:
    """Attach the database file at `path`, opened with `key`, as ATTACHED."""
    db.execute(f"ATTACH DATABASE '{str(path).replace(chr(39), chr(39) * 2)}' AS {ATTACHED} KEY ?",
               (f"x'{key.hex()}'",))


def detach(db) -> None:
    db.execute(f"DETACH DATABASE {ATTACHED}")


def read_attached(db) -> None:
    """Read the attached database's schema: fails if its key does not open it."""
    db.execute(f"SELECT count(*) FROM {ATTACHED}.sqlite_master").fetchone()


def read_audit_hashes(db, schema: str) -> None:
    """Fails (DatabaseError) if `schema`'s audit log has no hash column: a schema from before the audit chain."""
    db.execute(f"SELECT hash FROM {schema}.audit_log LIMIT 0")


def audit_entries_not_in(db, schema: str, other: str) -> int:
    """Audit entries in `schema` whose chain hash is not in `other` (entries without a hash count as not in it)."""
    return db.execute(f"SELECT count(*) FROM {schema}.audit_log WHERE hash IS NULL OR hash NOT IN "
                      f"(SELECT hash FROM {other}.audit_log WHERE hash IS NOT NULL)").fetchone()[0]


def row_count(db, schema: str, table: str) -> int:
    return db.execute(f"SELECT count(*) FROM {schema}.{table}").fetchone()[0]
