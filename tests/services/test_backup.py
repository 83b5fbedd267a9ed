"""Backups: made and checked, rotated, restored with the passphrase alone, and refused when damaged."""

from __future__ import annotations

import datetime as _dt
import os
import zipfile

import pytest

from mappa_desk.errors import UserFacingError, WrongSecret
from mappa_desk.services import backup, records, restore as restoring, session as sessions
from mappa_desk.storage import backups as stored
from mappa_desk.vault import restore_journal
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot

NOW = _dt.datetime(2026, 11, 20, 9, 30, 0)


def _rows(session) -> dict:
    db = session.db
    return {table: db.query(f"SELECT * FROM {table} ORDER BY rowid")
            for table in ("individuals", "meetings", "actions", "settings")}


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def test_a_backup_restores_with_the_passphrase_alone_and_holds_the_same_rows(demo, tmp_path):
    made = backup.make_backup(demo, tmp_path / "backups", NOW)
    assert made.name == "mappa-desk-backup-20261120-093000.mdbackup"
    before = _rows(demo)
    demo.close()

    elsewhere = tmp_path / "new-laptop"  # no vault there at all
    result = backup.restore(elsewhere, made, PASSPHRASE)
    assert result.kept_aside is None
    restored = sessions.unlock(elsewhere, PASSPHRASE)
    try:
        after = _rows(restored)
        assert restored.db.integrity_problems() == []
    finally:
        restored.close()
    # The stamps of this backup are written after it was made, and the restore notes itself (audited);
    # everything else is the same.
    restore_note = [r for r in after["settings"] if r[0] == "last_restore"]
    assert len(restore_note) == 1 and made.name in restore_note[0][1]
    before["settings"] = [r for r in before["settings"] if not r[0].startswith("backup_")]
    after["settings"] = [r for r in after["settings"] if not r[0].startswith("backup_") and r[0] not in ("last_restore", "audit_restored_at")]
    assert after == before
    assert before["meetings"]


def test_the_backup_holds_only_encrypted_pages_and_wrapped_keys(demo, tmp_path):
    made = backup.make_backup(demo, tmp_path / "backups", NOW)
    name = demo.db.scalar("SELECT family_name FROM individuals LIMIT 1")
    data = made.read_bytes()
    assert name.encode() not in data and b"SQLite format 3" not in data
    with zipfile.ZipFile(made) as zf:
        assert sorted(zf.namelist()) == ["manifest.json", "vault.db", "vault.key"]
    assert not [p for p in (tmp_path / "backups").iterdir() if p.name.startswith(".")]  # no temp left


def test_restore_keeps_the_current_vault_aside(demo, data_dir, tmp_path):
    made = backup.make_backup(demo, tmp_path / "backups", NOW)
    with demo.db.transaction():
        demo.db.execute("UPDATE individuals SET family_name = 'Changed after the backup'")
    demo.close()
    current = snapshot(data_dir)

    result = backup.restore(data_dir, made, PASSPHRASE, now=NOW)
    assert result.kept_aside == data_dir / "vault-before-restore-20261120-093000"
    kept = {name: data for name, data in snapshot(result.kept_aside).items()}
    assert kept["vault.key"] == current["vault.key"] and kept["vault.db"] == current["vault.db"]
    restored = sessions.unlock(data_dir, PASSPHRASE)
    try:
        assert restored.db.scalar("SELECT count(*) FROM individuals WHERE family_name = 'Changed after the backup'") == 0
    finally:
        restored.close()
    # A second restore in the same second keeps the first one's copy too.
    again = backup.restore(data_dir, made, PASSPHRASE, now=NOW)
    assert again.kept_aside != result.kept_aside and result.kept_aside.is_dir()


def test_a_flipped_byte_in_a_backup_is_refused_and_the_vault_untouched(demo, data_dir, tmp_path):
    made = backup.make_backup(demo, tmp_path / "backups", NOW)
    demo.close()
    data = bytearray(made.read_bytes())
    with zipfile.ZipFile(made) as zf:
        info = zf.getinfo("vault.db")
    data[info.header_offset + 30 + len("vault.db") + 5000] ^= 0x01  # inside the database's pages
    made.write_bytes(bytes(data))
    before = snapshot(data_dir)
    with pytest.raises(UserFacingError, match="damaged or has been changed"):
        backup.restore(data_dir, made, PASSPHRASE)
    assert snapshot(data_dir) == before


def test_a_backup_rebuilt_around_a_changed_page_fails_the_cipher_check(demo, data_dir, tmp_path):
    """Someone who also fixes the ZIP's checksums still meets SQLCipher's page HMACs."""
    made = backup.make_backup(demo, tmp_path / "backups", NOW)
    demo.close()
    with zipfile.ZipFile(made) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    db = bytearray(members["vault.db"])
    db[4096 + 200] ^= 0x80
    members["vault.db"] = bytes(db)
    forged = tmp_path / "forged.mdbackup"
    with zipfile.ZipFile(forged, "w") as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    before = snapshot(data_dir)
    with pytest.raises(UserFacingError, match="damaged or has been changed"):
        backup.restore(data_dir, forged, PASSPHRASE)
    assert snapshot(data_dir) == before


