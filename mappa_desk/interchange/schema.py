"""The interchange JSON Schema (meeting.schema.json), generated from the record's declarations.

Each part of the record (domain.record) becomes one object of the schema: a field's shape comes from its
`kind`, its allowed words from its vocabulary (domain.vocabularies), and whether it may be null from
`Field.nullable` (a field whose empty value is "" or 0 is never null; a `REQUIRED` one never null either).
Every property is always present in a file, so every property is in the object's "required" list. What the
declarations do not hold is declared here: the envelope (format, version, when exported), identities (uid),
lists of child rows and their JSON names, the previous meeting, and the few limits that differ from their
kind's usual ones (`LIMITS`). The words (titles, descriptions) are in `schema_words`.

Properties are listed in the order of the domain's dataclasses (the order a file is written in).

To rewrite the committed file after changing a declaration: `python -m mappa_desk.interchange.schema`
(or `make schema`). A test fails while the committed file differs from what this builds.
"""

from __future__ import annotations

import dataclasses
import json
import sys

from mappa_desk import paths
from mappa_desk.domain import model, record, vocabularies
from mappa_desk.interchange import schema_words, upgrades

UID = {"type": "string", "pattern": "^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$",
       "minLength": 36, "maxLength": 36}
DATE = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "minLength": 10, "maxLength": 10}
TIME = {"type": "string", "pattern": "^(([01][0-9]|2[0-3]):[0-5][0-9])?$", "maxLength": 5}
INSTANT = {"type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}T([01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]Z$",
           "minLength": 20, "maxLength": 20}
AGENCY = {"type": "string", "maxLength": 40, "pattern": "^[A-Z][A-Z0-9_]{0,39}$"}
SHORT_TEXT, LONG_TEXT = 300, 20000  # "line" and "name" fields; "prose" fields
RISK_NUMBER = {"type": "integer", "minimum": 1, "maximum": 999}
MAX_ROWS, MAX_SMALL_LIST = 1000, 100

# Limits that differ from the field's kind: (part, field) -> keywords that replace the kind's.
LIMITS = {
    ("individual", "family_name"): {"minLength": 1},
    ("individual", "visor_ref"): {"minLength": 1, "maxLength": 40},
    ("order", "description"): {"maxLength": LONG_TEXT},
    ("disclosure", "to_whom"): {"maxLength": LONG_TEXT},
    ("risk", "number"): {k: v for k, v in RISK_NUMBER.items() if k != "type"},
    ("action", "number"): {"minimum": 1},  # numbered from version 4 on (upgrades.py numbers older files' actions)
}

# The schema's objects: name -> (the part declaring its fields or None, the dataclass giving the order).
OBJECTS = {
    "Person": (record.PERSON, model.Person),
    "Order": (record.ORDER, model.Order),
    "Individual": (record.INDIVIDUAL, model.Individual),
    "Attendance": (record.ATTENDANCE, model.Attendance),
    "AgendaItem": (record.AGENDA_ITEM, model.AgendaItem),
    "InformationItem": (record.INFORMATION_ITEM, model.InformationItem),
    "RiskScenario": (record.SCENARIO, model.RiskScenario),
    "Risk": (record.RISK, model.Risk),
    "RmpMeasure": (record.MEASURE, model.RmpMeasure),
    "Contingency": (record.CONTINGENCY, model.Contingency),
    "Position": (record.POSITION, model.Position),
    "OptionNotTaken": (record.OPTION_NOT_TAKEN, model.OptionNotTaken),
    "Decision": (record.DECISION, model.Decision),
    "Disclosure": (record.DISCLOSURE, model.Disclosure),
    "Action": (record.ACTION, model.Action),
    "Circulation": (record.CIRCULATION, model.Circulation),
    "ProtectedPerson": (record.PROTECTED, model.ProtectedPerson),  # issue 18 item 4
    "PreviousMeeting": (None, model.PreviousMeeting),
    "Meeting": (record.MEETING, model.Meeting),
}
OBJECT_OF_PART = {part.name: name for name, (part, _) in OBJECTS.items() if part is not None}


def _list_of(part_name: str) -> dict:
    return {"type": "array", "maxItems": MAX_ROWS, "items": {"$ref": f"#/$defs/{OBJECT_OF_PART[part_name]}"}}


def _meeting_field(name: str) -> dict:
    return field_shape(record.MEETING, record.MEETING[name])


# Properties that are not fields of the part's own row: object name -> {property: shape}.
ENVELOPE = {
    "Person": {"uid": UID},
    "Order": {"conditions": {"type": "array", "maxItems": MAX_SMALL_LIST,
                             "items": {"type": "string", "maxLength": LONG_TEXT}}},
    "Individual": {"aliases": {"type": "array", "maxItems": MAX_SMALL_LIST,
                               "items": {"type": "string", "maxLength": SHORT_TEXT}},
                   "orders": {"type": "array", "maxItems": MAX_SMALL_LIST, "items": {"$ref": "#/$defs/Order"}},
                   "uid": UID},
    "Risk": {"scenarios": lambda: _list_of("scenario")},
    "RmpMeasure": {"risk_numbers": {"type": "array", "maxItems": MAX_ROWS, "uniqueItems": True,
                                    "items": RISK_NUMBER}},
    "Decision": {"positions": lambda: _list_of("position"),
                 "options_not_taken": lambda: _list_of("option_not_taken")},
    "Action": {"uid": UID},
    "PreviousMeeting": {"uid": UID, "kind": lambda: _meeting_field("kind"), "level": lambda: _meeting_field("level"),
                        "meeting_date": lambda: _meeting_field("meeting_date"),
                        "review_date": lambda: _meeting_field("review_date"),
                        "risks": lambda: _list_of("risk"), "rmp_measures": lambda: _list_of("measure"),
                        "contingencies": lambda: _list_of("contingency"), "actions": lambda: _list_of("action")},
    "Meeting": {"individual_uid": UID,
                "attendance": lambda: _list_of("attendance"), "agenda": lambda: _list_of("agenda_item"),
                "information": lambda: _list_of("information_item"), "risks": lambda: _list_of("risk"),
                "rmp_measures": lambda: _list_of("measure"), "contingencies": lambda: _list_of("contingency"),
                "decisions": lambda: _list_of("decision"), "disclosures": lambda: _list_of("disclosure"),
                "actions": lambda: _list_of("action"), "circulation": lambda: _list_of("circulation"),
                "protected_persons": lambda: _list_of("protected_person"),  # issue 18 item 4
                "previous": {"type": ["object", "null"], "if": {"type": "null"},
                             "else": {"$ref": "#/$defs/PreviousMeeting"}},
                "uid": UID},
}


