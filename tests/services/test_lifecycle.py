"""A record's life after the meeting: draft, clearance, circulation, final, addenda, and the audio recording."""

from __future__ import annotations

import datetime as _dt
import hashlib
import os
import struct

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from mappa_desk.errors import InvalidInput, UserFacingError
from mappa_desk.services import audio, documents, lifecycle, records
from mappa_desk.services.editing import MeetingEditor
from tests.conftest import PASSPHRASE
from tests.documents.pdf_text import pdf_pages_text

CHAIR = "DCI Morag Lennox"
COORDINATOR = "Sam Reid"


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def held(session) -> int:
    return session.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")


def status(session, meeting_id) -> str:
    return session.db.scalar("SELECT status FROM meetings WHERE id = ?", (meeting_id,))


def events(session, meeting_id) -> list[tuple]:
    return session.db.query("SELECT event, version, by_person, actor, at FROM record_events WHERE meeting_id = ? "
                            "ORDER BY id", (meeting_id,))


def draft(session, meeting_id, folder) -> list:
    return documents.generate_for_meeting(session, meeting_id, folder)


def to_circulated(session, meeting_id, tmp_path) -> None:
    draft(session, meeting_id, tmp_path / "draft")
    lifecycle.clear(session, meeting_id, CHAIR)
    lifecycle.circulate(session, meeting_id, COORDINATOR)


def recent(at: str) -> bool:
    when = _dt.datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=_dt.timezone.utc)
    return abs(_dt.datetime.now(_dt.timezone.utc) - when) < _dt.timedelta(minutes=5)


# -- the steps in order ---------------------------------------------------------------------------------------

def test_the_whole_life_records_who_took_each_step_and_when(demo, tmp_path):
    meeting_id = held(demo)
    assert lifecycle.state(demo, meeting_id).next_step == "Next: generate the draft Minute and RMP."

    draft(demo, meeting_id, tmp_path / "d1")
    assert status(demo, meeting_id) == "draft"
    assert lifecycle.clear(demo, meeting_id, f"  {CHAIR} ") == 1
    assert status(demo, meeting_id) == "cleared"
    assert lifecycle.circulate(demo, meeting_id, COORDINATOR) == 1
    assert status(demo, meeting_id) == "circulated"
    result = lifecycle.make_final(demo, meeting_id, CHAIR, tmp_path / "final")
    assert status(demo, meeting_id) == "final"
    assert result.version == 2 and not result.audio_destroyed and result.space is None

    logged = events(demo, meeting_id)
    assert [(e[0], e[1], e[2]) for e in logged[1:]] == [
        ("cleared", 1, CHAIR), ("circulated", 1, COORDINATOR), ("made_final", 2, CHAIR)]
    assert logged[0][:2] == ("drafted", 1) and logged[0][2] == logged[0][3], "a draft is the computer account's"
    assert all(e[3] for e in logged), "the computer account is kept with every step"
    assert all(recent(e[4]) for e in logged)

    state = lifecycle.state(demo, meeting_id)
    assert state.status_label == "Final" and state.final_version == 2 and state.latest_draft == 1
    assert state.last("cleared").by == CHAIR and state.last("circulated").by == COORDINATOR
    assert not (state.can_clear or state.can_circulate or state.can_make_final or state.can_generate_draft)
    assert state.can_add_addendum

    # Every generated file is stored with the SHA-256 of what is on disk, drafts and final alike.
    stored = dict(((k, v, f), h) for k, v, f, h in demo.db.query(
        "SELECT kind, version, format, sha256 FROM document_versions WHERE meeting_id = ?", (meeting_id,)))
    assert len(stored) == 20
    for g in result.generated:
        assert stored[(g.kind, 2, g.format)] == hashlib.sha256(g.path.read_bytes()).hexdigest()
        assert "DRAFT" not in g.path.name


def test_every_draft_gets_a_new_version_and_a_drafted_event(demo, tmp_path):
    meeting_id = held(demo)
    names = [draft(demo, meeting_id, tmp_path / f"d{n}")[0].path.name for n in (1, 2, 3)]
    assert [n.split("_")[-1] for n in names] == ["DRAFT-v1.docx", "DRAFT-v2.docx", "DRAFT-v3.docx"]
    assert [(e[0], e[1]) for e in events(demo, meeting_id)] == [("drafted", 1), ("drafted", 2), ("drafted", 3)]
    assert lifecycle.state(demo, meeting_id).latest_draft == 3
    assert lifecycle.clear(demo, meeting_id, CHAIR) == 3, "the chair clears the latest draft"


