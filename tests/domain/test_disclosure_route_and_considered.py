"""Disclosure as the document set logs it (issue 17, item 4): each disclosure's route and whether the individual
is told of it, and by whom; and "disclosure considered, none needed, because ..." as an outcome of the meeting
without a disclosure row. These tests show every layer carries them: the vault, the cockpit's editor, search,
the interchange format, the Minute in both formats, and the self-audit."""

from __future__ import annotations

import json

import pytest

from mappa_desk.domain import completeness, record
from mappa_desk.errors import UserFacingError
from mappa_desk.interchange import upgrades
from mappa_desk.services import documents, fulltext, records
from mappa_desk.services.editing import MeetingEditor
from tests.documents.pdf_text import docx_text, pdf_pages_text
from tests.domain.test_completeness import PROFILE, TODAY, complete

REASON = "No third party is at risk: the individual lives alone and has no contact with children."
ROW = {"route": "police_public_interest", "route_detail": "In person at the nursery, with the manager",
       "individual_told": True, "individual_told_by": "PC Iona Fraser"}


def _held_review(session) -> int:
    records.load_demo(session)
    return session.db.scalar("SELECT id FROM meetings WHERE kind = 'review' AND status = 'held' ORDER BY id LIMIT 1")


def _record(session, meeting_id: int) -> int:
    """The meeting records that no disclosure is needed, and a disclosure decision with its route and teller."""
    editor = MeetingEditor(session, meeting_id)
    editor.write(record.MEETING.ref(meeting_id, "disclosure_considered"), "none_needed")
    editor.write(record.MEETING.ref(meeting_id, "disclosure_none_reason"), REASON)
    row_id = editor.add("disclosures")
    editor.write(record.DISCLOSURE.ref(row_id, "to_whom"), "Manager of Brightwater Nursery")
    editor.write(record.DISCLOSURE.ref(row_id, "reason_not_made"), "Considered at the last meeting")
    for name, value in ROW.items():
        editor.write(record.DISCLOSURE.ref(row_id, name), value)
    return row_id


def test_the_vault_holds_each_value(vault_session):
    meeting_id = _held_review(vault_session)
    row_id = _record(vault_session, meeting_id)
    assert vault_session.db.rows(
        "SELECT disclosure_considered, disclosure_none_reason FROM meetings WHERE id = ?", (meeting_id,)
    ) == [{"disclosure_considered": "none_needed", "disclosure_none_reason": REASON}]
    assert vault_session.db.rows(
        "SELECT route, route_detail, individual_told, individual_told_by FROM disclosures WHERE id = ?", (row_id,)
    ) == [{**ROW, "individual_told": 1}]


def test_a_route_or_a_choice_outside_its_list_is_refused(vault_session):
    meeting_id = _held_review(vault_session)
    editor = MeetingEditor(vault_session, meeting_id)
    considered = vault_session.db.scalar("SELECT disclosure_considered FROM meetings WHERE id = ?", (meeting_id,))
    row_id = editor.add("disclosures")
    with pytest.raises(UserFacingError, match="Route cannot be “carrier_pigeon”"):
        editor.write(record.DISCLOSURE.ref(row_id, "route"), "carrier_pigeon")
    with pytest.raises(UserFacingError, match="Disclosure considered cannot be “maybe”"):
        editor.write(record.MEETING.ref(meeting_id, "disclosure_considered"), "maybe")
    assert vault_session.db.scalar("SELECT route FROM disclosures WHERE id = ?", (row_id,)) is None
    assert vault_session.db.scalar("SELECT disclosure_considered FROM meetings WHERE id = ?",
                                   (meeting_id,)) == considered


def test_the_minute_prints_each_with_its_label(vault_session, tmp_path):
    meeting_id = _held_review(vault_session)
    _record(vault_session, meeting_id)
    generated = documents.generate_for_meeting(vault_session, meeting_id, tmp_path / "out")
    minute = {g.format: g.path for g in generated if g.kind == "minute"}
    pdf = " ".join(" ".join(page.split()) for page in pdf_pages_text(minute["pdf"].read_bytes()))
    docx = " ".join(docx_text(minute["docx"].read_bytes()).split())
    for name, text in (("docx", docx), ("pdf", pdf)):
        for words in ("Disclosure considered", "Considered: no disclosure is needed", "Why no disclosure is needed",
                      REASON, "Route", "Police disclosure in the public interest", "Route details",
                      "In person at the nursery, with the manager", "Individual told", "Who tells the individual",
                      "PC Iona Fraser"):
            assert words in text, words


