"""What the cockpit shows of one meeting, as plain rows with their ids, and the case's start and close."""

from __future__ import annotations

import datetime as _dt
import tomllib
from dataclasses import dataclass, field
from typing import Any

from mappa_desk import paths
from mappa_desk.domain import agenda, clocks, completeness, dates, record
from mappa_desk.domain.record import Ref
from mappa_desk.domain.profile import Profile
from mappa_desk.errors import NotFound, UserFacingError
from mappa_desk.services import individual_follows
from mappa_desk.services.editing import Change, MeetingEditor
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import cockpit as store, individuals, meetings
from mappa_desk.storage.rows import AgencyCodes


@dataclass
class CockpitData:
    meeting: dict
    individual: dict
    chair: dict | None
    agencies: list[dict]  # id, code, name
    rows: dict[str, list[dict]]  # table -> rows (see storage.cockpit.LISTS)
    previous: dict | None = None  # the reviewed meeting's id, date, level
    previous_actions: list[dict] = field(default_factory=list)
    orders: list[dict] = field(default_factory=list)  # orders in force, each with its conditions
    steps: dict[str, agenda.AgendaStep] = field(default_factory=dict)  # the template's steps by key
    confidentiality_statement: str = ""
    profile: Profile | None = None  # the open vault's: its vocabularies' words (domain.vocabularies)

    def agency_name(self, agency_id: int | None) -> str:
        return next((a["name"] for a in self.agencies if a["id"] == agency_id), "")


def load(session: Session, meeting_id: int) -> CockpitData:
    db = session.db
    meeting = store.meeting(db, meeting_id)
    if meeting is None:
        raise NotFound("That meeting is no longer in the vault. Go back to the home screen and choose another.")
    individual = store.individual(db, meeting["individual_id"])
    data = CockpitData(
        meeting=meeting, individual=individual,
        chair=store.person(db, meeting["chair_id"]) if meeting["chair_id"] is not None else None,
        agencies=store.active_agencies(db),
        rows=store.lists(db, meeting_id),
        orders=store.orders(db, individual["id"]),
        steps={s.key: s for s in agenda.load_agenda(session.profile.jurisdiction)},
        confidentiality_statement=_confidentiality_statement(session.profile.jurisdiction),
        profile=session.profile,
    )
    if meeting["previous_meeting_id"] is not None:
        data.previous = store.reviewed_meeting(db, meeting["previous_meeting_id"])
        data.previous_actions = store.actions_of(db, meeting["previous_meeting_id"])
    return data


def save_field(editor: MeetingEditor, ref: Ref, value: Any) -> Change:
    """Saves one field as the cockpit edits it; returns the change. A person field is edited as the person's name:
    an attendee's is matched (or added) at the agency they are listed for, the co-ordinator's whatever their
    agency."""
    if ref.field.kind == "person":
        if ref.part is record.ATTENDANCE:
            agency = store.attendance_agency(editor.db, ref.row_id)
            return editor.set(ref.table, ref.row_id, {ref.column: editor.person_id(value or "", agency)})
        if ref.part is record.MEETING and ref.field.name == "coordinator":
            return editor.set_coordinator(value or "")
        raise ValueError(f"the cockpit does not edit {ref.part.name}.{ref.field.name}")
    return editor.set(ref.table, ref.row_id, {ref.column: value})


