"""The requests and disclosure log: recording, the chair's decision, sending, sharing, the log and its CSV."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mappa_desk.errors import NotFound, UserFacingError
from mappa_desk.services import records
from mappa_desk.services import requests as rq
from tests.documents.pdf_text import docx_text, pdf_pages_text

TODAY = "2026-12-09"
TABLES = ("minute_requests", "sharing_approvals", "document_versions")


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    db = vault_session.db
    ids = {ref: i for i, ref in db.query("SELECT id, visor_ref FROM individuals")}
    return vault_session, ids


def meeting_of(session, individual_id: int, status: str) -> tuple[int, str]:
    return session.db.query("SELECT id, meeting_date FROM meetings WHERE individual_id = ? AND status = ? "
                            "ORDER BY meeting_date LIMIT 1", (individual_id, status))[0]


def counts(session) -> dict:
    return {t: session.db.scalar(f"SELECT count(*) FROM {t}") for t in TABLES}


def new_request(individual_id, meeting_id, **changes) -> rq.NewRequest:
    values = dict(individual_id=individual_id, meeting_id=meeting_id, received_on="2026-11-02",
                  requester="Ms Fiona Carrick", organisation="Carrick & Lamont, solicitors", kind="third_party",
                  documents="minute")
    values.update(changes)
    return rq.NewRequest(**values)


def test_a_request_is_logged_with_the_meeting_it_concerns(demo):
    session, ids = demo
    person = ids["DEMO/0001"]
    meeting, date = meeting_of(session, person, "final")
    request_id = rq.record_request(session, new_request(person, meeting, requester="  Ms Fiona   Carrick "),
                                   today=TODAY)
    [entry] = rq.log_for_individual(session, person)
    assert (entry.entry, entry.id, entry.date, entry.meeting_id, entry.meeting_date) == (
        "request", request_id, "2026-11-02", meeting, date)
    assert (entry.who, entry.organisation, entry.kind_label, entry.documents_label, entry.decision_label) == (
        "Ms Fiona Carrick", "Carrick & Lamont, solicitors", "Third party", "Minute", "Not yet decided")
    assert rq.log_for_individual(session, ids["DEMO/0002"]) == [], "the log is per individual"


@pytest.mark.parametrize("changes, field, words", [
    (dict(received_on="2026-12-10"), "received_on", "in the future"),
    (dict(received_on="10/12/2026"), "received_on", "Enter the date"),
    (dict(received_on=""), "received_on", "Enter the date"),
    (dict(requester="   "), "requester", "who asked"),
    (dict(kind="press"), "kind", "subject access request, mental health tribunal, third party, agency"),
    (dict(documents="everything"), "documents", "the Minute, the RMP, or both"),
    (dict(meeting_id=None), "meeting_id", "Choose the meeting"),
])
def test_a_request_with_a_bad_value_is_refused_in_a_sentence_and_nothing_is_written(demo, changes, field, words):
    session, ids = demo
    person = ids["DEMO/0001"]
    meeting, _ = meeting_of(session, person, "final")
    before = counts(session)
    with pytest.raises(rq.RequestRefused) as err:
        rq.record_request(session, dataclasses.replace(new_request(person, meeting), **changes), today=TODAY)
    assert err.value.field == field
    assert words in str(err.value)
    assert counts(session) == before


def test_a_request_about_another_individuals_meeting_is_refused(demo):
    session, ids = demo
    other, _ = meeting_of(session, ids["DEMO/0002"], "final")
    with pytest.raises(rq.RequestRefused, match="not one of this individual's"):
        rq.record_request(session, new_request(ids["DEMO/0001"], other), today=TODAY)
    with pytest.raises(NotFound):
        rq.record_request(session, new_request(999, other), today=TODAY)


def test_the_whole_life_of_a_request_decision_then_sent(demo):
    session, ids = demo
    person = ids["DEMO/0001"]
    meeting, _ = meeting_of(session, person, "final")
    request_id = rq.record_request(session, new_request(person, meeting, received_on=TODAY), today=TODAY)

    with pytest.raises(UserFacingError, match="before the chair has decided"):
        rq.record_sent(session, request_id, sent_on=TODAY, sent_what="Reply letter", today=TODAY)
    with pytest.raises(rq.RequestRefused, match="chair who approved") as err:
        rq.record_decision(session, request_id, "executive_summary", approved_on=TODAY, today=TODAY)
    assert err.value.field == "approved_by"
    with pytest.raises(rq.RequestRefused, match="reason for refusing") as err:
        rq.record_decision(session, request_id, "refused", approved_by="DCI Moira Lennox", approved_on=TODAY,
                           reason="  ", today=TODAY)
    assert err.value.field == "reason"
    with pytest.raises(rq.RequestRefused, match="before the request was received") as err:
        rq.record_decision(session, request_id, "released", approved_by="DCI Moira Lennox",
                           approved_on="2026-12-08", today=TODAY)
    assert err.value.field == "approved_on"
    with pytest.raises(rq.RequestRefused, match="Choose a decision"):
        rq.record_decision(session, request_id, "maybe", approved_by="DCI Moira Lennox", approved_on=TODAY,
                           today=TODAY)

    # A decision may be corrected before anything is sent.
    rq.record_decision(session, request_id, "refused", approved_by="DCI Moira Lennox", approved_on=TODAY,
                       reason="Third-party information throughout.", today=TODAY)
    rq.record_decision(session, request_id, "executive_summary", approved_by=" DCI  Moira Lennox ",
                       approved_on=TODAY, today=TODAY)
    [entry] = rq.log_for_individual(session, person)
    assert (entry.decision, entry.approved_by, entry.approved_on, entry.reason) == (
        "executive_summary", "DCI Moira Lennox", TODAY, "")

    with pytest.raises(rq.RequestRefused, match="Say what was sent"):
        rq.record_sent(session, request_id, sent_on=TODAY, sent_what=" ", today=TODAY)
    with pytest.raises(rq.RequestRefused, match="in the future"):
        rq.record_sent(session, request_id, sent_on="2026-12-10", sent_what="Reply letter", today=TODAY)
    rq.record_sent(session, request_id, sent_on=TODAY, sent_what="Reply letter and Executive Summary", today=TODAY)
    [entry] = rq.log_for_individual(session, person)
    assert (entry.sent_on, entry.what) == (TODAY, "Reply letter and Executive Summary")

    # Once answered, the record stands.
    with pytest.raises(UserFacingError, match="already marked as answered on 9 December 2026"):
        rq.record_sent(session, request_id, sent_on=TODAY, sent_what="Again", today=TODAY)
    with pytest.raises(UserFacingError, match="can no longer be changed"):
        rq.record_decision(session, request_id, "refused", approved_by="X", approved_on=TODAY, reason="r",
                           today=TODAY)
    audited = session.db.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'minute_requests'")
    assert audited == 4, "the insert and each accepted change are in the audit log"


def test_going_back_to_pending_clears_the_approval(demo):
    session, ids = demo
    person = ids["DEMO/0001"]
    meeting, _ = meeting_of(session, person, "final")
    request_id = rq.record_request(session, new_request(person, meeting), today=TODAY)
    rq.record_decision(session, request_id, "released", approved_by="DCI Moira Lennox", approved_on=TODAY,
                       today=TODAY)
    rq.record_decision(session, request_id, "pending", approved_by="DCI Moira Lennox", approved_on=TODAY,
                       today=TODAY)
    [entry] = rq.log_for_individual(session, person)
    assert (entry.decision, entry.approved_by, entry.approved_on) == ("pending", "", "")


def test_sharing_approvals_are_logged_and_checked(demo):
    session, ids = demo
    person = ids["DEMO/0001"]
    meeting, date = meeting_of(session, person, "final")
    before = counts(session)
    for changes, field in ((dict(shared_with=" "), "shared_with"), (dict(what=""), "what"),
                           (dict(approved_by=""), "approved_by"), (dict(approved_on="2027-01-01"), "approved_on")):
        values = dict(shared_with="Kilbrannan Housing Options", what="RMP, victim safety section",
                      approved_by="DCI Moira Lennox", approved_on="2026-11-20", reason="Housing decision")
        values.update(changes)
        with pytest.raises(rq.RequestRefused) as err:
            rq.record_sharing(session, meeting, today=TODAY, **values)
        assert err.value.field == field
    assert counts(session) == before
    sharing_id = rq.record_sharing(session, meeting, shared_with="Kilbrannan Housing Options",
                                   what="RMP, victim safety section", approved_by="DCI Moira Lennox",
                                   approved_on="2026-11-20", reason="Housing decision", today=TODAY)
    [entry] = rq.log_for_individual(session, person)
    assert (entry.entry, entry.id, entry.date, entry.meeting_date, entry.who, entry.what, entry.reason,
            entry.kind_label, entry.decision_label) == (
        "sharing", sharing_id, "2026-11-20", date, "Kilbrannan Housing Options", "RMP, victim safety section",
        "Housing decision", "Onward sharing", "Approved by the chair")


def _fill_log(session, person) -> list[int]:
    """Three requests and two sharing approvals on different days; returns the ids in log order."""
    first, second = [m for m, in session.db.query(
        "SELECT id FROM meetings WHERE individual_id = ? AND status = 'final' ORDER BY meeting_date", (person,))]
    a = rq.record_request(session, new_request(person, first, received_on="2026-09-01"), today=TODAY)
    b = rq.record_request(session, new_request(person, second, received_on="2026-11-15", kind="subject_access",
                                               requester="Calum Drumlachie", organisation=""), today=TODAY)
    c = rq.record_request(session, new_request(person, second, received_on="2026-11-15", kind="agency",
                                               requester="=HYPERLINK(\"x\")", organisation="@Agency"), today=TODAY)
    s1 = rq.record_sharing(session, first, shared_with="GP practice", what="RMP", approved_by="DCI Moira Lennox",
                           approved_on="2026-10-01", today=TODAY)
    s2 = rq.record_sharing(session, second, shared_with="Housing", what="Minute", approved_by="DCI Moira Lennox",
                           approved_on="2026-11-15", today=TODAY)
    return [("request", c), ("request", b), ("sharing", s2), ("sharing", s1), ("request", a)]


def test_the_log_is_newest_first_across_requests_and_sharing(demo):
    session, ids = demo
    person = ids["DEMO/0001"]
    expected = _fill_log(session, person)
    assert [(e.entry, e.id) for e in rq.log_for_individual(session, person)] == expected


def test_the_log_exports_as_csv_one_row_per_entry(demo, tmp_path):
    session, ids = demo
    person = ids["DEMO/0001"]
    _fill_log(session, person)
    (tmp_path / "out").mkdir()
    path = tmp_path / "out" / "log.csv"
    assert rq.export_log(session, person, path) == 5
    assert [p.name for p in path.parent.iterdir()] == ["log.csv"], "no temporary file is left behind"
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == list(rq.CSV_HEADERS)
    assert len(rows) == 6
    assert rows[1][:8] == ["Request", "2026-11-15", "2026-08-11", "'=HYPERLINK(\"x\")", "'@Agency", "Agency",
                           "Minute", "Not yet decided"]
    assert rows[3][:5] == ["Sharing approval", "2026-11-15", "2026-08-11", "Housing", ""]
    assert rows[3][7] == "Approved by the chair"
    # Exporting again replaces the file whole.
    rq.record_request(session, new_request(person, meeting_of(session, person, "final")[0]), today=TODAY)
    rq.export_log(session, person, path)
    assert len(list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))) == 7


def test_exporting_into_a_missing_folder_is_a_sentence(demo, tmp_path):
    session, ids = demo
    with pytest.raises(UserFacingError) as err:
        rq.export_log(session, ids["DEMO/0001"], tmp_path / "nowhere" / "log.csv")
    assert "could not be written" in str(err.value)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(min_size=1, max_size=60))
def test_any_typed_text_comes_back_from_the_csv_as_typed(demo, tmp_path_factory, text):
    session, ids = demo
    entry = rq.LogEntry("request", 1, "2026-11-01", 1, "2026-07-07", text, organisation=text, kind="agency",
                        documents="rmp", decision="refused", reason=text, what=text)
    [row] = list(csv.reader(io.StringIO(rq.log_csv([entry]).decode("utf-8-sig"), newline="")))[1:]
    for value in (row[3], row[4], row[8], row[12]):
        assert value == (("'" + text) if text[0] in "=+-@\t\r" else text)


# -- what is sent ---------------------------------------------------------------------------------------------

def decided(session, person, status="final", decision="executive_summary", **changes) -> int:
    meeting, _ = meeting_of(session, person, status)
    request_id = rq.record_request(session, new_request(person, meeting, **changes), today=TODAY)
    if decision != "pending":
        rq.record_decision(session, request_id, decision, approved_by="DCI Moira Lennox", approved_on="2026-11-05",
                           reason="Third-party information" if decision == "refused" else "",
                           withheld=("third_party",) if decision == "executive_summary" else None, today=TODAY)
    return request_id


def test_the_reply_letter_and_executive_summary_are_generated_and_recorded(demo, tmp_path):
    session, ids = demo
    person = ids["DEMO/0001"]
    request_id = decided(session, person)
    meeting, _ = meeting_of(session, person, "final")
    generated = rq.generate_for_request(session, request_id, tmp_path / "out", salutation="Ms Carrick",
                                        approved_by="Chair Test")
    assert sorted((g.kind, g.format) for g in generated) == [
        ("executive_summary", "docx"), ("executive_summary", "pdf"), ("reply_letter", "docx"), ("reply_letter", "pdf")]
    for g in generated:
        assert g.path.read_bytes() and hashlib.sha256(g.path.read_bytes()).hexdigest() == g.sha256
        assert g.path.name.endswith(f"_request-{request_id}.{g.format}")
        assert "Drumlachie" not in g.path.name and "Calum" not in g.path.name
    letter = next(g for g in generated if g.kind == "reply_letter" and g.format == "docx").path.read_bytes()
    text = docx_text(letter)
    # Signed by the meeting's chair (issue 17 item 6), no longer by whoever approved the decision.
    for expected in ("Ms Fiona Carrick, Carrick & Lamont, solicitors", "Dear Ms Carrick,", "2 November 2026",
                     "Elspeth Garvellan", "Calum James DRUMLACHIE"):
        assert expected in text
    assert "DRAFT" not in text
    summary = next(g for g in generated if g.kind == "executive_summary" and g.format == "pdf").path.read_bytes()
    assert "DRAFT" not in "".join(pdf_pages_text(summary))
    rows = session.db.query("SELECT kind, format, status, sha256, reason FROM document_versions WHERE meeting_id = ?",
                            (meeting,))
    # Issued from the final, not one of its files (schema 0018): the final's seal stays whole.
    assert sorted(rows) == sorted((g.kind, g.format, "issued", g.sha256, f"For request {request_id}")
                                  for g in generated)
    assert rq.suggested_sent_what(session, request_id) == "Reply letter and Executive Summary, version 1"


@pytest.mark.parametrize("decision, words", [
    ("pending", "has not decided"), ("released", "approved releasing the record itself"),
    ("refused", "was refused"),
])
def test_nothing_is_generated_without_a_decision_to_send_the_summary(demo, tmp_path, decision, words):
    session, ids = demo
    request_id = decided(session, ids["DEMO/0001"], decision=decision)
    before = counts(session)
    with pytest.raises(UserFacingError, match=words):
        rq.generate_for_request(session, request_id, tmp_path / "out", approved_by="Chair Test")
    assert not (tmp_path / "out").exists()
    assert counts(session) == before


def test_the_summary_of_a_record_not_yet_final_is_not_generated(demo, tmp_path):
    session, ids = demo
    request_id = decided(session, ids["DEMO/0001"], status="held")
    with pytest.raises(UserFacingError, match="not final yet"):
        rq.generate_for_request(session, request_id, tmp_path / "out", approved_by="Chair Test")
    assert not (tmp_path / "out").exists()


def test_suggested_wording_for_what_was_sent(demo):
    session, ids = demo
    person = ids["DEMO/0001"]
    assert rq.suggested_sent_what(session, decided(session, person, decision="released", documents="rmp")) == \
        "Final Risk management plan, with the chair's approval"
    assert rq.suggested_sent_what(session, decided(session, person)) == "Reply letter and Executive Summary"
    assert rq.suggested_sent_what(session, decided(session, person, decision="pending")) == ""
    with pytest.raises(NotFound):
        rq.suggested_sent_what(session, 999)
