"""Where text enters the record (the meeting editor, the individual form, the interchange import), a character
the documents cannot print is refused with a sentence naming it, and nothing is written."""

from __future__ import annotations

import json
import re

import pytest

from mappa_desk.domain.text_check import UnprintableText
from mappa_desk.errors import ImportRejected
from mappa_desk.interchange import files as interchange
from mappa_desk.services import records
from mappa_desk.services.editing import MeetingEditor
from mappa_desk.services.individuals import IndividualRefused, create_individual
from tests.interchange.test_interchange import _review_doc, _table_counts
from tests.services.test_editing import a_review
from tests.services.test_new_individual import TODAY, _spec

EMOJI = "\U0001F600"


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


@pytest.mark.parametrize("text, said", [
    (f"Kim {EMOJI}", "cannot print the character U+1F600"),
    ("Kim\x07", "control character U+0007"),
    ("Kim \u202eLee", "direction control U+202E"),
])
def test_the_meeting_editor_refuses_text_it_cannot_print(demo, text, said):
    meeting_id = a_review(demo)
    editor = MeetingEditor(demo, meeting_id)
    before = demo.db.scalar("SELECT victim_issues FROM meetings WHERE id = ?", (meeting_id,))
    with pytest.raises(UnprintableText, match=re.escape(said)):
        editor.set("meetings", meeting_id, {"victim_issues": text})
    with pytest.raises(UnprintableText, match=re.escape(said)):
        editor.set_coordinator(text)
    assert demo.db.scalar("SELECT victim_issues FROM meetings WHERE id = ?", (meeting_id,)) == before


def test_the_meeting_editor_keeps_names_in_every_printed_script(demo):
    meeting_id = a_review(demo)
    editor = MeetingEditor(demo, meeting_id)
    text = "Siobhán, Γιώργος, Ольга, محمد علی, प्रिया, ਗੁਰਪ੍ਰੀਤ, রহিম, 陳大文, สมชาย"
    editor.set("meetings", meeting_id, {"victim_issues": text})
    assert demo.db.scalar("SELECT victim_issues FROM meetings WHERE id = ?", (meeting_id,)) == text


@pytest.mark.parametrize("field", ["family_name", "given_names", "visor_ref", "notes", "aliases"])
def test_the_individual_form_names_the_field_that_holds_an_unprintable_character(vault_session, field):
    value = (f"Lee {EMOJI}",) if field == "aliases" else f"Lee {EMOJI}"
    with pytest.raises(IndividualRefused) as refused:
        create_individual(vault_session, _spec(**{field: value}), today=TODAY)
    assert refused.value.field == field
    assert str(refused.value) == ("MAPPA Desk cannot print the character U+1F600 (grinning face) in its "
                                  "documents; please leave it out.")
    assert vault_session.db.scalar("SELECT count(*) FROM individuals") == 0


def test_an_interchange_file_with_an_unprintable_character_is_refused_naming_the_field(vault_session):
    doc = _review_doc()
    doc["individual"]["given_names"] = "Ann\x1bSmith"
    before = _table_counts(vault_session)
    with pytest.raises(ImportRejected) as refused:
        interchange.parse(json.dumps(doc).encode("utf-8"))
    text = str(refused.value)
    assert text.startswith("The file was not imported: individual.given_names: MAPPA Desk cannot keep the "
                           "control character U+001B")
    assert text.endswith("Nothing was changed.")
    assert _table_counts(vault_session) == before


@pytest.mark.parametrize("change", [dict(location="Room 2 \U0001F3E2"), dict(minute_taker_name="Ann\x07 Example"),
                                    dict(coordinator_name="Sam \u202eReid")])
def test_the_new_meeting_service_refuses_unprintable_text(vault_session, change):
    from mappa_desk.errors import InvalidInput
    from mappa_desk.services import new_meeting as nm
    from tests.services.test_coordinator import _individual, _spec
    records.load_demo(vault_session)
    defaults = nm.defaults(vault_session, _individual(vault_session, "Drumlachie"))
    before = vault_session.db.scalar("SELECT count(*) FROM meetings")
    with pytest.raises(InvalidInput, match=r"U\+"):
        nm.create_meeting(vault_session, _spec(defaults, **change))
    assert vault_session.db.scalar("SELECT count(*) FROM meetings") == before


@pytest.mark.parametrize("field, change", [("requester", dict(requester="Ms Fiona \U0001F600 Carrick")),
                                           ("organisation", dict(organisation="Carrick\x1b & Lamont"))])
def test_a_request_with_text_the_reply_letter_cannot_print_is_refused_naming_the_field(vault_session, field, change):
    """The requester and organisation are printed in the reply letter: refused where typed, nothing stored."""
    from mappa_desk.services import requests as rq
    from tests.services.test_requests import meeting_of, new_request
    records.load_demo(vault_session)
    individual_id = vault_session.db.scalar("SELECT id FROM individuals WHERE visor_ref = 'DEMO/0001'")
    meeting_id, _ = meeting_of(vault_session, individual_id, "final")
    with pytest.raises(rq.RequestRefused) as refused:
        rq.record_request(vault_session, new_request(individual_id, meeting_id, **change), today="2026-11-03")
    assert refused.value.field == field and "U+" in str(refused.value)
    assert vault_session.db.scalar("SELECT count(*) FROM minute_requests") == 0
