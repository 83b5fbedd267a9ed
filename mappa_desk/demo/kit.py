"""Building blocks for the fictional demo records: invented people, places, agenda and record helpers."""

from __future__ import annotations

import copy
import uuid
from dataclasses import replace

from mappa_desk.domain.agenda import load_agenda, steps_for
from mappa_desk.domain.profile import DEFAULT_JURISDICTION
from mappa_desk.domain.model import (
    Action, AgendaItem, Attendance, Contingency, Decision, Disclosure, Individual, InformationItem, Meeting,
    OptionNotTaken, Order, Person, Position, PreviousMeeting, Risk, RiskScenario, RmpMeasure,
)

# Every name, place, date and reference here is invented. The ViSOR references use a DEMO/ prefix that no
# real reference has, so a demo record can never be mistaken for (or collide with) a live one.
_LOCATIONS = {
    "council": "Kilbrannan Council Offices, Committee Room 2, 14 Harbour Street, Kilbrannan",
    "police": "Kilbrannan Police Office, Conference Room, 2 Bridge Street, Kilbrannan",
    "hospital": "Brannan House Forensic Mental Health Unit, Seminar Room, Kilbrannan",
}

# key: (full name, role, rank, agency code)
_PEOPLE = {
    # Chairs
    "cswo": ("Elspeth Garvellan", "Chief Social Work Officer, Kilbrannan Council", "Chief Social Work Officer",
             "JSW"),
    "dsupt": ("Ross Quarriebank", "Head of Public Protection, Kilbrannan Division", "Detective Superintendent",
              "POLICE"),
    "insp": ("Fiona Lintbrae", "Offender Management Unit, Kilbrannan Division", "Inspector", "POLICE"),
    "jsw_sm": ("Niall Corrieshaw", "Justice Social Work, public protection", "Service Manager", "JSW"),
    "psychiatrist": ("Dr Morven Achray", "Clinical Director, Forensic Mental Health",
                     "Consultant Forensic Psychiatrist", "HEALTH"),
    # MAPPA unit
    "coordinator": ("Gillian Tarrowby", "MAPPA Co-ordinator", "", "MAPPA_UNIT"),
    "minutes_a": ("Shona Pettigrove", "MAPPA Unit administrator", "", "MAPPA_UNIT"),
    "minutes_b": ("Aileen Drumkeld", "MAPPA Unit administrator", "", "MAPPA_UNIT"),
    # Police
    "di": ("Graham Auldbrae", "Public Protection Unit", "Detective Inspector", "POLICE"),
    "sopu": ("Lewis Haldenby", "SOPU offender manager", "Detective Constable", "POLICE"),
    "dalo": ("Kirsty Brannock", "Domestic abuse liaison officer", "Police Constable", "POLICE"),
    "sergeant": ("Alan Tordarroch", "Local policing, MAPPA liaison", "Police Sergeant", "POLICE"),
    # Justice and children's social work
    "jsw_so_a": ("Rachel Dunoonan", "Supervising officer", "Social Worker", "JSW"),
    "jsw_so_b": ("Hannah Tollcraig", "Supervising officer", "Social Worker", "JSW"),
    "jsw_ssw": ("Kenneth Ardgarvie", "Risk assessment and child protection", "Senior Social Worker", "JSW"),
    "jsw_life": ("Ewan Kilchattan", "Supervising officer (life licence)", "Senior Social Worker", "JSW"),
    "mho": ("Lorna Kilrossie", "Mental health officer", "Mental Health Officer", "JSW"),
    "csw": ("Joanne Braidwater", "Children and families social work", "Team Leader", "CSW"),
    # Prison, housing, health and others
    "sps": ("Angela Ferrieston", "Integrated case management co-ordinator, HMP Glenbrannan", "Unit Manager", "SPS"),
    "solo": ("Derek Lochrigg", "Sex Offender Liaison Officer", "", "HOUSING"),
    "housing": ("Iain Blackcraig", "Housing options officer", "", "HOUSING"),
    "rmo": ("Dr Imran Haddowfield", "Responsible medical officer", "Consultant Forensic Psychiatrist", "HEALTH"),
    "cpn": ("Stuart Pennycross", "Forensic community psychiatric nurse", "Charge Nurse", "HEALTH"),
    "addictions": ("Gary Drumfinn", "Community alcohol and drug service", "Addictions Nurse", "HEALTH"),
    "ld_nurse": ("Gemma Ruthrie", "Community learning disability team", "Learning Disability Nurse", "HEALTH"),
    "health_visitor": ("Moira Tannochbrae", "Health visiting service", "Health Visitor", "HEALTH"),
    "women_aid": ("Ciara Bellshaw", "Senior support worker, Kilbrannan Women's Aid & Advocacy", "", "DOMESTIC_ABUSE"),
    "support": ("Mhairi Dalnacraig", "Manager, Lochside Supported Living", "", "VOLUNTARY"),
    "reporter": ("Hamish Tullochgorm", "Children's Reporter", "", "SCRA"),
}

