"""The SQL of making a backup (services.backup): the read snapshot the database file is copied under, and
the copy attached to the vault's housekeeping connection (the session holds no key; ATTACH without KEY uses
the vault's) to leave its recordings out and to check it. `schema` is the name the copy is attached as."""

from __future__ import annotations

import contextlib
import struct
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


def log_in_use(path: Path) -> int | None:
    """How many bytes at the start of the write-ahead log of the database at `path` a reader beginning now
    reads: the log's header and its frames up to the last transaction written, or 0 when a checkpoint has
    copied them all into the file (the reader then reads the file alone). None when that cannot be told.

    Read from the log's index (`<path>-shm`, SQLite's wal-index: https://sqlite.org/walformat.html), while
    no write can begin (its two copies of the header then agree). Those frames are not written again while a
    reader that needs them holds its snapshot: a new transaction starts the log again only when no reader
    reads it."""
    try:
        with open(f"{path}-shm", "rb") as index:
            head = index.read(_INDEX_READ)
    except OSError:
        return None
    if len(head) < _INDEX_READ or head[:48] != head[48:96]:
        return None
    version, _unused, _change, ready, _big_endian, page_size, frames = struct.unpack("=IIIBBHI", head[:20])
    (copied,) = struct.unpack("=I", head[96:100])  # nBackfill: frames the checkpoints have copied into the file
    if version != _INDEX_VERSION or not ready or copied > frames:
        return None
    if copied == frames:
        return 0
    return _LOG_HEADER + frames * (_FRAME_HEADER + (65536 if page_size == 1 else page_size))


_INDEX_VERSION, _INDEX_READ = 3007000, 100  # the wal-index's version; its two headers and nBackfill
_LOG_HEADER, _FRAME_HEADER = 32, 24  # bytes, in the write-ahead log


def fold_log(db, copy: Path, schema: str) -> tuple[int, str] | None:
    """Bring the write-ahead log beside `copy`, if any, into it: attached read-write, SQLite recovers the log
    (its frames up to the last whole transaction), the checkpoint writes them into the file and empties the
    log, and the detach (the last connection) removes it. Returns the copy's last audit entry (id, hash)."""
    attach(db, copy, schema, "rw")
    try:
        checkpoint(db, schema)
        last = db.query(f"SELECT id, hash FROM {schema}.audit_log ORDER BY id DESC LIMIT 1")
    finally:
        detach(db, schema)
    return tuple(last[0]) if last else None


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


_NOT_A_STAMP = "NOT (table_name = 'settings' AND json_extract(detail, '$.key') LIKE 'backup%')"


def changed_after(db, last_id: int) -> bool:
    """Has the audit log an entry after entry `last_id` other than the backup stamps (settings keys "backup…")?"""
    return bool(db.scalar(f"SELECT EXISTS (SELECT 1 FROM audit_log WHERE id > ? AND {_NOT_A_STAMP})", (last_id,)))


def changed_since(db, at: str, batch: int = 500) -> bool:
    """Has the audit log an entry not older than `at` other than the backup stamps?

    Read newest first, a batch at a time, down to the first entry older than `at`: as long as what was written
    since then, not the whole trail (on the benchmark vault's 4.3 million entries a scan took ~10 s at close).
    An entry of the same millisecond counts: a backup too many is better than one too few.
    """
    below = None
    while True:
        rows = db.query(
            f"SELECT id, at, {_NOT_A_STAMP} FROM audit_log" + (" WHERE id < ?" if below is not None else "")
            + " ORDER BY id DESC LIMIT ?", (below, batch) if below is not None else (batch,))
        for row_id, when, change in rows:
            if when < at:
                return False
            if change:
                return True
        if len(rows) < batch:
            return False
        below = rows[-1][0]


def delete_setting(db, schema: str, key: str) -> None:
    """Remove the settings row `key` from `schema` (a copy being made into a backup)."""
    db.execute(f"DELETE FROM {schema}.settings WHERE key = ?", (key,))
