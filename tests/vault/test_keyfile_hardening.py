"""The key file: KDF settings bounded, damage told apart from a wrong secret, another vault's key file named."""

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from mappa_desk.errors import DatabaseDamaged, KeyFileDamaged, KeyFileMismatch, UserFacingError, WrongSecret
from mappa_desk.services import backup, restore as restoring, session as sessions
from mappa_desk.vault import Vault, new_recovery_key
from mappa_desk.vault import keyfile
from mappa_desk.vault.keyfile import KDF_LIMITS
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot
from tests.cli.cli_helpers import run_cli

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "vault-schema-0007"
FIXTURE_PASSPHRASE = "fixture passphrase for schema 0007"


def _edit_keyfile(folder, change, *, keep_checksum=False):
    doc = json.loads((folder / "vault.key").read_text())
    change(doc)
    if not keep_checksum:
        doc.pop("checksum", None)
    (folder / "vault.key").write_text(json.dumps(doc))


@pytest.mark.parametrize("field, value", [("memory_kib", 64 * 1024 * 1024), ("memory_kib", 1), ("iterations", 10_000),
                                          ("lanes", 0), ("iterations", "3")])
@pytest.mark.attack("A key file asking for KDF {field} = {value!r}", "refused with a sentence before any work")
def test_kdf_settings_outside_the_limits_are_refused_with_a_sentence_before_any_work(vault_session, data_dir,
                                                                                     field, value, monkeypatch):
    vault_session.close()
    _edit_keyfile(data_dir, lambda doc: doc["wraps"]["passphrase"].__setitem__(field, value))
    before = snapshot(data_dir)
    derived = []
    real = keyfile._passphrase_kek
    monkeypatch.setattr(keyfile, "_passphrase_kek", lambda *a: derived.append(a[2]) or real(*a))
    with pytest.raises(KeyFileDamaged) as info:
        sessions.unlock(data_dir, PASSPHRASE)
    assert derived == []  # Argon2 was never asked for 64 GiB (or 10,000 passes)
    high = KDF_LIMITS["memory_kib"][1] // 1024
    assert f"outside the limits MAPPA Desk accepts (8 to {high} MiB of memory" in str(info.value)
    assert "Restore vault.key from a backup" in str(info.value)
    assert snapshot(data_dir) == before


@pytest.mark.attack("A backup whose key file asks for too much memory", "refused")
def test_a_backup_whose_key_file_asks_for_too_much_memory_is_refused(vault_session, data_dir, tmp_path):
    made = backup.make_backup(vault_session, tmp_path / "backups")
    vault_session.close()
    forged = tmp_path / "forged.mdbackup"
    with zipfile.ZipFile(made) as src, zipfile.ZipFile(forged, "w") as dst:
        for item in src.infolist():
            data = src.read(item)
            if item.filename == "vault.key":
                doc = json.loads(data)
                doc["wraps"]["passphrase"]["memory_kib"] = 64 * 1024 * 1024
                doc.pop("checksum")
                data = json.dumps(doc).encode()
            dst.writestr(item, data)
    before = snapshot(data_dir)
    with pytest.raises(UserFacingError) as info:
        backup.restore(data_dir, forged, PASSPHRASE)
    assert "passphrase" not in str(info.value).lower()
    assert snapshot(data_dir) == before


@pytest.mark.parametrize("wrap, field", [("passphrase", "salt"), ("passphrase", "nonce"), ("passphrase", "ciphertext"),
                                         ("recovery", "salt"), ("recovery", "nonce"), ("recovery", "ciphertext")])
@pytest.mark.attack("Key file field {wrap}.{field} damaged", "reported as a damaged key file, not a wrong secret")
def test_a_damaged_field_is_reported_as_damage_to_the_key_file_not_as_a_wrong_secret(vault_session, data_dir,
                                                                                     wrap, field):
    recovery = vault_session.recovery_key
    vault_session.close()

    def flip(doc):  # one character changed, still valid base64 of the same length
        text = doc["wraps"][wrap][field]
        doc["wraps"][wrap][field] = ("B" if text[0] != "B" else "C") + text[1:]
    _edit_keyfile(data_dir, flip, keep_checksum=True)
    for attempt in (lambda: sessions.unlock(data_dir, PASSPHRASE),
                    lambda: sessions.unlock_with_recovery_key(data_dir, recovery)):
        with pytest.raises(KeyFileDamaged, match="key file is damaged") as info:
            attempt()
        assert not isinstance(info.value, WrongSecret)


@pytest.mark.parametrize("field, value", [("salt", "AAAA"), ("nonce", "not base64!"), ("ciphertext", "")])
def test_a_malformed_field_of_an_older_key_file_is_damage_too(vault_session, data_dir, field, value):
    vault_session.close()
    _edit_keyfile(data_dir, lambda doc: doc["wraps"]["passphrase"].__setitem__(field, value))
    with pytest.raises(KeyFileDamaged, match=f"the {field} of its passphrase wrap is not valid"):
        sessions.unlock(data_dir, PASSPHRASE)


