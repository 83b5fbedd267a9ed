"""Storage reads and writes a part's row from its declaration (domain.record): a field added there, with the
column a migration would add, is saved and loaded with no change to storage (issue 16)."""

from __future__ import annotations

import dataclasses

import pytest

from mappa_desk.domain import model, record
from mappa_desk.services import records
from mappa_desk.storage import meetings
from mappa_desk.storage.rows import AgencyCodes


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def _with_field(part: record.Part, new: record.Field) -> record.Part:
    return record.Part(part.name, part.table, part.label, part.fields + (new,), parent=part.parent,
                       parent_column=part.parent_column, order=part.order, children=part.children)


def _a_meeting_with_disclosures(db) -> int:
    return db.scalar("SELECT meeting_id FROM disclosures ORDER BY meeting_id LIMIT 1")


def test_a_meeting_saves_and_loads_unchanged(demo):
    db = demo.db
    meeting_id = _a_meeting_with_disclosures(db)
    codes = AgencyCodes(db)
    before = meetings.load(db, codes, meeting_id)
    with db.transaction():
        meetings.save(db, codes, before, db.scalar("SELECT individual_id FROM meetings WHERE id = ?",
                                                   (meeting_id,)), "2026-12-06T10:00:00Z")
    assert meetings.load(db, codes, meeting_id) == before


def test_a_field_added_to_the_declarations_is_saved_and_loaded_with_no_storage_edit(demo, monkeypatch):
    db = demo.db
    # What the migration would do ...
    with db.transaction():
        db.execute("ALTER TABLE meetings ADD COLUMN police_reference TEXT NOT NULL DEFAULT ''")
        db.execute("ALTER TABLE disclosures ADD COLUMN legal_basis TEXT NOT NULL DEFAULT ''")
    # ... the declaration line (and the dataclass attribute it declares).
    monkeypatch.setattr(record, "MEETING", _with_field(record.MEETING, record.Field(
        "police_reference", "line", "Police reference")))
    monkeypatch.setattr(record, "DISCLOSURE", _with_field(record.DISCLOSURE, record.Field(
        "legal_basis", "line", "Legal basis")))
    meeting_cls = dataclasses.make_dataclass("Meeting", [("police_reference", str, dataclasses.field(default=""))],
                                             bases=(model.Meeting,))
    disclosure_cls = dataclasses.make_dataclass("Disclosure", [("legal_basis", str, dataclasses.field(default=""))],
                                                bases=(model.Disclosure,))
    monkeypatch.setattr(model, "Meeting", meeting_cls)
    monkeypatch.setattr(model, "Disclosure", disclosure_cls)

    meeting_id = _a_meeting_with_disclosures(db)
    codes = AgencyCodes(db)
    loaded = meetings.load(db, codes, meeting_id)
    assert loaded.police_reference == "" and all(d.legal_basis == "" for d in loaded.disclosures)
    loaded.police_reference = "NIC/2026/0417"
    loaded.disclosures = [disclosure_cls(**{**vars(d), "legal_basis": "Common law duty to protect"})
                          for d in loaded.disclosures]
    with db.transaction():
        meetings.save(db, codes, loaded, db.scalar("SELECT individual_id FROM meetings WHERE id = ?",
                                                   (meeting_id,)), "2026-12-06T10:00:00Z")
    again = meetings.load(db, codes, meeting_id)
    assert again.police_reference == "NIC/2026/0417"
    assert [d.legal_basis for d in again.disclosures] == ["Common law duty to protect"] * len(loaded.disclosures)
    assert db.scalar("SELECT police_reference FROM meetings WHERE id = ?", (meeting_id,)) == "NIC/2026/0417"


def test_the_columns_written_are_the_declared_ones(demo, monkeypatch):
    """A save writes every declared column of the meeting and of its rows, and nothing else but its links,
    positions and stamps."""
    db = demo.db
    meeting_id = _a_meeting_with_disclosures(db)
    codes = AgencyCodes(db)
    written = {}
    for name in ("insert", "update"):
        real = getattr(meetings, name)
        monkeypatch.setattr(meetings, name, lambda db_, table, *rest, real=real: (
            written.setdefault(table, set(rest[-1])), real(db_, table, *rest))[1])
    meeting = meetings.load(db, codes, meeting_id)
    with db.transaction():
        meetings.save(db, codes, meeting, db.scalar("SELECT individual_id FROM meetings WHERE id = ?",
                                                    (meeting_id,)), "2026-12-06T10:00:00Z")
    assert written["meetings"] == set(record.MEETING.columns) | {"individual_id", "previous_meeting_id",
                                                                 "updated_at"}
    assert written["disclosures"] == set(record.DISCLOSURE.columns) | {"meeting_id", "position"}
    assert written["risk_scenarios"] == set(record.SCENARIO.columns) | {"risk_id", "position"}
