"""A demo meeting as a chair finds one they have not filled in yet, for tests of what the cockpit or a document
does before something is recorded: the demo records fill the fields versions 3 and 4 of the interchange format
added (Part A of the plan, the purposes, the chair's summaries ...), and this empties them again for one meeting
(an action keeps its number, which every action has)."""

from __future__ import annotations

from mappa_desk.domain import record


def empty_later_fields(db, meeting_id: int) -> None:
    """Each field of the meeting and of its own rows that the format carries since version 3, set to its empty
    value, and its circulation list emptied."""
    with db.transaction():
        for part in record.MEETING_PARTS:
            if part is not record.MEETING and part.parent != record.MEETING.name:
                continue
            if part.name == "circulation":
                db.execute("DELETE FROM circulation WHERE meeting_id = ?", (meeting_id,))
                continue
            later = [f for f in part.fields if f.since > 2 and f.name != "number"]
            if not later:
                continue
            where = "id" if part is record.MEETING else part.parent_column
            db.execute(f"UPDATE {part.table} SET {', '.join(f'{f.column} = ?' for f in later)} WHERE {where} = ?",
                       (*(f.empty for f in later), meeting_id))