def test_a_new_draft_after_clearance_must_be_cleared_again(demo, tmp_path):
    meeting_id = held(demo)
    draft(demo, meeting_id, tmp_path / "d1")
    lifecycle.clear(demo, meeting_id, CHAIR)
    draft(demo, meeting_id, tmp_path / "d2")
    assert status(demo, meeting_id) == "draft"
    with pytest.raises(UserFacingError, match="^The chair has not cleared the draft yet"):
        lifecycle.circulate(demo, meeting_id, COORDINATOR)
    assert lifecycle.clear(demo, meeting_id, CHAIR) == 2


def test_a_new_draft_while_circulated_stays_circulated(demo, tmp_path):
    meeting_id = held(demo)
    to_circulated(demo, meeting_id, tmp_path)
    draft(demo, meeting_id, tmp_path / "comments")
    assert status(demo, meeting_id) == "circulated"
    assert events(demo, meeting_id)[-1][:2] == ("drafted", 2)


def test_a_preview_while_the_meeting_is_held_moves_nothing(demo, tmp_path):
    meeting_id = demo.db.scalar("SELECT id FROM meetings WHERE status = 'planned' LIMIT 1")
    draft(demo, meeting_id, tmp_path)
    assert status(demo, meeting_id) == "planned" and events(demo, meeting_id) == []


# -- refusals ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("step, expected", [
    (lambda s, m, p: lifecycle.clear(s, m, CHAIR), "There is no draft to clear yet"),
    (lambda s, m, p: lifecycle.circulate(s, m, COORDINATOR), "There is no draft yet"),
    (lambda s, m, p: lifecycle.make_final(s, m, CHAIR, p), "There is no draft yet"),
    (lambda s, m, p: lifecycle.add_addendum(s, m, "Reason", "Text", CHAIR), "An addendum corrects a final record"),
], ids=["clear", "circulate", "final", "addendum"])
def test_steps_out_of_order_on_a_held_meeting_are_refused_and_change_nothing(demo, tmp_path, step, expected):
    meeting_id = held(demo)
    with pytest.raises(UserFacingError, match=f"^{expected}"):
        step(demo, meeting_id, tmp_path / "out")
    assert status(demo, meeting_id) == "held" and events(demo, meeting_id) == []
    assert not (tmp_path / "out").exists()


def test_circulating_or_finalising_before_clearance_is_refused(demo, tmp_path):
    meeting_id = held(demo)
    draft(demo, meeting_id, tmp_path / "d1")
    with pytest.raises(UserFacingError, match="cannot be circulated before clearance"):
        lifecycle.circulate(demo, meeting_id, COORDINATOR)
    with pytest.raises(UserFacingError, match="^The chair has not cleared the draft yet"):
        lifecycle.make_final(demo, meeting_id, CHAIR, tmp_path / "final")
    lifecycle.clear(demo, meeting_id, CHAIR)
    with pytest.raises(UserFacingError, match="already cleared"):
        lifecycle.clear(demo, meeting_id, CHAIR)
    with pytest.raises(UserFacingError, match="^The draft has not been circulated for comment yet"):
        lifecycle.make_final(demo, meeting_id, CHAIR, tmp_path / "final")
    assert not (tmp_path / "final").exists()
    assert [e[0] for e in events(demo, meeting_id)] == ["drafted", "cleared"]


def test_a_name_is_needed_for_each_step(demo, tmp_path):
    meeting_id = held(demo)
    draft(demo, meeting_id, tmp_path)
    with pytest.raises(InvalidInput, match="the chair's name"):
        lifecycle.clear(demo, meeting_id, "   ")
    assert status(demo, meeting_id) == "draft"


def test_clearance_is_refused_while_the_self_audit_finds_a_blocking_gap(demo, tmp_path):
    meeting_id = held(demo)
    draft(demo, meeting_id, tmp_path)
    demo.db.execute("UPDATE meetings SET confidentiality_agreed = 0 WHERE id = ?", (meeting_id,))
    demo.db.execute("DELETE FROM disclosures WHERE meeting_id = ?", (meeting_id,))
    # (the demo records that disclosure was considered: taken away with the disclosures)
    demo.db.execute("UPDATE meetings SET disclosure_considered = NULL WHERE id = ?", (meeting_id,))
    with pytest.raises(lifecycle.ClearanceBlocked) as refused:
        lifecycle.clear(demo, meeting_id, CHAIR)
    found = refused.value.findings
    assert [(f.step, f.blocking) for f in found] == [("opening", True), ("disclosure", True)]
    assert found[0].step_title == "Introductions, confidentiality and attendance"
    assert found[1].text == "The record does not show that disclosure was considered."
    assert str(refused.value).startswith("The record cannot be cleared yet. Still needed: The record does not show "
                                         "that everyone present agreed the confidentiality statement.")
    assert status(demo, meeting_id) == "draft" and [e[0] for e in events(demo, meeting_id)] == ["drafted"]


