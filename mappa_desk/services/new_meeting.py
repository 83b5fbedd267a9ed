"""Setting up a meeting: what to suggest, and creating it (a review carries the last plan forward).

Each public call is one transaction. The suggestions are plain values the
form starts from; nothing is written until `create_meeting`.

What is suggested (`defaults`):
- kind: a review when the individual has an earlier meeting that has taken
  place (any status but planned or cancelled), else an initial meeting;
- level: the individual's current level when it is 2 or 3, else Level 2;
- date: the next meeting or review date that earlier meeting set, when it
  is not past; otherwise none (the form offers today);
- place, start time, chair and minute-taker: those of that earlier meeting;
- invitees, one per agency. After a meeting: every agency on its attendance
  list (invited, present, apologies or absent alike), with the person and
  capacity recorded then, leaving out the chair and minute-taker, who have
  fields of their own. Before any meeting: the responsible authorities the
  profile lists. Either way the lead agency is always there, first when it
  was missing. The chair unticks what does not apply (e.g. the prison service
  for someone in the community).

What a review carries forward (`create_meeting`): the previous meeting's
risks with their scenarios, RMP measures with the risks they address,
contingencies, RoSH level, victim issues and diversity issues, as editable
copies. The previous meeting's open actions stay where they are: the cockpit
shows them from that meeting, and each takes an outcome there. Any new meeting, initial or review, also
starts with the protected list (the people and places protected from release, issue 18 item 4) of the
individual's last meeting that took place, as editable copies: a protection is never dropped by a new meeting.

Pre-read papers live only in the database (table meeting_documents): a file
is read into memory and written straight into the encrypted store; no copy
is made anywhere else.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import mimetypes
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from mappa_desk.domain import agenda, consistency_individual, dates, text_check
from mappa_desk.domain.enums import MEETING_KINDS, MEETING_LEVELS
from mappa_desk.domain.model import new_uid
from mappa_desk.errors import InvalidInput, NotFound, UserFacingError
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import individuals, meetings, people, protected
from mappa_desk.storage import new_meetings as stored
from mappa_desk.storage.rows import AgencyCodes, insert

# A meeting "has taken place" in every status but these (in_progress counts: its record exists).
_NOT_YET_HELD = ("planned", "cancelled")
CHAIR_CAPACITY = "Chair"
MINUTE_TAKER_CAPACITY = "Minute-taker"
MAX_DOCUMENT_BYTES = 50 * 1024 * 1024
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


@dataclass(frozen=True)
class Chair:
    name: str
    rank: str = ""
    agency: str | None = None  # agency code


@dataclass(frozen=True)
class Invitee:
    agency: str  # agency code
    person_name: str = ""
    capacity: str = ""


@dataclass(frozen=True)
class NewMeetingDefaults:
    individual_id: int
    individual_name: str
    category: int
    kind: str
    level: int
    lead_agency: str | None
    previous_meeting_id: int | None = None
    previous_meeting_date: str | None = None
    meeting_date: str | None = None  # suggested; None: no date was set for it
    location: str = ""
    start_time: str = ""
    chair: Chair | None = None
    minute_taker_name: str = ""
    coordinator_name: str = ""  # the last meeting's MAPPA co-ordinator, proposed for this one
    invitees: tuple[Invitee, ...] = ()


@dataclass(frozen=True)
class NewMeeting:
    individual_id: int
    kind: str
    level: int
    meeting_date: str  # ISO 'YYYY-MM-DD'
    start_time: str  # 'HH:MM'
    location: str
    chair: Chair
    minute_taker_name: str = ""
    coordinator_name: str = ""  # the MAPPA co-ordinator; empty: not known yet
    invitees: tuple[Invitee, ...] = ()
    pre_reads: tuple[Path, ...] = ()  # files read into the database with the meeting
    emergency: bool = False  # called as an emergency meeting (issue 17 item 2)


# -- suggestions -----------------------------------------------------------------------
def defaults(session: Session, individual_id: int, today: _dt.date | None = None) -> NewMeetingDefaults:
    today = today or _dt.date.today()
    db = session.db
    with db.transaction():
        found = individuals.basics(db, individual_id)
        if found is None:
            raise NotFound("That individual is no longer in the vault. Go back to the home screen and choose again.")
        given, family, category, current_level, lead_id = found
        codes = AgencyCodes(db)
        lead = codes.code_of(lead_id)
        previous_id = _previous_meeting_id(db, individual_id)
        base = dict(individual_id=individual_id, individual_name=f"{given} {family}".strip(), category=category,
                    level=current_level if current_level in MEETING_LEVELS else MEETING_LEVELS[0], lead_agency=lead)
        if previous_id is None:
            return NewMeetingDefaults(kind="initial", invitees=_with_lead(_authorities(db), lead), **base)
        date, location, start, chair_id, minute_taker_id, coordinator_id, next_date = stored.carried_details(
            db, previous_id)
        chair = None
        if chair_id is not None:
            name, rank, agency_id = stored.person(db, chair_id)
            chair = Chair(name, rank, codes.code_of(agency_id))
        minute_taker = stored.person_name(db, minute_taker_id) or ""
        coordinator = stored.person_name(db, coordinator_id) or ""
        invitees = _with_lead(_last_invitees(db, codes, previous_id, {chair_id, minute_taker_id} - {None}), lead)
        suggested = next_date if next_date and next_date >= today.isoformat() else None
        return NewMeetingDefaults(kind="review", previous_meeting_id=previous_id, previous_meeting_date=date,
                                  meeting_date=suggested, location=location, start_time=start, chair=chair,
                                  minute_taker_name=minute_taker, coordinator_name=coordinator, invitees=invitees,
                                  **base)


def _previous_meeting_id(db, individual_id: int) -> int | None:
    return stored.latest_meeting_id(db, individual_id, _NOT_YET_HELD)


def _last_invitees(db, codes: AgencyCodes, meeting_id: int, staff_ids: set[int]) -> list[Invitee]:
    seen: dict[str, Invitee] = {}
    for agency_id, person_id, capacity, name in stored.attendance_with_names(db, meeting_id):
        if agency_id is None or person_id in staff_ids:
            continue
        if capacity.strip().lower() in (CHAIR_CAPACITY.lower(), MINUTE_TAKER_CAPACITY.lower()):
            continue
        code = codes.code_of(agency_id)
        seen.setdefault(code, Invitee(code, name, capacity))
    return list(seen.values())


def _authorities(db) -> list[Invitee]:
    return [Invitee(code) for code in stored.active_authority_codes(db)]


def _with_lead(invitees: list[Invitee], lead: str | None) -> tuple[Invitee, ...]:
    if lead is not None and all(i.agency != lead for i in invitees):
        invitees = [Invitee(lead)] + invitees
    return tuple(invitees)


# -- creating --------------------------------------------------------------------------
def create_meeting(session: Session, spec: NewMeeting) -> int:
    """Creates the planned meeting with its attendance, agenda, pre-reads and (for a review) the carried plan.

    Returns the new meeting's id. Nothing is written when anything is refused.
    """
    date = _check_spec(spec)
    problem = consistency_individual.meeting_date_problem(date, session.profile, _dt.date.today())
    if problem:  # before MAPPA began, or years ahead (issue 18 item 2)
        raise InvalidInput(problem)
    for path in spec.pre_reads:
        check_pre_read(Path(path))
    steps = agenda.steps_for(spec.kind, agenda.load_agenda(session.profile.jurisdiction))
    db = session.db
    now = utc_now()
    with db.transaction():
        found = individuals.lead_agency_row(db, spec.individual_id)
        if found is None:
            raise NotFound("That individual is no longer in the vault. Go back to the home screen and choose again.")
        codes = AgencyCodes(db)
        for code in [spec.chair.agency] + [i.agency for i in spec.invitees]:
            if code is not None and not codes.known(code):
                raise InvalidInput("An agency on the form is no longer in the jurisdiction profile. "
                                   "Close the form and open it again.")
        previous_id = _previous_meeting_id(db, spec.individual_id) if spec.kind == "review" else None
        if spec.kind == "review":
            _check_review(db, previous_id, date)
        chair_id = people.find_or_add(db, spec.chair.name, codes.id_of(spec.chair.agency), spec.chair.rank)
        minute_taker_id = people.find_or_add(db, spec.minute_taker_name) if spec.minute_taker_name.strip() else None
        coordinator_id = (people.find_or_add(db, spec.coordinator_name) if spec.coordinator_name.strip()
                          else None)
        meeting_id = insert(db, "meetings", {
            "uid": new_uid(), "individual_id": spec.individual_id, "previous_meeting_id": previous_id,
            "kind": spec.kind, "level": spec.level, "meeting_date": date.isoformat(), "start_time": spec.start_time,
            "location": spec.location.strip(), "chair_id": chair_id, "minute_taker_id": minute_taker_id,
            "coordinator_id": coordinator_id, "lead_agency_id": found[0], "status": "planned",
            "emergency": 1 if spec.emergency else 0, "created_at": now, "updated_at": now})
        _add_attendance(db, codes, meeting_id, spec, chair_id, minute_taker_id)
        for pos, step in enumerate(steps):
            insert(db, "agenda_items", {"meeting_id": meeting_id, "step_key": step.key, "title": step.title,
                                        "state": "not_started", "allocated_seconds": step.allocated_seconds,
                                        "position": pos})
        if previous_id is not None:
            _carry_forward(db, codes, previous_id, meeting_id)
        # issue 18 item 4: the people and places protected at the individual's last meeting stay protected
        last_id = previous_id if spec.kind == "review" else _previous_meeting_id(db, spec.individual_id)
        if last_id is not None:
            protected.copy(db, last_id, meeting_id)
        for path in spec.pre_reads:
            _insert_document(db, meeting_id, Path(path), now)
    return meeting_id


def _check_spec(spec: NewMeeting) -> _dt.date:
    if spec.kind not in MEETING_KINDS:
        raise InvalidInput("Choose whether this is an initial meeting or a review.")
    if spec.level not in MEETING_LEVELS:
        raise InvalidInput("A MAPPA meeting is held at Level 2 or Level 3. Choose one of them.")
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", spec.meeting_date or ""):
            raise ValueError
        date = _dt.date.fromisoformat(spec.meeting_date)
    except ValueError:
        raise InvalidInput("The meeting date is not a date MAPPA Desk can read. Enter it as day, month and "
                           "year.") from None
    if spec.start_time and not _TIME.match(spec.start_time):
        raise InvalidInput("The start time is not a time of day. Enter it as hours and minutes, e.g. 10:00.")
    if not spec.chair.name.strip():
        raise InvalidInput("Enter the name of the chair.")
    typed = [spec.location, spec.chair.name, spec.chair.rank, spec.minute_taker_name, spec.coordinator_name]
    typed += [text for invitee in spec.invitees for text in (invitee.person_name, invitee.capacity)]
    for text in typed:  # what the Minute will print: UnprintableText (an InvalidInput) names the character
        text_check.check(text or "")
    return date


def _check_review(db, previous_id: int | None, date: _dt.date) -> None:
    if previous_id is None:
        raise UserFacingError("This individual has no earlier meeting that has taken place, so there is nothing to "
                              "review. Choose an initial meeting instead.")
    held = _dt.date.fromisoformat(stored.meeting_date(db, previous_id))
    if date < held:
        raise InvalidInput(f"A review must come after the meeting it reviews, which was held on "
                           f"{dates.numeric(held)}. Check the date.")


def _add_attendance(db, codes: AgencyCodes, meeting_id: int, spec: NewMeeting, chair_id: int,
                    minute_taker_id: int | None) -> None:
    rows = [(codes.id_of(spec.chair.agency), chair_id, CHAIR_CAPACITY)]
    if minute_taker_id is not None:
        rows.append((stored.person_agency_id(db, minute_taker_id), minute_taker_id, MINUTE_TAKER_CAPACITY))
    for invitee in spec.invitees:
        agency_id = codes.id_of(invitee.agency)
        person_id = people.find_or_add(db, invitee.person_name, agency_id) if invitee.person_name.strip() else None
        rows.append((agency_id, person_id, invitee.capacity.strip()))
    for pos, (agency_id, person_id, capacity) in enumerate(rows):
        insert(db, "attendance", {"meeting_id": meeting_id, "agency_id": agency_id, "person_id": person_id,
                                  "capacity": capacity, "status": "invited", "position": pos})


def _carry_forward(db, codes: AgencyCodes, previous_id: int, meeting_id: int) -> None:
    risks, measures, contingencies = meetings.load_plan(db, codes, previous_id)
    meetings.save_plan(db, codes, meeting_id, risks, measures, contingencies)
    stored.copy_assessment(db, previous_id, meeting_id)


# -- pre-read papers -------------------------------------------------------------------
def attach_document(session: Session, meeting_id: int, path) -> int:
    """Reads the file into the meeting's pre-reads; returns the document's id."""
    path = Path(path)
    check_pre_read(path)
    db = session.db
    with db.transaction():
        if not meetings.exists(db, meeting_id):
            raise NotFound("That meeting is no longer in the vault. Go back to the home screen and choose another.")
        return _insert_document(db, meeting_id, path, utc_now())


def documents(session: Session, meeting_id: int) -> list[dict]:
    """The meeting's pre-reads in order: id, file_name, media_type, size_bytes, sha256, added_at (no content)."""
    db = session.db
    with db.transaction():
        return stored.pre_reads(db, meeting_id)


