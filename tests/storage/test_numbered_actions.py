"""Issue 17 item 2: every action has a number in its meeting, 1, 2, 3 ... in the order made, never shifted or given
again when an action is removed; a vault saved before schema 0015 numbers its actions in the order each Minute
listed them; an interchange file keeps the numbers, the carried-forward links and the steps' notes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mappa_desk.domain import record
from mappa_desk.errors import ImportRejected
from mappa_desk.interchange import files as interchange
from mappa_desk.services import records, session as sessions
from mappa_desk.services.editing import MeetingEditor
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.interchange.test_interchange import _import, _review_doc

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def _open_meeting(session) -> int:
    records.load_demo(session)
    return session.db.scalar("SELECT m.id FROM meetings m WHERE status = 'held' AND "
                             "(SELECT count(*) FROM actions a WHERE a.meeting_id = m.id) >= 3 ORDER BY id LIMIT 1")


def _numbers(db, meeting_id: int) -> dict[int, int]:
    return dict(db.query("SELECT id, number FROM actions WHERE meeting_id = ? ORDER BY position, id", (meeting_id,)))


def test_removing_an_action_leaves_every_other_number_and_none_is_given_again(vault_session):
    meeting_id = _open_meeting(vault_session)
    db, editor = vault_session.db, MeetingEditor(vault_session, meeting_id)
    before = _numbers(db, meeting_id)
    assert list(before.values()) == list(range(1, len(before) + 1))
    ids = list(before)
    editor.remove("actions", ids[1])  # the second: the third keeps number 3
    assert _numbers(db, meeting_id) == {i: n for i, n in before.items() if i != ids[1]}
    editor.remove("actions", ids[-1])  # the last: its number is not given to the next action
    added = editor.add("actions", {"description": "Check the new address"})
    assert _numbers(db, meeting_id)[added] == len(before) + 1
    removed = editor.remove("actions", added)
    editor.restore(removed)  # undo puts it back with its own number
    assert _numbers(db, meeting_id)[added] == len(before) + 1


def test_a_vault_saved_before_numbers_numbers_each_meeting_s_actions_in_their_order(tmp_path):
    copy = tmp_path / "vault-schema-0012"
    shutil.copytree(FIXTURES / "vault-schema-0012", copy)
    session = sessions.unlock(copy, "fixture passphrase for schema 0012")
    try:
        db = session.db
        meetings = [m for (m,) in db.query("SELECT DISTINCT meeting_id FROM actions ORDER BY meeting_id")]
        assert len(meetings) > 5
        for meeting_id in meetings:
            numbers = [n for (n,) in db.query("SELECT number FROM actions WHERE meeting_id = ? ORDER BY position, id",
                                              (meeting_id,))]
            assert numbers == list(range(1, len(numbers) + 1)), meeting_id
        # the next action of a meeting takes the number after its last
        open_id = db.scalar("SELECT m.id FROM meetings m WHERE status = 'held' AND EXISTS "
                            "(SELECT 1 FROM actions a WHERE a.meeting_id = m.id) ORDER BY id LIMIT 1")
        count = db.scalar("SELECT count(*) FROM actions WHERE meeting_id = ?", (open_id,))
        added = MeetingEditor(session, open_id).add("actions", {"description": "Visit"})
        assert db.scalar("SELECT number FROM actions WHERE id = ?", (added,)) == count + 1
    finally:
        session.close()


def test_export_and_import_keep_numbers_links_and_the_steps_notes(vault_session, tmp_path):
    records.load_demo(vault_session)
    db = vault_session.db
    meeting_id = db.scalar("SELECT id FROM meetings WHERE kind = 'review' AND status = 'held' AND EXISTS "
                           "(SELECT 1 FROM actions a WHERE a.meeting_id = meetings.previous_meeting_id) "
                           "ORDER BY id LIMIT 1")
    editor = MeetingEditor(vault_session, meeting_id)
    previous = db.scalar("SELECT previous_meeting_id FROM meetings WHERE id = ?", (meeting_id,))
    ids = list(_numbers(db, meeting_id))
    editor.remove("actions", ids[0])  # a gap: the numbers left are not 1, 2, 3 ...
    original = db.scalar("SELECT id FROM actions WHERE meeting_id = ? ORDER BY number DESC LIMIT 1", (previous,))
    editor.carry_forward(original)
    step = db.scalar("SELECT id FROM agenda_items WHERE meeting_id = ? AND step_key = 'decisions'", (meeting_id,))
    editor.write(record.AGENDA_ITEM.ref(step, "summary"), "Consensus on every decision")
    editor.write(record.AGENDA_ITEM.ref(step, "discussion"), "Health asked for a further assessment")
    exported = json.loads(records.export_meeting(vault_session, meeting_id))
    actions = exported["meeting"]["actions"]
    assert [a["number"] for a in actions] == list(_numbers(db, meeting_id).values())
    assert actions[0]["number"] == 2
    original_uid = db.scalar("SELECT uid FROM actions WHERE id = ?", (original,))
    assert actions[-1]["carried_from_uid"] == original_uid
    steps = {s["step_key"]: s for s in exported["meeting"]["agenda"]}
    assert (steps["decisions"]["summary"], steps["decisions"]["discussion"]) == (
        "Consensus on every decision", "Health asked for a further assessment")

    _recovery, session = sessions.create(tmp_path / "other", PASSPHRASE, kdf=FAST_KDF)
    try:
        individual, meeting = interchange.parse(json.dumps(exported).encode("utf-8"))
        result = records.import_meeting(session, individual, meeting)
        again = json.loads(records.export_meeting(session, result.meeting_id))
    finally:
        session.close()
    exported.pop("exported_at"), again.pop("exported_at")
    assert again == exported


def test_a_file_of_an_earlier_version_has_its_actions_numbered_in_order(vault_session):
    doc = _review_doc()
    doc["version"] = 3
    for holder in (doc["meeting"], doc["meeting"]["previous"]):
        for action in holder["actions"]:
            del action["number"], action["carried_from_uid"]
    for item in doc["meeting"]["agenda"]:
        del item["summary"], item["discussion"]
    result = _import(vault_session, doc)
    db = vault_session.db
    for meeting_id in (result.meeting_id, db.scalar("SELECT previous_meeting_id FROM meetings WHERE id = ?",
                                                    (result.meeting_id,))):
        numbers = list(_numbers(db, meeting_id).values())
        assert numbers == list(range(1, len(numbers) + 1)) and numbers


def test_a_file_numbering_two_actions_the_same_is_refused(vault_session):
    doc = _review_doc()
    doc["meeting"]["actions"][1]["number"] = doc["meeting"]["actions"][0]["number"]
    with pytest.raises(ImportRejected, match="numbers two actions the same"):
        _import(vault_session, doc)


def test_the_read_back_names_each_action_by_its_number(vault_session):
    from mappa_desk.services import read_back
    meeting_id = _open_meeting(vault_session)
    ids = list(_numbers(vault_session.db, meeting_id))
    MeetingEditor(vault_session, meeting_id).remove("actions", ids[0])
    shown = read_back.load(vault_session, meeting_id).actions
    assert [line.split(". ", 1)[0] for line in shown] == [str(n) for n in range(2, len(ids) + 1)]


def test_a_file_carrying_an_action_forward_from_nowhere_is_refused(vault_session):
    doc = _review_doc()
    doc["meeting"]["actions"][0]["carried_from_uid"] = doc["meeting"]["actions"][1]["uid"]  # not the previous's
    with pytest.raises(ImportRejected, match=r"actions\[0\]\.carried_from_uid names no action of the previous"):
        _import(vault_session, doc)
    doc["meeting"]["actions"][0]["carried_from_uid"] = doc["meeting"]["previous"]["actions"][0]["uid"]
    _import(vault_session, doc)  # from the previous meeting's action: taken
