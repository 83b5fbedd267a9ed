"""The vault: key wrapping, unlock paths, keyring copy, passphrase and recovery changes."""

import json

import pytest

from mappa_desk.errors import KeyFileDamaged, KeyringUnavailable, VaultAlreadyExists, VaultNotFound, WrongSecret, InvalidInput
from mappa_desk.services import session as sessions
from mappa_desk.storage.database import Database
from mappa_desk.vault import Vault
from mappa_desk.vault.keyfile import DEFAULT_KDF, new_recovery_key, parse_recovery_key
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot


def test_key_file_holds_only_wraps_with_their_kdf_parameters(vault_session, data_dir):
    doc = json.loads((data_dir / "vault.key").read_text())
    wrap = doc["wraps"]["passphrase"]
    assert wrap["kdf"] == "argon2id" and wrap["cipher"] == "aes-256-gcm"
    assert (wrap["memory_kib"], wrap["iterations"], wrap["lanes"]) == (8192, 1, 1)
    assert doc["wraps"]["recovery"]["cipher"] == "aes-256-gcm"
    # The raw database key appears nowhere in the file, in hex or otherwise.
    key = Vault(data_dir).key_from_passphrase(PASSPHRASE)
    raw = (data_dir / "vault.key").read_bytes()
    assert key.hex().encode() not in raw and key not in raw


def test_default_kdf_is_argon2id_with_at_least_64_mib():
    assert DEFAULT_KDF.memory_kib >= 64 * 1024
    assert DEFAULT_KDF.iterations >= 2


def test_database_file_is_not_plaintext_sqlite(vault_session, data_dir):
    vault_session.db.checkpoint()
    assert not (data_dir / "vault.db").read_bytes().startswith(b"SQLite format 3")


def test_wrong_passphrase_fails_before_sqlcipher_and_changes_nothing(vault_session, data_dir, monkeypatch):
    vault_session.close()
    before = snapshot(data_dir)
    touched = []
    monkeypatch.setattr(Database, "_connect", classmethod(lambda *a, **k: touched.append(1)))
    with pytest.raises(WrongSecret) as info:
        sessions.unlock(data_dir, "not the right passphrase")
    assert "passphrase doesn't unlock this vault" in str(info.value)
    assert touched == []
    assert snapshot(data_dir) == before


def test_recovery_key_unlocks_and_sets_a_new_passphrase(vault_session, data_dir):
    recovery = vault_session.recovery_key
    vault_session.close()
    session = sessions.unlock_with_recovery_key(data_dir, recovery.lower().replace("-", " "), "a brand new passphrase")
    session.close()
    sessions.unlock(data_dir, "a brand new passphrase").close()
    with pytest.raises(WrongSecret):
        sessions.unlock(data_dir, PASSPHRASE)


def test_malformed_recovery_key_is_explained():
    with pytest.raises(WrongSecret, match="32 letters and digits"):
        parse_recovery_key("ABCD-EFGH")


def test_change_passphrase_rewraps_without_touching_the_database(vault_session, data_dir):
    vault_session.close()
    vault = Vault(data_dir)
    db_before = (data_dir / "vault.db").read_bytes()
    key = vault.key_from_passphrase(PASSPHRASE)
    vault.change_passphrase(key, "another long passphrase", kdf=FAST_KDF)
    assert (data_dir / "vault.db").read_bytes() == db_before
    assert vault.key_from_passphrase("another long passphrase") == key
    with pytest.raises(WrongSecret):
        vault.key_from_passphrase(PASSPHRASE)
    # no temp files left; vault.lock is the (empty) lock file every session holds while it is open
    assert sorted(p.name for p in data_dir.iterdir()) == ["vault.db", "vault.key", "vault.lock"]


def test_short_new_passphrase_is_refused_and_nothing_changes(vault_session, data_dir):
    vault_session.close()
    before = snapshot(data_dir)
    vault = Vault(data_dir)
    with pytest.raises(InvalidInput, match="at least 10 characters"):
        vault.change_passphrase(vault.key_from_passphrase(PASSPHRASE), "short")
    assert snapshot(data_dir) == before


