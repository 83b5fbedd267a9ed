"""The meeting record as plain values: an individual, and one meeting about them, each field declared once.

Agencies are referred to by their profile code (e.g. "POLICE"); dates are ISO
strings ("2026-11-21"), clock times "HH:MM". Records that travel between
laptops (individuals, meetings, people, actions) carry a random `uid`.

Each field of the record is declared here, with `declare(kind, label, ...)`: its kind, the words a user sees,
its vocabulary, what empty means, whether the cockpit edits it, the search indexes it and a release may carry it
(domain/fields.py says what each means). domain/record.py lists the parts and their tables; storage, the
cockpit's editor, the interchange schema and the search index derive from these declarations.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field

from mappa_desk.domain.fields import REQUIRED, declare


def new_uid() -> str:
    return str(uuid.uuid4())


@dataclass
class Person:
    full_name: str = declare("name", "Name", empty=REQUIRED)
    role: str = declare("line", "Role")
    rank: str = declare("line", "Rank")
    agency: str | None = declare("agency", "Agency")
    uid: str = field(default_factory=new_uid)


@dataclass
class Order:
    kind: str = declare("choice", "Order", vocabulary="order_kinds", empty=REQUIRED, editable=False)
    description: str = declare("line", "Description", editable=False)
    start_date: str | None = declare("date", "From", editable=False)
    end_date: str | None = declare("date", "Until", editable=False)
    conditions: list[str] = field(default_factory=list)


@dataclass
class Individual:
    family_name: str = declare("name", "Family name", empty=REQUIRED, editable=False, releasable=True)
    category: int = declare("level", "Category", vocabulary="categories", empty=REQUIRED, editable=False,
                            releasable=True)
    current_level: int = declare("level", "Current level", vocabulary="levels", empty=REQUIRED, editable=False,
                                 releasable=True)
    given_names: str = declare("name", "Given names", editable=False, releasable=True)
    date_of_birth: str | None = declare("date", "Date of birth", editable=False)
    visor_ref: str | None = declare("line", "ViSOR reference", empty=None, editable=False, releasable=True)
    lead_agency: str | None = declare("agency", "Lead agency", editable=False, releasable=True)
    rosh_level: str | None = declare("choice", "Risk of serious harm", vocabulary="rosh_levels", editable=False)
    olr: bool = declare("flag", "Order for lifelong restriction", editable=False)
    restricted_patient_order: str = declare("choice", "Restricted patient order",
                                            vocabulary="restricted_patient_orders", empty="", editable=False)
    notes: str = declare("prose", "Notes", editable=False)
    aliases: list[str] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    uid: str = field(default_factory=new_uid)

    @property
    def display_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


@dataclass
class Attendance:
    status: str = declare("choice", "Attendance", vocabulary="attendance_statuses", empty=REQUIRED)
    agency: str | None = declare("agency", "Agency", releasable=True)
    person: Person | None = declare("person", "Name")
    capacity: str = declare("name", "Designation")
    arrived_at: str = declare("time", "Arrived")
    left_at: str = declare("time", "Left")
    report_received: bool = declare("flag", "Written report received")
    limitation: str = declare("prose", "Limitation", searchable=True)
    confidentiality_agreed: bool = declare("flag", "Agreed to confidentiality")


@dataclass
class AgendaItem:
    step_key: str = declare("line", "Step", empty=REQUIRED, editable=False)
    title: str = declare("line", "Title", empty=REQUIRED, editable=False)
    state: str = declare("choice", "State", vocabulary="agenda_states", empty=REQUIRED, default="not_started")
    skip_reason: str = declare("prose", "Why skipped")
    allocated_seconds: int = declare("seconds", "Time allowed")
    seconds_spent: int = declare("seconds", "Time spent")


@dataclass
class InformationItem:
    text: str = declare("prose", "Information", empty=REQUIRED, searchable=True, releasable=True)  # when shareable
    source_agency: str | None = declare("agency", "From")
    shareable: bool = declare("flag", "May be shared beyond this meeting")


@dataclass
class RiskScenario:
    context: str = declare("prose", "Context", searchable=True)
    what: str = declare("prose", "What", searchable=True)
    who_at_risk: str = declare("prose", "Who is at risk", searchable=True)
    when_likely: str = declare("prose", "When", searchable=True)
    how: str = declare("prose", "How", searchable=True)
    why: str = declare("prose", "Why", searchable=True)
    seriousness: str | None = declare("choice", "Seriousness", vocabulary="rosh_levels")


@dataclass
class Risk:
    number: int = declare("number", "Risk", empty=REQUIRED, editable=False)
    kind: str = declare("line", "Risk of", searchable=True)
    description: str = declare("prose", "Description", searchable=True)
    strategy_rationale: str = declare("prose", "Why this strategy", searchable=True)
    scenarios: list[RiskScenario] = field(default_factory=list)


@dataclass
class RmpMeasure:
    heading: str = declare("choice", "Heading", vocabulary="rmp_headings", empty=REQUIRED)
    description: str = declare("prose", "Measure", empty=REQUIRED, searchable=True)
    agency: str | None = declare("agency", "Agency")
    person_name: str = declare("name", "Person", searchable=True)
    timescale: str = declare("line", "By", searchable=True)
    risk_numbers: list[int] = field(default_factory=list)


@dataclass
class Contingency:
    trigger: str = declare("prose", "If", empty=REQUIRED, searchable=True)
    response: str = declare("prose", "Then", empty=REQUIRED, searchable=True)
    agency: str | None = declare("agency", "Agency")
    person_name: str = declare("name", "Person", searchable=True)


@dataclass
class Position:
    agency: str = declare("agency", "Agency", empty=REQUIRED)
    stance: str = declare("choice", "Position", vocabulary="stances", empty=REQUIRED)
    reason: str = declare("prose", "Reason", searchable=True)


@dataclass
class OptionNotTaken:
    option_text: str = declare("prose", "Option", empty=REQUIRED, searchable=True)
    reason: str = declare("prose", "Why not", empty=REQUIRED, searchable=True)


@dataclass
class Decision:
    question: str = declare("prose", "Question", empty=REQUIRED, searchable=True)
    outcome: str = declare("choice", "Outcome", vocabulary="decision_outcomes", empty=REQUIRED)
    options_considered: str = declare("prose", "Options considered", short="Options", searchable=True)
    decision_text: str = declare("prose", "Decision", searchable=True)
    rationale: str = declare("prose", "Reasons for the decision", short="Reasons", searchable=True)
    how_proceeded: str = declare("prose", "How the meeting proceeds", searchable=True)
    positions: list[Position] = field(default_factory=list)
    options_not_taken: list[OptionNotTaken] = field(default_factory=list)


@dataclass
class Disclosure:
    made: bool = declare("flag", "Disclosure to be made", empty=REQUIRED)
    to_whom: str = declare("name", "To whom", searchable=True)
    what: str = declare("prose", "What", searchable=True)
    by_agency: str | None = declare("agency", "By agency")
    by_person: str = declare("name", "By whom", searchable=True)
    by_when: str | None = declare("date", "By when")
    reason_not_made: str = declare("prose", "Why no disclosure is made", short="If not, why not", searchable=True)


@dataclass
class Action:
    description: str = declare("prose", "Action", short="What", empty=REQUIRED, searchable=True, releasable=True)
    person_name: str = declare("name", "Person", searchable=True, releasable=True)
    agency: str | None = declare("agency", "Agency", releasable=True)
    due_date: str | None = declare("date", "Due", releasable=True)
    status: str = declare("choice", "Status", vocabulary="action_statuses", empty=REQUIRED, default="open",
                          releasable=True)
    outcome: str | None = declare("choice", "Outcome", vocabulary="action_outcomes", releasable=True)
    outcome_note: str = declare("prose", "Outcome note", short="Note", searchable=True)
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
    kind: str = declare("choice", "Meeting", vocabulary="meeting_kinds", empty=REQUIRED, editable=False,
                        releasable=True)
    level: int = declare("level", "Level", vocabulary="meeting_levels", empty=REQUIRED, editable=False,
                         releasable=True)
    meeting_date: str = declare("date", "Date", empty=REQUIRED, editable=False, releasable=True)
    start_time: str = declare("time", "Started")
    end_time: str = declare("time", "Ended")
    location: str = declare("name", "Place", searchable=True, search_kind=1)
    chair: Person | None = declare("person", "Chair", editable=False, releasable=True)
    minute_taker: Person | None = declare("person", "Minute taker", editable=False)
    coordinator: Person | None = declare("person", "MAPPA co-ordinator", releasable=True)
    lead_agency: str | None = declare("agency", "Lead agency", editable=False, releasable=True)
    status: str = declare("choice", "Status", vocabulary="meeting_statuses", empty=REQUIRED, default="planned")
    confidentiality_agreed: bool = declare("flag", "Confidentiality statement agreed by everyone present")
    confidentiality_agreed_at: str = declare("time", "Agreed at")
    individual_informed_by: str = declare("line", "Who tells the individual", searchable=True, search_kind=3)
    rosh_level: str | None = declare("choice", "RoSH level", vocabulary="rosh_levels")
    victim_issues: str = declare("prose", "Victim issues", searchable=True, search_kind=6)
    diversity_issues: str = declare("prose", "Diversity issues", searchable=True, search_kind=7)
    housing_notes: str = declare("prose", "Housing", searchable=True, search_kind=10)
    level_decision: str | None = declare("choice", "Level decision", short="Decision", vocabulary="level_decisions",
                                         releasable=True)
    level_after: int | None = declare("level", "Level after this meeting", short="Level from now", vocabulary="levels",
                                      releasable=True)
    level_rationale: str = declare("prose", "Rationale", searchable=True, search_kind=13)
    review_date: str | None = declare("date", "Review date", releasable=True)
    next_meeting_date: str | None = declare("date", "Next meeting", releasable=True)
    # Restricted patients (guidance 11.20): what the RMO recommends to the tribunal, and the group's position on it.
    tribunal_recommendation: str = declare("choice", "The RMO recommends", vocabulary="tribunal_recommendations",
                                           empty="", releasable=True)
    tribunal_position: str = declare("choice", "MAPPA position on the recommendation", short="This meeting",
                                     vocabulary="tribunal_positions", empty="", releasable=True)
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
