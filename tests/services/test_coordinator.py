"""The MAPPA co-ordinator: proposed when a meeting is set up, stored, edited in the cockpit, printed."""

from __future__ import annotations

import pytest

from mappa_desk.errors import UserFacingError
from mappa_desk.services import cockpit, documents, records
from mappa_desk.services import new_meeting as nm
from mappa_desk.services.editing import MeetingEditor
from tests.documents.pdf_text import pdf_pages_text


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def _individual(session, family_name):
    return session.db.scalar("SELECT id FROM individuals WHERE family_name = ?", (family_name,))


def _coordinator(session, meeting_id):
    return session.db.scalar("""SELECT p.full_name FROM meetings m JOIN people p ON p.id = m.coordinator_id
                                WHERE m.id = ?""", (meeting_id,))


def _spec(defaults, **changes):
    values = dict(individual_id=defaults.individual_id, kind=defaults.kind, level=defaults.level,
                  meeting_date="2026-12-08", start_time="10:30", location=defaults.location,
                  chair=defaults.chair, minute_taker_name=defaults.minute_taker_name,
                  coordinator_name=defaults.coordinator_name, invitees=defaults.invitees)
    values.update(changes)
    return nm.NewMeeting(**values)


def _printed(session, meeting_id, out_dir) -> dict[str, str]:
    """The text of each PDF made for the meeting, by kind, as pypdf reads it."""
    generated = documents.generate_for_meeting(session, meeting_id, out_dir)
    return {g.kind: "\n".join(pdf_pages_text(g.path.read_bytes())) for g in generated if g.format == "pdf"}


def test_setting_up_a_review_proposes_the_last_meetings_coordinator_and_stores_it(demo):
    ind = _individual(demo, "Drumlachie")
    d = nm.defaults(demo, ind)
    assert d.coordinator_name == _coordinator(demo, d.previous_meeting_id) == "Gillian Tarrowby"
    people_before = demo.db.scalar("SELECT count(*) FROM people")
    meeting_id = nm.create_meeting(demo, _spec(d))
    assert demo.db.scalar("SELECT coordinator_id FROM meetings WHERE id = ?", (meeting_id,)) == \
        demo.db.scalar("SELECT coordinator_id FROM meetings WHERE id = ?", (d.previous_meeting_id,))
    assert demo.db.scalar("SELECT count(*) FROM people") == people_before  # the same person, not a copy


def test_the_coordinator_chosen_at_set_up_is_stored_and_an_empty_one_is_not_recorded(demo):
    d = nm.defaults(demo, _individual(demo, "Drumlachie"))
    chosen = nm.create_meeting(demo, _spec(d, coordinator_name="  Morven   Ashkirk "))
    assert _coordinator(demo, chosen) == "Morven Ashkirk"
    none = nm.create_meeting(demo, _spec(d, meeting_date="2026-12-09", coordinator_name=" "))
    assert demo.db.scalar("SELECT coordinator_id FROM meetings WHERE id = ?", (none,)) is None


def test_the_minute_and_covering_note_name_the_coordinator_set_at_set_up(demo, tmp_path):
    d = nm.defaults(demo, _individual(demo, "Drumlachie"))
    meeting_id = nm.create_meeting(demo, _spec(d, coordinator_name="Morven Ashkirk"))
    printed = _printed(demo, meeting_id, tmp_path / "docs")
    minute = " ".join(printed["minute"].split())
    assert "MAPPA co-ordinator Morven Ashkirk" in minute
    assert "MAPPA co-ordinator Not recorded" not in minute
    assert "MAPPA Co-ordinator (Morven Ashkirk)" in " ".join(printed["covering_note"].split())


def test_editing_the_coordinator_stores_it_undoes_and_prints_it(demo, tmp_path):
    d = nm.defaults(demo, _individual(demo, "Drumlachie"))
    meeting_id = nm.create_meeting(demo, _spec(d, coordinator_name=""))
    editor = MeetingEditor(demo, meeting_id)
    change = editor.set_coordinator("Gillian  Tarrowby")
    assert _coordinator(demo, meeting_id) == "Gillian Tarrowby"
    assert cockpit.load(demo, meeting_id).meeting["coordinator_name"] == "Gillian Tarrowby"
    # The name is matched to the co-ordinator already known, whatever their agency: no second person.
    assert demo.db.scalar("SELECT count(*) FROM people WHERE full_name = 'Gillian Tarrowby'") == 1
    minute = " ".join(_printed(demo, meeting_id, tmp_path / "docs")["minute"].split())
    assert "MAPPA co-ordinator Gillian Tarrowby" in minute
    editor.apply(change, undo=True)
    assert demo.db.scalar("SELECT coordinator_id FROM meetings WHERE id = ?", (meeting_id,)) is None
    assert cockpit.load(demo, meeting_id).meeting["coordinator_name"] == ""
    editor.apply(change)
    assert _coordinator(demo, meeting_id) == "Gillian Tarrowby"
    editor.set_coordinator("")
    assert demo.db.scalar("SELECT coordinator_id FROM meetings WHERE id = ?", (meeting_id,)) is None


def test_the_coordinator_of_a_final_record_cannot_be_changed(demo):
    final = demo.db.scalar("SELECT id FROM meetings WHERE status = 'final' ORDER BY id LIMIT 1")
    before = demo.db.query("SELECT coordinator_id FROM meetings WHERE id = ?", (final,))
    people_before = demo.db.scalar("SELECT count(*) FROM people")
    with pytest.raises(UserFacingError, match="final"):
        MeetingEditor(demo, final).set_coordinator("Someone Else")
    assert demo.db.query("SELECT coordinator_id FROM meetings WHERE id = ?", (final,)) == before
    assert demo.db.scalar("SELECT count(*) FROM people") == people_before
