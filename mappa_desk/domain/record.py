"""The record's table of contents: every part of a meeting's record, its table and where it hangs.

Each `Part` is a kind of row (a risk, a scenario, a decision ...); its fields are declared once, on the domain's
dataclasses in domain/model.py (`declare(kind, label, ...)`), and each `Field` says what every layer needs to
know about one value:

- `kind`: what sort of value it is, and so how it is stored, checked and edited:
  "line" (one line of text), "name" (a person's name, a place or a capacity: one line, never spell-checked),
  "prose" (free text, spell-checked), "flag" (yes or no), "number", "seconds", "date" (ISO), "time" (HH:MM),
  "choice" (one word of a closed vocabulary, see `vocabulary`), "choices" (any of a closed vocabulary's words,
  stored as their codes separated by commas in the vocabulary's order, "" for none), "level" (a MAPPA level number),
  "agency" (an agency's code in the domain, its row id in storage), "person" (a person in the domain,
  a people row in storage);
- `label`: the words that name it on their own (a document's label, a refusal's sentence);
- `short`: shorter words for where its group already names the subject (the cockpit's form row), if any;
- `vocabulary`: for "choice" and "level", the name of its closed vocabulary (`domain.vocabularies`);
- `empty`: what an empty value is (`None` is stored as NULL, "" as an empty string), or `REQUIRED` when the
  field must always hold a value;
- `editable`: whether the cockpit may change it;
- `searchable`: whether the full-text index holds it;
- `releasable`: whether it may ever leave in a release (the Executive Summary, a letter, the projector);
- `column`: the storage column, when it is not the field's name (agencies and people are stored by id);
- `row_key` (derived): what the value is called in a row read for the screen: the column, or `<name>_name` for
  a person field, which the cockpit shows and edits as the person's name;
- `panel`: the cockpit panel (an agenda step's panel key, e.g. "level") where the cockpit shows the field by its
  declaration alone, with the editor its kind calls for: a meeting's field in a group at the panel's foot, a
  listed row's field at the foot of the row's card. Empty for a field a panel places by hand (with its own
  words and layout) or one not edited in the cockpit;
- `help`: what it means, in a sentence or two (the interchange schema's description of it; docs);
- `since`: the interchange format version that first carries it (1 for the fields of the first format); a file
  of an earlier version gains it, empty, on its way in (interchange/upgrades.py), and this release writes the
  newest version any field names;
- `search_kind`: for the meeting's own searchable fields, each of which is its own row of the full-text index,
  that row's kind number (below).

A `Part`'s `search_kind` is the kind number of its rows in the full-text index (storage.fulltext_index): one
index row per row of the part, holding its searchable fields, and its children's (a risk's scenarios are found
under the risk). The kinds are numbered in the order the Minute tells them (1 the meeting's location, 2
attendance, ... 15 addenda), and the number is part of every index row's rowid, so a number never changes once
released; 0 for a part whose rows are not index rows of their own (a child, or a part with nothing searchable).

Storage (columns, saving and loading by name), the cockpit's editor (what may be written, what is NULL when
cleared), the cockpit's references to fields, the interchange JSON Schema and the full-text triggers are all
derived from these declarations. Adding a field to the record is: a migration that adds its column, one
`declare(...)` line in domain/model.py, and the template line where a document prints it.
"""

from __future__ import annotations

from mappa_desk.domain import model
from mappa_desk.domain.fields import REQUIRED, Field, Part, Ref, declare, fields_of

__all__ = ["REQUIRED", "Field", "Part", "Ref", "declare", "PARTS", "MEETING_PARTS", "BY_NAME", "BY_TABLE", "MODEL",
           "part_of_table"]

# -- the individual ---------------------------------------------------------------------------------------------
PERSON = Part("person", "people", "Person", fields_of(model.Person), parent="", parent_column="")
INDIVIDUAL = Part("individual", "individuals", "Individual", fields_of(model.Individual), parent="",
                  parent_column="")
