"""The full-text index's views and triggers are generated from the record's declarations at open
(storage.fulltext_index): the rows they give are the rows schema 0006's hand-written SQL gave, an open with
nothing changed writes nothing, and a field declared searchable is found with no SQL written for it."""

from __future__ import annotations

import dataclasses
import re
import shutil
from pathlib import Path

import pytest

from mappa_desk import paths
from mappa_desk.domain import record
from mappa_desk.services import fulltext, records, session as sessions
from mappa_desk.services.editing import MeetingEditor
from mappa_desk.storage import fulltext_index
from tests.conftest import FAST_KDF, PASSPHRASE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ROWS = "SELECT key, kind, id, meeting_id, text FROM {} ORDER BY key"


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def index_matches_the_record(db) -> None:
    indexed = {rowid for (rowid,) in db.query("SELECT rowid FROM minutes_fts")}
    expected = {key for (key,) in db.query("SELECT key FROM minutes_text WHERE text <> ''")}
    assert indexed == expected


def _views_of_0006(db) -> None:
    """Schema 0006's hand-written views, as temp views named old_minutes_text*."""
    script = (paths.schema_dir() / "0006_fulltext.sql").read_text(encoding="utf-8")
    for statement in re.findall(r"CREATE VIEW .*?;", script, flags=re.S):
        db.execute(statement.rstrip(";").replace("CREATE VIEW", "CREATE TEMP VIEW")
                   .replace("minutes_text", "old_minutes_text"))


def test_the_generated_views_give_the_rows_schema_0006_gave(demo):
    editor = MeetingEditor(demo, demo.db.scalar("SELECT id FROM meetings WHERE status = 'held' LIMIT 1"))
    risk = editor.add("risks", {"number": 9, "kind": "", "description": ""})
    editor.add("risk_scenarios", {"risk_id": risk, "context": "", "what": ""})  # an empty child still counts
    editor.add("risk_scenarios", {"risk_id": risk, "context": "", "what": "Contact by letter"})
    # The demo fills fields of parts declared since 0006 (a disclosure's route detail and who tells the
    # individual), lines 0006's views did not have: they are emptied, so each row is that of a part whose new
    # fields are empty.
    for part in fulltext_index.indexed_parts():
        for field in part.searchable:
            if field.since > 1 and part is not record.AGENDA_ITEM:
                demo.db.execute(f"UPDATE {part.table} SET {field.column} = ''")
    _views_of_0006(demo.db)
    names = [n for n in fulltext_index.views()]
    assert len(names) == 12
    # 0015 indexes the agenda steps' summaries and discussions: a view 0006 did not have.
    names.remove("minutes_text_agenda_item")
    # The meeting's own searchable fields declared since (0012: why no disclosure is needed) have rows of kinds
    # 0006 did not know; every other row, and every row of a part whose new fields are empty, is the same.
    later = {f.search_kind for f in record.MEETING.searchable if f.since > 1} | {record.AGENDA_ITEM.search_kind}
    for name in names:
        rows = [row for row in demo.db.query(ROWS.format(name)) if row[1] not in later]
        assert rows == demo.db.query(ROWS.format("old_" + name)), name
    assert len(demo.db.query(ROWS.format("minutes_text"))) > 250


def test_an_open_with_nothing_changed_writes_nothing(demo):
    db = demo.db
    before = db.scalar("PRAGMA schema_version")
    assert fulltext_index.install(db._conn) is False
    assert db.scalar("PRAGMA schema_version") == before


