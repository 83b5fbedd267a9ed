"""The record's table of contents: every part of a meeting's record and every field in it, declared once.

Each `Part` is a kind of row (a risk, a scenario, a decision ...) and each `Field` says what every layer needs
to know about one value in it:

- `kind`: what sort of value it is, and so how it is stored, checked and edited:
  "line" (one line of text), "name" (a person's name, a place or a capacity: one line, never spell-checked),
  "prose" (free text, spell-checked), "flag" (yes or no), "number", "seconds", "date" (ISO), "time" (HH:MM),
  "choice" (one word of a closed vocabulary, see `vocabulary`), "level" (a MAPPA level number),
  "agency" (an agency's code in the domain, its row id in storage), "person" (a person in the domain,
  a people row in storage);
- `label`: the words a user sees beside it (the cockpit's form row, a document's label);
- `vocabulary`: for "choice" and "level", the name of its closed vocabulary (`domain.vocabularies`);
- `empty`: what an empty value is (`None` is stored as NULL, "" as an empty string), or `REQUIRED` when the
  field must always hold a value;
- `editable`: whether the cockpit may change it;
- `searchable`: whether the full-text index holds it;
- `releasable`: whether it may ever leave in a release (the Executive Summary, a letter, the projector);
- `column`: the storage column, when it is not the field's name (agencies and people are stored by id);
- `row_key` (derived): what the value is called in a row read for the screen: the column, or `<name>_name` for
  a person field, which the cockpit shows and edits as the person's name.

Storage (columns, saving and loading by name), the cockpit's editor (what may be written, what is NULL when
cleared), the cockpit's references to fields, the interchange JSON Schema and the full-text triggers are all
derived from these declarations. Adding a field to the record is: a migration that adds its column, one line
here, and the template line where a document prints it.
"""

from __future__ import annotations

from dataclasses import dataclass, field as dc_field
from typing import Any

REQUIRED = object()  # `Field.empty` of a field that must always hold a value

_KINDS = frozenset({"line", "name", "prose", "flag", "number", "seconds", "date", "time", "choice", "level",
                    "agency", "person", "uid"})
_DEFAULT_EMPTY = {"line": "", "name": "", "prose": "", "flag": False, "number": 0, "seconds": 0, "date": None,
                  "time": "", "choice": None, "level": None, "agency": None, "person": None, "uid": REQUIRED}


@dataclass(frozen=True)
class Field:
    name: str
    kind: str
    label: str
    vocabulary: str = ""
    empty: Any = "default"  # "default": the kind's usual empty value (_DEFAULT_EMPTY)
    editable: bool = True
    searchable: bool = False
    releasable: bool = False
    column: str = ""

    def __post_init__(self):
        if self.kind not in _KINDS:
            raise ValueError(f"field {self.name}: unknown kind {self.kind!r}")
        if self.kind in ("choice", "level") and not self.vocabulary:
            raise ValueError(f"field {self.name}: a {self.kind} field names its vocabulary")
        if self.empty == "default":
            object.__setattr__(self, "empty", _DEFAULT_EMPTY[self.kind])
        if not self.column:
            stored = f"{self.name}_id" if self.kind in ("agency", "person") else self.name
            object.__setattr__(self, "column", stored)

    @property
    def required(self) -> bool:
        return self.empty is REQUIRED

    @property
    def nullable(self) -> bool:
        """Stored as NULL when empty (dates, choices without an empty word, agencies, people)."""
        return self.empty is None

    @property
    def spell_checked(self) -> bool:
        return self.kind in ("line", "prose")

    @property
    def row_key(self) -> str:
        """What its value is called in a row read for the screen (and in its editor's widget name): the column,
        except a person field, which is shown and edited as the person's name, read as `<name>_name`."""
        return f"{self.name}_name" if self.kind == "person" else self.column


