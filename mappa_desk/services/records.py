"""Use cases on the record: list, load, add, import and export meetings. Each call is one transaction."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from mappa_desk.demo import demo_records
from mappa_desk.domain import consistency_individual, consistency_meeting
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.errors import ImportRejected, NotFound
from mappa_desk.interchange import codec
from mappa_desk.interchange.files import dumps, json_path
from mappa_desk.storage import individuals, meetings
from mappa_desk.storage.database import IntegrityError
from mappa_desk.storage.rows import AgencyCodes
from mappa_desk.services import clearance_gate, individual_follows, individuals as individual_details
from mappa_desk.services.individuals import IndividualRefused
from mappa_desk.services.session import Session, utc_now


@dataclass(frozen=True)
class ImportResult:
    meeting_id: int
    individual_id: int
    individual_created: bool
    previous_created: bool
    # For an individual already in the vault whose details in the file differ (schema 0013): the words for what
    # was taken from the file (`update_individual`), and for what differs and was kept as the vault has it.
    individual_updated: tuple[str, ...] = ()
    individual_kept: tuple[str, ...] = ()
    # Issue 18: the sentence saying the file's status was not taken (clearance_gate), '' when it was; the words
    # for the individual's details that now follow this meeting, their latest (individual_follows).
    status_not_taken: str = ""
    individual_followed: tuple[str, ...] = ()


def list_records(session: Session) -> dict:
    db = session.db
    return {"individuals": individuals.summaries(db), "meetings": meetings.summaries(db)}


def load(session: Session, meeting_id: int, *, as_held: bool = True) -> tuple[Individual, Meeting]:
    """The meeting with its individual. `as_held`: the individual's details as they stood at that meeting where
    the meeting keeps them (storage.individuals.snapshot: what its documents print); False for the individual as
    they are now (what travels to another vault)."""
    db = session.db
    individual_id = meetings.individual_id(db, meeting_id)  # never NULL for a meeting that is there
    if individual_id is None:
        raise NotFound(f"There is no meeting with id {meeting_id}. Run `mappa-desk list` to see the ids.")
    codes = AgencyCodes(db)
    held = individuals.snapshot(db, meeting_id) if as_held else None
    return held or individuals.load(db, codes, individual_id), meetings.load(db, codes, meeting_id)


def add_histories(session: Session, records: list[tuple[Individual, list[Meeting]]]) -> None:
    """Store individuals with their meetings (oldest first), all in one transaction."""
    db = session.db
    now = utc_now()
    with db.transaction():
        codes = AgencyCodes(db)
        for individual, history in records:
            individual_id = individuals.save(db, codes, individual, now)
            for meeting in history:
                meetings.save(db, codes, meeting, individual_id, now)


def _reference_problems(codes: AgencyCodes, individual: Individual, meeting: Meeting) -> list[str]:
    """Checks the schema cannot express: agency codes, risk numbers, uids."""
    problems = []

    def agency(path, code):
        if code is not None and not codes.known(code):
            problems.append(f"{json_path(path)} names an agency code this vault does not know")

    agency(["individual", "lead_agency"], individual.lead_agency)
    if meeting.individual_uid != individual.uid:
        problems.append("meeting.individual_uid does not match individual.uid")
    agency(["meeting", "lead_agency"], meeting.lead_agency)
    for role in ("chair", "minute_taker", "coordinator"):
        person = getattr(meeting, role)
        if person:
            agency(["meeting", role, "agency"], person.agency)
    for i, a in enumerate(meeting.attendance):
        agency(["meeting", "attendance", i, "agency"], a.agency)
        if a.person:
            agency(["meeting", "attendance", i, "person", "agency"], a.person.agency)
    for i, item in enumerate(meeting.information):
        agency(["meeting", "information", i, "source_agency"], item.source_agency)
    for i, d in enumerate(meeting.decisions):
        for j, p in enumerate(d.positions):
            agency(["meeting", "decisions", i, "positions", j, "agency"], p.agency)
    for i, d in enumerate(meeting.disclosures):
        agency(["meeting", "disclosures", i, "by_agency"], d.by_agency)
    for i, c in enumerate(meeting.circulation):
        agency(["meeting", "circulation", i, "agency"], c.agency)
    plans = [(["meeting"], meeting)] + ([(["meeting", "previous"], meeting.previous)] if meeting.previous else [])
    for base, plan in plans:
        numbers = [r.number for r in plan.risks]
        if len(set(numbers)) != len(numbers):
            problems.append(f"{json_path(base + ['risks'])} numbers two risks the same")
        for i, x in enumerate(plan.rmp_measures):
            agency(base + ["rmp_measures", i, "agency"], x.agency)
            for j, n in enumerate(x.risk_numbers):
                if n not in numbers:
                    problems.append(f"{json_path(base + ['rmp_measures', i, 'risk_numbers', j])} names risk {n}, which is not in the risks")
        for i, c in enumerate(plan.contingencies):
            agency(base + ["contingencies", i, "agency"], c.agency)
        for i, a in enumerate(plan.actions):
            agency(base + ["actions", i, "agency"], a.agency)
        action_numbers = [a.number for a in plan.actions]  # issue 17 item 2: one number per action
        if len(set(action_numbers)) != len(action_numbers):
            problems.append(f"{json_path(base + ['actions'])} numbers two actions the same")
    earlier = {a.uid for a in meeting.previous.actions} if meeting.previous else set()
    for i, a in enumerate(meeting.actions):  # issue 17 item 2: carried forward from the previous meeting only
        if a.carried_from_uid is not None and a.carried_from_uid not in earlier:
            problems.append(f"{json_path(['meeting', 'actions', i, 'carried_from_uid'])} names no action of the "
                            "previous meeting")
    uids = [a.uid for a in meeting.actions] + ([a.uid for a in meeting.previous.actions] if meeting.previous else [])
    if len(set(uids)) != len(uids):
        problems.append("meeting.actions uses the same action uid twice")
    return problems


def _contradiction(individual: Individual, meeting: Meeting, profile) -> str:
    """The first contradiction in the file's individual or meeting dates (domain.consistency_individual), as a
    sentence naming its place in the file; "" when there is none."""
    today = _dt.date.today()
    found = [(["individual"], p) for p in consistency_individual.individual_problems(individual, profile, today)]
    found += [(["meeting"], p) for p in consistency_individual.meeting_problems(meeting, profile, today)]
    for base, p in found:
        return f"{json_path(base + p.field.split('.'))}: {p.text}"
    return ""


class ProfileAgencies:
    """A profile's agency codes, asked as AgencyCodes is (`known`): what `check` knows without a vault."""

    def __init__(self, profile):
        self._codes = {a.code for a in profile.agencies}

    def known(self, code: str) -> bool:
        return code in self._codes