def test_the_wrong_passphrase_and_a_file_that_is_no_backup_are_refused(demo, data_dir, tmp_path):
    made = backup.make_backup(demo, tmp_path / "backups", NOW)
    demo.close()
    before = snapshot(data_dir)
    with pytest.raises(WrongSecret, match="doesn't open the backup"):
        backup.restore(data_dir, made, "not the passphrase at all")
    (tmp_path / "notes.mdbackup").write_text("hello")
    with pytest.raises(UserFacingError, match="damaged"):
        backup.restore(data_dir, tmp_path / "notes.mdbackup", PASSPHRASE)
    with pytest.raises(UserFacingError, match="no backup file"):
        backup.restore(data_dir, tmp_path / "missing.mdbackup", PASSPHRASE)
    assert snapshot(data_dir) == before


def test_keep_n_rotation_deletes_only_this_vaults_oldest(demo, tmp_path):
    folder = tmp_path / "backups"
    backup.set_backup_settings(demo, keep=3)
    other_data = tmp_path / "other"
    _, other = sessions.create(other_data, PASSPHRASE, kdf=FAST_KDF)
    try:
        theirs = backup.make_backup(other, folder, NOW - _dt.timedelta(days=30))
    finally:
        other.close()
    made = [backup.make_backup(demo, folder, NOW + _dt.timedelta(days=i)) for i in range(5)]
    left = sorted(p.name for p in folder.glob("*.mdbackup"))
    assert left == sorted([theirs.name] + [p.name for p in made[-3:]])


def test_two_backups_in_one_second_are_both_kept(demo, tmp_path):
    first = backup.make_backup(demo, tmp_path, NOW)
    second = backup.make_backup(demo, tmp_path, NOW)
    assert first != second and first.exists() and second.exists()
    assert backup.backups_in(tmp_path)[-1] == second


def test_backup_if_due_daily_and_on_close(demo, data_dir):
    assert backup.backup_folder(demo) == data_dir / "backups"
    assert backup.backup_if_due(demo, None, NOW) is not None
    assert backup.backup_if_due(demo, None, NOW.replace(hour=17)) is None  # once a calendar day
    assert backup.backup_if_due(demo, None, NOW.replace(hour=18), closing=True) is None  # nothing changed
    with demo.db.transaction():
        demo.db.execute("UPDATE individuals SET family_name = family_name || 'x'")
    assert backup.backup_if_due(demo, None, NOW.replace(hour=19), closing=True) is not None
    assert backup.backup_if_due(demo, None, NOW + _dt.timedelta(days=1)) is not None
    assert len(backup.backups_in(data_dir / "backups")) == 3


@pytest.mark.parametrize("batch", [1, 2, 500])
def test_a_change_since_the_last_backup_is_found_behind_any_number_of_stamps(demo, data_dir, batch):
    """changed_since reads the trail newest first, in batches, down to the last backup: a change is found
    however many of the backup's own stamps were written after it, and stamps alone are no change."""
    backup.make_backup(demo, None, NOW)
    last = demo.db.scalar("SELECT value FROM settings WHERE key = ?", (backup.LAST_AT_SETTING,))
    assert not stored.changed_since(demo.db, last, batch=batch)
    for n in range(3):  # stamps only
        backup.set_backup_settings(demo, keep=5 + n)
    assert not stored.changed_since(demo.db, last, batch=batch)
    with demo.db.transaction():
        demo.db.execute("UPDATE individuals SET family_name = family_name || 'x' WHERE id = (SELECT min(id) FROM individuals)")
    for n in range(5):
        backup.set_backup_settings(demo, keep=9 + n)
    assert stored.changed_since(demo.db, last, batch=batch)
    assert not stored.changed_since(demo.db, "9999-12-31T23:59:59", batch=batch)  # nothing after that


def test_the_chosen_folder_and_count_live_in_the_vault(demo, tmp_path):
    backup.set_backup_settings(demo, folder=tmp_path / "usb", keep=4)
    assert backup.backup_folder(demo) == (tmp_path / "usb").resolve()
    assert backup.keep_count(demo) == 4
    assert backup.backup_if_due(demo, None, NOW).parent == (tmp_path / "usb").resolve()
    with pytest.raises(UserFacingError):
        backup.set_backup_settings(demo, keep=0)


def test_a_read_only_backup_folder_gives_a_sentence(demo, tmp_path, monkeypatch):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o500)
    if os.geteuid() == 0:  # root writes into read-only folders: fail as the OS would for anyone else
        def refused(*_args, **_kwargs):
            raise PermissionError(13, "Permission denied")
        monkeypatch.setattr(restore_journal.tempfile, "mkdtemp", refused)
    try:
        with pytest.raises(UserFacingError, match="not allowed to write the backup"):
            backup.make_backup(demo, folder, NOW)
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o700)
        monkeypatch.undo()
    assert backup.backup_if_due(demo, folder, NOW) is not None  # the stamp was not written by the failure


def test_a_full_disk_while_staging_a_restore_gives_a_sentence(demo, data_dir, tmp_path, monkeypatch):
    made = backup.make_backup(demo, tmp_path / "backups", NOW)
    demo.close()
    before = snapshot(data_dir)

    def full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(restoring, "_extract", full)
    with pytest.raises(UserFacingError, match="disk is full"):
        backup.restore(data_dir, made, PASSPHRASE)
    assert snapshot(data_dir) == before