def test_the_final_runs_the_self_audit_again(demo, tmp_path):
    meeting_id = held(demo)
    to_circulated(demo, meeting_id, tmp_path)
    demo.db.execute("UPDATE meetings SET level_rationale = '' WHERE id = ?", (meeting_id,))
    with pytest.raises(lifecycle.ClearanceBlocked, match="^The record cannot be made final yet"):
        lifecycle.make_final(demo, meeting_id, CHAIR, tmp_path / "final")
    assert status(demo, meeting_id) == "circulated" and not (tmp_path / "final").exists()


def test_a_final_record_is_immutable(demo, tmp_path):
    meeting_id = held(demo)
    to_circulated(demo, meeting_id, tmp_path)
    lifecycle.make_final(demo, meeting_id, CHAIR, tmp_path / "final")
    rows = demo.db.scalar("SELECT count(*) FROM document_versions WHERE meeting_id = ?", (meeting_id,))

    editor = MeetingEditor(demo, meeting_id)
    risk = demo.db.scalar("SELECT id FROM risks WHERE meeting_id = ? LIMIT 1", (meeting_id,))
    with pytest.raises(UserFacingError, match="final and cannot be changed"):
        editor.set("risks", risk, {"description": "changed after the final"})
    with pytest.raises(UserFacingError, match="^This meeting's record is final, so no new draft"):
        draft(demo, meeting_id, tmp_path / "again")
    with pytest.raises(UserFacingError, match="already final"):
        lifecycle.make_final(demo, meeting_id, CHAIR, tmp_path / "again")
    for step in (lambda: lifecycle.clear(demo, meeting_id, CHAIR), lambda: lifecycle.circulate(demo, meeting_id, CHAIR)):
        with pytest.raises(UserFacingError, match="final"):
            step()
    assert not (tmp_path / "again").exists()
    assert demo.db.scalar("SELECT count(*) FROM document_versions WHERE meeting_id = ?", (meeting_id,)) == rows
    assert status(demo, meeting_id) == "final"


# -- addenda ------------------------------------------------------------------------------------------------

def test_addenda_are_numbered_and_rendered_after_the_unchanged_final_minute(demo, tmp_path):
    meeting_id = held(demo)
    to_circulated(demo, meeting_id, tmp_path)
    final = lifecycle.make_final(demo, meeting_id, CHAIR, tmp_path / "final")
    final_files = {g.path: g.path.read_bytes() for g in final.generated}

    first = lifecycle.add_addendum(demo, meeting_id, "The review date was mistyped",
                                   "The review date is 15 December 2026.", CHAIR, tmp_path / "a1")
    second = lifecycle.add_addendum(demo, meeting_id, "An agency's name was wrong", "Read Police Scotland for "
                                    "the local authority in action 2.", COORDINATOR)
    third = lifecycle.add_addendum(demo, meeting_id, "A date of birth was wrong", "The year is 1981.", CHAIR,
                                   tmp_path / "a3")
    assert (first.number, second.number, third.number) == (1, 2, 3)
    assert second.generated == []
    assert [g.path.name.rsplit("_", 1)[1] for g in third.generated] == ["ADDENDUM-3.docx", "ADDENDUM-3.pdf"]

    rows = demo.db.query("SELECT version, kind, status, format, sha256, reason FROM document_versions "
                         "WHERE meeting_id = ? AND status = 'addendum' ORDER BY version, format", (meeting_id,))
    assert [(r[0], r[1], r[3]) for r in rows] == [(3, "minute", "docx"), (3, "minute", "pdf"),
                                                    (4, "minute", "docx"), (4, "minute", "pdf")]
    assert rows[2][5] == "Addendum 3: A date of birth was wrong"
    on_disk = {hashlib.sha256(g.path.read_bytes()).hexdigest() for g in first.generated + third.generated}
    assert {r[4] for r in rows} == on_disk

    text = "\n".join(pdf_pages_text(next(g for g in third.generated if g.format == "pdf").path.read_bytes()))
    flat = " ".join(text.split())
    for n, reason in ((1, "The review date was mistyped"), (2, "An agency's name was wrong"),
                      (3, "A date of birth was wrong")):
        assert f"Addendum {n}" in flat and reason in flat
    assert "The year is 1981." in flat and "it has not been changed" in flat and "DRAFT" not in flat

    assert {p: p.read_bytes() for p in final_files} == final_files, "the final's files were touched"
    state = lifecycle.state(demo, meeting_id)
    assert [(a.number, a.created_by) for a in state.addenda] == [(1, CHAIR), (2, COORDINATOR), (3, CHAIR)]
    assert [e.note for e in state.events if e.event == "addendum"] == ["Addendum 1", "Addendum 2", "Addendum 3"]
    assert state.status == "final"