def document_content(session: Session, meeting_id: int, document_id: int) -> bytes:
    db = session.db
    with db.transaction():
        content = stored.pre_read_content(db, meeting_id, document_id)
    if content is None:
        raise NotFound("That document is no longer attached to this meeting.")
    return bytes(content)


def remove_document(session: Session, meeting_id: int, document_id: int) -> None:
    db = session.db
    with db.transaction():
        removed = stored.remove_pre_read(db, meeting_id, document_id)
    if not removed:
        raise NotFound("That document is no longer attached to this meeting.")


def check_pre_read(path: Path) -> int:
    """The file's size; refuses a missing, empty or oversized file (or a folder) before anything is written."""
    try:
        info = path.stat()
    except OSError as err:
        raise _read_failure(err, path) from err
    if stat.S_ISDIR(info.st_mode):
        raise UserFacingError(f"{path.name} is a folder. Choose a file to attach.")
    _check_size(path, info.st_size)
    return info.st_size


def _check_size(path: Path, size: int) -> None:
    if size > MAX_DOCUMENT_BYTES:
        raise InvalidInput(f"{path.name} is {size / 1024 / 1024:.0f} MB; a pre-read can be at most "
                           f"{MAX_DOCUMENT_BYTES // 1024 // 1024} MB. Attach a smaller copy (for example a PDF "
                           "without scanned images).")
    if size == 0:
        raise InvalidInput(f"{path.name} is empty, so there is nothing to attach. Check that it is the right file.")


