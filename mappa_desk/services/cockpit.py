"""What the cockpit shows of one meeting, as plain rows with their ids, and the case's start and close."""

from __future__ import annotations

import datetime as _dt
import tomllib
from dataclasses import dataclass, field

from mappa_desk import paths
from mappa_desk.domain import agenda, clocks, completeness, dates
from mappa_desk.domain.profile import Profile
from mappa_desk.errors import NotFound, UserFacingError
from mappa_desk.services.editing import MeetingEditor, dict_rows
from mappa_desk.services.session import Session
from mappa_desk.storage import individuals, meetings
from mappa_desk.storage.rows import AgencyCodes

# Rows listed under the meeting, in their order on screen.
_LISTS = {
    "attendance": """SELECT a.*, p.full_name AS person_name, p.rank AS person_rank FROM attendance a
                     LEFT JOIN people p ON p.id = a.person_id WHERE a.meeting_id = ? ORDER BY a.position, a.id""",
    "agenda_items": "SELECT * FROM agenda_items WHERE meeting_id = ? ORDER BY position, id",
    "information_items": "SELECT * FROM information_items WHERE meeting_id = ? ORDER BY position, id",
    "risks": "SELECT * FROM risks WHERE meeting_id = ? ORDER BY number",
    "risk_scenarios": """SELECT s.* FROM risk_scenarios s JOIN risks r ON r.id = s.risk_id WHERE r.meeting_id = ?
                         ORDER BY s.position, s.id""",
    "rmp_measures": "SELECT * FROM rmp_measures WHERE meeting_id = ? ORDER BY position, id",
    "rmp_measure_risks": """SELECT l.* FROM rmp_measure_risks l JOIN rmp_measures x ON x.id = l.measure_id
                            WHERE x.meeting_id = ? ORDER BY l.risk_number""",
    "contingencies": "SELECT * FROM contingencies WHERE meeting_id = ? ORDER BY position, id",
    "decisions": "SELECT * FROM decisions WHERE meeting_id = ? ORDER BY position, id",
    "decision_positions": """SELECT p.* FROM decision_positions p JOIN decisions d ON d.id = p.decision_id
                             WHERE d.meeting_id = ? ORDER BY p.position, p.id""",
    "options_not_taken": """SELECT o.* FROM options_not_taken o JOIN decisions d ON d.id = o.decision_id
                            WHERE d.meeting_id = ? ORDER BY o.position, o.id""",
    "disclosures": "SELECT * FROM disclosures WHERE meeting_id = ? ORDER BY position, id",
    "actions": "SELECT * FROM actions WHERE meeting_id = ? ORDER BY position, id",
}