def test_search_finds_the_reason_and_the_route_details(vault_session):
    meeting_id = _held_review(vault_session)
    _record(vault_session, meeting_id)
    assert [(h.meeting_id, h.where) for h in fulltext.search_minutes(vault_session, "lives alone")] == [
        (meeting_id, "Disclosure")]
    assert [h.meeting_id for h in fulltext.search_minutes(vault_session, "nursery manager")] == [meeting_id]


def test_they_travel_in_an_interchange_file_and_an_older_file_gains_them_empty(vault_session):
    meeting_id = _held_review(vault_session)
    _record(vault_session, meeting_id)
    doc = json.loads(records.export_meeting(vault_session, meeting_id))
    assert doc["version"] == upgrades.CURRENT >= 3
    assert doc["meeting"]["disclosure_considered"] == "none_needed"
    assert doc["meeting"]["disclosure_none_reason"] == REASON
    assert {k: v for k, v in doc["meeting"]["disclosures"][-1].items() if k in ROW} == ROW
    older = {"format": "mappa-desk-meeting", "version": 2, "exported_at": "2026-01-01T00:00:00Z",
             "individual": {"family_name": "X"}, "meeting": {"kind": "review", "disclosures": [{"made": False}]}}
    upgraded = upgrades.upgrade(older)
    assert upgraded["meeting"]["disclosure_considered"] is None and upgraded["meeting"]["disclosure_none_reason"] == ""
    assert upgraded["meeting"]["disclosures"] == [{"made": False, "route": None, "route_detail": "",
                                                   "individual_told": False, "individual_told_by": ""}]


# -- the self-audit ------------------------------------------------------------------------------------------------

def _disclosure_gaps(**meeting_values):
    meeting, individual = complete()
    for name, value in meeting_values.items():
        setattr(meeting, name, value)
    return meeting, individual


def _gaps(meeting, individual):
    return [(g.step, g.blocking, g.text) for g in completeness.gaps(meeting, individual, PROFILE, today=TODAY)]


def test_considered_none_needed_with_its_reason_needs_no_disclosure_row():
    meeting, individual = _disclosure_gaps(disclosures=[])
    assert _gaps(meeting, individual) == [
        ("disclosure", True, "The record does not show that disclosure was considered.")]
    meeting.disclosure_considered, meeting.disclosure_none_reason = "none_needed", REASON
    assert _gaps(meeting, individual) == []


def test_considered_none_needed_without_its_reason_or_with_a_disclosure_to_make_is_a_gap():
    meeting, individual = _disclosure_gaps(disclosures=[], disclosure_considered="none_needed",
                                           disclosure_none_reason="  ")
    assert _gaps(meeting, individual) == [
        ("disclosure", True, "The record says no disclosure is needed, but not why.")]
    meeting, individual = complete()
    assert any(d.made for d in meeting.disclosures)
    meeting.disclosure_considered, meeting.disclosure_none_reason = "none_needed", REASON
    assert _gaps(meeting, individual) == [
        ("disclosure", True, "The record says no disclosure is needed, but disclosure 1 is to be made.")]


def test_disclosures_said_to_be_recorded_must_be():
    meeting, individual = _disclosure_gaps(disclosures=[], disclosure_considered="recorded")
    assert _gaps(meeting, individual) == [
        ("disclosure", True, "The record says the disclosure decisions are recorded, but none is.")]


def test_another_route_needs_its_details_and_a_teller_needs_a_name():
    meeting, individual = complete()
    disclosure = next(d for d in meeting.disclosures if d.made)
    disclosure.route, disclosure.individual_told = "other", True
    assert _gaps(meeting, individual) == [
        ("disclosure", False, "Disclosure 1 is made by another route, but the record does not say which."),
        ("disclosure", False, "Disclosure 1: the individual is to be told of it, but not by whom.")]
    disclosure.route_detail, disclosure.individual_told_by = "By letter from the lead officer", "Jo Kerr"
    assert _gaps(meeting, individual) == []