# Outcomes of a previous meeting's actions, as recorded at the review.
_DONE, _CHANGED, _NOT_BY_AGENCY = "done", "not_done_circumstances_changed", "not_done_by_agency"

def _uid(key: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"mappa-desk-demo/{key}"))


def _person(key: str) -> Person:
    full_name, role, rank, agency = _PEOPLE[key]
    return Person(full_name=full_name, role=role, rank=rank, agency=agency, uid=_uid(f"person/{key}"))


def _name(key: str) -> str:
    """How a minute names a person in an action or measure: rank (where there is one) and name."""
    full_name, _, rank, agency = _PEOPLE[key]
    short = {"Detective Constable": "DC", "Police Constable": "PC", "Police Sergeant": "PS",
             "Detective Inspector": "DI", "Inspector": "Inspector", "Detective Superintendent": "Det Supt"}
    return f"{short[rank]} {full_name}" if agency == "POLICE" else full_name


def _present(key: str, capacity: str, arrived: str = "", left: str = "") -> Attendance:
    person = _person(key)
    return Attendance("present", person.agency, person, capacity, arrived, left, confidentiality_agreed=True)


def _apologies(key: str, capacity: str, report: bool = False) -> Attendance:
    person = _person(key)
    return Attendance("apologies", person.agency, person, capacity, report_received=report)


def _did_not_attend(agency: str, capacity: str, report: bool, limitation: str = "") -> Attendance:
    return Attendance("did_not_attend", agency, None, capacity, report_received=report, limitation=limitation)


def _invited(key: str, capacity: str) -> Attendance:
    person = _person(key)
    return Attendance("invited", person.agency, person, capacity)


def _staff(chair: str, minutes: str, start: str) -> list[Attendance]:
    """The chair, the co-ordinator and the minute-taker, who open every meeting's attendance list."""
    return [_present(chair, "Chair", start), _present("coordinator", "MAPPA Co-ordinator", start),
            _present(minutes, "Minute-taker", start)]


def _info(agency: str, shareable: bool, text: str) -> InformationItem:
    return InformationItem(text=text, source_agency=agency, shareable=shareable)


def _measure(heading: str, description: str, agency: str, who: str, timescale: str, *risks: int) -> RmpMeasure:
    return RmpMeasure(heading, description, agency, _name(who), timescale, list(risks))


def _actions(prefix: str, *rows: tuple[str, str, str, str]) -> list[Action]:
    """Actions from (description, person key or plain name, agency, due date); uids follow the prefix."""
    return [Action(text, _name(who) if who in _PEOPLE else who, agency, due, uid=_uid(f"{prefix}/action/{n}"))
            for n, (text, who, agency, due) in enumerate(rows, 1)]


