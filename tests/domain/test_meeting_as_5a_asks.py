"""The meeting as national document 5A asks (issue 17 item 2): the purposes the chair ticked and any other, an
emergency meeting, the organisation behind an attending agency (with rank and designation), the meeting a review
reviews (from the vault, or by hand when it is not there, never a guess), the date the Minute was approved and
its circulation list. Each is shown where a user checks it: the vault, the Minute (PDF and DOCX) and an
interchange file taken to another vault."""

from __future__ import annotations

import json

import pytest

from mappa_desk.domain import dates, record
from mappa_desk.errors import UserFacingError
from mappa_desk.interchange import files as interchange, upgrades
from mappa_desk.services import documents, records, session as sessions
from mappa_desk.services.editing import MeetingEditor
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.documents.pdf_text import docx_text, pdf_pages_text

ORGANISATION = "Safe Harbour Women's Aid"
RECIPIENT = "Morag Fictional"


def _held_review(session) -> int:
    records.load_demo(session)
    return session.db.scalar("SELECT id FROM meetings WHERE kind = 'review' AND status = 'held' "
                             "AND previous_meeting_id IS NOT NULL ORDER BY id LIMIT 1")


def _agency_id(session, code: str) -> int:
    return session.db.scalar("SELECT id FROM agencies WHERE code = ?", (code,))


def _record_everything(session, meeting_id: int) -> None:
    editor = MeetingEditor(session, meeting_id)
    ref = lambda name: record.MEETING.ref(meeting_id, name)  # noqa: E731
    editor.write(ref("purposes"), "information,level")
    editor.write(ref("purpose_other"), "To hear the outcome of the housing panel")
    editor.write(ref("emergency"), True)
    editor.write(ref("approved_date"), "2027-01-20")
    attendee = editor.add("attendance", {"meeting_id": meeting_id, "status": "present",
                                         "agency_id": _agency_id(session, "DOMESTIC_ABUSE"),
                                         "capacity": "Outreach worker"})
    editor.write(record.ATTENDANCE.ref(attendee, "organisation"), ORGANISATION)
    line = editor.add("circulation", {"meeting_id": meeting_id, "recipient": RECIPIENT,
                                      "agency_id": _agency_id(session, "POLICE")})
    editor.write(record.CIRCULATION.ref(line, "document"), "Minute, version 2")
    editor.write(record.CIRCULATION.ref(line, "sent_date"), "2027-01-21")


def _minute_texts(session, meeting_id: int, folder) -> list[str]:
    generated = documents.generate_for_meeting(session, meeting_id, folder)
    minute = {g.format: g.path for g in generated if g.kind == "minute"}
    pdf = " ".join(" ".join(page.split()) for page in pdf_pages_text(minute["pdf"].read_bytes()))
    return [" ".join(docx_text(minute["docx"].read_bytes()).split()), pdf]


def test_the_vault_holds_each_value(vault_session):
    meeting_id = _held_review(vault_session)
    _record_everything(vault_session, meeting_id)
    _individual, meeting = records.load(vault_session, meeting_id)
    assert meeting.purposes == "information,level"
    assert meeting.purpose_other == "To hear the outcome of the housing panel"
    assert meeting.emergency is True or meeting.emergency == 1
    assert meeting.approved_date == "2027-01-20"
    assert [a.organisation for a in meeting.attendance if a.agency == "DOMESTIC_ABUSE"] == [ORGANISATION]
    assert [(c.recipient, c.agency, c.document, c.sent_date) for c in meeting.circulation] == [
        (RECIPIENT, "POLICE", "Minute, version 2", "2027-01-21")]


def test_a_purpose_the_jurisdiction_does_not_list_is_refused(vault_session):
    meeting_id = _held_review(vault_session)
    editor = MeetingEditor(vault_session, meeting_id)
    before = vault_session.db.scalar("SELECT purposes FROM meetings WHERE id = ?", (meeting_id,))
    with pytest.raises(UserFacingError, match="not one of the choices"):
        editor.write(record.MEETING.ref(meeting_id, "purposes"), "information,gossip")
    assert vault_session.db.scalar("SELECT purposes FROM meetings WHERE id = ?", (meeting_id,)) == before


def test_the_minute_prints_them(vault_session, tmp_path):
    meeting_id = _held_review(vault_session)
    _record_everything(vault_session, meeting_id)
    previous = vault_session.db.rows("SELECT meeting_date, level FROM meetings WHERE id = "
                                     "(SELECT previous_meeting_id FROM meetings WHERE id = ?)", (meeting_id,))[0]
    for text in _minute_texts(vault_session, meeting_id, tmp_path / "out"):
        # (a) the purposes ticked, in the jurisdiction's words, and the other one; not the ones left unticked
        assert "Purpose of this review meeting:" in text
        assert "To bring in new information and help agencies judge the relevance of information already" in text
        assert "To consider whether the MAPPA level should go up or down" in text
        assert "To set a formal review date" not in text
        assert "To hear the outcome of the housing panel" in text
        # (b) the emergency meeting
        assert "Emergency meeting Yes" in text
        # (c) designation and the organisation behind the agency
        assert "Designation" in text and "Outreach worker" in text
        assert "Name and rank" in text and "Detective Constable" in text  # an attendee's rank (the audit's point)
        assert "Domestic abuse service" in text and ORGANISATION in text
        # (d) the meeting reviewed, from the vault's record of it
        assert "The meeting reviewed" in text
        assert f"Date of the meeting reviewed {dates.long(previous['meeting_date'])}" in text
        assert f"Level of the meeting reviewed Level {previous['level']}" in text
        # (e) the approval date and the circulation list
        assert "Distribution and sign-off" in text
        assert "Date the Minute was approved 20 January 2027" in text
        assert RECIPIENT in text and "Minute, version 2" in text and "21 January 2027" in text


