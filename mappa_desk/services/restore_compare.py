"""The current vault against a staged backup: what a restore would set aside, said before the person confirms.

Audit entries are compared by their chain hashes (each entry's hash covers the one before it, so an
entry is in both vaults only if their histories agree up to it); a schema before the chain falls back
to counting. Meetings, individuals and the current vault's recordings are counted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from mappa_desk.storage import restores as stored


@dataclass(frozen=True)
class Comparison:
    """The current vault against the backup; `newer` is what the restore sets aside."""

    newer_changes: int  # audit entries in the current vault that are not in the backup
    backup_only_changes: int  # audit entries in the backup that are not in the current vault
    meetings: tuple[int, int]  # (current, backup)
    individuals: tuple[int, int]
    recordings: int  # audio recordings in the current vault (backups hold none)


def _count(read, *args) -> int:
    """`read(*args)`, a count from storage.restores, or 0 when it cannot be read."""
    try:
        return int(read(*args))
    except sqlcipher3.DatabaseError:
        return 0


def _compare(db, cur: str, bak: str) -> Comparison:
    """`db` is a connection that sees the current vault as `cur` and the backup as `bak`."""
    try:
        stored.read_audit_hashes(db, cur)
        stored.read_audit_hashes(db, bak)
        newer = _count(stored.audit_entries_not_in, db, cur, bak)
        only = _count(stored.audit_entries_not_in, db, bak, cur)
    except sqlcipher3.DatabaseError:  # a schema before the chain: compare the counts
        entries = (_count(stored.row_count, db, cur, "audit_log"), _count(stored.row_count, db, bak, "audit_log"))
        newer, only = max(0, entries[0] - entries[1]), max(0, entries[1] - entries[0])
    pair = lambda table: (_count(stored.row_count, db, cur, table),  # noqa: E731
                          _count(stored.row_count, db, bak, table))
    return Comparison(newer, only, pair("meetings"), pair("individuals"),
                      _count(stored.row_count, db, cur, "audio_recordings"))


def compare_with_session_db(db, stage_db: Path, key: bytes) -> Comparison:
    stored.attach_keyed(db, stage_db, key)
    try:
        return _compare(db, "main", stored.ATTACHED)
    finally:
        stored.detach(db)


def compare_with_key(current_db: Path, current_key: bytes, stage_db: Path, key: bytes) -> Comparison:
    conn = sqlcipher3.connect(str(stage_db), isolation_level=None)
    try:
        stored.unlock(conn, key)
        stored.attach_keyed(conn, current_db, current_key)
        stored.read_attached(conn)
        return _compare(conn, stored.ATTACHED, "main")
    finally:
        conn.close()
