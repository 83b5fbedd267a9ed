"""What resuming after unlock reads besides the settings (storage/settings.py): whether the meeting the
chair was in is still there, and its status."""

from __future__ import annotations


def meeting_status(db, meeting_id: int) -> str | None:
    """The meeting's status, or None when there is no such meeting."""
    return db.scalar("SELECT status FROM meetings WHERE id = ?", (meeting_id,))
