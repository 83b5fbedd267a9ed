"""A final's seal covers every field the record declares (seal format 2, issue 16): a field added to the record
later is sealed as soon as it is declared, while the seals of records made final before it stay whole, and the
seals made with format 1 still verify with it."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from mappa_desk.domain import model, record, vocabularies
from mappa_desk.services import lifecycle, records, session as sessions
from mappa_desk.storage import seals
from tests.services.test_lifecycle import CHAIR, to_circulated

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def _make_final(session, meeting_id: int, tmp_path) -> None:
    to_circulated(session, meeting_id, tmp_path / f"m{meeting_id}")
    lifecycle.make_final(session, meeting_id, CHAIR, tmp_path / f"final{meeting_id}")


def _held(db, count: int) -> list[int]:
    held = [i for (i,) in db.query("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT ?", (count,))]
    assert len(held) == count
    return held


def _broken(db) -> list[int]:
    return [meeting_id for meeting_id, _ in seals.broken_seals(db)]


def _declare(monkeypatch, db, part: record.Part, new: record.Field, sql_type: str = "TEXT NOT NULL DEFAULT ''"):
    """What adding a field to the record is: the migration's column, and its declaration on the part."""
    with db.transaction():
        db.execute(f"ALTER TABLE {part.table} ADD COLUMN {new.column} {sql_type}")
    declared = record.Part(part.name, part.table, part.label, part.fields + (new,), parent=part.parent,
                           parent_column=part.parent_column, order=part.order, children=part.children,
                           search_kind=part.search_kind)
    attribute = next(name for name, value in vars(record).items() if value is part)
    monkeypatch.setattr(record, attribute, declared)
    monkeypatch.setitem(record.BY_TABLE, part.table, declared)
    monkeypatch.setitem(record.BY_NAME, part.name, declared)
    monkeypatch.setattr(record, "MEETING_PARTS", tuple(declared if p is part else p for p in record.MEETING_PARTS))
    return declared


def _declare_police_reference(monkeypatch, db) -> None:
    """A police reference on the meeting, as the next issue's fields will be (with the dataclass attribute)."""
    _declare(monkeypatch, db, record.MEETING, record.Field("police_reference", "line", "Police reference"))
    monkeypatch.setattr(model, "Meeting", dataclasses.make_dataclass(
        "Meeting", [("police_reference", str, dataclasses.field(default=""))], bases=(model.Meeting,)))


def test_a_field_declared_after_the_schema_of_the_seal_is_sealed_with_the_record(demo, monkeypatch):
    db = demo.db
    _declare_police_reference(monkeypatch, db)
    meeting_id, = _held(db, 1)
    with db.transaction():
        db.execute("UPDATE meetings SET police_reference = 'NIC/2026/0417' WHERE id = ?", (meeting_id,))
        seals.seal(db, meeting_id, "2026-12-06T10:00:00Z")  # what making it final does, last in its transaction
    assert db.query("SELECT format FROM final_seals WHERE meeting_id = ?", (meeting_id,)) == [(seals.FORMAT,)]
    assert _broken(db) == []

    with db.transaction():
        db.execute("UPDATE meetings SET police_reference = 'NIC/2026/9999' WHERE id = ?", (meeting_id,))
    date = db.scalar("SELECT meeting_date FROM meetings WHERE id = ?", (meeting_id,))
    assert seals.broken_seals(db) == [(meeting_id, date)]
    with db.transaction():  # emptied is changed too
        db.execute("UPDATE meetings SET police_reference = '' WHERE id = ?", (meeting_id,))
    assert _broken(db) == [meeting_id]


def test_a_field_added_later_leaves_older_seals_whole_until_a_value_is_put_into_it(demo, tmp_path, monkeypatch):
    db = demo.db
    older, = _held(db, 1)
    _make_final(demo, older, tmp_path)
    _declare_police_reference(monkeypatch, db)
    assert _broken(db) == [], "the new column is empty on the older final: its seal is whole"

    with db.transaction():
        db.execute("UPDATE meetings SET police_reference = 'NIC/2026/0417' WHERE id = ?", (older,))
    assert _broken(db) == [older]
    with db.transaction():
        db.execute("UPDATE meetings SET police_reference = '' WHERE id = ?", (older,))
    assert _broken(db) == []


