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
    full_name: str = declare("name", "Name", empty=REQUIRED,
                             help="The person's full name, as it appears in the minute.")
    role: str = declare("line", "Role",
                        help='Their job or role, e.g. "MAPPA Co-ordinator"; empty if not recorded.')
    rank: str = declare("line", "Rank",
                        help="Police rank or grade, where one is used; empty if none.")
    agency: str | None = declare("agency", "Agency",
                                 help="Code of the agency they work for, or null if none is recorded.")
    uid: str = field(default_factory=new_uid)


@dataclass
class Order:
    kind: str = declare("choice", "Order", vocabulary="order_kinds", empty=REQUIRED,
                        help="The kind of order or requirement (e.g. SHPO, SRO, licence).")
    description: str = declare("line", "Description",
                               help="Description of the order, e.g. the court, date made and its terms.")
    start_date: str | None = declare("date", "From",
                                     help="Date the order began (YYYY-MM-DD), or null if not known.")
    end_date: str | None = declare("date", "Until",
                                   help=("Date the order ends (YYYY-MM-DD), or null if it has no end date or it is not"
                                         " known."))
    conditions: list[str] = field(default_factory=list)


@dataclass
class Individual:
    """The individual's details are edited through services/individuals.py (audited); `editable` here says which
    of them that edit may change. The current level is the referral's and is left as it is: each meeting records
    its own level."""

    family_name: str = declare("name", "Family name", empty=REQUIRED, releasable=True,
                               help="Family name (surname). Must not be empty.")
    category: int = declare("level", "Category", vocabulary="categories", empty=REQUIRED,
                            releasable=True,
                            help=("MAPPA category: 1 registered sex offender, 2 restricted patient, 3 other risk of "
                                  "serious harm."))
    current_level: int = declare("level", "Current level", vocabulary="levels", empty=REQUIRED, editable=False,
                                 releasable=True,
                                 help="Current MAPPA management level: 1, 2 or 3.")
    given_names: str = declare("name", "Given names", releasable=True,
                               help="Given names (forenames); empty if not known.")
    # Document 9, the reply to a request for the Minute, names the individual by date of birth and address.
    date_of_birth: str | None = declare("date", "Date of birth", releasable=True,
                                        help="Date of birth (YYYY-MM-DD), or null if not known.")
    visor_ref: str | None = declare("line", "ViSOR reference", empty=None, releasable=True,
                                    help="ViSOR reference, or null if there is none. Never an empty string.")
    lead_agency: str | None = declare("agency", "Lead agency", releasable=True,
                                      help="Code of the lead agency for this individual, or null if not yet decided.")
    rosh_level: str | None = declare("choice", "Risk of serious harm", vocabulary="rosh_levels",
                                     help=("Risk of serious harm (RoSH) level from the latest assessment, or null if "
                                           "not assessed."))
    olr: bool = declare("flag", "Order for lifelong restriction",
                        help="True if the individual is subject to an order for lifelong restriction (OLR).")
    restricted_patient_order: str = declare("choice", "Restricted patient order",
                                            vocabulary="restricted_patient_orders", empty="",
                                            help=("For a restricted patient (category 2), the order or direction they "
                                                  "are subject to; empty string if none."))
    notes: str = declare("prose", "Notes",
                         help="General notes about the individual.")
    aliases: list[str] = field(default_factory=list)
    orders: list[Order] = field(default_factory=list)
    uid: str = field(default_factory=new_uid)
    # Schema 0013, interchange version 4: the individual as the MAPPA Minute's individual section asks.
    address: str = declare("prose", "Current address", since=4, releasable=True,
                           help="The individual's current address, as known to the agencies; empty if not recorded.")
    gender: str = declare("line", "Gender", since=4,
                          help="The individual's gender as they state it; empty if not recorded.")
    ethnicity: str = declare("line", "Ethnicity", since=4,
                             help="The individual's ethnicity as they state it; empty if not recorded.")
    agency_references: str = declare("line", "Agency references", since=4,
                                     help=('Each agency\'s own reference for the individual, e.g. "Police: ...; '
                                           'JSW: ..."; empty if none is recorded.'))
    case_manager: str = declare("name", "Case manager", since=4,
                                help="Name of the individual's case manager in the lead agency; empty if not named.")
    custody_status: str | None = declare("choice", "Custody status", vocabulary="custody_statuses", since=4,
                                         help=("Whether the individual is in the community, in custody (on remand or "
                                               "serving a sentence) or in hospital; null if not recorded."))
    expected_release: str | None = declare("date", "Expected release", since=4,
                                           help=("Date the individual is expected to be released from custody or "
                                                 "hospital (YYYY-MM-DD), or null if not known."))
    index_offences: str = declare("prose", "Index offence(s)", since=4,
                                  help="The offence or offences for which the individual is managed under MAPPA.")
    rmo: str = declare("name", "Responsible Medical Officer", since=4,
                       help="For a restricted patient, the name of their Responsible Medical Officer (RMO).")
    hospital: str = declare("line", "Hospital", since=4,
                            help="For a restricted patient, the hospital where they are detained or treated.")
    cpa: str = declare("line", "Care Programme Approach", since=4,
                       help="For a restricted patient, their Care Programme Approach (CPA) arrangements or reference.")
    lead_agency_since: str | None = declare("date", "Lead agency since", since=4,
                                            help=("Date the lead agency took over the individual's management "
                                                  "(YYYY-MM-DD), or null if not recorded."))

    @property
    def display_name(self) -> str:
        return f"{self.given_names} {self.family_name}".strip()


