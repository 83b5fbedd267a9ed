"""Issue 18 item 1, clearance cannot be skipped: a file's cleared, circulated or final status is not taken by an
import, a handover's final only when its hashes match, and the ViSOR export refuses a record the self-audit blocks."""

from __future__ import annotations

import json

import pytest

from mappa_desk.demo import demo_records
from mappa_desk.services import clearance_gate, documents, handover, lifecycle, records, session as sessions
from mappa_desk.services import visor_export
from mappa_desk.storage import seals
from mappa_desk.vault.keyfile import KdfParams
from tests.conftest import FAST_KDF, PASSPHRASE

CHAIR = "DCI Morag Lennox"
COORDINATOR = "Sam Reid"
AGREED = "blue heron at the harbour"
CHEAP = KdfParams(memory_kib=8192, iterations=1, lanes=1)


def _demo_meeting(date: str):
    """(individual, meeting) of the demo meeting held on `date`, as an interchange file carries them."""
    for individual, history in demo_records():
        for meeting in history:
            if meeting.meeting_date == date:
                return individual, meeting
    raise AssertionError(f"the demo has no meeting on {date}")


def _status(session, uid: str) -> str:
    return session.db.scalar("SELECT status FROM meetings WHERE uid = ?", (uid,))


def _logged_note(session, uid: str) -> bool:
    """The audit log holds the note that the file's status was not taken."""
    return any(f"{clearance_gate.NOTE_KEY}{uid}" in detail for (detail,) in session.db.query(
        "SELECT detail FROM audit_log WHERE table_name = 'settings'"))


# -- an interchange file --------------------------------------------------------------------------------------

@pytest.mark.parametrize("claimed", ["final", "cleared", "circulated"])
def test_a_file_claiming_a_later_status_imports_as_held_and_says_so(vault_session, claimed):
    individual, meeting = _demo_meeting("2026-08-11")  # a review the demo records as final
    meeting.status = claimed
    result = records.import_meeting(vault_session, individual, meeting)
    assert _status(vault_session, meeting.uid) == "held"
    assert "it was imported as held" in result.status_not_taken
    assert clearance_gate.note_of(vault_session.db, meeting.uid)["claimed"] == claimed
    assert _logged_note(vault_session, meeting.uid)
    assert lifecycle.state(vault_session, result.meeting_id).next_step == "Next: generate the draft Minute and RMP."


def test_a_held_file_keeps_its_status_and_says_nothing(vault_session):
    individual, meeting = _demo_meeting("2026-09-22")
    assert meeting.status == "held"
    result = records.import_meeting(vault_session, individual, meeting)
    assert _status(vault_session, meeting.uid) == "held" and result.status_not_taken == ""
    assert clearance_gate.note_of(vault_session.db, meeting.uid) is None


def test_an_imported_final_never_reaches_the_visor_export(vault_session, tmp_path):
    individual, meeting = _demo_meeting("2026-08-11")
    result = records.import_meeting(vault_session, individual, meeting)
    with pytest.raises(Exception, match="Make the record final first"):
        visor_export.export_for_visor(vault_session, result.meeting_id, tmp_path / "out")
    assert not (tmp_path / "out").exists()


# -- a handover -----------------------------------------------------------------------------------------------

@pytest.fixture
def sender(tmp_path):
    _, session = sessions.create(tmp_path / "sender", PASSPHRASE, kdf=FAST_KDF)
    records.load_demo(session)
    yield session
    session.close()


@pytest.fixture
def receiver(tmp_path):
    _, session = sessions.create(tmp_path / "receiver", PASSPHRASE, kdf=FAST_KDF)
    yield session
    session.close()


def _made_final(session, tmp_path) -> int:
    """The demo's first held meeting, taken through the whole lifecycle on this vault."""
    meeting_id = session.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")
    documents.generate_for_meeting(session, meeting_id, tmp_path / "draft")
    lifecycle.clear(session, meeting_id, CHAIR)
    lifecycle.circulate(session, meeting_id, COORDINATOR)
    lifecycle.make_final(session, meeting_id, CHAIR, tmp_path / "final")
    return meeting_id


def _uid(session, meeting_id) -> str:
    return session.db.scalar("SELECT uid FROM meetings WHERE id = ?", (meeting_id,))


def _retouched(path, change) -> None:
    """Someone holding the passphrase opens the handover, changes what it holds, and seals it again."""
    payload = json.loads(handover.unseal(path.read_bytes(), AGREED))
    change(payload["meetings"][0])
    path.write_bytes(handover.seal(json.dumps(payload).encode("utf-8"), AGREED, CHEAP))


