"""Issue 18 item 2 in the editor the cockpit uses: the confidentiality ticks of the meeting and of each person
present kept together by `write`; an absent person's agreement and a position with nobody present refused with
nothing stored; a cancelled meeting's documents refused."""

from __future__ import annotations

import datetime as dt

import pytest

from mappa_desk.domain import record
from mappa_desk.errors import UserFacingError
from mappa_desk.services import documents, records
from mappa_desk.services.editing import MeetingEditor

NOW = dt.datetime(2026, 12, 6, 14, 7)


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def _held(session) -> int:
    return session.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")


def _agreement(session, meeting_id):
    flag = session.db.scalar("SELECT confidentiality_agreed FROM meetings WHERE id = ?", (meeting_id,))
    rows = session.db.query("SELECT id, status, confidentiality_agreed FROM attendance WHERE meeting_id = ? "
                            "ORDER BY id", (meeting_id,))
    return flag, [tuple(r) for r in rows]


def test_write_keeps_the_meeting_s_agreement_and_each_person_s_together(demo):
    meeting_id = _held(demo)
    editor = MeetingEditor(demo, meeting_id)
    flag, rows = _agreement(demo, meeting_id)
    present = [r[0] for r in rows if r[1] == "present"]
    absent = [r[0] for r in rows if r[1] != "present"]
    assert flag == 1 and all(r[2] == 1 for r in rows if r[1] == "present")

    changes = editor.write(record.ATTENDANCE.ref(present[0], "confidentiality_agreed"), False, now=NOW)
    assert _agreement(demo, meeting_id)[0] == 0 and len(changes) == 2  # the Minute no longer says "all present"

    editor.write(record.MEETING.ref(meeting_id, "confidentiality_agreed"), True, now=NOW)
    flag, rows = _agreement(demo, meeting_id)
    assert flag == 1 and all(r[2] == 1 for r in rows if r[1] == "present")

    editor.write(record.ATTENDANCE.ref(present[0], "status"), "apologies", now=NOW)  # absent: has not agreed
    assert dict((r[0], r[2]) for r in _agreement(demo, meeting_id)[1])[present[0]] == 0
    editor.write(record.ATTENDANCE.ref(present[0], "status"), "present", now=NOW)  # back, under everyone's agreement
    assert dict((r[0], r[2]) for r in _agreement(demo, meeting_id)[1])[present[0]] == 1

    before = _agreement(demo, meeting_id)
    with pytest.raises(UserFacingError, match="only a person present can agree the confidentiality statement"):
        editor.write(record.ATTENDANCE.ref(absent[0], "confidentiality_agreed"), True, now=NOW)
    assert _agreement(demo, meeting_id) == before


def test_no_position_is_added_when_nobody_is_present(demo):
    meeting_id = _held(demo)
    editor = MeetingEditor(demo, meeting_id)
    decision = demo.db.scalar("SELECT id FROM decisions WHERE meeting_id = ? ORDER BY id LIMIT 1", (meeting_id,))
    for (row_id,) in demo.db.query("SELECT id FROM attendance WHERE meeting_id = ?", (meeting_id,)):
        editor.set("attendance", row_id, {"status": "apologies", "confidentiality_agreed": False})
    positions = "SELECT * FROM decision_positions WHERE decision_id = ? ORDER BY id"
    before = demo.db.query(positions, (decision,))
    with pytest.raises(UserFacingError, match="nobody is recorded as present, so no agency can give a position"):
        editor.add("decision_positions", {"decision_id": decision,
                                          "agency_id": editor.agency_for_new_position(decision)})
    assert demo.db.query(positions, (decision,)) == before


def test_a_cancelled_meeting_has_no_documents(demo, tmp_path):
    meeting_id = _held(demo)
    demo.db.execute("UPDATE meetings SET status = 'cancelled' WHERE id = ?", (meeting_id,))
    with pytest.raises(UserFacingError, match="This meeting was cancelled, so it has no Minute or other documents"):
        documents.generate_for_meeting(demo, meeting_id, tmp_path / "out")
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").iterdir())
    assert demo.db.scalar("SELECT count(*) FROM document_versions WHERE meeting_id = ?", (meeting_id,)) == 0