@dataclass
class Attendance:
    status: str = declare("choice", "Attendance", vocabulary="attendance_statuses", empty=REQUIRED,
                          help="Whether they were invited (not yet known), present, gave apologies or did not attend.")
    agency: str | None = declare("agency", "Agency", releasable=True,
                                 help="Code of the agency represented, or null if they attend for no agency.")
    person: Person | None = declare("person", "Name",
                                    help="The person attending or invited, or null where only the agency is known.")
    capacity: str = declare("name", "Designation",
                            help='The capacity in which they attend, e.g. "Lead officer"; empty if not recorded.')
    arrived_at: str = declare("time", "Arrived",
                              help="Time they arrived (HH:MM), or empty if there from the start or not recorded.")
    left_at: str = declare("time", "Left",
                           help="Time they left (HH:MM), or empty if there to the end or not recorded.")
    report_received: bool = declare("flag", "Written report received",
                                    help=("True if the agency sent a written report (the question matters when it was "
                                          "absent)."))
    limitation: str = declare("prose", "Limitation", searchable=True,
                              help=("Any limitation on the assessment or plan because this agency was absent or sent "
                                    "no report."))
    confidentiality_agreed: bool = declare("flag", "Agreed to confidentiality", short="Agreed",
                                           help="True if they agreed the confidentiality statement.")
    # issue 17 item 2: the organisation behind the agency (5A row 5)
    organisation: str = declare("name", "Organisation", since=4,
                                help=("The name of the organisation behind the agency they represent, e.g. a named "
                                      "women's aid group for a domestic abuse service; empty if not recorded."))


@dataclass
class AgendaItem:
    step_key: str = declare("line", "Step", empty=REQUIRED, editable=False,
                            help='Key of the step in the meeting template, e.g. "introductions".')
    title: str = declare("line", "Title", empty=REQUIRED, editable=False,
                         help="The item's heading as shown to the meeting.")
    state: str = declare("choice", "State", vocabulary="agenda_states", empty=REQUIRED, default="not_started",
                         help="Whether the item was not started, in progress, done or skipped.")
    skip_reason: str = declare("prose", "Why skipped",
                               help="Why the item was skipped; empty unless it was.")
    allocated_seconds: int = declare("seconds", "Time allowed",
                                     help="Time allowed for the item, in seconds; 0 if none was set.")
    seconds_spent: int = declare("seconds", "Time spent",
                                 help="Time actually spent on the item, in seconds.")
    # issue 17 item 2: the chair's summary and the discussion at each step (meeting audit 3, guidance 11.12).
    summary: str = declare("prose", "Chair's summary", searchable=True, since=4,
                           help="The chair's summary of this step, as given to the meeting; empty if none.")
    discussion: str = declare("prose", "Discussion", searchable=True, since=4,
                              help="The discussion at this step, as minuted; empty if none.")