@dataclass(frozen=True)
class Part:
    """A kind of row in the record. `parent` names the part it hangs from ("" for the meeting itself and for
    the individual), through `parent_column`; `order` is how its rows are listed."""

    name: str
    table: str
    label: str
    fields: tuple[Field, ...]
    parent: str = "meeting"
    parent_column: str = "meeting_id"
    order: str = "position"
    children: tuple[str, ...] = ()
    _by_name: dict = dc_field(default_factory=dict, compare=False, hash=False, repr=False)

    def __post_init__(self):
        self._by_name.update({f.name: f for f in self.fields})
        if len(self._by_name) != len(self.fields):
            raise ValueError(f"part {self.name}: a field is declared twice")

    def __getitem__(self, name: str) -> Field:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"{self.name} has no field {name!r}") from None

    def field_by_column(self, column: str) -> Field | None:
        return next((f for f in self.fields if f.column == column), None)

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(f.column for f in self.fields)

    @property
    def editable(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.editable)

    @property
    def searchable(self) -> tuple[Field, ...]:
        return tuple(f for f in self.fields if f.searchable)

    def ref(self, row_id: int, name: str) -> "Ref":
        """A typed reference to one field of one row (what the cockpit edits): fails at once on a name that
        is not declared."""
        return Ref(self, row_id, self[name])


@dataclass(frozen=True)
class Ref:
    """One field of one row of the record."""

    part: Part
    row_id: int
    field: Field

    @property
    def table(self) -> str:
        return self.part.table

    @property
    def column(self) -> str:
        return self.field.column

    @property
    def object_name(self) -> str:
        """The widget name a field's editor carries (tests and the keyboard walk find fields by it):
        `table:id:column`, or `table:id:<name>_name` for a person field (see `Field.row_key`)."""
        return f"{self.part.table}:{self.row_id}:{self.field.row_key}"


def _f(name, kind, label, **kw) -> Field:
    return Field(name, kind, label, **kw)


# -- the individual ---------------------------------------------------------------------------------------------
PERSON = Part("person", "people", "Person", (
    _f("full_name", "name", "Name", empty=REQUIRED),
    _f("role", "line", "Role"),
    _f("rank", "line", "Rank"),
    _f("agency", "agency", "Agency"),
), parent="", parent_column="")

INDIVIDUAL = Part("individual", "individuals", "Individual", (
    _f("family_name", "name", "Family name", empty=REQUIRED, editable=False),
    _f("given_names", "name", "Given names", editable=False),
    _f("date_of_birth", "date", "Date of birth", editable=False),
    _f("visor_ref", "line", "ViSOR reference", empty=None, editable=False),
    _f("category", "level", "Category", vocabulary="categories", empty=REQUIRED, editable=False,
       releasable=True),
    _f("current_level", "level", "Current level", vocabulary="levels", empty=REQUIRED, editable=False,
       releasable=True),
    _f("lead_agency", "agency", "Lead agency", editable=False, releasable=True),
    _f("rosh_level", "choice", "Risk of serious harm", vocabulary="rosh_levels", editable=False),
    _f("olr", "flag", "Order for lifelong restriction", editable=False),
    _f("restricted_patient_order", "choice", "Restricted patient order", vocabulary="restricted_patient_orders",
       empty="", editable=False),
    _f("notes", "prose", "Notes", editable=False),
), parent="", parent_column="")

ORDER = Part("order", "orders", "Order or condition", (
    _f("kind", "choice", "Order", vocabulary="order_kinds", empty=REQUIRED, editable=False),
    _f("description", "line", "Description", editable=False),
    _f("start_date", "date", "From", editable=False),
    _f("end_date", "date", "Until", editable=False),
), parent="individual", parent_column="individual_id")

