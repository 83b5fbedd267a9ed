"""Clearance cannot be skipped (issue 18, item 1).

A record becomes cleared, circulated or final in two ways only: through the lifecycle on this vault
(services/lifecycle.py: clearance and the final both run the self-audit), or by a handover of a final whose
content and document hashes match what it carries (services/final_proof.py). Any other file that claims one of
those statuses is imported as held (`LANDING`), and the import says so in a sentence and keeps a note of it
(`record_not_taken`), which the audit log records like every other write.

Why held and not draft: in this vault "draft" means a draft Minute was generated here, which the chair then
reads and clears (lifecycle.clear refuses a draft with no documents). An imported record has had no draft made
here, so held is its true status: the status before clearance whose next step is generating the draft.

What issues final documents outside the lifecycle, `render --final` from a file and the ViSOR export, refuses a
record the self-audit blocks with the lifecycle's own findings and sentences (lifecycle.ClearanceBlocked).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json

from mappa_desk.domain import agenda, completeness, dates
from mappa_desk.domain.enums import MEETING_STATUSES
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.services.session import Session
from mappa_desk.storage import settings

# The statuses only the lifecycle (or a verified handover of a final) gives a record.
LATER = ("cleared", "circulated", "final")
LANDING = "held"
# The vault's note that a file's status was not taken: one settings row per meeting, recorded in the audit log.
NOTE_KEY = "status_not_taken:"

FROM_FILE = "interchange file"
FROM_HANDOVER = "handover"


def not_taken_sentence(meeting: Meeting, claimed: str, why: str = "", *, ahead: bool = False) -> str:
    """What the import says when it did not take the file's status (`ahead`: what a preview says it will do)."""
    label = MEETING_STATUSES.get(claimed, claimed).lower()
    reason = why or ("a record becomes cleared, circulated or final only through clearance on this vault, or in a "
                     "handover of a final whose hashes match")
    landing = MEETING_STATUSES[LANDING].lower()
    return (f"The file says the record of the meeting of {dates.long(meeting.meeting_date)} is {label}, but "
            f"{reason}: it {'will be' if ahead else 'was'} imported as {landing}. Generate its draft, have the "
            "chair clear it and circulate it to take it further here.")


def take_status(meeting: Meeting, *, proven_final: bool = False, why: str = "", ahead: bool = False
                ) -> tuple[Meeting, str]:
    """The meeting as it is to be stored, and the sentence saying its status was not taken ('' when it was).

    `proven_final`: a handover's final whose hashes match what it carries (final_proof.verified)."""
    if meeting.status not in LATER or (proven_final and meeting.status == "final"):
        return meeting, ""
    # `why` is the handover's reason a final was not proven; any other claim gets the general reason.
    sentence = not_taken_sentence(meeting, meeting.status, why if meeting.status == "final" else "", ahead=ahead)
    return dataclasses.replace(meeting, status=LANDING), sentence


def record_not_taken(db, meeting: Meeting, claimed: str, source: str, at: str) -> None:
    """Keep, inside the import's transaction, that the file's status was not taken (no personal data: the
    meeting's uid, the statuses, where it came from and when)."""
    settings.set_value(db, NOTE_KEY + meeting.uid, json.dumps(
        {"claimed": claimed, "taken": LANDING, "source": source, "at": at}, sort_keys=True))


def note_of(db, meeting_uid: str) -> dict | None:
    """The note `record_not_taken` kept for a meeting, or None."""
    text = settings.value(db, NOTE_KEY + meeting_uid)
    return None if text is None else json.loads(text)


def refuse_if_blocked(session: Session, meeting_id: int, what: str) -> None:
    """lifecycle.ClearanceBlocked, with the self-audit's blocking findings, when the record has any."""
    from mappa_desk.services import lifecycle  # here: lifecycle loads records, which loads this module
    blocking = [f for f in lifecycle.findings(session, meeting_id) if f.blocking]
    if blocking:
        raise lifecycle.ClearanceBlocked(what, blocking)


def refuse_file_if_blocked(individual: Individual, meeting: Meeting, profile, what: str,
                           today: _dt.date | None = None) -> None:
    """The same for a record read from a file (no vault): the self-audit `mappa-desk check` runs."""
    from mappa_desk.services import lifecycle
    steps = {s.key: s for s in agenda.load_agenda(profile.jurisdiction)}
    gaps = completeness.gaps(meeting, individual, profile, today=today or _dt.date.today(), steps=steps)
    blocking = [f for f in lifecycle.titled(gaps, profile.jurisdiction) if f.blocking]
    if blocking:
        raise lifecycle.ClearanceBlocked(what, blocking)
