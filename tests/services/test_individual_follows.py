"""Issue 18 item 3, the individual follows the record: importing, handing over or closing their latest meeting
brings the individual's current level, RoSH and lead agency up to it; an older meeting changes nothing."""

from __future__ import annotations

import dataclasses

import pytest

from mappa_desk.demo import demo_records
from mappa_desk.services import cockpit, handover, records, session as sessions
from mappa_desk.services.editing import MeetingEditor
from mappa_desk.vault.keyfile import KdfParams
from tests.conftest import FAST_KDF, PASSPHRASE

AGREED = "blue heron at the harbour"
CHEAP = KdfParams(memory_kib=8192, iterations=1, lanes=1)


def _drumlachie():
    """The demo individual whose review of 11 August decreased the level from 3 to 2 (RoSH very high to high),
    and whose review of 22 September moved the lead agency to the police; the individual as their first meeting
    left them (Level 3, very high, JSW): a vault that has not yet been brought up to date."""
    for individual, history in demo_records():
        if individual.family_name == "Drumlachie":
            stale = dataclasses.replace(individual, current_level=3, rosh_level="very_high", lead_agency="JSW",
                                        lead_agency_since="2026-07-07")
            return stale, {m.meeting_date: m for m in history}
    raise AssertionError("the demo has no Drumlachie")


def _state(session, uid: str) -> tuple:
    return session.db.query(
        "SELECT i.current_level, i.rosh_level, a.code FROM individuals i LEFT JOIN agencies a "
        "ON a.id = i.lead_agency_id WHERE i.uid = ?", (uid,))[0]


def _audited_updates(session, uid: str) -> int:
    row_id = session.db.scalar("SELECT id FROM individuals WHERE uid = ?", (uid,))
    return session.db.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'individuals' AND "
                             "operation = 'update' AND row_id = ?", (row_id,))


def test_importing_a_later_meeting_brings_the_individual_up_to_it(vault_session):
    individual, meetings = _drumlachie()
    records.import_meeting(vault_session, individual, meetings["2026-07-07"])
    assert _state(vault_session, individual.uid) == (3, "very_high", "JSW")
    result = records.import_meeting(vault_session, individual, meetings["2026-08-11"])
    assert _state(vault_session, individual.uid) == (2, "high", "JSW")
    assert result.individual_followed == ("Current level", "Risk of serious harm")
    assert _audited_updates(vault_session, individual.uid) >= 1
    records.import_meeting(vault_session, individual, meetings["2026-09-22"])
    assert _state(vault_session, individual.uid) == (2, "high", "POLICE")
    # The lead changed: the date the old lead took over no longer applies, and no date is guessed.
    row = vault_session.db.query("SELECT lead_agency_since FROM individuals WHERE uid = ?", (individual.uid,))
    assert row == [(None,)]


def test_an_older_meeting_imported_later_does_not_overwrite_a_newer_state(vault_session):
    individual, meetings = _drumlachie()
    records.import_meeting(vault_session, individual, meetings["2026-09-22"])
    assert _state(vault_session, individual.uid) == (2, "high", "POLICE")
    result = records.import_meeting(vault_session, individual, meetings["2026-07-07"])  # Level 3, very high, JSW
    assert _state(vault_session, individual.uid) == (2, "high", "POLICE")
    assert result.individual_followed == ()


def test_the_documents_of_a_meeting_held_before_keep_the_details_it_was_held_with(vault_session):
    individual, meetings = _drumlachie()
    first = records.import_meeting(vault_session, individual, meetings["2026-07-07"]).meeting_id
    records.import_meeting(vault_session, individual, meetings["2026-08-11"])
    held_with, _ = records.load(vault_session, first)
    assert (held_with.current_level, held_with.rosh_level) == (3, "very_high")


@pytest.fixture
def sender(tmp_path):
    _, session = sessions.create(tmp_path / "sender", PASSPHRASE, kdf=FAST_KDF)
    records.load_demo(session)
    yield session
    session.close()


def test_a_handover_of_a_later_meeting_brings_the_individual_up_to_it(sender, vault_session, tmp_path):
    individual, meetings = _drumlachie()
    records.import_meeting(vault_session, individual, meetings["2026-07-07"])
    assert _state(vault_session, individual.uid) == (3, "very_high", "JSW")
    later = sender.db.scalar("SELECT id FROM meetings WHERE uid = ?", (meetings["2026-09-22"].uid,))
    path = handover.export_handover(sender, later, tmp_path / "later.mdhandover", AGREED, kdf=CHEAP)
    result = handover.import_handover(vault_session, path, AGREED)
    assert _state(vault_session, individual.uid) == (2, "high", "POLICE")
    assert any("now follow the meeting of 22 September 2026" in line for line in result.sentences())


def test_closing_the_latest_meeting_in_the_cockpit_brings_the_individual_up_to_it(vault_session):
    records.load_demo(vault_session)
    db = vault_session.db
    meeting_id, uid = db.query("SELECT m.id, i.uid FROM meetings m JOIN individuals i ON i.id = m.individual_id "
                               "WHERE i.family_name = 'Glenquharrie' AND m.status = 'held'")[0]
    assert _state(vault_session, uid) == (2, "high", "POLICE")
    with db.transaction():  # the case reopened before it closes (the cockpit closes a case in progress)
        db.execute("UPDATE meetings SET status = 'in_progress' WHERE id = ?", (meeting_id,))
    MeetingEditor(vault_session, meeting_id).set("meetings", meeting_id, {
        "level_decision": "increase", "level_after": 3, "rosh_level": "very_high", "review_date": "2026-12-15"})
    cockpit.close_case(vault_session, meeting_id)
    assert _state(vault_session, uid) == (3, "very_high", "POLICE")


def test_a_lead_agency_that_took_over_after_the_meeting_is_kept(vault_session):
    individual, meetings = _drumlachie()
    newer = dataclasses.replace(individual, lead_agency="POLICE", lead_agency_since="2026-08-26")
    records.import_meeting(vault_session, newer, meetings["2026-07-07"])  # held with JSW as the lead
    assert _state(vault_session, individual.uid) == (3, "very_high", "POLICE")
    row = vault_session.db.query("SELECT lead_agency_since FROM individuals WHERE uid = ?", (individual.uid,))
    assert row == [("2026-08-26",)]


def test_correcting_the_latest_held_meeting_brings_the_individual_along_and_undo_takes_them_back(vault_session):
    individual, meetings = _drumlachie()
    meeting_id = records.import_meeting(vault_session, individual, meetings["2026-08-11"]).meeting_id
    assert _state(vault_session, individual.uid) == (2, "high", "JSW")
    editor = MeetingEditor(vault_session, meeting_id)
    change = editor.set("meetings", meeting_id, {"rosh_level": "very_high", "level_after": 3})  # a held meeting
    assert _state(vault_session, individual.uid) == (3, "very_high", "JSW")
    editor.apply(change, undo=True)
    assert _state(vault_session, individual.uid) == (2, "high", "JSW")


def test_correcting_an_older_meeting_leaves_the_individual_as_their_latest_left_them(vault_session):
    individual, meetings = _drumlachie()
    older = records.import_meeting(vault_session, individual, meetings["2026-07-07"]).meeting_id
    records.import_meeting(vault_session, individual, meetings["2026-08-11"])
    MeetingEditor(vault_session, older).set("meetings", older, {"rosh_level": "medium"})
    assert _state(vault_session, individual.uid) == (2, "high", "JSW")