def test_a_flag_added_later_is_empty_at_no_and_sealed_at_yes(demo, tmp_path, monkeypatch):
    db = demo.db
    older, = _held(db, 1)
    _make_final(demo, older, tmp_path)
    _declare(monkeypatch, db, record.DISCLOSURE, record.Field("victim_consulted", "flag", "Victim consulted"),
             "INTEGER NOT NULL DEFAULT 0")
    assert db.scalar("SELECT count(*) FROM disclosures WHERE meeting_id = ?", (older,)) > 0
    assert _broken(db) == []
    with db.transaction():
        db.execute("UPDATE disclosures SET victim_consulted = 1 WHERE id = "
                   "(SELECT min(id) FROM disclosures WHERE meeting_id = ?)", (older,))
    assert _broken(db) == [older]


def test_a_final_sealed_with_format_1_in_a_saved_vault_still_verifies_beside_a_new_final(tmp_path):
    copy = tmp_path / "vault-schema-0008"
    shutil.copytree(FIXTURES / "vault-schema-0008", copy)
    session = sessions.unlock(copy, "fixture passphrase for schema 0008")
    try:
        db = session.db
        assert db.query("SELECT meeting_id, format FROM final_seals") == [(3, 1)]
        newer, = _held(db, 1)
        _make_final(session, newer, tmp_path)
        assert db.query("SELECT meeting_id, format FROM final_seals ORDER BY meeting_id") == sorted(
            [(3, 1), (newer, seals.FORMAT)])
        assert _broken(db) == []
        with db.transaction():  # format 1 still sees what it sealed
            db.execute("UPDATE meetings SET level_rationale = level_rationale || ' (rewritten)' WHERE id = 3")
        assert _broken(db) == [3]
    finally:
        session.close()


def test_format_2_seals_what_format_1_sealed_and_every_declared_column():
    for table, columns, _, _ in seals.PARTS[1]:
        sealed = set(seals.columns_2(table))
        assert {c.strip() for c in columns.split(",")} <= sealed, table
        part = record.BY_TABLE.get(table)
        if part is not None:
            assert set(part.columns) - set(seals.LEFT_OUT.get(table, ())) <= sealed, table
    assert "level_effective_date" in seals.columns_2("meetings")  # a field added after format 1 was written


def test_every_part_of_the_meeting_is_sealed():
    assert {p.table for p in record.MEETING_PARTS} <= {table for table, _, _ in seals.PARTS[2]}


# -- every declared column of every part ------------------------------------------------------------------------

def _other(db, field: record.Field, value):
    """A value of the field's kind other than `value`, which the vault accepts."""
    if field.kind == "flag":
        return 0 if value else 1
    if field.kind in ("number", "seconds"):
        return (value or 0) + 101
    if field.kind in ("choice", "level"):
        return next(word for word in vocabularies.words(field.vocabulary) if word != value)
    if field.kind == "agency":
        return db.scalar("SELECT id FROM agencies WHERE id IS NOT ? ORDER BY id LIMIT 1", (value,))
    if field.kind == "person":
        return db.scalar("SELECT id FROM people WHERE id IS NOT ? ORDER BY id LIMIT 1", (value,))
    if field.kind == "date":
        return "2031-01-02" if value == "2031-01-01" else "2031-01-01"
    if field.kind == "time":
        return "23:58" if value == "23:59" else "23:59"
    return f"{value or ''} (changed)"


@pytest.mark.parametrize("part", record.MEETING_PARTS, ids=lambda p: p.name)
def test_a_change_to_any_declared_column_of_a_part_breaks_the_seal(demo, monkeypatch, part):
    db = demo.db
    declared = _declare(monkeypatch, db, part, record.Field("added_later", "line", "Added later"))
    where = dict((t, w) for t, w, _ in seals.PARTS[2])[part.table]
    meeting_id, row_id = next(
        (m, row_id) for (m,) in db.query("SELECT id FROM meetings ORDER BY id")
        for row_id in [db.scalar(f"SELECT min(id) FROM {part.table} WHERE {where}", {"m": m})] if row_id)
    with db.transaction():
        seals.seal(db, meeting_id, "2026-12-06T10:00:00Z")
    sealed = [f for f in declared.fields if f.column not in seals.LEFT_OUT.get(part.table, ())]
    assert "added_later" in [f.column for f in sealed]
    for field in sealed:
        before = db.scalar(f"SELECT {field.column} FROM {part.table} WHERE id = ?", (row_id,))
        with db.transaction():
            db.execute(f"UPDATE {part.table} SET {field.column} = ? WHERE id = ?",
                       (_other(db, field, before), row_id))
        assert _broken(db) == [meeting_id], f"{part.table}.{field.column} changed without the seal noticing"
        with db.transaction():
            db.execute(f"UPDATE {part.table} SET {field.column} = ? WHERE id = ?", (before, row_id))
        assert _broken(db) == [], f"{part.table}.{field.column} put back"