@dataclass
class InformationItem:
    text: str = declare("prose", "Information", empty=REQUIRED, searchable=True, releasable=True,
                        help="The information shared, as minuted.")  # when shareable
    # releasable: the Executive Summary names the source of a shareable item, unless the jurisdiction marks the
    # agency never to be named in a release (issue 18 item 4)
    source_agency: str | None = declare("agency", "From", releasable=True,
                                        help="Code of the agency that shared it, or null if not recorded.")
    shareable: bool = declare("flag", "May be shared beyond this meeting",
                              help=("True if it may appear in the releasable executive summary; false keeps it to the "
                                    "full minute."))


@dataclass
class RiskScenario:
    context: str = declare("prose", "Context", searchable=True,
                           help="The setting or circumstances in which the harm could happen.")
    what: str = declare("prose", "What", searchable=True,
                        help="What harm could happen.")
    who_at_risk: str = declare("prose", "Who is at risk", searchable=True,
                               help="Who would be harmed: victims and potential victims.")
    when_likely: str = declare("prose", "When", searchable=True,
                               help="When it is most likely, e.g. warning signs, times or events.")
    how: str = declare("prose", "How", searchable=True,
                       help="How it would come about.")
    why: str = declare("prose", "Why", searchable=True,
                       help="Why the individual would act in this way (motivation, drivers).")
    seriousness: str | None = declare("choice", "Seriousness", vocabulary="rosh_levels",
                                      help="Likely seriousness of the harm if it happened, or null if not assessed.")


@dataclass
class Risk:
    number: int = declare("number", "Risk", empty=REQUIRED, editable=False,
                          help=("Number of the risk in this plan (1, 2, 3 ...); unique within the plan. RMP measures "
                                "refer to risks by this number."))
    kind: str = declare("line", "Risk of", searchable=True,
                        help='The kind of risk, e.g. "Sexual offending", "Domestic abuse", "Stalking".')
    description: str = declare("prose", "Description", searchable=True,
                               help="Description of the risk.")
    strategy_rationale: str = declare("prose", "Why this strategy", searchable=True,
                                      help="The rationale for the strategy chosen to manage this risk.")
    scenarios: list[RiskScenario] = field(default_factory=list)


@dataclass
class RmpMeasure:
    heading: str = declare("choice", "Heading", vocabulary="rmp_headings", empty=REQUIRED,
                           help=("RMP heading: supervision, monitoring and control, interventions and treatment, or "
                                 "victim safety planning."))
    description: str = declare("prose", "Measure", empty=REQUIRED, searchable=True,
                               help="What will be done.")
    agency: str | None = declare("agency", "Agency",
                                 help="Code of the agency responsible, or null if not assigned.")
    person_name: str = declare("name", "Person", searchable=True,
                               help="Name of the person responsible; empty if not named.")
    timescale: str = declare("line", "By", searchable=True,
                             help='When or how often, e.g. "Weekly" or "By 31 January"; empty if not set.')
    risk_numbers: list[int] = field(default_factory=list)
    frequency: str = declare("line", "Frequency", panel="rmp", since=3,
                             help='How often the measure is carried out, e.g. "Weekly"; empty if not set.')
    start_date: str | None = declare("date", "Start date", panel="rmp", since=3,
                                     help="The date the measure starts (YYYY-MM-DD), or null if not recorded.")
    review_date: str | None = declare(
        "date", "Review date", panel="rmp", since=3,
        help="The date the measure is next reviewed (YYYY-MM-DD), or null if not recorded.")


@dataclass
class Contingency:
    trigger: str = declare("prose", "If", empty=REQUIRED, searchable=True,
                           help="The early warning sign or trigger.")
    response: str = declare("prose", "Then", empty=REQUIRED, searchable=True,
                            help="What will be done if it happens.")
    agency: str | None = declare("agency", "Agency",
                                 help="Code of the agency that will act, or null if not assigned.")
    person_name: str = declare("name", "Person", searchable=True,
                               help="Name of the person who will act; empty if not named.")
    contact: str = declare("line", "Contact", panel="rmp", since=3,
                           help='Who to contact if it happens, e.g. a duty number; empty if not recorded.')


