"""What a handover between laptops reads of the vault (services.handover): which meetings travel, and what
the receiving vault already holds of the ones that arrive."""

from __future__ import annotations


def meeting_ids_of(db, individual_id: int) -> list[int]:
    """The individual's meetings, oldest first (by date, then id)."""
    return [i for (i,) in db.query("SELECT id FROM meetings WHERE individual_id = ? ORDER BY meeting_date, id",
                                   (individual_id,))]


def updated_at(db, meeting_id: int) -> str | None:
    """When the meeting was last changed (UTC, ISO-8601)."""
    return db.scalar("SELECT updated_at FROM meetings WHERE id = ?", (meeting_id,))


def local_state(db, uid: str) -> tuple[int, str, str] | None:
    """(id, updated_at, status) of the meeting with this uid here, or None."""
    row = db.query("SELECT id, updated_at, status FROM meetings WHERE uid = ?", (uid,))
    return row[0] if row else None


def individual_of_uid(db, uid: str) -> int | None:
    """The id of the individual the meeting with this uid belongs to here, or None."""
    return db.scalar("SELECT individual_id FROM meetings WHERE uid = ?", (uid,))
