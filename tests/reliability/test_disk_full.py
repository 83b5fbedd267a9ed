"""A full disk and a read-only data folder: a plain sentence, nothing half-written, nothing committed lost.

The disk is a size-limited tmpfs mounted for the test (tests/reliability/disk.py), holding both the
vault and the documents folder, filled to the last byte with a filler file.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from mappa_desk.errors import UserFacingError
from mappa_desk.services import documents, records, session as sessions
from mappa_desk.services.editing import MeetingEditor
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.reliability.conftest import report
from tests.reliability.disk import fill, small_disk

ROOT = Path(__file__).resolve().parents[2]
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*(?:Error|Exception)\b|Errno|Traceback|sqlcipher|sqlite3")


def plain(err: Exception) -> str:
    text = str(err)
    assert isinstance(err, UserFacingError), f"{type(err).__name__} reached the user: {text}"
    assert not CLASS_NAME.search(text), text
    return text


@pytest.fixture
def disk():
    with small_disk(8) as folder:
        yield folder


@pytest.fixture
def vault(disk):
    _, session = sessions.create(disk / "vault", PASSPHRASE, kdf=FAST_KDF)
    records.load_demo(session)
    session.db.checkpoint()
    yield session
    session.close()


def held_meeting(session) -> int:
    return session.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")


def test_editing_on_a_full_disk_says_so_keeps_every_saved_edit_and_resumes(disk, vault):
    meeting_id = held_meeting(vault)
    editor = MeetingEditor(vault, meeting_id)
    saved = [(editor.add("information_items", {"text": f"saved {seq}"}), f"saved {seq}") for seq in range(20)]
    filler = fill(disk)
    refusal = None
    for seq in range(2000):  # the WAL has some room left in it: edit until the disk really refuses
        text = f"edit {seq} " + "x" * 8000
        try:
            saved.append((editor.add("information_items", {"text": text}), text))
        except Exception as err:  # noqa: BLE001 - whatever comes out must be a plain sentence
            refusal = plain(err)
            break
    assert refusal is not None, "the disk never filled up"
    assert "disk is full" in refusal and "nothing already saved was lost" in refusal.lower()
    stored = dict(vault.db.query("SELECT id, text FROM information_items WHERE meeting_id = ?", (meeting_id,)))
    assert all(stored.get(row) == text for row, text in saved)
    filler.unlink()
    row = editor.add("information_items", {"text": "after the space came back"})
    vault.close()
    reopened = sessions.unlock(disk / "vault", PASSPHRASE)
    try:
        stored = dict(reopened.db.query("SELECT id, text FROM information_items WHERE meeting_id = ?", (meeting_id,)))
        assert all(stored.get(r) == text for r, text in saved)
        assert stored[row] == "after the space came back"
        assert reopened.db.integrity_problems() == []
    finally:
        reopened.close()
    report("disk_full_editing", edits_saved=len(saved), edits_lost=0, sentence=refusal)


@pytest.mark.parametrize("partly", [False, True], ids=["no room", "room for some files"])
def test_generating_documents_onto_a_full_disk_leaves_no_half_file_and_no_record_then_works(disk, vault, partly):
    meeting_id = held_meeting(vault)
    out = disk / "documents"
    room = 0
    if partly:  # room for the first files of the set and half of the next one
        probe = documents.generate_for_meeting(vault, meeting_id, disk / "probe")
        sizes = [g.path.stat().st_size for g in probe]
        room = sum(sizes[:3]) + sizes[3] // 2
        for g in probe:
            g.path.unlink()
    versions = vault.db.scalar("SELECT count(*) FROM document_versions")
    filler = fill(disk, leave=room)
    with pytest.raises(Exception) as info:
        documents.generate_for_meeting(vault, meeting_id, out)
    refusal = plain(info.value)
    assert "disk is full" in refusal
    left = sorted(out.iterdir()) if out.exists() else []
    assert [p.name for p in left if p.name.startswith(".")] == []  # no temp file
    for path in left:  # a file that is there is whole: written atomically, one by one
        data = path.read_bytes()
        assert data.rstrip().endswith(b"%%EOF") if path.suffix == ".pdf" else zipfile.ZipFile(path).testzip() is None
    assert (room == 0) <= (left == [])
    assert vault.db.scalar("SELECT count(*) FROM document_versions") == versions
    filler.unlink()
    generated = documents.generate_for_meeting(vault, meeting_id, out)
    assert sorted(p.name for p in out.iterdir()) == sorted(g.path.name for g in generated)  # replaced, no extra
    assert vault.db.scalar("SELECT count(*) FROM document_versions") == versions + len(generated)
    report("disk_full_documents_" + ("partly" if partly else "no_room"), whole_files_left_when_full=len(left),
           files_after_space_returned=len(generated),
           sentence=refusal)


@pytest.mark.parametrize("room", [0, 300_000], ids=["no room", "room for part of it"])
def test_backing_up_onto_a_full_disk_keeps_no_partial_backup_then_works(disk, vault, room):
    backup = pytest.importorskip("mappa_desk.services.backup", reason="backups (issue 6) are not built yet")
    folder = disk / "backups"
    folder.mkdir()
    filler = fill(disk, leave=room)
    with pytest.raises(Exception) as info:
        backup.make_backup(vault, folder)
    refusal = plain(info.value)
    assert "disk is full" in refusal
    assert sorted(p.name for p in folder.iterdir()) == []  # no partial backup, no work folder
    assert vault.db.integrity_problems() == []
    filler.unlink()
    made = backup.make_backup(vault, folder)
    assert sorted(p.name for p in folder.iterdir()) == [made.name]
    report("disk_full_backup_" + ("partly" if room else "no_room"), backups_left_when_full=0, sentence=refusal)


# -- a read-only data folder ------------------------------------------------------------------------------------

READ_ONLY_SESSION = textwrap.dedent("""
    import json, os, sys
    from pathlib import Path
    from mappa_desk.errors import UserFacingError
    from mappa_desk.services import documents, session as sessions
    from mappa_desk.services.editing import MeetingEditor
    from tests.reliability.privileges import drop_file_powers
    folder, meeting_id = Path(sys.argv[1]), int(sys.argv[2])
    drop_file_powers()  # root ignores permissions: keep uid 0 (the checkout stays readable) without that power
    out = {}
    def attempt(name, fn):
        try:
            out[name] = ["ok", fn()]
        except UserFacingError as err:
            out[name] = ["sentence", str(err)]
        except Exception as err:
            out[name] = ["crash", type(err).__name__ + ": " + str(err)]
    session = sessions.unlock(folder / "vault", sys.argv[3])
    editor = MeetingEditor(session, meeting_id)
    attempt("edit before", lambda: editor.add("information_items", {"text": "before read-only"}))
    for path in [folder / "vault", *(folder / "vault").iterdir()]:
        os.chmod(path, 0o500 if path.is_dir() else 0o400)
    os.chmod(folder, 0o500)
    attempt("edit during", lambda: editor.add("information_items", {"text": "while read-only"}))
    attempt("documents during", lambda: len(documents.generate_for_meeting(session, meeting_id, folder / "documents")))
    session.close()
    attempt("unlock read-only", lambda: sessions.unlock(folder / "vault", sys.argv[3]).close())
    print(json.dumps(out))
