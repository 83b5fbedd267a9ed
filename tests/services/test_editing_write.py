"""The editor's `write`: one declared field with what follows from it in the record (domain.rules), all in one
transaction and returned together so the cockpit shows them and undoes them as one."""

from __future__ import annotations

import datetime as dt

import pytest

from mappa_desk.domain import record, rules
from mappa_desk.services import records
from mappa_desk.services.editing import MeetingEditor

NOW = dt.datetime(2026, 12, 6, 14, 7)


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def a_held_meeting(session, level: int) -> int:
    return session.db.scalar("SELECT id FROM meetings WHERE status = 'held' AND level = ? ORDER BY id LIMIT 1",
                             (level,))


def meeting_values(session, meeting_id: int, *columns) -> tuple:
    return tuple(session.db.query(f"SELECT {', '.join(columns)} FROM meetings WHERE id = ?", (meeting_id,))[0])


@pytest.mark.parametrize("decision, level, after", [("increase", 2, 3), ("increase", 3, 3), ("maintain", 2, 2),
                                                    ("decrease", 2, 1), ("decrease", 1, 1), ("exit", 2, None)])
def test_a_level_decision_leads_to_the_level_from_now_on(decision, level, after):
    row = {"level": level, "level_after": 99, "confidentiality_agreed_at": ""}
    assert rules.follow_ups("meeting", "level_decision", decision, row, NOW) == {"level_after": after}


def test_nothing_follows_when_the_value_already_fits_or_is_not_a_rule():
    row = {"level": 2, "level_after": 2, "confidentiality_agreed_at": "09:40"}
    assert rules.follow_ups("meeting", "level_decision", "maintain", row, NOW) == {}
    assert rules.follow_ups("meeting", "level_decision", None, row, NOW) == {}
    assert rules.follow_ups("meeting", "confidentiality_agreed", 1, row, NOW) == {}  # the time is kept
    assert rules.follow_ups("meeting", "confidentiality_agreed", 0, {**row, "confidentiality_agreed_at": ""},
                            NOW) == {}
    assert rules.follow_ups("attendance", "confidentiality_agreed", 1, {}, NOW) == {}


def test_agreeing_confidentiality_records_the_time():
    row = {"level": 2, "level_after": None, "confidentiality_agreed_at": ""}
    assert rules.follow_ups("meeting", "confidentiality_agreed", True, row, NOW) == \
        {"confidentiality_agreed_at": "14:07"}


def test_write_applies_the_level_rule_and_undo_puts_both_back(demo):
    meeting_id = a_held_meeting(demo, 2)
    editor = MeetingEditor(demo, meeting_id)
    editor.set("meetings", meeting_id, {"level_decision": None, "level_after": None})
    changes = editor.write(record.MEETING.ref(meeting_id, "level_decision"), "increase", now=NOW)
    assert [(c.table, c.new) for c in changes] == [("meetings", {"level_decision": "increase"}),
                                                    ("meetings", {"level_after": 3})]
    assert meeting_values(demo, meeting_id, "level_decision", "level_after") == ("increase", 3)
    for change in reversed(changes):
        editor.apply(change, undo=True)
    assert meeting_values(demo, meeting_id, "level_decision", "level_after") == (None, None)


def test_write_records_when_confidentiality_was_agreed(demo):
    meeting_id = a_held_meeting(demo, 2)
    editor = MeetingEditor(demo, meeting_id)
    editor.set("meetings", meeting_id, {"confidentiality_agreed": False, "confidentiality_agreed_at": ""})
    changes = editor.write(record.MEETING.ref(meeting_id, "confidentiality_agreed"), True, now=NOW)
    assert len(changes) == 2
    assert meeting_values(demo, meeting_id, "confidentiality_agreed", "confidentiality_agreed_at") == (1, "14:07")


def test_set_writes_only_what_it_is_given(demo):
    meeting_id = a_held_meeting(demo, 2)
    editor = MeetingEditor(demo, meeting_id)
    editor.set("meetings", meeting_id, {"level_decision": None, "level_after": None})
    editor.set("meetings", meeting_id, {"level_decision": "increase"})
    assert meeting_values(demo, meeting_id, "level_decision", "level_after") == ("increase", None)


def test_write_refuses_a_field_the_cockpit_does_not_change(demo):
    meeting_id = a_held_meeting(demo, 2)
    editor = MeetingEditor(demo, meeting_id)
    before = meeting_values(demo, meeting_id, "kind")
    with pytest.raises(ValueError, match="Meeting: Meeting is not changed in the cockpit"):
        editor.write(record.MEETING.ref(meeting_id, "kind"), "review")
    assert meeting_values(demo, meeting_id, "kind") == before


def test_a_field_that_always_holds_a_value_is_not_cleared(demo):
    meeting_id = a_held_meeting(demo, 2)
    decision_id = demo.db.scalar("SELECT id FROM decisions WHERE meeting_id = ? LIMIT 1", (meeting_id,))
    if decision_id is None:
        decision_id = MeetingEditor(demo, meeting_id).add("decisions")
    before = demo.db.scalar("SELECT outcome FROM decisions WHERE id = ?", (decision_id,))
    with pytest.raises(ValueError, match="always holds a value"):
        MeetingEditor(demo, meeting_id).write(record.DECISION.ref(decision_id, "outcome"), "")
    assert demo.db.scalar("SELECT outcome FROM decisions WHERE id = ?", (decision_id,)) == before


def test_an_import_is_stored_as_recorded_not_completed_by_the_rules(vault_session):
    """The rules say what follows from setting one value in the cockpit; a file brings every value as recorded,
    so an import neither stamps a time nor fills in a level: what is missing stays missing, for the checks
    before the Minute is final to name."""
    import json

    from mappa_desk.demo import demo_records
    from mappa_desk.interchange import files as interchange

    individual, meeting = next((i, m) for i, history in demo_records() for m in history if m.previous is None)
    doc = json.loads(interchange.dumps(individual, meeting, "2026-11-21T10:00:00Z"))
    doc["meeting"].update(level=2, level_decision="increase", level_after=None, confidentiality_agreed=True,
                          confidentiality_agreed_at="")
    records.import_meeting(vault_session, *interchange.parse(json.dumps(doc).encode("utf-8")))
    assert vault_session.db.query(
        "SELECT level_decision, level_after, confidentiality_agreed, confidentiality_agreed_at FROM meetings "
        "WHERE uid = ?", (meeting.uid,)) == [("increase", None, 1, "")]
