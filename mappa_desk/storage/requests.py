"""The requests and disclosure log in the vault (schema 0004): `minute_requests` and `sharing_approvals`.

Used by services/requests.py, which owns the transactions and the rules.
"""

from __future__ import annotations


def request(db, request_id: int) -> tuple | None:
    """(id, individual_id, meeting_id, received_on, requester, organisation, kind, documents, decision,
    decision_reason, approved_by, approved_on, sent_on, sent_what, withheld); None when there is no such request."""
    rows = db.query("SELECT id, individual_id, meeting_id, received_on, requester, organisation, kind, documents, "
                    "decision, decision_reason, approved_by, approved_on, sent_on, sent_what, withheld "
                    "FROM minute_requests WHERE id = ?", (request_id,))
    return rows[0] if rows else None


def add_request(db, individual_id: int, meeting_id: int, received_on: str, requester: str, organisation: str,
                kind: str, documents: str, created_at: str) -> int:
    """A new request, decision pending; returns its id."""
    cursor = db.execute(
        "INSERT INTO minute_requests (individual_id, meeting_id, received_on, requester, organisation, kind, "
        "documents, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (individual_id, meeting_id, received_on, requester, organisation, kind, documents, created_at))
    return cursor.lastrowid


def set_decision(db, request_id: int, decision: str, reason: str, approved_by: str, approved_on: str | None,
                 withheld: str) -> None:
    """The chair's decision; `withheld` (schema 0016) is what the reply letter says the full Minute holds:
    comma-separated `withheld_information` codes, or '' for none chosen."""
    db.execute("UPDATE minute_requests SET decision = ?, decision_reason = ?, approved_by = ?, approved_on = ?, "
               "withheld = ? WHERE id = ?", (decision, reason, approved_by, approved_on, withheld, request_id))


def set_sent(db, request_id: int, sent_on: str, sent_what: str) -> None:
    db.execute("UPDATE minute_requests SET sent_on = ?, sent_what = ? WHERE id = ?", (sent_on, sent_what, request_id))


def add_sharing(db, meeting_id: int, shared_with: str, what: str, reason: str, approved_by: str, approved_on: str,
                created_at: str) -> int:
    """A chair's approval of onward sharing; returns its id."""
    cursor = db.execute(
        "INSERT INTO sharing_approvals (meeting_id, shared_with, what, reason, approved_by, approved_on, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
        (meeting_id, shared_with, what, reason, approved_by, approved_on, created_at))
    return cursor.lastrowid


def latest_version_with_reason(db, reason: str) -> int | None:
    """The highest document version recorded with exactly this reason (e.g. "For request 3")."""
    return db.scalar("SELECT max(version) FROM document_versions WHERE reason = ?", (reason,))


def requests_of_individual(db, individual_id: int) -> list[tuple]:
    """(id, received_on, meeting_id, meeting_date, requester, organisation, kind, documents, decision,
    decision_reason, approved_by, approved_on, sent_on, sent_what, withheld) for each request about the individual."""
    return db.query(
        "SELECT q.id, q.received_on, q.meeting_id, m.meeting_date, q.requester, q.organisation, q.kind, "
        "q.documents, q.decision, q.decision_reason, q.approved_by, q.approved_on, q.sent_on, q.sent_what, "
        "q.withheld "
        "FROM minute_requests q LEFT JOIN meetings m ON m.id = q.meeting_id "
        "WHERE q.individual_id = ?", (individual_id,))


def sharing_of_individual(db, individual_id: int) -> list[tuple]:
    """(id, approved_on, meeting_id, meeting_date, shared_with, reason, approved_by, what) for each approval of
    onward sharing of the individual's meetings."""
    return db.query(
        "SELECT s.id, s.approved_on, s.meeting_id, m.meeting_date, s.shared_with, s.reason, s.approved_by, "
        "s.what FROM sharing_approvals s JOIN meetings m ON m.id = s.meeting_id "
        "WHERE m.individual_id = ?", (individual_id,))
