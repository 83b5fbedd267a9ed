"""The reply letter to a request for the Minute (document 9) and the covering note are filled from the record
(issue 17 item 6): the letter names the individual with their date of birth, is signed by the meeting's chair, and
gives as its reason for withholding the full Minute only the words the chair chose with the decision (third
parties, confidential, sensitive information); with none chosen it is not made. The covering note names the
individual's date of birth and the meeting's type and level."""

from __future__ import annotations

import pytest

from mappa_desk.services import documents
from mappa_desk.services import requests as rq
from tests.documents.pdf_text import docx_text, pdf_pages_text
from tests.services.test_requests import TODAY, counts, demo, meeting_of, new_request  # noqa: F401 (the fixture)

CHAIR = "Elspeth Garvellan"  # the chair of DEMO/0001's first (final) meeting
DATE_OF_BIRTH = "11 February 1986"
ALL_WORDS = ("information about third parties", "confidential information", "sensitive information")


def _decided(session, person, withheld) -> int:
    meeting, _ = meeting_of(session, person, "final")
    request_id = rq.record_request(session, new_request(person, meeting), today=TODAY)
    rq.record_decision(session, request_id, "executive_summary", approved_by="DCI Moira Lennox",
                       approved_on="2026-11-05", withheld=withheld, today=TODAY)
    return request_id


def _letter_texts(generated) -> list[str]:
    files = {g.format: g.path for g in generated if g.kind == "reply_letter"}
    return [" ".join(docx_text(files["docx"].read_bytes()).split()),
            " ".join(" ".join(page.split()) for page in pdf_pages_text(files["pdf"].read_bytes()))]


def test_the_letter_names_the_chair_the_date_of_birth_and_only_the_chosen_words(demo, tmp_path):
    session, ids = demo
    person = ids["DEMO/0001"]
    request_id = _decided(session, person, ("confidential", "third_party"))  # kept in the vocabulary's order
    assert session.db.scalar("SELECT withheld FROM minute_requests WHERE id = ?", (request_id,)) == \
        "third_party,confidential"
    [entry] = rq.log_for_individual(session, person)
    assert entry.withheld == ("third_party", "confidential")
    generated = rq.generate_for_request(session, request_id, tmp_path / "out", salutation="Ms Carrick",
                                        approved_by="Chair Test")
    for text in _letter_texts(generated):
        assert CHAIR in text and "DCI Moira Lennox" not in text
        assert "Date of birth" in text and DATE_OF_BIRTH in text
        assert "Calum James DRUMLACHIE" in text
        assert ("They contain information about third parties and confidential information, provided by several "
                "agencies") in text
        assert "sensitive information" not in text
        assert "[Name of the Chair]" not in text and "keep what applies" not in text  # no prompt left for these


def test_each_choice_alone_is_what_the_letter_says(demo, tmp_path):
    session, ids = demo
    request_id = _decided(session, ids["DEMO/0001"], ("sensitive",))
    generated = rq.generate_for_request(session, request_id, tmp_path / "out", approved_by="Chair Test")
    for text in _letter_texts(generated):
        assert "They contain sensitive information, provided by" in text
        assert not any(words in text for words in ALL_WORDS[:2])


def test_the_letter_is_refused_while_nothing_is_chosen(demo, tmp_path):
    session, ids = demo
    request_id = _decided(session, ids["DEMO/0001"], ())
    before = counts(session)
    with pytest.raises(rq.RequestRefused, match="the reply letter keeps only the words chosen. Nothing was made.") \
            as refused:
        rq.generate_for_request(session, request_id, tmp_path / "out", approved_by="Chair Test")
    assert refused.value.field == "withheld"
    assert counts(session) == before
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


def test_a_reason_the_jurisdiction_does_not_have_is_refused_and_nothing_is_stored(demo):
    session, ids = demo
    person = ids["DEMO/0001"]
    meeting, _ = meeting_of(session, person, "final")
    request_id = rq.record_request(session, new_request(person, meeting), today=TODAY)
    with pytest.raises(rq.RequestRefused, match="“embarrassing” is not one of the reasons") as refused:
        rq.record_decision(session, request_id, "executive_summary", approved_by="DCI Moira Lennox",
                           approved_on="2026-11-05", withheld=("third_party", "embarrassing"), today=TODAY)
    assert refused.value.field == "withheld"
    assert session.db.query("SELECT decision, withheld FROM minute_requests WHERE id = ?", (request_id,)) == [
        ("pending", "")]


def test_another_decision_keeps_no_choice(demo):
    session, ids = demo
    request_id = _decided(session, ids["DEMO/0001"], ("third_party",))
    rq.record_decision(session, request_id, "refused", approved_by="DCI Moira Lennox", approved_on="2026-11-05",
                       reason="Ongoing investigation", today=TODAY)
    assert session.db.scalar("SELECT withheld FROM minute_requests WHERE id = ?", (request_id,)) == ""


def test_the_covering_note_names_the_date_of_birth_and_the_meetings_type(demo, tmp_path):
    session, ids = demo
    meeting, _ = session.db.query("SELECT id, meeting_date FROM meetings WHERE individual_id = ? AND status = 'held' "
                                  "ORDER BY meeting_date LIMIT 1", (ids["DEMO/0001"],))[0]
    generated = documents.generate_for_meeting(session, meeting, tmp_path / "out")
    files = {g.format: g.path for g in generated if g.kind == "covering_note"}
    for text in (" ".join(docx_text(files["docx"].read_bytes()).split()),
                 " ".join(" ".join(p.split()) for p in pdf_pages_text(files["pdf"].read_bytes()))):
        assert "Date of birth" in text and DATE_OF_BIRTH in text
        assert "review meeting held on" in text
        assert "Calum James DRUMLACHIE" in text