ORDER = Part("order", "orders", "Order or condition", fields_of(model.Order), parent="individual",
             parent_column="individual_id")

# -- the meeting and the rows under it ----------------------------------------------------------------------------
MEETING = Part("meeting", "meetings", "Meeting", fields_of(model.Meeting), parent="", parent_column="")
ATTENDANCE = Part("attendance", "attendance", "Attendance", fields_of(model.Attendance), search_kind=2)
AGENDA_ITEM = Part("agenda_item", "agenda_items", "Agenda step", fields_of(model.AgendaItem),
                   search_kind=20)  # issue 17 item 2: the chair's summary and the discussion
INFORMATION_ITEM = Part("information_item", "information_items", "Information shared",
                        fields_of(model.InformationItem), search_kind=4)
RISK = Part("risk", "risks", "Risk", fields_of(model.Risk), order="number", children=("scenario",),
            search_kind=5)
SCENARIO = Part("scenario", "risk_scenarios", "Risk scenario", fields_of(model.RiskScenario), parent="risk",
                parent_column="risk_id")
MEASURE = Part("measure", "rmp_measures", "Risk management measure", fields_of(model.RmpMeasure),
               search_kind=8)
CONTINGENCY = Part("contingency", "contingencies", "Contingency", fields_of(model.Contingency),
                   search_kind=9)
DECISION = Part("decision", "decisions", "Decision", fields_of(model.Decision),
                children=("position", "option_not_taken"), search_kind=11)
POSITION = Part("position", "decision_positions", "Agency position", fields_of(model.Position),
                parent="decision", parent_column="decision_id")
OPTION_NOT_TAKEN = Part("option_not_taken", "options_not_taken", "Option not taken",
                        fields_of(model.OptionNotTaken), parent="decision", parent_column="decision_id")
DISCLOSURE = Part("disclosure", "disclosures", "Disclosure", fields_of(model.Disclosure), search_kind=12)
ACTION = Part("action", "actions", "Action", fields_of(model.Action), search_kind=14)
# issue 17 item 2: who received which document of the meeting, when (5A's circulation list).
CIRCULATION = Part("circulation", "circulation", "Circulation", fields_of(model.Circulation))
# issue 18 item 4: the people and places protected from release (domain/protect.py masks them).
PROTECTED = Part("protected_person", "protected_persons", "Protected person or place",
                 fields_of(model.ProtectedPerson))

# The meeting's rows, in the order the Minute tells them.
MEETING_PARTS: tuple[Part, ...] = (MEETING, ATTENDANCE, AGENDA_ITEM, INFORMATION_ITEM, RISK, SCENARIO, MEASURE,
                                   CONTINGENCY, DECISION, POSITION, OPTION_NOT_TAKEN, DISCLOSURE, ACTION,
                                   CIRCULATION, PROTECTED)
PARTS: tuple[Part, ...] = (PERSON, INDIVIDUAL, ORDER) + MEETING_PARTS
BY_NAME: dict[str, Part] = {p.name: p for p in PARTS}
BY_TABLE: dict[str, Part] = {p.table: p for p in PARTS}
MODEL: dict[str, type] = {"person": model.Person, "individual": model.Individual, "order": model.Order,
                          "meeting": model.Meeting, "attendance": model.Attendance, "agenda_item": model.AgendaItem,
                          "information_item": model.InformationItem, "risk": model.Risk,
                          "scenario": model.RiskScenario, "measure": model.RmpMeasure,
                          "contingency": model.Contingency, "decision": model.Decision, "position": model.Position,
                          "option_not_taken": model.OptionNotTaken, "disclosure": model.Disclosure,
                          "action": model.Action, "circulation": model.Circulation,
                          "protected_person": model.ProtectedPerson}


def part_of_table(table: str) -> Part:
    try:
        return BY_TABLE[table]
    except KeyError:
        raise KeyError(f"no part of the record is stored in {table!r}") from None
