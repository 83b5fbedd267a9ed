"""Bad files and wrong secrets: each gives its plain sentence and leaves every file exactly as it was.

Several cases are also tested where they live (docs/RELIABILITY.md lists where); here every case is
held to the same three rules: a UserFacingError, no class name in the sentence, the vault folder (and
the backup file) byte for byte unchanged.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest

from mappa_desk.errors import UserFacingError
from mappa_desk.services import records, session as sessions
from mappa_desk.vault.keyfile import new_recovery_key
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot
from tests.reliability.test_disk_full import CLASS_NAME


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """A closed vault holding the demo records (everything checkpointed into vault.db)."""
    folder = tmp_path_factory.mktemp("template") / "vault"
    recovery, session = sessions.create(folder, PASSPHRASE, kdf=FAST_KDF)
    records.load_demo(session)
    session.close()
    assert sorted(p.name for p in folder.iterdir()) == ["vault.db", "vault.key", "vault.lock"]
    (folder.parent / "recovery.txt").write_text(recovery)
    return folder


@pytest.fixture
def recovery(template) -> str:
    return (template.parent / "recovery.txt").read_text()


@pytest.fixture
def vault(template, tmp_path) -> Path:
    folder = tmp_path / "vault"
    shutil.copytree(template, folder)
    return folder


def flip(path: Path, offset: int) -> None:
    data = bytearray(path.read_bytes())
    data[offset % len(data)] ^= 0x01
    path.write_bytes(bytes(data))


def cut(path: Path, keep: float) -> None:
    data = path.read_bytes()
    path.write_bytes(data[:int(len(data) * keep)])


def refused(folder: Path, attempt, *words: str) -> str:
    """Runs `attempt`; it must refuse with a sentence holding `words` and change no file."""
    before = snapshot(folder.parent)
    with pytest.raises(Exception) as info:
        attempt()
    text = str(info.value)
    assert isinstance(info.value, UserFacingError), f"{type(info.value).__name__}: {text}"
    assert not CLASS_NAME.search(text), text
    for word in words:
        assert word.lower() in text.lower(), text
    assert snapshot(folder.parent) == before, "a file changed"
    return text


@pytest.mark.attack("A wrong passphrase", "refused with a sentence; files unchanged")
def test_wrong_passphrase(vault):
    refused(vault, lambda: sessions.unlock(vault, "not the passphrase at all"), "passphrase", "try again")


def test_wrong_recovery_key(vault):
    refused(vault, lambda: sessions.unlock_with_recovery_key(vault, new_recovery_key(), "a new passphrase here"),
            "recovery key", "doesn't unlock")


def test_malformed_recovery_key(vault):
    refused(vault, lambda: sessions.unlock_with_recovery_key(vault, "1234", None), "not a recovery key")


@pytest.mark.parametrize("where", ["salt", "first page", "middle", "last page"])
@pytest.mark.attack("A flipped byte in the database ({where})", "refused as damaged; files unchanged")
def test_flipped_byte_in_the_database(vault, where):
    db = vault / "vault.db"
    size = db.stat().st_size
    offset = {"salt": 3, "first page": 1000, "middle": size // 2, "last page": size - 100}[where]
    flip(db, offset)

    def open_and_read_everything():
        session = sessions.unlock(vault, PASSPHRASE)
        try:  # a damaged page further in must still come out as a sentence when it is read
            for (meeting_id,) in session.db.query("SELECT id FROM meetings"):
                records.load(session, meeting_id)
            if session.db.integrity_problems():
                raise UserFacingError("damaged: found by the integrity check (mappa-desk doctor)")
        finally:
            session.close()
    refused(vault, open_and_read_everything, "damaged")


def _unlocks_whole(vault, unlock) -> bool:
    """Unlocks and finds every demo meeting (True), or refuses plainly without changing a file (False)."""
    before = snapshot(vault.parent)
    try:
        session = unlock()
    except UserFacingError as err:
        assert not CLASS_NAME.search(str(err)), str(err)
        assert "damaged" in str(err) or "doesn't unlock" in str(err), str(err)
        assert snapshot(vault.parent) == before
        return False
    try:
        assert session.db.scalar("SELECT count(*) FROM meetings") == 13
        assert session.db.integrity_problems() == []
    finally:
        session.close()
    return True


@pytest.mark.parametrize("seed", range(12))
def test_flipped_byte_in_the_key_file(vault, recovery, seed):
    """Refused plainly; or, when the flip hit the other wrap, unlocked whole (that wrap then refuses)."""
    key = vault / "vault.key"
    flip(key, random.Random(seed).randrange(key.stat().st_size))
    _unlocks_whole(vault, lambda: sessions.unlock(vault, PASSPHRASE))
    _unlocks_whole(vault, lambda: sessions.unlock_with_recovery_key(vault, recovery))


@pytest.mark.parametrize("keep", [
    0.0,  # an empty file: SQLite would take it for a new database (fixed: refused as damaged)
    0.02, 0.5, 0.99])
@pytest.mark.attack("The database cut to {keep:.0%}", "refused as damaged; files unchanged")
def test_truncated_database(vault, keep):
    cut(vault / "vault.db", keep)
    refused(vault, lambda: sessions.unlock(vault, PASSPHRASE), "damaged")


@pytest.mark.parametrize("keep", [0.0, 0.5, 0.99])
def test_truncated_key_file(vault, keep):
    cut(vault / "vault.key", keep)
    refused(vault, lambda: sessions.unlock(vault, PASSPHRASE), "key file", "damaged")


def test_database_from_a_newer_version(vault):
    import sqlcipher3
    session = sessions.unlock(vault, PASSPHRASE)
    key = session.vault.key_from_passphrase(PASSPHRASE)
    session.close()
    conn = sqlcipher3.connect(str(vault / "vault.db"), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA user_version = 9999")
    conn.close()
    refused(vault, lambda: sessions.unlock(vault, PASSPHRASE), "newer version", "not been changed")


def test_no_keyring_backend_still_unlocks_with_the_passphrase(vault):
    before = snapshot(vault.parent)
    assert sessions.unlock_from_keyring(vault) is None  # nothing to find: no error, the unlock screen asks
    session = sessions.unlock(vault, PASSPHRASE, remember=True)
    try:
        assert not session.remembered
        assert "keyring" in session.note.lower() and not CLASS_NAME.search(session.note)
    finally:
        session.close()
    assert snapshot(vault.parent) == before


def test_a_changed_keyring_backend_with_a_wrong_key_is_ignored(vault, memory_keyring):
    session = sessions.unlock(vault, PASSPHRASE, remember=True)
    session.close()
    (entry,) = memory_keyring.entries
    memory_keyring.entries[entry] = "00" * 32
    before = snapshot(vault.parent)
    assert sessions.unlock_from_keyring(vault) is None
    assert snapshot(vault.parent) == before


# -- backups (issue 6) -------------------------------------------------------------------------------------

@pytest.fixture
def a_backup(vault, tmp_path):
    backup = pytest.importorskip("mappa_desk.services.backup", reason="backups (issue 6) are not built yet")
    session = sessions.unlock(vault, PASSPHRASE)
    try:
        made = backup.make_backup(session, tmp_path / "backups")
    finally:
        session.close()
    return backup, made


@pytest.mark.parametrize("damage", ["flip early", "flip middle", "flip late", "cut half", "cut to nothing"])
@pytest.mark.attack("A damaged backup ({damage})", "refused; vault untouched")
def test_a_damaged_backup_is_refused_and_the_vault_is_untouched(vault, a_backup, damage):
    backup, made = a_backup
    size = made.stat().st_size
    if damage.startswith("flip"):
        flip(made, {"flip early": 40, "flip middle": size // 2, "flip late": size - 30}[damage])
    else:
        cut(made, 0.5 if damage == "cut half" else 0.0)
    before = snapshot(made.parent)
    refused(vault, lambda: backup.restore(vault, made, PASSPHRASE))
    assert snapshot(made.parent) == before


def test_a_backup_with_the_wrong_passphrase_is_refused(vault, a_backup):
    backup, made = a_backup
    refused(vault, lambda: backup.restore(vault, made, "not the passphrase at all"), "passphrase")