# -- the meeting ------------------------------------------------------------------------------------------------
MEETING = Part("meeting", "meetings", "Meeting", (
    _f("kind", "choice", "Meeting", vocabulary="meeting_kinds", empty=REQUIRED, editable=False, releasable=True),
    _f("level", "level", "Level", vocabulary="meeting_levels", empty=REQUIRED, editable=False, releasable=True),
    _f("meeting_date", "date", "Date", empty=REQUIRED, editable=False, releasable=True),
    _f("start_time", "time", "Started"),
    _f("end_time", "time", "Ended"),
    _f("location", "name", "Place", searchable=True),
    _f("chair", "person", "Chair", editable=False, releasable=True),
    _f("minute_taker", "person", "Minute taker", editable=False),
    _f("coordinator", "person", "MAPPA co-ordinator", releasable=True),
    _f("lead_agency", "agency", "Lead agency", editable=False, releasable=True),
    _f("status", "choice", "Status", vocabulary="meeting_statuses", empty=REQUIRED),
    _f("confidentiality_agreed", "flag", "Confidentiality statement agreed by everyone present"),
    _f("confidentiality_agreed_at", "time", "Agreed at"),
    _f("individual_informed_by", "line", "Who tells the individual", searchable=True),
    _f("rosh_level", "choice", "RoSH level", vocabulary="rosh_levels"),
    _f("victim_issues", "prose", "Victim issues", searchable=True),
    _f("diversity_issues", "prose", "Diversity issues", searchable=True),
    _f("housing_notes", "prose", "Housing", searchable=True),
    _f("level_decision", "choice", "Decision", vocabulary="level_decisions", releasable=True),
    _f("level_after", "level", "Level from now", vocabulary="levels", releasable=True),
    _f("level_rationale", "prose", "Rationale", searchable=True),
    _f("review_date", "date", "Review date", releasable=True),
    _f("next_meeting_date", "date", "Next meeting", releasable=True),
    _f("tribunal_recommendation", "choice", "The RMO recommends", vocabulary="tribunal_recommendations",
       empty=""),
    _f("tribunal_position", "choice", "This meeting", vocabulary="tribunal_positions", empty=""),
), parent="", parent_column="")

ATTENDANCE = Part("attendance", "attendance", "Attendance", (
    _f("agency", "agency", "Agency", releasable=True),
    _f("person", "person", "Name"),
    _f("capacity", "name", "Designation"),
    _f("status", "choice", "Attendance", vocabulary="attendance_statuses", empty=REQUIRED),
    _f("arrived_at", "time", "Arrived"),
    _f("left_at", "time", "Left"),
    _f("report_received", "flag", "Written report received"),
    _f("limitation", "prose", "Limitation", searchable=True),
    _f("confidentiality_agreed", "flag", "Agreed to confidentiality"),
))

AGENDA_ITEM = Part("agenda_item", "agenda_items", "Agenda step", (
    _f("step_key", "line", "Step", empty=REQUIRED, editable=False),
    _f("title", "line", "Title", empty=REQUIRED, editable=False),
    _f("state", "choice", "State", vocabulary="agenda_states", empty=REQUIRED),
    _f("skip_reason", "prose", "Why skipped"),
    _f("allocated_seconds", "seconds", "Time allowed"),
    _f("seconds_spent", "seconds", "Time spent"),
))

INFORMATION_ITEM = Part("information_item", "information_items", "Information shared", (
    _f("text", "prose", "Information", empty=REQUIRED, searchable=True),
    _f("source_agency", "agency", "From"),
    _f("shareable", "flag", "May be shared beyond this meeting"),
))

SCENARIO = Part("scenario", "risk_scenarios", "Risk scenario", (
    _f("context", "prose", "Context", searchable=True),
    _f("what", "prose", "What", searchable=True),
    _f("who_at_risk", "prose", "Who is at risk", searchable=True),
    _f("when_likely", "prose", "When", searchable=True),
    _f("how", "prose", "How", searchable=True),
    _f("why", "prose", "Why", searchable=True),
    _f("seriousness", "choice", "Seriousness", vocabulary="rosh_levels"),
), parent="risk", parent_column="risk_id")

RISK = Part("risk", "risks", "Risk", (
    _f("number", "number", "Risk", empty=REQUIRED, editable=False),
    _f("kind", "line", "Risk of", searchable=True),
    _f("description", "prose", "Description", searchable=True),
    _f("strategy_rationale", "prose", "Why this strategy", searchable=True),
), order="number", children=("scenario",))