@dataclass
class CockpitData:
    meeting: dict
    individual: dict
    chair: dict | None
    agencies: list[dict]  # id, code, name
    rows: dict[str, list[dict]]  # table -> rows (see _LISTS)
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
    found = dict_rows(db, """SELECT m.*, coalesce(p.full_name, '') AS coordinator_name FROM meetings m
                             LEFT JOIN people p ON p.id = m.coordinator_id WHERE m.id = ?""", (meeting_id,))
    if not found:
        raise NotFound("That meeting is no longer in the vault. Go back to the home screen and choose another.")
    meeting = found[0]
    individual = dict_rows(db, "SELECT * FROM individuals WHERE id = ?", (meeting["individual_id"],))[0]
    individual["aliases"] = [a for (a,) in db.query(
        "SELECT alias FROM individual_aliases WHERE individual_id = ? ORDER BY id", (individual["id"],))]
    chair = None
    if meeting["chair_id"] is not None:
        chair = dict_rows(db, "SELECT full_name, rank, role, agency_id FROM people WHERE id = ?",
                          (meeting["chair_id"],))[0]
    data = CockpitData(
        meeting=meeting, individual=individual, chair=chair,
        agencies=dict_rows(db, "SELECT id, code, name FROM agencies WHERE active = 1 ORDER BY id"),
        rows={table: dict_rows(db, sql, (meeting_id,)) for table, sql in _LISTS.items()},
        steps={s.key: s for s in agenda.load_agenda(session.profile.jurisdiction)},
        confidentiality_statement=_confidentiality_statement(session.profile.jurisdiction),
        profile=session.profile,
    )
    if meeting["previous_meeting_id"] is not None:
        data.previous = dict_rows(db, "SELECT id, meeting_date, level, kind FROM meetings WHERE id = ?",
                                  (meeting["previous_meeting_id"],))[0]
        data.previous_actions = dict_rows(db, "SELECT * FROM actions WHERE meeting_id = ? ORDER BY position, id",
                                          (meeting["previous_meeting_id"],))
    for order in dict_rows(db, "SELECT * FROM orders WHERE individual_id = ? ORDER BY position, id",
                           (individual["id"],)):
        order["conditions"] = [t for (t,) in db.query(
            "SELECT text FROM order_conditions WHERE order_id = ? ORDER BY position, id", (order["id"],))]
        data.orders.append(order)
    return data


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
    individual = individuals.load(db, codes, db.scalar("SELECT individual_id FROM meetings WHERE id = ?",
                                                       (meeting_id,)))
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
    template's. Opening a meeting changes nothing else: a planned meeting stays planned until the chair starts it.
    """
    db = session.db
    with db.transaction():
        if not db.scalar("SELECT count(*) FROM agenda_items WHERE meeting_id = ?", (meeting_id,)):
            kind = db.scalar("SELECT kind FROM meetings WHERE id = ?", (meeting_id,))
            for position, step in enumerate(agenda.steps_for(kind, agenda.load_agenda(session.profile.jurisdiction))):
                db.execute("INSERT INTO agenda_items (meeting_id, step_key, title, allocated_seconds, position) "
                           "VALUES (?, ?, ?, ?, ?)", (meeting_id, step.key, step.title, step.allocated_seconds, position))


def start_case(session: Session, meeting_id: int) -> bool:
    """The chair starts a planned meeting: it is in progress, and its start time is now.

    Returns True when the status changed.
    """
    prepare_case(session, meeting_id)
    db = session.db
    with db.transaction():
        status = db.scalar("SELECT status FROM meetings WHERE id = ?", (meeting_id,))
        if status != "planned":
            return False
        # The time it actually started, not the time it was planned for (the chair corrects it under Opening).
        db.execute("UPDATE meetings SET status = 'in_progress', start_time = ? WHERE id = ?",
                   (_now_hhmm(), meeting_id))
    return True


def set_case_allowance(editor: MeetingEditor, minutes: int) -> None:
    """Sets the time allowed for this meeting's case; its steps share it in proportion to the template's.

    Refused outside agenda.CASE_MINUTES_RANGE, with nothing stored.
    """
    low, high = agenda.CASE_MINUTES_RANGE
    if not isinstance(minutes, int) or not low <= minutes <= high:
        raise UserFacingError(f"The time allowed for a case is between {low} and {high} minutes; "
                              f"{minutes} was not saved.")
    db = editor.db
    rows = db.query("SELECT id, allocated_seconds FROM agenda_items WHERE meeting_id = ? ORDER BY position, id",
                    (editor.meeting_id,))
    shares = agenda.share_allowance([seconds for _id, seconds in rows], minutes * 60)
    editor.set_rows("agenda_items", {step_id: {"allocated_seconds": share}
                                     for (step_id, seconds), share in zip(rows, shares) if share != seconds})


def close_case(session: Session, meeting_id: int) -> None:
    """Marks the case held (ready for its documents). Refused while the record lacks a blocking part."""
    blocking = check(session, meeting_id).blocking
    if blocking:
        raise UserFacingError("The case cannot close yet. Still needed: " + " ".join(blocking))
    db = session.db
    with db.transaction():
        status = db.scalar("SELECT status FROM meetings WHERE id = ?", (meeting_id,))
        if status not in ("planned", "in_progress", "held"):
            raise UserFacingError("This meeting's record has already moved on to its documents; it is not "
                                  "edited in the cockpit.")
        start_time, end_time = db.query("SELECT start_time, end_time FROM meetings WHERE id = ?", (meeting_id,))[0]
        problem = clocks.end_before_start_problem(start_time, end_time or _now_hhmm())
        if problem:
            raise UserFacingError(f"The case cannot close: {problem} Correct the start or end time under "
                                  "Opening, then close the case again. Nothing has been saved.")
        # Steps the chair went through without ticking them off are done once the case closes.
        db.execute("UPDATE agenda_items SET state = 'done' WHERE meeting_id = ? AND state = 'in_progress'",
                   (meeting_id,))
        db.execute("UPDATE meetings SET status = 'held', end_time = CASE WHEN end_time = '' THEN ? "
                   "ELSE end_time END WHERE id = ?", (_now_hhmm(), meeting_id))
