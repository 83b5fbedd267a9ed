"""Look-ups the record's use cases make (services/records.py, services/requests.py): which individual a
meeting belongs to, and the actions recorded at a meeting."""

from __future__ import annotations


def individual_of_meeting(db, meeting_id: int) -> int | None:
    """The id of the individual the meeting belongs to; None when there is no such meeting."""
    return db.scalar("SELECT individual_id FROM meetings WHERE id = ?", (meeting_id,))


def action_uids(db, meeting_id: int) -> set[str]:
    """The uids of the actions recorded at the meeting."""
    return {uid for (uid,) in db.query("SELECT uid FROM actions WHERE meeting_id = ?", (meeting_id,))}


def meeting_exists(db, meeting_id: int) -> bool:
    return db.scalar("SELECT 1 FROM meetings WHERE id = ?", (meeting_id,)) is not None
