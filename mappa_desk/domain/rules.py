"""What follows in the record from setting one value: the rules every path that writes a field applies.

`follow_ups(part, field, value, row, now)` is pure: given the part and field being set (names as declared in
domain.record), the new value, the row's current values by field name and the time now, it says which other
fields of the same row take which values. The cockpit's editor applies it on every write (so the UI shows the
follow-ups and undoes them with the edit); nothing else writes these fields one at a time (an import brings
every value as recorded, so there is nothing to follow; the command line does not set them).

- Agreeing the confidentiality statement records the time it was agreed, unless a time is already recorded.
- A level decision sets the level from now on: one level up or down (within Levels 1 to 3), the same level,
  or none on exit from MAPPA. The level after stays editable: a decision to increase from Level 1 may go to
  Level 3.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Callable, Mapping

# The level from now on that a level decision leads to, from the meeting's level.
LEVEL_AFTER: dict[str, Callable[[int], int | None]] = {
    "increase": lambda level: min(3, level + 1), "maintain": lambda level: level,
    "decrease": lambda level: max(1, level - 1), "exit": lambda level: None,
}


def follow_ups(part: str, field: str, value: Any, row: Mapping[str, Any], now: _dt.datetime) -> dict[str, Any]:
    """The other fields of the row that change with this value, by field name (empty: none)."""
    if part != "meeting":
        return {}
    if field == "confidentiality_agreed" and value and not row["confidentiality_agreed_at"]:
        return {"confidentiality_agreed_at": now.strftime("%H:%M")}
    if field == "level_decision" and value in LEVEL_AFTER:
        after = LEVEL_AFTER[value](row["level"])
        if after != row["level_after"]:
            return {"level_after": after}
    return {}


def fields_read(part: str) -> tuple[str, ...]:
    """The row's fields `follow_ups` reads for that part (what a caller passes in `row`)."""
    return ("confidentiality_agreed_at", "level", "level_after") if part == "meeting" else ()