@dataclass
class Position:
    agency: str = declare("agency", "Agency", empty=REQUIRED,
                          help="Code of the agency whose view this is.")
    stance: str = declare("choice", "Position", vocabulary="stances", empty=REQUIRED,
                          help="The agency's view: agree, disagree or abstain.")
    reason: str = declare("prose", "Reason", searchable=True,
                          help="The agency's reason, above all when it disagreed.")


@dataclass
class OptionNotTaken:
    option_text: str = declare("prose", "Option", empty=REQUIRED, searchable=True,
                               help="The course of action considered, e.g. disclosure to a third party.")
    reason: str = declare("prose", "Why not", empty=REQUIRED, searchable=True,
                          help="Why it was not taken.")


@dataclass
class Decision:
    question: str = declare("prose", "Question", empty=REQUIRED, searchable=True,
                            help="The question the meeting had to decide.")
    outcome: str = declare("choice", "Outcome", vocabulary="decision_outcomes", empty=REQUIRED,
                           help="Consensus, decided with recorded dissent, or deferred.")
    options_considered: str = declare("prose", "Options considered", short="Options", searchable=True,
                                      help="The options discussed, with the reasons for and against.")
    decision_text: str = declare("prose", "Decision", searchable=True,
                                 help="What was decided.")
    rationale: str = declare("prose", "Reasons for the decision", short="Reasons", searchable=True,
                             help="Why it was decided.")
    how_proceeded: str = declare("prose", "How the meeting proceeds", searchable=True,
                                 help="Where there was dissent, how the meeting agreed to proceed.")
    positions: list[Position] = field(default_factory=list)
    options_not_taken: list[OptionNotTaken] = field(default_factory=list)


@dataclass
class Disclosure:
    made: bool = declare("flag", "Disclosure to be made", empty=REQUIRED,
                         help="True if disclosure is to be made; false if it was considered and not made.")
    to_whom: str = declare("name", "To whom", searchable=True,
                           help="To whom the disclosure is (or would have been) made.")
    what: str = declare("prose", "What", searchable=True,
                        help="What is to be disclosed.")
    by_agency: str | None = declare("agency", "By agency",
                                    help="Code of the agency making the disclosure, or null.")
    by_person: str = declare("name", "By whom", searchable=True,
                             help="Name of the person making the disclosure; empty if not named.")
    by_when: str | None = declare("date", "By when",
                                  help="Date by which disclosure is to be made (YYYY-MM-DD), or null.")
    reason_not_made: str = declare("prose", "Why no disclosure is made", short="If not, why not", searchable=True,
                                   help="Why disclosure is not being made; empty if it is.")
    route: str | None = declare(
        "choice", "Route", vocabulary="disclosure_routes", panel="disclosure", since=3,
        help=("How the disclosure is made in law: a code of the jurisdiction's disclosure routes (e.g. self-disclosure"
              " by the individual, a police disclosure in the public interest), or null if not recorded."))
    route_detail: str = declare(
        "line", "Route details", searchable=True, panel="disclosure", since=3,
        help="The route in the meeting's words where it is another, or how it is made (e.g. in person); may be empty.")
    individual_told: bool = declare(
        "flag", "The individual is told of the disclosure", panel="disclosure", since=3,
        help="True if the individual is to be told of the disclosure; false if not, or not recorded.")
    individual_told_by: str = declare(
        "name", "Who tells the individual of the disclosure", searchable=True, panel="disclosure", since=3,
        help="Who tells the individual of the disclosure; empty if not named.")