def test_an_addendum_needs_a_reason_and_a_text(demo, tmp_path):
    meeting_id = held(demo)
    to_circulated(demo, meeting_id, tmp_path)
    lifecycle.make_final(demo, meeting_id, CHAIR, tmp_path / "final")
    with pytest.raises(InvalidInput, match="reason"):
        lifecycle.add_addendum(demo, meeting_id, " ", "Text", CHAIR)
    with pytest.raises(InvalidInput, match="text"):
        lifecycle.add_addendum(demo, meeting_id, "Reason", "", CHAIR)
    assert lifecycle.state(demo, meeting_id).addenda == ()


@pytest.mark.parametrize("reason, text, by", [("Name corrected \U0001F600", "Text", CHAIR),
                                              ("Reason", "Reads \u202eright to left", CHAIR),
                                              ("Reason", "Text", "Fiona\x07 Lintbrae")])
def test_an_addendum_the_documents_cannot_print_is_refused_with_a_sentence(demo, tmp_path, reason, text, by):
    """An addendum is printed in the Minute: an emoji, a direction override or a control character is refused
    where it is typed (domain.text_check), and the final keeps no addendum."""
    meeting_id = held(demo)
    to_circulated(demo, meeting_id, tmp_path)
    lifecycle.make_final(demo, meeting_id, CHAIR, tmp_path / "final")
    with pytest.raises(InvalidInput, match=r"U\+"):
        lifecycle.add_addendum(demo, meeting_id, reason, text, by)
    assert lifecycle.state(demo, meeting_id).addenda == ()


# -- audio (11.18) ------------------------------------------------------------------------------------------

NEEDLE = b"AUDIO-NEEDLE-7f3a9c:"


