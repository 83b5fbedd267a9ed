"""The record's lifecycle log (schema 0004 `record_events`): writing one step, and what a new draft does.

Shared by documents.py (a draft moves the record back to "draft") and lifecycle.py (clearance,
circulation, final, addenda, audio). Callers own the transaction.
"""

from __future__ import annotations

from mappa_desk.errors import UserFacingError
from mappa_desk.storage import lifecycle as stored, meetings

# The statuses in which a generated draft is the record's draft (before it, a draft is only a preview
# of a meeting still being held).
WRITING_UP = ("held", "draft", "cleared", "circulated")

DRAFT_OF_FINAL = ("This meeting's record is final, so no new draft can be generated for it. A correction is made "
                  "as an addendum to the final Minute.")


def log(db, meeting_id: int, event: str, by: str, *, version: int | None = None, note: str = "",
        at: str) -> None:
    """One step of the lifecycle: what, which version, who (the name given) and the computer account."""
    stored.log_event(db, meeting_id, event, version, at, by, note)


def actor(db) -> str:
    return stored.actor(db) or ""


def check_draft_allowed(status: str | None) -> None:
    if status == "final":
        raise UserFacingError(DRAFT_OF_FINAL)


def draft_generated(db, meeting_id: int, version: int, at: str) -> None:
    """Inside the transaction that records a draft's files.

    A held meeting's first draft makes it "draft". A new draft of a cleared record sends it back to
    "draft": the chair cleared an earlier version, and what is circulated must be what was cleared. A new
    draft while circulated (comments worked in) leaves it circulated; making it final checks it again.
    """
    status = meetings.status(db, meeting_id)
    check_draft_allowed(status)
    if status not in WRITING_UP:
        return
    note = ""
    if status in ("held", "cleared"):
        stored.set_status(db, meeting_id, "draft", at)
        if status == "cleared":
            note = "A new draft after clearance: the chair clears it again."
    log(db, meeting_id, "drafted", actor(db), version=version, note=note, at=at)