def test_a_final_made_through_the_lifecycle_arrives_final_and_sealed(sender, receiver, tmp_path):
    meeting_id = _made_final(sender, tmp_path)
    path = handover.export_handover(sender, meeting_id, tmp_path / "final.mdhandover", AGREED, kdf=CHEAP)
    result = handover.import_handover(receiver, path, AGREED)
    uid = _uid(sender, meeting_id)
    assert _status(receiver, uid) == "final" and not result.status_not_taken
    local_id = receiver.db.scalar("SELECT id FROM meetings WHERE uid = ?", (uid,))
    assert receiver.db.query("SELECT meeting_id FROM final_seals") == [(local_id,)]
    assert seals.broken_seals(receiver.db) == []
    sent = sender.db.query("SELECT kind, version, format, sha256 FROM document_versions WHERE status = 'final' "
                           "AND meeting_id = ? ORDER BY kind, format", (meeting_id,))
    assert receiver.db.query("SELECT kind, version, format, sha256 FROM document_versions WHERE status = 'final' "
                             "ORDER BY kind, format") == sent


@pytest.mark.parametrize("change", [
    lambda item: item["record"]["meeting"].__setitem__("level_rationale", "Changed after it was made final."),
    lambda item: item["final"]["documents"][0].__setitem__("sha256", "0" * 64),
    lambda item: item.pop("final"),
], ids=["record changed", "document hash changed", "proof removed"])
def test_a_tampered_handover_is_not_accepted_as_final(sender, receiver, tmp_path, change):
    meeting_id = _made_final(sender, tmp_path)
    path = handover.export_handover(sender, meeting_id, tmp_path / "final.mdhandover", AGREED, kdf=CHEAP)
    _retouched(path, change)
    result = handover.import_handover(receiver, path, AGREED)
    uid = _uid(sender, meeting_id)
    assert _status(receiver, uid) == "held"
    assert len(result.status_not_taken) == 1 and "it was imported as held" in result.status_not_taken[0]
    assert any("imported as held" in line for line in result.sentences())
    assert receiver.db.scalar("SELECT count(*) FROM final_seals") == 0
    assert receiver.db.scalar("SELECT count(*) FROM document_versions") == 0
    assert _logged_note(receiver, uid)


def test_a_non_final_handed_over_as_final_comes_in_held(sender, receiver, tmp_path):
    meeting_id = sender.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")
    path = handover.export_handover(sender, meeting_id, tmp_path / "held.mdhandover", AGREED, kdf=CHEAP)
    _retouched(path, lambda item: item["record"]["meeting"].__setitem__("status", "final"))
    result = handover.import_handover(receiver, path, AGREED)
    assert _status(receiver, _uid(sender, meeting_id)) == "held"
    assert "no proof that it was made final" in result.status_not_taken[0]


# -- the ViSOR export of a final the self-audit blocks ---------------------------------------------------------

def test_the_visor_export_refuses_a_final_the_self_audit_blocks(sender, tmp_path):
    meeting_id = sender.db.scalar("SELECT id FROM meetings WHERE status = 'final' ORDER BY id LIMIT 1")
    # A final made before a rule existed, or brought in whole: the self-audit now blocks it.
    with sender.db.transaction():
        sender.db.execute("UPDATE meetings SET confidentiality_agreed = 0 WHERE id = ?", (meeting_id,))
    blocking = [f for f in lifecycle.findings(sender, meeting_id) if f.blocking]
    assert blocking
    with pytest.raises(lifecycle.ClearanceBlocked) as refused:
        visor_export.export_for_visor(sender, meeting_id, tmp_path / "visor")
    assert refused.value.findings == blocking
    assert all(f.text in str(refused.value) for f in blocking)
    assert not (tmp_path / "visor").exists() or not any((tmp_path / "visor").iterdir())


def test_a_final_received_after_drafts_made_here_is_numbered_after_them(sender, receiver, tmp_path):
    meeting_id = sender.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")
    first = handover.export_handover(sender, meeting_id, tmp_path / "held.mdhandover", AGREED, kdf=CHEAP)
    handover.import_handover(receiver, first, AGREED)
    uid = _uid(sender, meeting_id)
    local_id = receiver.db.scalar("SELECT id FROM meetings WHERE uid = ?", (uid,))
    for n in (1, 2):  # two drafts here: versions 1 and 2, as the sender's final will be numbered 2
        documents.generate_for_meeting(receiver, local_id, tmp_path / f"here-{n}")
    with receiver.db.transaction():  # the drafts were made before the sender made the record final
        receiver.db.execute("UPDATE meetings SET updated_at = '2026-12-01T09:00:00Z' WHERE id = ?", (local_id,))
    _made_final(sender, tmp_path)
    path = handover.export_handover(sender, meeting_id, tmp_path / "final.mdhandover", AGREED, kdf=CHEAP)
    result = handover.import_handover(receiver, path, AGREED)
    assert result.replaced and _status(receiver, uid) == "final"
    assert receiver.db.query("SELECT DISTINCT version, status FROM document_versions WHERE meeting_id = ? "
                             "ORDER BY version", (local_id,)) == [(1, "draft"), (2, "draft"), (3, "final")]
    assert seals.broken_seals(receiver.db) == []