def _confidentiality_statement(jurisdiction: str) -> str:
    """The wording the chair reads out, from the documents' common template (the Minute quotes it too)."""
    try:
        common = tomllib.loads((paths.jurisdiction_dir(jurisdiction) / "common.toml").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return ""  # the documents step reports a broken template in full; the cockpit works without the wording
    return " ".join(str(common.get("confidentiality_statement", "")).split())


@dataclass(frozen=True)
class Check:
    """What the cockpit's summary shows: the record's gaps and the review date against its clock."""

    gaps: list
    latest_review_sentence: str
    review_problem: str

    @property
    def blocking(self) -> list[str]:
        return [g.text for g in self.gaps if g.blocking]


def check(session: Session, meeting_id: int, today: _dt.date | None = None) -> Check:
    db = session.db
    codes = AgencyCodes(db)
    meeting = meetings.load(db, codes, meeting_id)
    individual = individuals.load(db, codes, meetings.individual_id(db, meeting_id))
    steps = {s.key: s for s in agenda.load_agenda(session.profile.jurisdiction)}
    found = completeness.gaps(meeting, individual, session.profile, today=today, steps=steps)
    held = _dt.date.fromisoformat(meeting.meeting_date)
    latest = clocks.latest_review_date(held, meeting.level, meeting.level_decision, meeting.level_after,
                                       individual.olr, session.profile.clocks)
    sentence = (f"Latest allowed review date: {dates.long(latest)}." if latest
                else "No review clock applies to the level decided.")
    problem = clocks.review_date_problem(
        held, _dt.date.fromisoformat(meeting.review_date) if meeting.review_date else None, meeting.level,
        meeting.level_decision, meeting.level_after, individual.olr, session.profile.clocks) or ""
    return Check(found, sentence, problem)


def _now_hhmm() -> str:
    return _dt.datetime.now().strftime("%H:%M")


def prepare_case(session: Session, meeting_id: int) -> None:
    """Gives a meeting without an agenda (entered before the agenda was template data, or imported) the
    template's, and one whose confidentiality agreement was recorded for the meeting alone (before the roll-call had
    a tick per person) each person present's agreement. Opening a meeting changes nothing else: a planned meeting
    stays planned until the chair starts it.
    """
    db = session.db
    with db.transaction():
        store.agreement_person_by_person(db, meeting_id)  # issue 18 item 2: a record made before the tick
        if not store.has_agenda(db, meeting_id):
            kind = store.meeting_kind(db, meeting_id)
            for position, step in enumerate(agenda.steps_for(kind, agenda.load_agenda(session.profile.jurisdiction))):
                store.add_agenda_item(db, meeting_id, step.key, step.title, step.allocated_seconds, position)


def start_case(session: Session, meeting_id: int) -> bool:
    """The chair starts a planned meeting: it is in progress, and its start time is now.

    Returns True when the status changed.
    """
    prepare_case(session, meeting_id)
    db = session.db
    with db.transaction():
        if meetings.status(db, meeting_id) != "planned":
            return False
        # The time it actually started, not the time it was planned for (the chair corrects it under Opening).
        store.mark_in_progress(db, meeting_id, _now_hhmm())
    return True


def set_case_allowance(editor: MeetingEditor, minutes: int) -> None:
    """Sets the time allowed for this meeting's case; its steps share it in proportion to the template's.

    Refused outside agenda.CASE_MINUTES_RANGE, with nothing stored.
    """
    low, high = agenda.CASE_MINUTES_RANGE
    if not isinstance(minutes, int) or not low <= minutes <= high:
        raise UserFacingError(f"The time allowed for a case is between {low} and {high} minutes; "
                              f"{minutes} was not saved.")
    steps = store.step_allowances(editor.db, editor.meeting_id)
    shares = agenda.share_allowance([seconds for _id, seconds in steps], minutes * 60)
    editor.set_rows("agenda_items", {step_id: {"allocated_seconds": share}
                                     for (step_id, seconds), share in zip(steps, shares) if share != seconds})


def close_case(session: Session, meeting_id: int) -> None:
    """Marks the case held (ready for its documents). Refused while the record lacks a blocking part."""
    blocking = check(session, meeting_id).blocking
    if blocking:
        raise UserFacingError("The case cannot close yet. Still needed: " + " ".join(blocking))
    db = session.db
    with db.transaction():
        if meetings.status(db, meeting_id) not in ("planned", "in_progress", "held"):
            raise UserFacingError("This meeting's record has already moved on to its documents; it is not "
                                  "edited in the cockpit.")
        start_time, end_time = store.meeting_times(db, meeting_id)
        problem = clocks.end_before_start_problem(start_time, end_time or _now_hhmm())
        if problem:
            raise UserFacingError(f"The case cannot close: {problem} Correct the start or end time under "
                                  "Opening, then close the case again. Nothing has been saved.")
        # Steps the chair went through without ticking them off are done once the case closes.
        store.mark_held(db, meeting_id, _now_hhmm())
        # Its documents print the individual's details as they stood at this meeting (schema 0013).
        individuals.take_snapshot(db, AgencyCodes(db), meeting_id, utc_now())
        # The individual's level, RoSH and lead agency follow their latest held meeting (issue 18 item 3).
        individual_follows.follow(db, meeting_id, utc_now())
