"""The current vault against a staged backup: what a restore would set aside, said before the person confirms.

Audit entries are compared by their chain hashes (each entry's hash covers the one before it, so an
entry is in both vaults only if their histories agree up to it); a schema before the chain falls back
to counting. Meetings, individuals and the current vault's recordings are counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlcipher3


@dataclass(frozen=True)
class Comparison:
    """The current vault against the backup; `newer` is what the restore sets aside."""

    newer_changes: int  # audit entries in the current vault that are not in the backup
    backup_only_changes: int  # audit entries in the backup that are not in the current vault
    meetings: tuple[int, int]  # (current, backup)
    individuals: tuple[int, int]
    recordings: int  # audio recordings in the current vault (backups hold none)


def _count(execute, sql: str) -> int:
    try:
        return int(execute(sql).fetchone()[0])
    except sqlcipher3.DatabaseError:
        return 0


def _compare(execute, cur: str, bak: str) -> Comparison:
    """`execute` runs SQL on a connection that sees the current vault as `cur` and the backup as `bak`."""
    try:
        execute(f"SELECT hash FROM {cur}.audit_log LIMIT 0")
        execute(f"SELECT hash FROM {bak}.audit_log LIMIT 0")
        newer = _count(execute, f"SELECT count(*) FROM {cur}.audit_log WHERE hash IS NULL OR hash NOT IN "
                                f"(SELECT hash FROM {bak}.audit_log WHERE hash IS NOT NULL)")
        only = _count(execute, f"SELECT count(*) FROM {bak}.audit_log WHERE hash IS NULL OR hash NOT IN "
                               f"(SELECT hash FROM {cur}.audit_log WHERE hash IS NOT NULL)")
    except sqlcipher3.DatabaseError:  # a schema before the chain: compare the counts
        entries = (_count(execute, f"SELECT count(*) FROM {cur}.audit_log"),
                   _count(execute, f"SELECT count(*) FROM {bak}.audit_log"))
        newer, only = max(0, entries[0] - entries[1]), max(0, entries[1] - entries[0])
    pair = lambda table: (_count(execute, f"SELECT count(*) FROM {cur}.{table}"),  # noqa: E731
                          _count(execute, f"SELECT count(*) FROM {bak}.{table}"))
    return Comparison(newer, only, pair("meetings"), pair("individuals"),
                      _count(execute, f"SELECT count(*) FROM {cur}.audio_recordings"))


def _attach_sql(path: Path) -> str:
    return f"ATTACH DATABASE '{str(path).replace(chr(39), chr(39) * 2)}' AS restore_other KEY ?"


def compare_with_session_db(db, stage_db: Path, key: bytes) -> Comparison:
    db.execute(_attach_sql(stage_db), (f"x'{key.hex()}'",))
    try:
        return _compare(db.execute, "main", "restore_other")
    finally:
        db.execute("DETACH DATABASE restore_other")


def compare_with_key(current_db: Path, current_key: bytes, stage_db: Path, key: bytes) -> Comparison:
    conn = sqlcipher3.connect(str(stage_db), isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute(_attach_sql(current_db), (f"x'{current_key.hex()}'",))
        conn.execute("SELECT count(*) FROM restore_other.sqlite_master").fetchone()
        return _compare(conn.execute, "restore_other", "main")
    finally:
        conn.close()
