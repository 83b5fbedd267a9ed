"""The interchange JSON Schema is generated from the record's declarations (interchange.schema), and the
committed file is what the generator writes."""

import json

import jsonschema
import pytest

from mappa_desk import paths
from mappa_desk.domain import record, vocabularies
from mappa_desk.interchange import schema, schema_words


def test_the_committed_schema_is_the_generated_one():
    committed = paths.interchange_schema_path().read_text(encoding="utf-8")
    assert committed == schema.text(), \
        "meeting.schema.json is out of date: run `python -m mappa_desk.interchange.schema` (make schema)"


def test_the_generated_schema_is_a_valid_draft_2020_12_schema():
    jsonschema.Draft202012Validator.check_schema(schema.build())


def test_a_word_added_to_a_vocabulary_reaches_the_schema(monkeypatch):
    monkeypatch.setitem(vocabularies._DOMAIN, "stances", {**vocabularies._DOMAIN["stances"], "noted": "Noted"})
    stance = schema.build()["$defs"]["Position"]["properties"]["stance"]
    assert stance["enum"] == ["agree", "disagree", "abstain", "noted"]
    assert schema.text() != paths.interchange_schema_path().read_text(encoding="utf-8")


def test_each_declared_field_is_shaped_by_its_declaration():
    built = schema.build()["$defs"]
    for name, (part, _) in schema.OBJECTS.items():
        if part is None:
            continue
        for f in part.fields:
            shape = built[name]["properties"][f.name]
            types = shape.get("type")
            may_be_null = isinstance(types, list) and "null" in types
            assert may_be_null == f.nullable, (name, f.name)
            if f.vocabulary in vocabularies.JURISDICTIONAL:
                assert "enum" not in shape, (name, f.name)  # checked against the importing vault's profile
            elif f.vocabulary:
                allowed = [w for w in shape["enum"] if w is not None]
                assert allowed == list(vocabularies.words(f.vocabulary)), (name, f.name)
            assert f.name in built[name]["required"]


def test_a_property_with_no_words_stops_the_generator(monkeypatch):
    title, description, meanings = schema_words.OBJECTS["Risk"]
    monkeypatch.setitem(schema_words.OBJECTS, "Risk",
                        (title, description, {k: v for k, v in meanings.items() if k != "scenarios"}))
    with pytest.raises(ValueError, match="Risk.scenarios has no description in interchange.schema_words"):
        schema.build()


def test_a_declared_field_with_no_words_stops_the_generator(monkeypatch):
    import dataclasses

    from mappa_desk.domain import record
    part = record.CONTINGENCY
    fields = tuple(dataclasses.replace(f, help="") if f.name == "trigger" else f for f in part.fields)
    monkeypatch.setitem(schema.OBJECTS, "Contingency",
                        (dataclasses.replace(part, fields=fields, _by_name={}), schema.OBJECTS["Contingency"][1]))
    with pytest.raises(ValueError, match=r"Contingency.trigger has no description in its declaration \(help"):
        schema.build()


def test_a_meeting_field_made_nullable_lets_a_file_say_null(monkeypatch):
    import dataclasses

    location = dataclasses.replace(record.MEETING["location"], empty=None)
    meeting = dataclasses.replace(record.MEETING, fields=tuple(location if f.name == "location" else f
                                                               for f in record.MEETING.fields), _by_name={})
    monkeypatch.setitem(schema.OBJECTS, "Meeting", (meeting, schema.OBJECTS["Meeting"][1]))
    shape = schema.build()["$defs"]["Meeting"]["properties"]["location"]
    assert shape["type"] == ["string", "null"]
    committed = json.loads(paths.interchange_schema_path().read_text(encoding="utf-8"))
    assert committed["$defs"]["Meeting"]["properties"]["location"]["type"] == "string"