MEASURE = Part("measure", "rmp_measures", "Risk management measure", (
    _f("heading", "choice", "Heading", vocabulary="rmp_headings", empty=REQUIRED),
    _f("description", "prose", "Measure", empty=REQUIRED, searchable=True),
    _f("agency", "agency", "Agency"),
    _f("person_name", "name", "Person", searchable=True),
    _f("timescale", "line", "By", searchable=True),
))

CONTINGENCY = Part("contingency", "contingencies", "Contingency", (
    _f("trigger", "prose", "If", empty=REQUIRED, searchable=True),
    _f("response", "prose", "Then", empty=REQUIRED, searchable=True),
    _f("agency", "agency", "Agency"),
    _f("person_name", "name", "Person", searchable=True),
))

POSITION = Part("position", "decision_positions", "Agency position", (
    _f("agency", "agency", "Agency", empty=REQUIRED),
    _f("stance", "choice", "Position", vocabulary="stances", empty=REQUIRED),
    _f("reason", "prose", "Reason", searchable=True),
), parent="decision", parent_column="decision_id")

OPTION_NOT_TAKEN = Part("option_not_taken", "options_not_taken", "Option not taken", (
    _f("option_text", "prose", "Option", empty=REQUIRED, searchable=True),
    _f("reason", "prose", "Why not", empty=REQUIRED, searchable=True),
), parent="decision", parent_column="decision_id")

DECISION = Part("decision", "decisions", "Decision", (
    _f("question", "prose", "Question", empty=REQUIRED, searchable=True),
    _f("options_considered", "prose", "Options", searchable=True),
    _f("outcome", "choice", "Outcome", vocabulary="decision_outcomes", empty=REQUIRED),
    _f("decision_text", "prose", "Decision", searchable=True),
    _f("rationale", "prose", "Reasons", searchable=True),
    _f("how_proceeded", "prose", "How the meeting proceeds", searchable=True),
), children=("position", "option_not_taken"))

DISCLOSURE = Part("disclosure", "disclosures", "Disclosure", (
    _f("made", "flag", "Disclosure to be made", empty=REQUIRED),
    _f("to_whom", "name", "To whom", searchable=True),
    _f("what", "prose", "What", searchable=True),
    _f("by_agency", "agency", "By agency"),
    _f("by_person", "name", "By whom", searchable=True),
    _f("by_when", "date", "By when"),
    _f("reason_not_made", "prose", "If not, why not", searchable=True),
))

ACTION = Part("action", "actions", "Action", (
    _f("description", "prose", "What", empty=REQUIRED, searchable=True, releasable=True),
    _f("person_name", "name", "Person", searchable=True, releasable=True),
    _f("agency", "agency", "Agency", releasable=True),
    _f("due_date", "date", "Due", releasable=True),
    _f("status", "choice", "Status", vocabulary="action_statuses", empty=REQUIRED, releasable=True),
    _f("outcome", "choice", "Outcome", vocabulary="action_outcomes", releasable=True),
    _f("outcome_note", "prose", "Note", searchable=True),
))

# The meeting's rows, in the order the Minute tells them.
MEETING_PARTS: tuple[Part, ...] = (MEETING, ATTENDANCE, AGENDA_ITEM, INFORMATION_ITEM, RISK, SCENARIO, MEASURE,
                                   CONTINGENCY, DECISION, POSITION, OPTION_NOT_TAKEN, DISCLOSURE, ACTION)
PARTS: tuple[Part, ...] = (PERSON, INDIVIDUAL, ORDER) + MEETING_PARTS
BY_NAME: dict[str, Part] = {p.name: p for p in PARTS}
BY_TABLE: dict[str, Part] = {p.table: p for p in PARTS}


def part_of_table(table: str) -> Part:
    try:
        return BY_TABLE[table]
    except KeyError:
        raise KeyError(f"no part of the record is stored in {table!r}") from None