def test_a_person_added_present_under_everyone_s_agreement_agrees_and_one_added_absent_does_not(demo):
    meeting_id = _held(demo)
    editor = MeetingEditor(demo, meeting_id)
    agency = demo.db.scalar("SELECT id FROM agencies ORDER BY id LIMIT 1")
    here = editor.add("attendance", {"meeting_id": meeting_id, "status": "present", "agency_id": agency})
    away = editor.add("attendance", {"meeting_id": meeting_id, "status": "apologies", "agency_id": agency})
    agreed = dict((r[0], r[2]) for r in _agreement(demo, meeting_id)[1])
    assert (agreed[here], agreed[away]) == (1, 0)
    before = _agreement(demo, meeting_id)
    with pytest.raises(UserFacingError, match="only a person present can agree"):
        editor.add("attendance", {"meeting_id": meeting_id, "status": "apologies", "agency_id": agency,
                                  "confidentiality_agreed": True})
    assert _agreement(demo, meeting_id) == before


def test_opening_a_meeting_agreed_for_the_meeting_alone_ticks_each_person_present(demo):
    from mappa_desk.services import cockpit

    meeting_id = _held(demo)
    final = demo.db.scalar("SELECT id FROM meetings WHERE status = 'final' ORDER BY id LIMIT 1")
    for m in (meeting_id, final):  # as the cockpit recorded it before the roll-call had the tick
        demo.db.execute("UPDATE attendance SET confidentiality_agreed = 0 WHERE meeting_id = ?", (m,))
    sealed = _agreement(demo, final)
    cockpit.prepare_case(demo, meeting_id)
    cockpit.prepare_case(demo, final)
    flag, rows = _agreement(demo, meeting_id)
    assert flag == 1 and [r[2] for r in rows] == [1 if r[1] == "present" else 0 for r in rows]
    assert _agreement(demo, final) == sealed  # a final record is never changed


def test_a_handover_bringing_a_contradiction_is_refused_and_nothing_is_written(demo, tmp_path):
    from mappa_desk.services import handover, session as sessions
    from mappa_desk.vault.keyfile import KdfParams
    from tests.conftest import FAST_KDF, PASSPHRASE

    meeting_id = demo.db.scalar("SELECT id FROM meetings WHERE kind = 'review' AND status != 'final' ORDER BY id "
                                "LIMIT 1")
    absent = demo.db.scalar("SELECT agency_id FROM attendance WHERE meeting_id = ? AND status != 'present' AND "
                            "agency_id NOT IN (SELECT agency_id FROM attendance WHERE meeting_id = ? AND "
                            "status = 'present' AND agency_id IS NOT NULL) LIMIT 1", (meeting_id, meeting_id))
    demo.db.execute("UPDATE decision_positions SET agency_id = ? WHERE id = (SELECT p.id FROM decision_positions p "
                    "JOIN decisions d ON d.id = p.decision_id WHERE d.meeting_id = ? ORDER BY d.position, p.position "
                    "LIMIT 1)", (absent, meeting_id))
    path = handover.export_handover(demo, meeting_id, tmp_path / "sent.mdhandover", "blue heron at the harbour",
                                    kdf=KdfParams(memory_kib=8192, iterations=1, lanes=1))
    _, receiver = sessions.create(tmp_path / "receiver", PASSPHRASE, kdf=FAST_KDF)
    try:
        with pytest.raises(handover.HandoverRejected, match=r"meeting\.decisions\[0\]\.positions\[0\]\.agency"):
            handover.import_handover(receiver, path, "blue heron at the harbour")
        assert receiver.db.scalar("SELECT count(*) FROM meetings") == 0
    finally:
        receiver.close()
