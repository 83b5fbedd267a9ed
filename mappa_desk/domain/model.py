"""The meeting record as plain values: an individual, and one meeting about them.

Agencies are referred to by their profile code (e.g. "POLICE"); dates are ISO
strings ("2026-11-21"), clock times "HH:MM". Records that travel between
laptops (individuals, meetings, people, actions) carry a random `uid`.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field


def new_uid() -> str:
    return str(uuid.uuid4())


@dataclass
class Person:
    full_name: str
    role: str = ""
    rank: str = ""
    agency: str | None = None
    uid: str = field(default_factory=new_uid)


@dataclass
class Order:
    kind: str
    description: str = ""
    start_date: str | None = None
    end_date: str | None = None
    conditions: list[str] = field(default_factory=list)


@dataclass
class Individual:
    family_name: str
    category: int
    current_level: int
    given_names: str = ""
    date_of_birth: str | None = None
    visor_ref: str | None = None
    lead_agency: str | None = None
    rosh_level: str | None = None
    olr: bool = False
    restricted_patient_order: str = ""
    notes: str = ""
    aliases: list[str] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    uid: str = field(default_factory=new_uid)

    @property
    def display_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


@dataclass
class Attendance:
    status: str
    agency: str | None = None
    person: Person | None = None
    capacity: str = ""
    arrived_at: str = ""
    left_at: str = ""
    report_received: bool = False
    limitation: str = ""
    confidentiality_agreed: bool = False


@dataclass
class AgendaItem:
    step_key: str
    title: str
    state: str = "not_started"
    skip_reason: str = ""
    allocated_seconds: int = 0
    seconds_spent: int = 0


@dataclass
class InformationItem:
    text: str
    source_agency: str | None = None
    shareable: bool = False


@dataclass
class RiskScenario:
    context: str = ""
    what: str = ""
    who_at_risk: str = ""
    when_likely: str = ""
    how: str = ""
    why: str = ""
    seriousness: str | None = None


@dataclass
class Risk:
    number: int
    kind: str
    description: str = ""
    strategy_rationale: str = ""
    scenarios: list[RiskScenario] = field(default_factory=list)


@dataclass
class RmpMeasure:
    heading: str
    description: str
    agency: str | None = None
    person_name: str = ""
    timescale: str = ""
    risk_numbers: list[int] = field(default_factory=list)


@dataclass
class Contingency:
    trigger: str
    response: str
    agency: str | None = None
    person_name: str = ""


@dataclass
class Position:
    agency: str
    stance: str
    reason: str = ""


@dataclass
class OptionNotTaken:
    option_text: str
    reason: str


@dataclass
class Decision:
    question: str
    outcome: str
    options_considered: str = ""
    decision_text: str = ""
    rationale: str = ""
    how_proceeded: str = ""
    positions: list[Position] = field(default_factory=list)
    options_not_taken: list[OptionNotTaken] = field(default_factory=list)


@dataclass
class Disclosure:
    made: bool
    to_whom: str = ""
    what: str = ""
    by_agency: str | None = None
    by_person: str = ""
    by_when: str | None = None
    reason_not_made: str = ""


@dataclass
class Action:
    description: str
    person_name: str = ""
    agency: str | None = None
    due_date: str | None = None
    status: str = "open"
    outcome: str | None = None
    outcome_note: str = ""
    uid: str = field(default_factory=new_uid)


@dataclass
class PreviousMeeting:
    """What a review needs of the meeting before it: its plan and its actions.

    The actions' outcomes are recorded at the review.
    """

    uid: str
    kind: str
    level: int
    meeting_date: str
    review_date: str | None = None
    risks: list[Risk] = field(default_factory=list)
    rmp_measures: list[RmpMeasure] = field(default_factory=list)
    contingencies: list[Contingency] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)


@dataclass
class Meeting:
    individual_uid: str
    kind: str
    level: int
    meeting_date: str
    start_time: str = ""
    end_time: str = ""
    location: str = ""
    chair: Person | None = None
    minute_taker: Person | None = None
    coordinator: Person | None = None
    lead_agency: str | None = None
    status: str = "planned"
    confidentiality_agreed: bool = False
    confidentiality_agreed_at: str = ""
    individual_informed_by: str = ""
    rosh_level: str | None = None
    victim_issues: str = ""
    diversity_issues: str = ""
    housing_notes: str = ""
    level_decision: str | None = None
    level_after: int | None = None
    level_rationale: str = ""
    review_date: str | None = None
    next_meeting_date: str | None = None
    tribunal_recommendation: str = ""  # restricted patients: what the RMO recommends (11.20)
    tribunal_position: str = ""  # the MAPPA group's position on that recommendation
    attendance: list[Attendance] = field(default_factory=list)
    agenda: list[AgendaItem] = field(default_factory=list)
    information: list[InformationItem] = field(default_factory=list)
    risks: list[Risk] = field(default_factory=list)
    rmp_measures: list[RmpMeasure] = field(default_factory=list)
    contingencies: list[Contingency] = field(default_factory=list)
    decisions: list[Decision] = field(default_factory=list)
    disclosures: list[Disclosure] = field(default_factory=list)
    actions: list[Action] = field(default_factory=list)
    previous: PreviousMeeting | None = None
    uid: str = field(default_factory=new_uid)
