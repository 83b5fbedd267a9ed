"""The record's declarations (domain.record) agree with the domain's dataclasses and with the vault's tables."""

import dataclasses

import pytest

from mappa_desk.domain import model, record, vocabularies

MODEL = record.MODEL
# Dataclass attributes that are not fields of the part's own row: lists of child rows, links, identity.
NOT_COLUMNS = {"uid", "individual_uid", "aliases", "orders", "conditions", "scenarios", "risk_numbers", "positions",
               "options_not_taken", "attendance", "agenda", "information", "risks", "rmp_measures", "contingencies",
               "decisions", "disclosures", "actions", "previous", "circulation", "protected_persons"}


def test_every_part_has_its_dataclass():
    assert set(MODEL) == set(record.BY_NAME)


@pytest.mark.parametrize("name", sorted(MODEL))
def test_every_dataclass_attribute_is_declared(name):
    """A value of the record is declared (its kind, label, ...) unless it is a list of child rows or an identity."""
    declared = [f.name for f in record.BY_NAME[name].fields]
    attributes = [f.name for f in dataclasses.fields(MODEL[name]) if f.name not in NOT_COLUMNS]
    assert declared == attributes


def test_every_vocabulary_named_exists():
    for part in record.PARTS:
        for f in part.fields:
            if f.vocabulary:
                assert vocabularies.words(f.vocabulary), (part.name, f.name)


def test_every_declared_column_is_in_the_vault(tmp_path):
    from mappa_desk.storage.database import Database

    db = Database.create(tmp_path / "v.db", b"k" * 32, "test")
    try:
        for part in record.PARTS:
            columns = {r[1]: r for r in db.query(f"PRAGMA table_info({part.table})")}
            for f in part.fields:
                assert f.column in columns, (part.table, f.column)
                not_null = bool(columns[f.column][3])
                assert not_null == (not f.nullable), (part.table, f.column, "NULL when empty" if f.nullable else "")
            if part.parent_column:
                assert part.parent_column in columns
    finally:
        db.close()


def test_a_required_field_has_no_default_unless_declared():
    """A REQUIRED field must be given when its row is made (Action.status and the like declare their default)."""
    import dataclasses as dc
    for f in dc.fields(model.Decision):
        if f.name == "question":
            assert f.default is dc.MISSING
    assert model.Action(description="x").status == "open"
    with pytest.raises(ValueError, match="names its vocabulary"):
        record.declare("choice", "Colour")


def test_a_reference_to_an_undeclared_field_fails_at_once():
    with pytest.raises(KeyError, match="scenario has no field 'whom'"):
        record.SCENARIO.ref(1, "whom")
    ref = record.SCENARIO.ref(7, "who_at_risk")
    assert (ref.table, ref.row_id, ref.column) == ("risk_scenarios", 7, "who_at_risk")


def test_every_declared_field_says_what_it_means():
    assert [(p.name, f.name) for p in record.PARTS for f in p.fields if not f.help] == []
