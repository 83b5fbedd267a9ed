"""The date a level decision takes effect: the first field added to the record after its fields were declared
once (issue 16). Its migration, its one declaration and the Minute's template line are all it took; these tests
show every layer carries it: the vault, the cockpit's editor, the interchange format (and a file made before
it), and the Minute in both formats."""

from __future__ import annotations

import json

from mappa_desk.domain import record
from mappa_desk.interchange import upgrades
from mappa_desk.services import documents, records
from mappa_desk.services.editing import MeetingEditor
from tests.documents.pdf_text import docx_text, pdf_pages_text

DATE = "2027-01-18"


def _held_review(session) -> int:
    records.load_demo(session)
    return session.db.scalar("SELECT id FROM meetings WHERE kind = 'review' AND status = 'held' ORDER BY id LIMIT 1")


def test_the_editor_stores_it_and_the_minute_prints_it_with_its_label(vault_session, tmp_path):
    meeting_id = _held_review(vault_session)
    editor = MeetingEditor(vault_session, meeting_id)
    changes = editor.write(record.MEETING.ref(meeting_id, "level_effective_date"), DATE)
    assert [c.new for c in changes] == [{"level_effective_date": DATE}]
    assert vault_session.db.scalar("SELECT level_effective_date FROM meetings WHERE id = ?", (meeting_id,)) == DATE
    generated = documents.generate_for_meeting(vault_session, meeting_id, tmp_path / "out")
    minute = {g.format: g.path for g in generated if g.kind == "minute"}
    pdf = " ".join(" ".join(page.split()) for page in pdf_pages_text(minute["pdf"].read_bytes()))
    for text in (docx_text(minute["docx"].read_bytes()), pdf):
        assert "Level decision takes effect" in text
        assert "18 January 2027" in text


def test_it_travels_in_an_interchange_file(vault_session):
    meeting_id = _held_review(vault_session)
    MeetingEditor(vault_session, meeting_id).write(record.MEETING.ref(meeting_id, "level_effective_date"), DATE)
    doc = json.loads(records.export_meeting(vault_session, meeting_id))
    assert doc["version"] == upgrades.CURRENT >= 2
    assert doc["meeting"]["level_effective_date"] == DATE


def test_a_file_made_before_it_gains_it_empty_and_nothing_else_changes():
    older = {"format": "mappa-desk-meeting", "version": 1, "exported_at": "2026-01-01T00:00:00Z",
             "individual": {"family_name": "X"}, "meeting": {"kind": "review", "previous": {"risks": []}}}
    upgraded = upgrades.upgrade(older)
    assert upgraded["version"] == upgrades.CURRENT
    later = {f.name for f in record.MEETING.fields if f.since > 2}  # fields a later version added, also empty
    later |= {name for names in upgrades.LISTS_ADDED.values() for name in names}  # and lists of rows (version 4)
    assert {k: v for k, v in upgraded["meeting"].items() if k not in later} == {
        "kind": "review", "previous": {"risks": []}, "level_effective_date": None}
    added = {f.name for f in record.INDIVIDUAL.fields if f.since > 2}  # the individual's later fields, empty
    assert {k: v for k, v in upgraded["individual"].items() if k not in added} == {"family_name": "X"}
    assert all(upgraded["individual"][k] in ("", None) for k in added)
    assert older["meeting"] == {"kind": "review", "previous": {"risks": []}}  # the caller's document is untouched
