"""The chair's approvals of what leaves the vault (schema 0020): `release_approvals`, part of the requests log.

Used by services/release.py, which owns the transaction and the rules.
"""

from __future__ import annotations


def add_approval(db, meeting_id: int, request_id: int | None, what: str, recipient: str, approved_by: str,
                 approved_at: str, files: str) -> int:
    """One approval; `files` is one "name sha256" line per file written. Returns its id."""
    cursor = db.execute(
        "INSERT INTO release_approvals (meeting_id, request_id, what, recipient, approved_by, approved_at, files) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)", (meeting_id, request_id, what, recipient, approved_by, approved_at, files))
    return cursor.lastrowid


def approvals_of_individual(db, individual_id: int) -> list[tuple]:
    """(id, approved_at, meeting_id, meeting_date, recipient, approved_by, what, files, request_id) for each
    release approved for the individual's meetings."""
    return db.query(
        "SELECT r.id, r.approved_at, r.meeting_id, m.meeting_date, r.recipient, r.approved_by, r.what, r.files, "
        "r.request_id FROM release_approvals r JOIN meetings m ON m.id = r.meeting_id "
        "WHERE m.individual_id = ?", (individual_id,))
