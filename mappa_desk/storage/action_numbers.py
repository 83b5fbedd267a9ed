"""The numbers of a meeting's actions (schema 0015): 1, 2, 3 ... in the order made, never given twice.

`meeting_action_numbers` keeps the highest number each meeting has given, so an action removed (and its number
with it) leaves a gap rather than a number given again to another action: a reader of a Minute who was told
"action 5" finds the same action 5 in every later version.
"""

from __future__ import annotations


def last_given(db, meeting_id: int) -> int:
    """The highest number the meeting has given to an action (0 when none)."""
    kept = db.scalar("SELECT last_number FROM meeting_action_numbers WHERE meeting_id = ?", (meeting_id,)) or 0
    held = db.scalar("SELECT max(number) FROM actions WHERE meeting_id = ?", (meeting_id,)) or 0
    return max(kept, held)


def note_given(db, meeting_id: int, number: int) -> None:
    """Records that the meeting has given `number` (the highest kept never goes down)."""
    db.execute("INSERT INTO meeting_action_numbers (meeting_id, last_number) VALUES (?, ?) "
               "ON CONFLICT (meeting_id) DO UPDATE SET last_number = max(last_number, excluded.last_number)",
               (meeting_id, number))


def next_number(db, meeting_id: int) -> int:
    """The number the meeting's next action takes, recorded as given."""
    number = last_given(db, meeting_id) + 1
    note_given(db, meeting_id, number)
    return number


def numbered(db, meeting_id: int, numbers: list[int]) -> list[int]:
    """The numbers of a list of actions being saved as they stand, in order: each kept as it is, or, where 0 (a
    file made before actions were numbered, or an action made in code), the next number not yet given. Refuses
    a number given twice in the list."""
    given = [n for n in numbers if n]
    if len(given) != len(set(given)):
        raise ValueError("two of the meeting's actions have the same number; each action has a number of its own")
    last = max([last_given(db, meeting_id)] + given)
    out = []
    for n in numbers:
        if not n:
            last += 1
            n = last
        out.append(n)
    if out:
        note_given(db, meeting_id, max(out))
    return out