def _insert_document(db, meeting_id: int, path: Path, now: str) -> int:
    try:
        with open(path, "rb") as handle:
            content = handle.read(MAX_DOCUMENT_BYTES + 1)  # the file may have grown since it was checked
    except OSError as err:
        raise _read_failure(err, path) from err
    _check_size(path, len(content))
    digest = hashlib.sha256(content).hexdigest()
    if stored.pre_read_attached(db, meeting_id, digest):
        raise InvalidInput(f"{path.name} is already attached to this meeting.")
    position = stored.next_pre_read_position(db, meeting_id)
    return insert(db, "meeting_documents", {
        "meeting_id": meeting_id, "file_name": path.name,
        "media_type": mimetypes.guess_type(path.name)[0] or "application/octet-stream",
        "size_bytes": len(content), "sha256": digest, "content": content, "added_at": now, "position": position})


def _read_failure(err: OSError, path: Path) -> UserFacingError:
    """A sentence for a file that cannot be read (describe_os_error speaks of writing)."""
    if isinstance(err, FileNotFoundError):
        return UserFacingError(f"{path.name} is no longer where it was chosen from. Check that it has not been "
                               "moved or deleted, and choose it again.")
    if isinstance(err, IsADirectoryError):
        return UserFacingError(f"{path.name} is a folder. Choose a file to attach.")
    if isinstance(err, PermissionError):
        return UserFacingError(f"MAPPA Desk is not allowed to read {path.name}. Check that you have permission to "
                               "open it, or save a copy where you do.")
    return UserFacingError(f"{path.name} could not be read ({err.strerror or 'system error'}). Nothing was attached.")