def _or_null(shape: dict) -> dict:
    return {**shape, "type": [shape["type"], "null"]}


def field_shape(part: record.Part, f: record.Field) -> dict:
    """The JSON Schema of one declared field."""
    nullable = f.nullable
    if f.kind == "choices":  # codes separated by commas; the jurisdiction's words are checked at import
        return {"type": "string", "maxLength": SHORT_TEXT, "pattern": "^([A-Za-z0-9_]+(,[A-Za-z0-9_]+)*)?$"}
    if f.kind in ("choice", "level"):
        shape = {"type": "integer" if f.kind == "level" else "string"}
        if f.vocabulary in vocabularies.JURISDICTIONAL:
            # The jurisdiction's words (its profile.json) are checked against the importing vault's profile, not
            # here: a file from another jurisdiction's vault is valid JSON of this format.
            shape["maxLength" if f.kind == "choice" else "minimum"] = SHORT_TEXT if f.kind == "choice" else 1
        else:
            shape["enum"] = list(vocabularies.words(f.vocabulary)) + [None] * nullable
        return _or_null(shape) if nullable else shape
    if f.kind == "person":
        if not nullable:
            return {"$ref": "#/$defs/Person"}
        return {"type": ["object", "null"], "if": {"type": "null"}, "else": {"$ref": "#/$defs/Person"}}
    shape = {
        "line": {"type": "string", "maxLength": SHORT_TEXT},
        "name": {"type": "string", "maxLength": SHORT_TEXT},
        "prose": {"type": "string", "maxLength": LONG_TEXT},
        "flag": {"type": "boolean"},
        "number": {"type": "integer", "minimum": 0},
        "seconds": {"type": "integer", "minimum": 0, "maximum": 86400},
        "date": DATE,
        "time": TIME,
        "agency": AGENCY,
        "uid": UID,
    }[f.kind]
    shape = {**shape, **LIMITS.get((part.name, f.name), {})}
    return _or_null(shape) if nullable else dict(shape)


def _described(description: str, shape) -> dict:
    shape = shape() if callable(shape) else shape
    return {"description": description, **shape}


def object_schema(name: str) -> dict:
    part, cls = OBJECTS[name]
    title, description, meanings = schema_words.OBJECTS[name]
    envelope = ENVELOPE.get(name, {})
    properties = {}
    for attribute in (f.name for f in dataclasses.fields(cls)):
        declared = part[attribute] if part is not None and attribute in {f.name for f in part.fields} else None
        words = declared.help if declared is not None else meanings.get(attribute, "")
        if not words:
            where = "its declaration (help=...)" if declared is not None else "interchange.schema_words"
            raise ValueError(f"{name}.{attribute} has no description in {where}")
        if attribute in envelope:
            shape = envelope[attribute]
        elif declared is not None:
            shape = field_shape(part, declared)
        else:
            raise ValueError(f"{name}.{attribute} is neither declared in domain.record nor in the envelope")
        properties[attribute] = _described(words, shape)
    return {"title": title, "description": description, "type": "object", "required": list(properties),
            "additionalProperties": False, "properties": properties}


def build() -> dict:
    """The whole schema, as a JSON value."""
    version = upgrades.CURRENT
    top = schema_words.TOP
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://mappa-desk.invalid/schema/meeting-v{version}.json",
        "title": f"MAPPA Desk meeting interchange file, version {version}",
        "description": schema_words.DESCRIPTION,
        "$comment": schema_words.COMMENT,
        "type": "object",
        "required": ["format", "version", "exported_at", "individual", "meeting"],
        "additionalProperties": False,
        "properties": {
            "format": {"description": top["format"], "const": "mappa-desk-meeting"},
            "version": {"description": top["version"], "const": version},
            "exported_at": {"description": top["exported_at"], **INSTANT},
            "individual": {"description": top["individual"], "$ref": "#/$defs/Individual"},
            "meeting": {"description": top["meeting"], "$ref": "#/$defs/Meeting"},
        },
        "$defs": {name: object_schema(name) for name in OBJECTS},
    }


def text() -> str:
    """The schema as the committed file holds it."""
    return json.dumps(build(), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    path = paths.interchange_schema_path()
    new = text()
    if path.read_text(encoding="utf-8") == new:
        print(f"{path.name} is up to date.")
        return 0
    path.write_text(new, encoding="utf-8")
    print(f"Wrote {path.name} from the record's declarations.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
