"""What a handover between laptops reads of the vault (services.handover): which meetings travel, and what
the receiving vault already holds of the ones that arrive."""

from __future__ import annotations


def individual_of(db, meeting_id: int) -> int | None:
    """The id of the individual the meeting belongs to, or None when there is no such meeting."""
    row = db.query("SELECT individual_id FROM meetings WHERE id = ?", (meeting_id,))
    return row[0][0] if row else None


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


def visor_ref_taken(db, visor_ref: str) -> bool:
    """Has an individual here this ViSOR reference?"""
    return bool(db.scalar("SELECT 1 FROM individuals WHERE visor_ref = ?", (visor_ref,)))


def action_uids(db, meeting_id: int) -> set[str]:
    return {uid for (uid,) in db.query("SELECT uid FROM actions WHERE meeting_id = ?", (meeting_id,))}