""")


@pytest.fixture(scope="module")
def read_only_run():
    """The scenario once: edits, the folder turns read-only, more work, close, unlock again read-only."""
    with small_disk(8) as disk:
        _, session = sessions.create(disk / "vault", PASSPHRASE, kdf=FAST_KDF)
        records.load_demo(session)
        meeting_id = held_meeting(session)
        before = session.db.scalar("SELECT count(*) FROM information_items")
        session.close()
        run = subprocess.run([sys.executable, "-c", READ_ONLY_SESSION, str(disk), str(meeting_id),
                              PASSPHRASE], cwd=ROOT, capture_output=True, text=True, timeout=120,
                             env={**os.environ, "HOME": str(disk)})
        assert run.returncode == 0, run.stderr[-3000:]
        out = json.loads(run.stdout.strip().splitlines()[-1])
        documents_folder_made = (disk / "documents").exists()
        for path in [disk, *disk.rglob("*")]:
            os.chmod(path, 0o700 if path.is_dir() else 0o600)
        session = sessions.unlock(disk / "vault", PASSPHRASE)
        try:
            texts = [t for (t,) in session.db.query("SELECT text FROM information_items")]
            integrity = session.db.integrity_problems()
        finally:
            session.close()
    return {"out": out, "before": before, "texts": texts, "integrity": integrity,
            "documents_folder_made": documents_folder_made}


def test_a_data_folder_that_turns_read_only_during_editing(read_only_run):
    out, texts = read_only_run["out"], read_only_run["texts"]
    assert out["edit before"][0] == "ok"
    for name in ("edit during", "documents during"):
        assert out[name][0] != "crash", out[name][1]
        if out[name][0] == "sentence":
            assert not CLASS_NAME.search(out[name][1]), out[name][1]
    # A new file cannot appear in a read-only folder: the documents are refused with the sentence.
    assert out["documents during"][0] == "sentence" and "not allowed to write" in out["documents during"][1]
    assert not read_only_run["documents_folder_made"]
    # Nothing saved was lost: the edit before, and the one during if it was reported saved (the open
    # database file stays writable to the process that opened it).
    assert "before read-only" in texts
    assert ("while read-only" in texts) == (out["edit during"][0] == "ok")
    assert len(texts) == read_only_run["before"] + 1 + (out["edit during"][0] == "ok")
    assert read_only_run["integrity"] == []
    report("read_only_folder", **{k: v[0] if v[0] == "ok" else f"{v[0]}: {v[1][:90]}" for k, v in out.items()})


def test_unlocking_in_a_read_only_data_folder_gives_a_sentence(read_only_run):
    kind, text = read_only_run["out"]["unlock read-only"]
    assert kind == "sentence", text
    assert "not allowed to write" in text and not CLASS_NAME.search(text)