def test_a_review_whose_earlier_meeting_is_not_in_the_vault_prints_what_the_chair_recorded(vault_session,
                                                                                            tmp_path):
    meeting_id = _held_review(vault_session)
    with vault_session.db.transaction():  # as if the earlier meeting had been minuted on paper
        vault_session.db.execute("UPDATE meetings SET previous_meeting_id = NULL WHERE id = ?", (meeting_id,))
    for text in _minute_texts(vault_session, meeting_id, tmp_path / "none"):
        assert "Date of the meeting reviewed Not recorded" in text  # never a guessed meeting
        assert "Level of the meeting reviewed Not recorded" in text
    editor = MeetingEditor(vault_session, meeting_id)
    editor.write(record.MEETING.ref(meeting_id, "reviewed_meeting_date"), "2026-06-03")
    editor.write(record.MEETING.ref(meeting_id, "reviewed_meeting_level"), 3)
    for text in _minute_texts(vault_session, meeting_id, tmp_path / "by-hand"):
        assert "Date of the meeting reviewed 3 June 2026" in text
        assert "Level of the meeting reviewed Level 3 (MAPPP)" in text


def test_an_initial_minute_says_no_meeting_was_reviewed_and_no_emergency(vault_session, tmp_path):
    records.load_demo(vault_session)
    meeting_id = vault_session.db.scalar("SELECT id FROM meetings WHERE kind = 'initial' AND status = 'held' "
                                         "ORDER BY id LIMIT 1")
    for text in _minute_texts(vault_session, meeting_id, tmp_path / "out"):
        assert "The meeting reviewed" not in text
        assert "Emergency meeting" not in text


def test_an_interchange_file_carries_them_to_another_vault(vault_session, tmp_path):
    meeting_id = _held_review(vault_session)
    _record_everything(vault_session, meeting_id)
    exported = records.export_meeting(vault_session, meeting_id)
    doc = json.loads(exported)
    assert doc["version"] == upgrades.CURRENT >= 4
    assert doc["meeting"]["purposes"] == "information,level"
    assert doc["meeting"]["circulation"][0]["recipient"] == RECIPIENT
    _recovery, other = sessions.create(tmp_path / "other", PASSPHRASE, kdf=FAST_KDF)
    try:
        individual, meeting = interchange.parse(exported)
        result = records.import_meeting(other, individual, meeting)
        _individual, back = records.load(other, result.meeting_id)
        assert back.purposes == "information,level"
        assert back.purpose_other == "To hear the outcome of the housing panel"
        assert bool(back.emergency) and back.approved_date == "2027-01-20"
        assert [a.organisation for a in back.attendance if a.agency == "DOMESTIC_ABUSE"] == [ORGANISATION]
        assert [(c.recipient, c.agency, c.document, c.sent_date) for c in back.circulation] == [
            (RECIPIENT, "POLICE", "Minute, version 2", "2027-01-21")]
        again = json.loads(records.export_meeting(other, result.meeting_id))
        doc.pop("exported_at"), again.pop("exported_at")
        assert again == doc
    finally:
        other.close()


def test_a_file_of_version_3_gains_an_empty_circulation_list_and_empty_fields():
    older = {"format": "mappa-desk-meeting", "version": 3, "exported_at": "2026-01-01T00:00:00Z",
             "individual": {"family_name": "X"},
             "meeting": {"kind": "review", "attendance": [{"status": "present"}]}}
    upgraded = upgrades.upgrade(older)
    meeting = upgraded["meeting"]
    assert meeting["circulation"] == [] and meeting["purposes"] == "" and meeting["emergency"] is False
    assert meeting["reviewed_meeting_date"] is None and meeting["approved_date"] is None
    assert meeting["attendance"] == [{"status": "present", "organisation": ""}]


def test_a_seal_made_before_any_circulation_stays_whole_and_a_line_sent_after_the_final_breaks_it(vault_session):
    from mappa_desk.storage import seals
    meeting_id = _held_review(vault_session)
    db = vault_session.db
    with db.transaction():
        seals.seal(db, meeting_id, "2026-12-07T10:00:00Z")
    content = json.loads(seals.canonical(db, meeting_id))
    assert "circulation" not in [table for table, _rows in content["tables"]]  # as a seal made before 0014
    assert seals.broken_seals(db) == []
    with db.transaction():
        db.execute("INSERT INTO circulation (meeting_id, recipient) VALUES (?, ?)", (meeting_id, RECIPIENT))
    assert [m for m, _date in seals.broken_seals(db)] == [meeting_id]


def test_a_file_naming_a_purpose_this_jurisdiction_does_not_list_is_not_imported(vault_session, tmp_path):
    from mappa_desk.errors import ImportRejected
    meeting_id = _held_review(vault_session)
    doc = json.loads(records.export_meeting(vault_session, meeting_id))
    doc["meeting"]["purposes"] = "information,gossip"
    _recovery, other = sessions.create(tmp_path / "other", PASSPHRASE, kdf=FAST_KDF)
    try:
        individual, meeting = interchange.parse(json.dumps(doc).encode("utf-8"))
        with pytest.raises(ImportRejected, match="meeting.purposes"):
            records.import_meeting(other, individual, meeting)
        assert other.db.scalar("SELECT count(*) FROM meetings") == 0
    finally:
        other.close()
