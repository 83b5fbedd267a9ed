"""Backup rotation trusts no clock and deletes only this vault's backups; leftovers of a killed backup go;
no audio recording is in any backup."""

from __future__ import annotations

import datetime as _dt
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from mappa_desk.services import audio, backup, lifecycle, records
from mappa_desk.vault.keyfile import KeyFile
from tests.conftest import PASSPHRASE
from tests.services.test_lifecycle import CHAIR, COORDINATOR, NEEDLE, held, recording, to_circulated

ROOT = Path(__file__).resolve().parents[2]
NOW = _dt.datetime(2026, 11, 20, 9, 30, 0)


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


@pytest.mark.attack("Forged future-dated backup names in the backup folder", "no genuine backup deleted")
def test_forged_future_dated_backups_do_not_get_genuine_ones_deleted(demo, tmp_path):
    folder = tmp_path / "backups"
    backup.set_backup_settings(demo, keep=3)
    genuine = [backup.make_backup(demo, folder, NOW + _dt.timedelta(hours=n)) for n in range(3)]
    # Names far in the future: garbage, a copy of our oldest backup, and another vault's backup.
    forged = [folder / f"mappa-desk-backup-2099123{n}-235959.mdbackup" for n in range(3)]
    forged[0].write_bytes(b"not a backup at all")
    shutil.copyfile(genuine[0], forged[1])
    with zipfile.ZipFile(genuine[1]) as zf, zipfile.ZipFile(forged[2], "w") as out:
        for name in zf.namelist():
            data = zf.read(name)
            if name in ("manifest.json", "vault.key"):
                doc = json.loads(data)
                doc["vault_id"] = "0" * 32
                data = json.dumps(doc).encode()
            out.writestr(name, data)

    newest = backup.make_backup(demo, folder, NOW + _dt.timedelta(hours=3))
    left = set(folder.glob("*.mdbackup"))
    # The three newest genuine backups stay; the oldest (and its renamed copy) go; others' files stay.
    assert {genuine[1], genuine[2], newest} <= left
    assert genuine[0] not in left and forged[1] not in left
    assert forged[0] in left and forged[2] in left
    assert backup.backups_in(folder, demo.vault.read_keyfile().vault_id)[-1] == newest


@pytest.mark.attack("A wrong clock while backing up", "no genuine backup deleted")
def test_a_wrong_clock_does_not_get_genuine_backups_deleted(demo, tmp_path):
    folder = tmp_path / "backups"
    backup.set_backup_settings(demo, keep=3)
    ahead = [backup.make_backup(demo, folder, _dt.datetime(2031, 1, 1, 9, 0) + _dt.timedelta(hours=n))
             for n in range(3)]  # the clock ran years ahead...
    behind = [backup.make_backup(demo, folder, _dt.datetime(2001, 1, 1, 9, 0) + _dt.timedelta(hours=n))
              for n in range(2)]  # ...then was set to a date long past
    left = set(folder.glob("*.mdbackup"))
    assert left == {ahead[2], *behind}  # the newest three made, whatever their names say
    vault_id = demo.vault.read_keyfile().vault_id
    assert backup.backups_in(folder, vault_id) == [ahead[2], *behind]


KILLED_BACKUP = textwrap.dedent("""
    import os, signal, sys
    from mappa_desk.services import backup, session as sessions

    folder, passphrase, target = sys.argv[1:4]
    session = sessions.unlock(folder, passphrase)
    def die(db, copy):
        os.kill(os.getpid(), signal.SIGKILL)
    backup._check_copy = die  # killed with the copy made, in its work folder
    backup.make_backup(session, target)
""")