@dataclass
class Action:
    description: str = declare("prose", "Action", short="What", empty=REQUIRED, searchable=True, releasable=True,
                               help="What is to be done.")
    person_name: str = declare("name", "Person", searchable=True, releasable=True,
                               help="Who will do it; empty if not named.")
    agency: str | None = declare("agency", "Agency", releasable=True,
                                 help="Code of the agency responsible, or null.")
    due_date: str | None = declare("date", "Due", releasable=True,
                                   help="Date by which it is to be done (YYYY-MM-DD), or null.")
    status: str = declare("choice", "Status", vocabulary="action_statuses", empty=REQUIRED, default="open",
                          releasable=True,
                          help=("Open or closed: open until a review records its outcome (and while it is ongoing), "
                                "closed once done or not done."))
    outcome: str | None = declare("choice", "Outcome", vocabulary="action_outcomes", releasable=True,
                                  help=("Outcome recorded at the review meeting: done, ongoing, not done because "
                                        "circumstances changed, or not done by the agency; null until reviewed."))
    outcome_note: str = declare("prose", "Outcome note", short="Note", searchable=True,
                                help="Comment on the outcome, e.g. why it was not done.")
    # issue 17 item 2: the action's number in its meeting, and the action it was carried forward from.
    number: int = declare("number", "No.", editable=False, since=4,
                          help=("Number of the action in its meeting (1, 2, 3 ... in the order made); never reused "
                                "or changed when another action is removed. A file of an earlier version, made "
                                "before actions were numbered, has its actions numbered in the order listed."))
    carried_from_uid: str | None = declare(
        "uid", "Carried forward from", empty=None, editable=False, since=4,
        help=("The uid of the previous meeting's action this one was carried forward from, or null if it was not "
              "carried forward."))
    uid: str = field(default_factory=new_uid)


@dataclass
class ProtectedPerson:
    """issue 18 item 4: a person or place the record protects: never named in anything that leaves the Minute and
    RMP (domain/protect.py masks every mention of it, in any form)."""

    name: str = declare("name", "Name or place", empty=REQUIRED,
                        help=("The person's name or the place (an address, a school, a workplace) as it is written "
                              "in the record, e.g. \"Dawn Keilloch\" or \"4 Kirk Wynd\"."))
    kind: str | None = declare("choice", "Who or what", vocabulary="protected_kinds",
                               help=("What it is: victim, potential_victim, child, partner, address, school, "
                                     "workplace or other; null if not recorded (then masked as a person's name, "
                                     "the strictest)."))
    other_forms: str = declare("name", "Other forms",
                               help=("Other ways it is written (a nickname, a short form, a former name), separated "
                                     "by semicolons; empty if none."))