def file_problems(codes, individual: Individual, meeting: Meeting, profile=None) -> list[str]:
    """What import refuses in a file before writing anything, beyond its schema and vocabularies: agency codes
    (`codes.known`), references, and the meeting's contradictions (domain.consistency_meeting), each as a clause
    naming its field. `mappa-desk check` asks the same, with the profile's agencies (ProfileAgencies)."""
    name = profile.agency_name if profile is not None else None
    return _reference_problems(codes, individual, meeting) + [
        f"{f.path}: {f.text.rstrip('.')}" for f in consistency_meeting.findings(meeting, name)]


def import_meeting(session: Session, individual: Individual, meeting: Meeting, *,
                   update_individual: bool = False) -> ImportResult:
    """Add an imported meeting. Nothing is written unless everything checks out.

    An individual already in the vault (same uid) is linked; their details are replaced by the file's only when
    `update_individual` is asked (checked and audited as an edit, services/individuals.take_from_file), and what
    differs is named in the result either way. A meeting already in the vault is refused (merging is the
    handover's job).
    """
    try:
        return _import(session.db, individual, meeting, session.profile, update_individual)
    except IndividualRefused as refused:
        raise ImportRejected(f"The file was not imported: the individual's details in it cannot be taken: "
                             f"{refused} Nothing was changed.") from None
    except IntegrityError:
        raise ImportRejected("The file was not imported: it reuses an identifier (uid) that already belongs to "
                             "another record in this vault. Nothing was changed.") from None


def _import(db, individual: Individual, meeting: Meeting, profile=None, update_individual: bool = False
            ) -> ImportResult:
    now = utc_now()
    claimed = meeting.status
    meeting, not_taken = clearance_gate.take_status(meeting)  # issue 18: clearance cannot be skipped
    problem = codec.vocabulary_problem(individual, meeting, profile) or _contradiction(individual, meeting, profile)
    if problem:
        raise ImportRejected(f"The file was not imported: {problem} Nothing was changed.")
    with db.transaction():
        codes = AgencyCodes(db)
        problems = file_problems(codes, individual, meeting, profile)
        if problems:
            raise ImportRejected(f"The file was not imported: {problems[0]}. Nothing was changed.")
        if meetings.id_of(db, meeting.uid) is not None:
            raise ImportRejected("The file was not imported: this meeting is already in the vault. Nothing was changed.")
        individual_id = individuals.id_of(db, individual.uid)
        created = individual_id is None
        if created:
            if individual.visor_ref and individuals.visor_ref_in_use(db, individual.visor_ref):
                raise ImportRejected(
                    "The file was not imported: another individual in the vault has the same ViSOR reference "
                    "(individual.visor_ref). Check which record is right. Nothing was changed.")
            individual_id = individuals.save(db, codes, individual, now)
            updated, kept = [], []
        else:
            updated, kept = individual_details.take_from_file(db, codes, individual_id, individual, profile,
                                                              update=update_individual)
        previous_created = False
        if meeting.previous is not None:
            previous_id = meetings.id_of(db, meeting.previous.uid)
            if previous_id is None:
                meetings.save_previous(db, codes, meeting.previous, individual_id, now)
                previous_created = True
            elif meetings.individual_id(db, previous_id) != individual_id:
                raise ImportRejected("The file was not imported: meeting.previous belongs to a different individual "
                                     "in this vault. Nothing was changed.")
            else:
                known = meetings.action_uids(db, previous_id)
                for i, action in enumerate(meeting.previous.actions):
                    if action.uid not in known:
                        raise ImportRejected(
                            f"The file was not imported: meeting.previous.actions[{i}].uid is not an action of that "
                            "meeting in this vault. Nothing was changed.")
        meeting_id = meetings.save(db, codes, meeting, individual_id, now)
        if not_taken:
            clearance_gate.record_not_taken(db, meeting, claimed, clearance_gate.FROM_FILE, now)
        followed = individual_follows.follow(db, meeting_id, now)
    return ImportResult(meeting_id, individual_id, created, previous_created, tuple(updated), tuple(kept),
                        not_taken, tuple(followed))


def export_meeting(session: Session, meeting_id: int) -> bytes:
    """The interchange file for one meeting (plain JSON: the caller decides where it goes)."""
    individual, meeting = load(session, meeting_id, as_held=False)
    return dumps(individual, meeting, utc_now())


def load_demo(session: Session) -> int:
    """Add the fictional demo records; refuses to add them twice. Returns the individuals added."""
    records = demo_records()
    if any(individuals.id_of(session.db, ind.uid) is not None for ind, _ in records):
        raise ImportRejected("The demo data is already in this vault.")
    add_histories(session, records)
    return len(records)
