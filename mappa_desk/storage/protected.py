"""The people and places a meeting protects from release (issue 18 item 4; table protected_persons, 0019)."""

from __future__ import annotations

from mappa_desk.domain import record

_COLUMNS = ", ".join(record.PROTECTED.columns)


def copy(db, from_meeting_id: int, to_meeting_id: int) -> int:
    """Copies one meeting's protected list onto another, in its order; returns how many rows were copied."""
    return db.execute(f"""INSERT INTO protected_persons (meeting_id, {_COLUMNS}, position)
                          SELECT ?, {_COLUMNS}, position FROM protected_persons WHERE meeting_id = ?
                          ORDER BY position, id""", (to_meeting_id, from_meeting_id)).rowcount