def _agenda(kind: str, skipped: dict[str, str] | None = None) -> list[AgendaItem]:
    """The agenda of the jurisdiction template, as held: every step done except those skipped (with the reason)."""
    skipped = skipped or {}
    items = []
    # The demo's records are Scottish (Police Scotland, the Parole Board for Scotland): the default jurisdiction's.
    for n, step in enumerate(steps_for(kind, load_agenda(DEFAULT_JURISDICTION))):
        if step.key in skipped:
            items.append(AgendaItem(step.key, step.title, "skipped", skipped[step.key], step.allocated_seconds, 0))
            continue
        # Real meetings overrun some items and finish others early; keep that shape, deterministically.
        spent = step.allocated_seconds + (90 if n % 3 == 0 else -45 * (n % 2))
        items.append(AgendaItem(step.key, step.title, "done", "", step.allocated_seconds, max(60, spent)))
    return items


def _meeting(key: str, individual: Individual, kind: str, level: int, date: str, times: tuple[str, str],
             place: str, chair: str, minutes: str, **fields) -> Meeting:
    """A held meeting with the standard agenda; the case supplies everything that was said and decided."""
    skipped = fields.pop("skipped", None)
    return Meeting(
        individual_uid=individual.uid, kind=kind, level=level, meeting_date=date, start_time=times[0],
        end_time=times[1], location=_LOCATIONS[place], chair=_person(chair), minute_taker=_person(minutes),
        coordinator=_person("coordinator"), status="held", confidentiality_agreed=True,
        confidentiality_agreed_at=_minutes_after(times[0], 6), agenda=_agenda(kind, skipped),
        uid=_uid(f"meeting/{key}"), **fields)


def _planned(key: str, individual: Individual, level: int, date: str, start: str, place: str, chair: str,
             lead: str, invitees: list[tuple[str, str]], previous: PreviousMeeting) -> Meeting:
    """A future review as the co-ordinator first enters it: date, time, place, chair and who is invited."""
    return Meeting(
        individual_uid=individual.uid, kind="review", level=level, meeting_date=date, start_time=start,
        location=_LOCATIONS[place], chair=_person(chair), lead_agency=lead, status="planned",
        attendance=[_invited(chair, "Chair")] + [_invited(k, capacity) for k, capacity in invitees],
        previous=previous, uid=_uid(f"meeting/{key}"))


def _minutes_after(clock: str, minutes: int) -> str:
    hours, mins = divmod(int(clock[:2]) * 60 + int(clock[3:]) + minutes, 60)
    return f"{hours:02d}:{mins:02d}"


def _previous(meeting: Meeting, outcomes: list[tuple[str, str]] | None) -> PreviousMeeting:
    """What the next review carries of `meeting`: its plan, and its actions with the outcomes given there.

    The actions keep their uids (that is how the review's outcomes find them); `outcomes=None` leaves them
    open, for a review that has not yet been held.
    """
    if outcomes is None:
        actions = [replace(a) for a in meeting.actions]
    else:
        actions = [replace(a, status="closed", outcome=outcome, outcome_note=note)
                   for a, (outcome, note) in zip(meeting.actions, outcomes, strict=True)]
    return PreviousMeeting(
        uid=meeting.uid, kind=meeting.kind, level=meeting.level, meeting_date=meeting.meeting_date,
        review_date=meeting.review_date, risks=copy.deepcopy(meeting.risks),
        rmp_measures=copy.deepcopy(meeting.rmp_measures), contingencies=copy.deepcopy(meeting.contingencies),
        actions=actions)


def history(individual: Individual, meetings: list[Meeting]) -> tuple[Individual, list[Meeting]]:
    """Mark older minutes final and bring the individual up to date with the latest held meeting."""
    held = [m for m in meetings if m.status != "planned"]
    for meeting in held[:-1]:
        meeting.status = "final"
    latest = held[-1]
    individual.current_level = latest.level_after or latest.level
    individual.rosh_level = latest.rosh_level
    individual.lead_agency = latest.lead_agency
    return individual, meetings