@dataclass
class Circulation:
    """issue 17 item 2: one line of the Minute's circulation list: who received which document, when."""

    recipient: str = declare("name", "Recipient", empty=REQUIRED,
                             help="The name of the person the document was sent to.")
    agency: str | None = declare("agency", "Agency",
                                 help="Code of the recipient's agency, or null if none is recorded.")
    organisation: str = declare("name", "Organisation",
                                help=("The name of the recipient's organisation where it is not the agency's; may "
                                      "be empty."))
    document: str = declare("line", "Document",
                            help=('Which document and version was sent, e.g. "Minute, version 2"; empty if not '
                                  'recorded.'))
    sent_date: str | None = declare("date", "Date sent",
                                    help="The date it was sent (YYYY-MM-DD), or null if not recorded.")


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
                        releasable=True,
                        help="Initial or review meeting.")
    level: int = declare("level", "Level", vocabulary="meeting_levels", empty=REQUIRED, editable=False,
                         releasable=True,
                         help="The level at which the meeting is held: 2 or 3 (MAPPP).")
    meeting_date: str = declare("date", "Date", empty=REQUIRED, editable=False, releasable=True,
                                help="Date of the meeting (YYYY-MM-DD).")
    start_time: str = declare("time", "Started",
                              help="Time the meeting started (HH:MM), or empty if not recorded.")
    end_time: str = declare("time", "Ended",
                            help="Time the meeting ended (HH:MM), or empty if not recorded.")
    location: str = declare("name", "Place", searchable=True, search_kind=1,
                            help='Where the meeting was held, e.g. a room or "Video call"; empty if not recorded.')
    chair: Person | None = declare("person", "Chair", editable=False, releasable=True,
                                   help="The chair, or null if not recorded.")
    minute_taker: Person | None = declare("person", "Minute taker", editable=False,
                                          help="The minute-taker, or null if not recorded.")
    coordinator: Person | None = declare("person", "MAPPA co-ordinator", releasable=True,
                                         help="The MAPPA Co-ordinator, or null if not recorded.")
    lead_agency: str | None = declare("agency", "Lead agency", editable=False, releasable=True,
                                      help="Code of the lead agency for this meeting, or null.")
    status: str = declare("choice", "Status", vocabulary="meeting_statuses", empty=REQUIRED, default="planned",
                          help=("Where the meeting and its minute stand: planned, in progress, held, draft minute, "
                                "cleared by chair, circulated for comment, final, or cancelled."))
    confidentiality_agreed: bool = declare("flag", "Confidentiality statement agreed by everyone present",
                                           help=("True if everyone present agreed the confidentiality statement at the"
                                                 " start."))
    confidentiality_agreed_at: str = declare("time", "Agreed at",
                                             help="Time the confidentiality statement was agreed (HH:MM), or empty.")
    individual_informed_by: str = declare("line", "Who tells the individual", searchable=True, search_kind=3,
                                          help=("Who is to tell the individual about the meeting and its outcome, e.g."
                                                " the lead officer; empty if not recorded."))
    rosh_level: str | None = declare("choice", "RoSH level", vocabulary="rosh_levels",
                                     help="Risk of serious harm (RoSH) level agreed at this meeting, or null.")
    victim_issues: str = declare("prose", "Victim issues", searchable=True, search_kind=6,
                                 help="Victim and potential victim issues considered.")
    diversity_issues: str = declare("prose", "Diversity issues", searchable=True, search_kind=7,
                                    help="Diversity issues considered.")
    housing_notes: str = declare("prose", "Housing", searchable=True, search_kind=10,
                                 help="Housing, including the suitability of environmentally risk-assessed properties.")
    level_decision: str | None = declare("choice", "Level decision", short="Decision", vocabulary="level_decisions",
                                         releasable=True,
                                         help=("Level decision: increase, maintain, decrease, or exit MAPPA; null if "
                                               "not yet made."))
    level_after: int | None = declare("level", "Level after this meeting", short="Level from now", vocabulary="levels",
                                      releasable=True,
                                      help=("The MAPPA level after this meeting (1, 2 or 3), or null if not yet "
                                            "decided (also null on exit)."))
    level_effective_date: str | None = declare(
        "date", "Level decision takes effect", panel="level", since=2, releasable=True,  # the summary's outcome
        help="The date the level decided at this meeting takes effect (YYYY-MM-DD), or null if not recorded.")
    level_rationale: str = declare("prose", "Rationale", searchable=True, search_kind=13,
                                   help="The reasons for the level decision.")
    review_date: str | None = declare("date", "Review date", releasable=True,
                                      help="Formal review date of the risk management plan (YYYY-MM-DD), or null.")
    next_meeting_date: str | None = declare("date", "Next meeting", releasable=True,
                                            help="Date of the next meeting (YYYY-MM-DD), or null if none is set.")
    # Restricted patients (guidance 11.20): what the RMO recommends to the tribunal, and the group's position on it.
    tribunal_recommendation: str = declare("choice", "The RMO recommends", vocabulary="tribunal_recommendations",
                                           empty="", releasable=True,
                                           help=("Restricted patients: what the Responsible Medical Officer recommends"
                                                 " to a Mental Health Tribunal (guidance 11.20); empty when there is "
                                                 "none."))
    tribunal_position: str = declare("choice", "MAPPA position on the recommendation", short="This meeting",
                                     vocabulary="tribunal_positions", empty="", releasable=True,
                                     help="The MAPPA group's position on that recommendation; empty when not stated.")
    # The risk management plan as national documents 6 and 7B ask: part A (the assessment) and the plan's frame.
    basis_of_assessment: str = declare(
        "prose", "Basis of assessment", panel="rmp", since=3,
        help="The key documents and sources, historical and current, the risk assessment is based on.")
    risk_formulation: str = declare(
        "prose", "Risk formulation", panel="rmp", since=3,
        help="The formulation of the risk: its nature, severity, imminence, frequency and likelihood.")
    risk_factors: str = declare("prose", "Risk factors", panel="rmp", since=3,
                                help="The relevant and critical risk factors identified.")
    protective_factors: str = declare("prose", "Protective factors", panel="rmp", since=3,
                                      help="The protective factors identified.")
    plan_context: str = declare("prose", "Context and timeframe of the plan", panel="rmp", since=3,
                                help="The context or contexts (e.g. community, custody, hospital) and the timeframe "
                                     "the plan covers.")
    exit_strategy: str = declare("prose", "Exit strategy", panel="rmp", since=3,
                                 help="The point at which the individual is expected to leave multi-agency "
                                      "management, and how.")
    plan_agreement: str | None = declare(
        # releasable: document 10 (the Executive Summary) names whether the plan was agreed (official-documents 1.4).
        "choice", "Agreement of the plan", vocabulary="plan_agreements", panel="rmp", since=3, releasable=True,
        help=("Whether the meeting agreed the plan, agreed it with amendments, or did not agree it, as the chair "
              "recorded; null if not recorded."))
    disclosure_considered: str | None = declare(
        "choice", "Disclosure considered", vocabulary="disclosure_considerations", panel="disclosure", since=3,
        help=("Whether the meeting considered disclosure to a third party: none_needed (considered, no disclosure is "
              "needed, for the reason given), recorded (the decisions are the disclosures listed), or null if not yet "
              "considered."))
    disclosure_none_reason: str = declare(
        "prose", "Why no disclosure is needed", searchable=True, search_kind=16, panel="disclosure", since=3,
        help="Why the meeting decided no disclosure is needed, where it so decided; empty otherwise.")
    # issue 17 item 3: the plan's version and sign-off (RMP 6/7B)
    plan_version: str = declare("line", "Version of the plan", panel="rmp", since=4,
                                help='The version of the risk management plan, as the lead agency numbers it (e.g. '
                                     '"3"); empty if not recorded.')
    plan_signed_off_by: str = declare("name", "Plan signed off by", panel="rmp", since=4,
                                      help="The name of the person who signed the plan off; empty if not recorded.")
    plan_signed_off_role: str = declare("line", "Role of who signed the plan off", panel="rmp", since=4,
                                        help='Their MAPPA role or post, e.g. "MAPPA Chair"; empty if not recorded.')
    plan_signed_off_date: str | None = declare("date", "Plan signed off on", panel="rmp", since=4,
                                               help="The date the plan was signed off (YYYY-MM-DD), or null if not "
                                                    "recorded.")
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
    # issue 17 item 2: the meeting as national document 5A asks (purposes, emergency, the meeting reviewed,
    # approval and circulation).
    purposes: str = declare(
        "choices", "Purposes of the meeting", vocabulary="meeting_purposes", since=4,
        help=("The standard purposes of the meeting the chair ticked, as codes of the jurisdiction's meeting "
              "purposes separated by commas, in the vocabulary's order; empty if none was ticked."))
    purpose_other: str = declare("prose", "Other purpose", since=4,
                                 help="Any other purpose of the meeting, in the chair's words; empty if none.")
    emergency: bool = declare("flag", "Emergency meeting", since=4,
                              help="True if the meeting was called as an emergency meeting.")
    reviewed_meeting_date: str | None = declare(
        "date", "Date of the meeting reviewed", since=4,
        help=("For a review whose previous meeting is not in the vault (e.g. it was minuted on paper), the date of "
              "the meeting it reviews (YYYY-MM-DD) as the chair recorded it; null otherwise."))
    reviewed_meeting_level: int | None = declare(
        "level", "Level of the meeting reviewed", vocabulary="meeting_levels", since=4,
        help=("For a review whose previous meeting is not in the vault, the level of the meeting it reviews as the "
              "chair recorded it; null otherwise."))
    approved_date: str | None = declare("date", "Date the Minute was approved", since=4,
                                        help="The date the chair approved the Minute (YYYY-MM-DD), or null.")
    circulation: list[Circulation] = field(default_factory=list)
    # issue 18 item 4: the people and places protected from release
    protected_persons: list[ProtectedPerson] = field(default_factory=list)