@pytest.mark.attack("Another vault's key file put beside the database", "named as another vault's")
def test_another_vaults_key_file_is_named_as_such(vault_session, data_dir, tmp_path):
    vault_session.close()
    other = tmp_path / "other"
    sessions.create(other, "the other vault's passphrase", kdf=FAST_KDF)[1].close()
    shutil.copy(other / "vault.key", data_dir / "vault.key")
    for passphrase in ("the other vault's passphrase", PASSPHRASE):
        with pytest.raises(KeyFileMismatch, match="does not belong to the database beside it: it is another vault's"):
            sessions.unlock(data_dir, passphrase)


def test_a_vault_from_before_key_files_named_their_database_learns_it_at_open(tmp_path):
    old, twin = tmp_path / "old", tmp_path / "twin"
    shutil.copytree(FIXTURE, old)
    shutil.copytree(FIXTURE, twin)
    unnamed = (old / "vault.key").read_bytes()
    assert "db_salt" not in json.loads(unnamed)
    # The twin's key is changed, so the old, unnamed key file no longer fits its database: not called damage alone.
    vault = Vault(twin)
    recovery = new_recovery_key()
    vault.rotate_key(vault.key_from_passphrase(FIXTURE_PASSPHRASE), FIXTURE_PASSPHRASE, recovery, recovery,
                     kdf=FAST_KDF)
    (twin / "vault.key").write_bytes(unnamed)
    with pytest.raises(DatabaseDamaged, match="either the key file belongs to another vault"):
        sessions.unlock(twin, FIXTURE_PASSPHRASE)
    # Opened once, the old vault's key file names its database (and key), and it still opens.
    sessions.unlock(old, FIXTURE_PASSPHRASE).close()
    doc = json.loads((old / "vault.key").read_text())
    assert doc["db_salt"] == (old / "vault.db").read_bytes()[:16].hex() and doc["key_id"] and doc["checksum"]
    sessions.unlock(old, FIXTURE_PASSPHRASE).close()
    (twin / "vault.key").write_bytes((old / "vault.key").read_bytes())
    with pytest.raises(KeyFileMismatch):
        sessions.unlock(twin, FIXTURE_PASSPHRASE)


def test_the_backups_made_before_a_key_change_are_told_apart(vault_session, data_dir, tmp_path):
    before_rotation = backup.make_backup(vault_session, tmp_path / "backups")
    vault_session.close()
    vault = Vault(data_dir)
    recovery = new_recovery_key()
    rotated = vault.rotate_key(vault.key_from_passphrase(PASSPHRASE), PASSPHRASE, recovery, recovery, kdf=FAST_KDF)
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        after_rotation = backup.make_backup(session, tmp_path / "backups")
    finally:
        session.close()
    current = vault.read_keyfile()
    assert backup.predates_current_key(before_rotation, current)
    assert not backup.predates_current_key(after_rotation, current)
    with zipfile.ZipFile(after_rotation) as zf:
        assert json.loads(zf.read("manifest.json"))["key_id"] == rotated.key_id
    # What the person sees: the list of backups, newest first, flags the earlier key; so does a restore's question.
    listed = backup.listing(tmp_path / "backups", current)
    assert [(row.path, row.earlier_key) for row in listed] == [(after_rotation, False), (before_rotation, True)]
    plan = restoring.prepare_restore(data_dir, before_rotation, PASSPHRASE)
    try:
        assert "made before the vault's key was last changed" in restoring.describe(plan)
    finally:
        restoring.discard(plan)
    plan = restoring.prepare_restore(data_dir, after_rotation, PASSPHRASE)
    try:
        assert "key was last changed" not in restoring.describe(plan)
    finally:
        restoring.discard(plan)


def test_the_backups_command_lists_newest_first_and_names_an_earlier_key(vault_session, data_dir, tmp_path):
    backup.set_backup_settings(vault_session, folder=tmp_path / "backups")
    first = backup.make_backup(vault_session)
    vault_session.close()
    vault = Vault(data_dir)
    recovery = new_recovery_key()
    vault.rotate_key(vault.key_from_passphrase(PASSPHRASE), PASSPHRASE, recovery, recovery, kdf=FAST_KDF)
    done = run_cli("backup", "--data-dir", data_dir, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert done.returncode == 0, done.stderr
    listed = run_cli("backups", "--data-dir", data_dir, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert listed.returncode == 0, listed.stderr
    rows = [line for line in listed.stdout.splitlines() if "mappa-desk-backup-" in line]
    assert len(rows) == 2 and "no. 2" in rows[0] and "EARLIER KEY" not in rows[0]
    assert first.name in rows[1] and "no. 1" in rows[1] and "EARLIER KEY" in rows[1]


@pytest.mark.parametrize("value", ["not hex", "00ff", 12])
def test_a_damaged_database_salt_field_is_damage_to_the_key_file(vault_session, data_dir, value):
    vault_session.close()
    _edit_keyfile(data_dir, lambda doc: doc.__setitem__("db_salt", value))
    with pytest.raises(KeyFileDamaged, match="key file is damaged"):
        sessions.unlock(data_dir, PASSPHRASE)
