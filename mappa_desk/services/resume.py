"""Where the chair was (meeting and agenda step) and how soon the app locks: kept in the vault's settings table."""

from __future__ import annotations

import json
from dataclasses import dataclass

from mappa_desk.services.session import Session
from mappa_desk.storage import meetings
from mappa_desk.storage import settings

LAST_POSITION = "last_position"
AUTO_LOCK_MINUTES = "auto_lock_minutes"
DEFAULT_AUTO_LOCK_MINUTES = 10
MAX_AUTO_LOCK_MINUTES = 24 * 60


@dataclass(frozen=True)
class Position:
    """A meeting open in the cockpit, at the agenda step with this key."""

    meeting_id: int
    step_key: str


@dataclass(frozen=True)
class Resume:
    """What the app needs right after unlock: when to lock, and where to go back to (None: home)."""

    auto_lock_minutes: int
    position: Position | None


def _get(session: Session, key: str) -> str | None:
    return settings.value(session.db, key)


def _put(session: Session, key: str, value: str) -> None:
    settings.set_value(session.db, key, value)


def auto_lock_minutes(session: Session) -> int:
    """The idle time before the app locks; the default when unset or unreadable."""
    try:
        minutes = int(_get(session, AUTO_LOCK_MINUTES) or DEFAULT_AUTO_LOCK_MINUTES)
    except ValueError:
        return DEFAULT_AUTO_LOCK_MINUTES
    return minutes if 1 <= minutes <= MAX_AUTO_LOCK_MINUTES else DEFAULT_AUTO_LOCK_MINUTES


def set_auto_lock_minutes(session: Session, minutes: int) -> None:
    if not 1 <= int(minutes) <= MAX_AUTO_LOCK_MINUTES:
        raise ValueError(f"auto-lock minutes must be between 1 and {MAX_AUTO_LOCK_MINUTES}")
    with session.db.transaction():
        _put(session, AUTO_LOCK_MINUTES, str(int(minutes)))


def save_position(session: Session, position: Position) -> bool:
    """Records the meeting and step on screen; False (nothing written) when it is already recorded."""
    value = json.dumps({"meeting_id": position.meeting_id, "step_key": position.step_key}, sort_keys=True)
    if _get(session, LAST_POSITION) == value:
        return False
    with session.db.transaction():
        _put(session, LAST_POSITION, value)
    return True


def clear_position(session: Session) -> None:
    """The chair left the cockpit: the next start opens at home."""
    if _get(session, LAST_POSITION) is not None:
        with session.db.transaction():
            settings.delete(session.db, LAST_POSITION)


def stored_position(session: Session) -> Position | None:
    """The recorded position if its meeting still exists and is not final (a final record is read, not resumed)."""
    raw = _get(session, LAST_POSITION)
    if raw is None:
        return None
    try:
        doc = json.loads(raw)
        position = Position(int(doc["meeting_id"]), str(doc["step_key"]))
    except (ValueError, TypeError, KeyError):
        return None
    status = meetings.status(session.db, position.meeting_id)
    if status is None or status == "final":
        return None
    return position


def on_unlock(session: Session) -> Resume:
    """Both readings in one call on the database lane."""
    return Resume(auto_lock_minutes(session), stored_position(session))