def test_regenerated_recovery_key_replaces_the_old_one(vault_session, data_dir):
    old = vault_session.recovery_key
    vault_session.close()
    vault = Vault(data_dir)
    key = vault.key_from_passphrase(PASSPHRASE)
    new = new_recovery_key()
    vault.replace_recovery_key(key, new, new.lower().replace("-", " "))
    assert new != old
    assert vault.key_from_recovery(new) == key
    with pytest.raises(WrongSecret):
        vault.key_from_recovery(old)


def test_create_refuses_an_existing_vault_and_keeps_it(vault_session, data_dir):
    vault_session.close()
    before = snapshot(data_dir)
    with pytest.raises(VaultAlreadyExists):
        sessions.create(data_dir, "some other passphrase", kdf=FAST_KDF)
    assert snapshot(data_dir) == before


def test_create_refuses_a_stray_database_without_key_file(data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "vault.db").write_bytes(b"precious bytes")
    with pytest.raises(VaultAlreadyExists):
        sessions.create(data_dir, PASSPHRASE, kdf=FAST_KDF)
    assert (data_dir / "vault.db").read_bytes() == b"precious bytes"
    with pytest.raises(KeyFileDamaged, match="key file vault.key is missing"):
        sessions.unlock(data_dir, PASSPHRASE)


def test_unlocking_an_empty_folder_says_there_is_no_vault(data_dir):
    with pytest.raises(VaultNotFound, match="no vault"):
        sessions.unlock(data_dir, PASSPHRASE)
    assert not data_dir.exists()


def test_damaged_key_file_is_reported_plainly(vault_session, data_dir):
    vault_session.close()
    (data_dir / "vault.key").write_text("{ not json")
    with pytest.raises(KeyFileDamaged, match="key file is damaged"):
        sessions.unlock(data_dir, PASSPHRASE)


def test_tampered_wrap_is_refused(vault_session, data_dir):
    vault_session.close()
    doc = json.loads((data_dir / "vault.key").read_text())
    doc["wraps"]["passphrase"]["memory_kib"] = 8  # a downgrade attempt changes the derived key
    (data_dir / "vault.key").write_text(json.dumps(doc))
    with pytest.raises((WrongSecret, KeyFileDamaged)):
        sessions.unlock(data_dir, PASSPHRASE)


def test_without_a_keyring_remembering_is_refused_plainly_and_the_passphrase_still_works(vault_session, data_dir):
    assert not sessions.keyring_available()
    vault_session.close()
    session = sessions.unlock(data_dir, PASSPHRASE, remember=True)
    assert not session.remembered
    assert "no system keyring" in session.note
    session.close()
    with pytest.raises(KeyringUnavailable):
        Vault(data_dir).remember(Vault(data_dir).key_from_passphrase(PASSPHRASE))
    assert sessions.unlock_from_keyring(data_dir) is None


def test_remembered_key_unlocks_and_is_never_the_only_copy(vault_session, data_dir, memory_keyring):
    vault_session.close()
    sessions.unlock(data_dir, PASSPHRASE, remember=True).close()
    assert len(memory_keyring.entries) == 1
    (service, username), = memory_keyring.entries
    assert service == "MAPPA Desk" and "vault" not in username.lower() and len(username) == 32  # random id, no name
    session = sessions.unlock_from_keyring(data_dir)
    assert session is not None and session.remembered
    session.close()
    memory_keyring.entries.clear()  # e.g. a reinstalled laptop: the passphrase still opens the vault
    assert sessions.unlock_from_keyring(data_dir) is None
    sessions.unlock(data_dir, PASSPHRASE).close()


def test_a_wrong_key_in_the_keyring_is_ignored(vault_session, data_dir, memory_keyring):
    vault_session.close()
    vault = Vault(data_dir)
    vault_id = vault.read_keyfile().vault_id
    memory_keyring.entries[("MAPPA Desk", vault_id)] = "00" * 32
    assert sessions.unlock_from_keyring(data_dir) is None


def test_unticking_remember_removes_the_copy(vault_session, data_dir, memory_keyring):
    vault_session.close()
    sessions.unlock(data_dir, PASSPHRASE, remember=True).close()
    sessions.unlock(data_dir, PASSPHRASE, remember=False).close()
    assert memory_keyring.entries == {}