@pytest.mark.attack("A backup killed with SIGKILL", "its temporary copy removed at the next backup")
def test_the_work_folder_of_a_killed_backup_is_removed_at_the_next_backup(demo, data_dir, tmp_path):
    folder = tmp_path / "backups"
    backup.make_backup(demo, folder, NOW)
    demo.close()
    done = subprocess.run([sys.executable, "-c", KILLED_BACKUP, str(data_dir), PASSPHRASE, str(folder)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    left = list(folder.glob(".mappa-desk-tmp-*"))
    assert len(left) == 1 and (left[0] / "vault.db").exists()
    # A live process's work folder, and another vault's, are not ours to remove.
    live = folder / f".mappa-desk-tmp-{os.getpid()}-live"
    other = folder / ".mappa-desk-tmp-0123456789ab-999999999-other"
    live.mkdir(), other.mkdir()

    from mappa_desk.services import session as sessions
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        backup.backup_if_due(session, folder, NOW)  # not due (one today already): the leftovers go all the same
    finally:
        session.close()
    assert not left[0].exists() and live.is_dir() and other.is_dir()


# -- audio recordings are kept out of backups ---------------------------------------------------------

PAGE, RESERVE, SALT = 4096, 80, 16


def backup_pages(made: Path) -> list[bytes]:
    """Every page of the backup's database, decrypted with the key its key file holds (free pages too)."""
    with zipfile.ZipFile(made) as zf:
        key = KeyFile.from_bytes(zf.read("vault.key")).unwrap_with_passphrase(PASSPHRASE)
        raw = zf.read("vault.db")

    def decrypt(page: bytes, first: bool) -> bytes:
        iv = page[PAGE - RESERVE:PAGE - RESERVE + 16]
        decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
        return decryptor.update(page[SALT if first else 0:PAGE - RESERVE]) + decryptor.finalize()

    return [decrypt(raw[n:n + PAGE], n == 0) for n in range(0, len(raw) - PAGE + 1, PAGE)]


@pytest.mark.attack("Search every decrypted page of every backup for an audio recording",
                    "not found before or after the final")
def test_no_backup_holds_an_audio_recording_before_or_after_the_final(demo, tmp_path):
    meeting_id = held(demo)
    path, _data = recording(tmp_path)
    audio.attach_audio(demo, meeting_id, path, by=COORDINATOR)
    name = demo.db.scalar("SELECT family_name FROM individuals LIMIT 1").encode()
    folder = tmp_path / "backups"
    before_final = backup.make_backup(demo, folder, NOW)
    assert demo.db.scalar("SELECT count(*) FROM audio_recordings") == 1  # the live vault keeps it until the final
    to_circulated(demo, meeting_id, tmp_path)
    lifecycle.make_final(demo, meeting_id, CHAIR, tmp_path / "final")
    after_final = backup.make_backup(demo, folder, NOW + _dt.timedelta(hours=1))

    for made in (before_final, after_final):
        pages = backup_pages(made)
        assert any(name in page for page in pages)  # the pages are read right: the search can succeed
        assert not any(NEEDLE[:12] in page for page in pages), f"{made.name} holds the recording's bytes"
        with zipfile.ZipFile(made) as zf:
            assert json.loads(zf.read("manifest.json"))["audio_recordings"] == "not included"


def test_a_backup_made_by_an_earlier_version_loses_its_recording_at_the_next_backup(demo, tmp_path, monkeypatch):
    from tests.services.test_restore_checks import rebuild

    meeting_id = held(demo)
    path, _data = recording(tmp_path)
    audio.attach_audio(demo, meeting_id, path, by=COORDINATOR)
    folder = tmp_path / "backups"
    # As the earlier version made them: the recording in the copy, a version 1 manifest.
    with monkeypatch.context() as patched:
        patched.setattr(backup, "_leave_out_recordings", lambda db, copy: None)
        patched.setattr(backup, "_check_copy", lambda db, copy, **_: None)
        made = backup.make_backup(demo, tmp_path / "then", NOW)
    folder.mkdir()
    legacy = rebuild(made, folder / "mappa-desk-backup-20261119-093000.mdbackup",
                     manifest={"version": 1, "sequence": None, "database_bytes": None, "database_sha256": None,
                               "audio_recordings": None})
    assert any(NEEDLE in page for page in backup_pages(legacy))  # the search can fail

    backup.make_backup(demo, folder, NOW)
    assert legacy.exists()
    assert not any(NEEDLE[:12] in page for page in backup_pages(legacy))
    with zipfile.ZipFile(legacy) as zf:
        assert json.loads(zf.read("manifest.json"))["audio_recordings"] == "removed"
    # It still restores, whole, and without the recording.
    from mappa_desk.services import session as sessions
    elsewhere = tmp_path / "elsewhere"
    backup.restore(elsewhere, legacy, PASSPHRASE)
    restored = sessions.unlock(elsewhere, PASSPHRASE)
    try:
        assert restored.db.scalar("SELECT count(*) FROM audio_recordings") == 0
        assert restored.db.scalar("SELECT count(*) FROM meetings") == demo.db.scalar("SELECT count(*) FROM meetings")
    finally:
        restored.close()


def test_restoring_a_backup_that_still_holds_a_recording_leaves_it_out(demo, tmp_path, monkeypatch):
    from tests.services.test_restore_checks import rebuild

    meeting_id = held(demo)
    path, _data = recording(tmp_path)
    audio.attach_audio(demo, meeting_id, path, by=COORDINATOR)
    monkeypatch.setattr(backup, "_leave_out_recordings", lambda db, copy: None)
    monkeypatch.setattr(backup, "_check_copy", lambda db, copy, **_: None)
    made = backup.make_backup(demo, tmp_path / "then", NOW)
    legacy = rebuild(made, tmp_path / "legacy.mdbackup", manifest={"version": 1})
    from mappa_desk.services import session as sessions
    elsewhere = tmp_path / "elsewhere"
    backup.restore(elsewhere, legacy, PASSPHRASE)
    restored = sessions.unlock(elsewhere, PASSPHRASE)
    try:
        assert restored.db.scalar("SELECT count(*) FROM audio_recordings") == 0
        note = json.loads(restored.db.scalar("SELECT value FROM settings WHERE key = 'last_restore'"))
        assert note["recordings_left_out"] == 1
    finally:
        restored.close()
    raw = (elsewhere / "vault.db").read_bytes()
    assert len(raw) < _data.__len__()  # rebuilt without the recording's pages