def test_a_vault_saved_under_schema_0006_gets_the_generated_sql_and_keeps_its_index(tmp_path, monkeypatch):
    copy = tmp_path / "vault-schema-0006"
    shutil.copytree(FIXTURES / "vault-schema-0006", copy)
    fills = []
    monkeypatch.setattr(fulltext_index, "fill", lambda conn: fills.append(conn))
    session = sessions.unlock(copy, "fixture passphrase for schema 0006")
    try:
        # While the declarations give 0006's rows, no refill of a large vault at its first open; once a later
        # schema declares more searchable fields (0012), one refill, at that open only.
        same = fulltext_index.content_hash(fulltext_index.views()) == fulltext_index.CONTENT_OF_0006
        assert len(fills) == (0 if same else 1)
        sql = dict(session.db.query("SELECT name, sql FROM sqlite_master WHERE name LIKE 'minutes%' "
                                    "AND type IN ('view', 'trigger')"))
        assert sql == fulltext_index.generated()
        index_matches_the_record(session.db)
        assert fulltext.search_minutes(session, "knife")
    finally:
        session.close()


def _capacity_searchable(monkeypatch) -> None:
    """Declare the attendance's capacity searchable, as a change to domain.record would."""
    fields = tuple(dataclasses.replace(f, searchable=True) if f.name == "capacity" else f
                   for f in record.ATTENDANCE.fields)
    attendance = dataclasses.replace(record.ATTENDANCE, fields=fields, _by_name={})
    monkeypatch.setattr(record, "ATTENDANCE", attendance)
    monkeypatch.setattr(record, "MEETING_PARTS", tuple(attendance if p.name == "attendance" else p
                                                       for p in record.MEETING_PARTS))
    monkeypatch.setitem(record.BY_NAME, "attendance", attendance)
    monkeypatch.setitem(record.BY_TABLE, "attendance", attendance)


def test_a_field_declared_searchable_is_found_with_no_sql_written(data_dir, monkeypatch):
    _, session = sessions.create(data_dir, PASSPHRASE, kdf=FAST_KDF)
    records.load_demo(session)
    meeting_id = session.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY meeting_date DESC")
    session.db.execute("UPDATE attendance SET capacity = 'Quarrymuir liaison' WHERE id = "
                       "(SELECT min(id) FROM attendance WHERE meeting_id = ?)", (meeting_id,))
    assert fulltext.search_minutes(session, "quarrymuir") == []
    session.close()

    _capacity_searchable(monkeypatch)
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        assert [(h.meeting_id, h.where) for h in fulltext.search_minutes(session, "quarrymuir")] \
            == [(meeting_id, "Attendance")]  # a capacity already in the vault: the index was refilled
        editor = MeetingEditor(session, meeting_id)
        row = session.db.scalar("SELECT max(id) FROM attendance WHERE meeting_id = ?", (meeting_id,))
        editor.set("attendance", row, {"capacity": "Balnagowan observer"})  # the generated trigger follows it
        assert [h.meeting_id for h in fulltext.search_minutes(session, "balnagowan")] == [meeting_id]
        index_matches_the_record(session.db)
    finally:
        session.close()


def test_a_searchable_field_with_nowhere_in_the_index_is_refused(monkeypatch):
    fields = tuple(dataclasses.replace(f, searchable=True) if f.name == "skip_reason" else f
                   for f in record.AGENDA_ITEM.fields)
    agenda = dataclasses.replace(record.AGENDA_ITEM, fields=fields, search_kind=0, _by_name={})
    monkeypatch.setattr(record, "MEETING_PARTS", tuple(agenda if p.name == "agenda_item" else p
                                                       for p in record.MEETING_PARTS))
    with pytest.raises(ValueError, match="agenda_item has searchable fields but no search_kind"):
        fulltext_index.generated()


def test_a_searchable_field_outside_a_meetings_record_is_refused(monkeypatch):
    fields = tuple(dataclasses.replace(f, searchable=True) if f.name == "notes" else f
                   for f in record.INDIVIDUAL.fields)
    individual = dataclasses.replace(record.INDIVIDUAL, fields=fields, _by_name={})
    monkeypatch.setattr(record, "PARTS", tuple(individual if p.name == "individual" else p for p in record.PARTS))
    with pytest.raises(ValueError, match="individual is not part of a meeting's record"):
        fulltext_index.generated()
