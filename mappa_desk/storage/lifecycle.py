"""The record's lifecycle in the vault: a meeting's status, its `record_events` log, addenda, and the
document versions recorded for it (schema 0004).

Used by services/lifecycle.py (clearance, circulation, final, addenda), services/record_events.py (what a
new draft does) and services/requests.py (the files sent for a request). The callers own the transaction.
"""

from __future__ import annotations

_ACTOR = "(SELECT actor FROM temp.audit_actor LIMIT 1)"


def actor(db) -> str | None:
    """The computer account the session set for the audit log (None when none is set)."""
    return db.scalar("SELECT actor FROM temp.audit_actor LIMIT 1")


def set_status(db, meeting_id: int, status: str, at: str) -> None:
    db.execute("UPDATE meetings SET status = ?, updated_at = ? WHERE id = ?", (status, at, meeting_id))


def status_and_chair(db, meeting_id: int) -> tuple[str, str] | None:
    """(status, the chair's full name or ''); None when there is no such meeting."""
    rows = db.query("SELECT m.status, coalesce(p.full_name, '') FROM meetings m "
                    "LEFT JOIN people p ON p.id = m.chair_id WHERE m.id = ?", (meeting_id,))
    return rows[0] if rows else None


def log_event(db, meeting_id: int, event: str, version: int | None, at: str, by: str, note: str) -> None:
    """One `record_events` row; the computer account is the session's audit actor."""
    db.execute(
        f"""INSERT INTO record_events (meeting_id, event, version, at, by_person, actor, note)
           VALUES (?, ?, ?, ?, ?, {_ACTOR}, ?)""",
        (meeting_id, event, version, at, by, note))


def events(db, meeting_id: int) -> list[tuple]:
    """(event, version, at, by_person, actor, note) for each step, oldest first."""
    return db.query(
        "SELECT event, version, at, by_person, actor, note FROM record_events WHERE meeting_id = ? ORDER BY at, id",
        (meeting_id,))


def versions(db, meeting_id: int) -> list[tuple]:
    """(version, status, first created_at, number of files, kind) for each version of the meeting's documents; kind
    is '' but for an issued document (a statement for a tribunal, a request's letter and summary), each kind of which
    is numbered on its own and so is listed on its own."""
    return db.query(
        "SELECT version, status, min(created_at), count(*), CASE WHEN status = 'issued' THEN kind ELSE '' END AS k "
        "FROM document_versions WHERE meeting_id = ? GROUP BY version, status, k ORDER BY version", (meeting_id,))


def latest_draft_version(db, meeting_id: int) -> int | None:
    return db.scalar("SELECT max(version) FROM document_versions WHERE meeting_id = ? AND status = 'draft'",
                     (meeting_id,))


def addenda(db, meeting_id: int) -> list[tuple]:
    """(number, reason, text, created_at, created_by) for each addendum, in number order."""
    return db.query(
        "SELECT number, reason, text, created_at, created_by FROM addenda WHERE meeting_id = ? ORDER BY number",
        (meeting_id,))


def last_addendum_number(db, meeting_id: int) -> int | None:
    return db.scalar("SELECT max(number) FROM addenda WHERE meeting_id = ?", (meeting_id,))


def add_addendum(db, meeting_id: int, number: int, reason: str, text: str, at: str, by: str) -> None:
    db.execute("INSERT INTO addenda (meeting_id, number, reason, text, created_at, created_by) "
               "VALUES (?, ?, ?, ?, ?, ?)", (meeting_id, number, reason, text, at, by))
