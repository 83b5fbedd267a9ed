"""The SQL of making a backup (services.backup): the read snapshot the database file is copied under, and
the copy attached to the vault's housekeeping connection (the session holds no key; ATTACH without KEY uses
the vault's) to leave its recordings out and to check it. `schema` is the name the copy is attached as."""

from __future__ import annotations

import contextlib
from pathlib import Path


@contextlib.contextmanager
def read_snapshot(db):
    """A read transaction, holding a snapshot: while the block runs no checkpoint copies into the database
    file a page written after it began (none at all if the log had been wholly copied into the file)."""
    db.execute("BEGIN")
    try:
        db.scalar("SELECT count(*) FROM sqlite_master")
        yield
    finally:
        db.execute("COMMIT")


def log_of(path: Path) -> Path:
    """The write-ahead log beside the database file at `path` (SQLite's name for it)."""
    return Path(f"{path}-wal")


def fold_log(db, copy: Path, schema: str) -> None:
    """Bring the write-ahead log beside `copy` into it: attached read-write, SQLite recovers the log (its
    frames up to the last whole transaction), the checkpoint writes them into the file and empties the log,
    and the detach (the last connection) removes it."""
    attach(db, copy, schema, "rw")
    try:
        checkpoint(db, schema)
    finally:
        detach(db, schema)


def attach(db, path: Path, schema: str, mode: str) -> None:
    """Attach the database file at `path` as `schema`, opened with SQLite's URI `mode` ("rw" or "ro")."""
    db.execute(f"ATTACH DATABASE ? AS {schema}", (f"{path.resolve().as_uri()}?mode={mode}",))


def detach(db, schema: str) -> None:
    db.execute(f"DETACH DATABASE {schema}")


def secure_delete_on(db, schema: str) -> None:
    """Deleted content in `schema` is overwritten with zeros."""
    db.execute(f"PRAGMA {schema}.secure_delete = ON")


def holds_recordings(db, schema: str) -> bool:
    """Has `schema` an audio_recordings table with a row in it?"""
    return bool(db.scalar(f"SELECT count(*) FROM {schema}.sqlite_master WHERE name = 'audio_recordings'")
                and db.scalar(f"SELECT EXISTS (SELECT 1 FROM {schema}.audio_recordings)"))


def delete_recordings(db, schema: str) -> None:
    """Delete every recording in `schema`, then rebuild its file without the freed pages."""
    db.execute(f"DELETE FROM {schema}.audio_recordings")
    db.execute(f"VACUUM {schema}")


def checkpoint(db, schema: str) -> None:
    """Move `schema`'s write-ahead log into its file and empty the log."""
    db.execute(f"PRAGMA {schema}.wal_checkpoint(TRUNCATE)")


def integrity_problems(db, schema: str) -> list[str]:
    """SQLCipher's check of every page, then SQLite's structural check, of `schema`: empty when both pass."""
    problems = [row[0] for row in db.query(f"PRAGMA {schema}.cipher_integrity_check")]
    problems += [row[0] for row in db.query(f"PRAGMA {schema}.integrity_check") if row[0] != "ok"]
    return problems


def user_version(db, schema: str) -> int:
    """The schema version recorded in `schema` ("main" is the vault itself)."""
    return db.scalar(f"PRAGMA {schema}.user_version")


def changed_since(db, at: str) -> bool:
    """Has the audit log an entry after `at` other than the backup stamps (settings keys starting "backup")?"""
    return bool(db.scalar(
        "SELECT EXISTS (SELECT 1 FROM audit_log WHERE at > ? AND NOT (table_name = 'settings' "
        "AND json_extract(detail, '$.key') LIKE 'backup%'))", (at,)))