def recording(tmp_path, size=3 * 1024 * 1024):
    """An audio file whose every 4 KB holds the needle among random bytes (random: it must not compress away)."""
    chunk = 4096 - len(NEEDLE)
    data = b"".join(NEEDLE + os.urandom(chunk) for _ in range(size // 4096))
    path = tmp_path / "meeting recording.m4a"
    path.write_bytes(data)
    return path, data


PAGE, RESERVE, SALT = 4096, 80, 16  # SQLCipher 4 defaults: IV (16) and HMAC-SHA512 (64) end every page


def decrypted_pages(session) -> list[bytes]:
    """Every page of the database file and of its write-ahead log, decrypted with the vault's key.

    The raw file is encrypted, so searching it for the recording would prove nothing; this reads what
    SQLCipher would read, free pages included.
    """
    key = session.vault.key_from_passphrase(PASSPHRASE)
    path = session.db.path

    def decrypt(page: bytes, first: bool) -> bytes:
        iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        return decryptor.update(page[SALT if first else 0:PAGE - RESERVE]) + decryptor.finalize()

    raw = path.read_bytes()
    pages = [decrypt(raw[n:n + PAGE], n == 0) for n in range(0, len(raw) - PAGE + 1, PAGE)]
    wal = path.with_name(path.name + "-wal")
    if wal.exists():
        log = wal.read_bytes()
        for frame in range(32, len(log) - PAGE - 24 + 1, PAGE + 24):  # 32-byte header; frames of 24 + page
            number = struct.unpack(">I", log[frame:frame + 4])[0]
            pages.append(decrypt(log[frame + 24:frame + 24 + PAGE], number == 1))
    return pages


def test_the_page_reader_reads_the_database_header(demo):
    demo.db.checkpoint()
    first = decrypted_pages(demo)[0]
    assert struct.unpack(">H", first[:2])[0] == PAGE and first[4] == RESERVE  # bytes 16-17 and 20 of the header


def test_audio_is_attached_shown_as_a_warning_destroyed_at_the_final_and_its_bytes_are_gone(demo, tmp_path):
    meeting_id = held(demo)
    path, data = recording(tmp_path)
    info = audio.attach_audio(demo, meeting_id, path, by=COORDINATOR)
    assert (info.file_name, info.media_type, info.size_bytes) == ("meeting recording.m4a", "audio/mp4", len(data))
    assert info.sha256 == hashlib.sha256(data).hexdigest()
    assert demo.db.scalar("SELECT content FROM audio_recordings WHERE meeting_id = ?", (meeting_id,)) == data
    state = lifecycle.state(demo, meeting_id)
    assert state.audio == info and "3.0 MB" in state.audio_warning and "destroyed" in state.audio_warning
    assert not state.can_attach_audio
    audit = demo.db.scalar("SELECT detail FROM audit_log WHERE table_name = 'audio_recordings'")
    assert f'"blob_bytes":{len(data)}' in audit and NEEDLE.decode() not in audit

    # The needle is readable in the decrypted pages while the recording exists: the search can fail.
    assert sum(NEEDLE in page for page in decrypted_pages(demo)) > 500
    size_with_audio = os.path.getsize(demo.db.path) + os.path.getsize(f"{demo.db.path}-wal")

    to_circulated(demo, meeting_id, tmp_path)
    result = lifecycle.make_final(demo, meeting_id, CHAIR, tmp_path / "final")

    assert result.audio_destroyed
    assert demo.db.scalar("SELECT count(*) FROM audio_recordings WHERE meeting_id = ?", (meeting_id,)) == 0
    logged = [e for e in lifecycle.state(demo, meeting_id).events if e.event.startswith("audio")]
    assert [(e.event, e.by) for e in logged] == [("audio_attached", COORDINATOR), ("audio_destroyed", CHAIR)]
    assert "made final" in logged[1].note
    space = result.space
    assert space.vacuumed and space.free_pages_after == 0
    assert space.pages_before - space.pages_after >= len(data) // PAGE
    assert space.bytes_after < space.bytes_before - len(data)
    assert os.path.getsize(demo.db.path) < size_with_audio - len(data)
    pages = decrypted_pages(demo)
    assert not any(NEEDLE in page for page in pages), "the recording's bytes are still in the database file"
    assert not any(NEEDLE[:12] in page for page in pages)
    assert lifecycle.state(demo, meeting_id).audio_warning == ""


def test_audio_refusals(demo, tmp_path):
    meeting_id = held(demo)
    path, _ = recording(tmp_path, size=8192)
    text = tmp_path / "notes.txt"
    text.write_text("not audio")
    with pytest.raises(InvalidInput, match="does not look like an audio file"):
        audio.attach_audio(demo, meeting_id, text)
    empty = tmp_path / "empty.mp3"
    empty.write_bytes(b"")
    with pytest.raises(InvalidInput, match="is empty"):
        audio.attach_audio(demo, meeting_id, empty)
    with pytest.raises(InvalidInput, match="There is no file"):
        audio.attach_audio(demo, meeting_id, tmp_path / "missing.mp3")
    audio.attach_audio(demo, meeting_id, path)
    with pytest.raises(UserFacingError, match="already has an audio recording"):
        audio.attach_audio(demo, meeting_id, path)
    final = demo.db.scalar("SELECT id FROM meetings WHERE status = 'final' LIMIT 1")
    with pytest.raises(UserFacingError, match="final"):
        audio.attach_audio(demo, final, path)
    assert demo.db.scalar("SELECT count(*) FROM audio_recordings") == 1


def test_audio_larger_than_the_limit_is_refused(demo, tmp_path, monkeypatch):
    assert audio.MAX_BYTES == 200 * 1024 * 1024
    monkeypatch.setattr(audio, "MAX_BYTES", 10_000)
    path, _ = recording(tmp_path, size=16384)
    with pytest.raises(InvalidInput, match="keeps recordings up to 10 KB"):
        audio.attach_audio(demo, held(demo), path)
    assert demo.db.scalar("SELECT count(*) FROM audio_recordings") == 0


def test_a_recording_can_be_removed_before_the_final(demo, tmp_path):
    meeting_id = held(demo)
    path, data = recording(tmp_path, size=1024 * 1024)
    audio.attach_audio(demo, meeting_id, path)
    space = audio.remove_audio(demo, meeting_id, COORDINATOR)
    assert space is not None and space.pages_before - space.pages_after >= len(data) // PAGE
    assert audio.audio(demo, meeting_id) is None
    assert not any(NEEDLE in page for page in decrypted_pages(demo))
    assert events(demo, meeting_id)[-1][:3] == ("audio_destroyed", None, COORDINATOR)
    assert audio.remove_audio(demo, meeting_id, COORDINATOR) is None
