"""Changing the database key itself: old secrets and key files stop working, and a kill at any step is settled."""

import json
import shutil
import signal
import subprocess
import sys
import textwrap

import pytest

from mappa_desk.errors import InvalidInput, KeyFileMismatch, UserFacingError, WrongSecret
from mappa_desk.services import records, session as sessions
from mappa_desk.storage import audit
from mappa_desk.storage.database import Database
from mappa_desk.vault import Vault, new_recovery_key
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot

NEW_PASSPHRASE = "a brand new passphrase for the rotated key"


@pytest.fixture
def demo_vault(vault_session, data_dir):
    records.load_demo(vault_session)
    counts = vault_session.counts()
    recovery = vault_session.recovery_key
    vault_session.close()
    return data_dir, recovery, counts


def _rotate(folder, passphrase=NEW_PASSPHRASE, progress=None):
    vault = Vault(folder)
    key = vault.key_from_passphrase(PASSPHRASE)
    recovery = new_recovery_key()
    rotated = vault.rotate_key(key, passphrase, recovery, recovery, kdf=FAST_KDF, progress=progress)
    return key, recovery, rotated


@pytest.mark.attack("Old passphrase, old recovery key and an older vault.key after a key rotation",
                    "none opens the current database")
def test_after_rotation_no_earlier_key_file_or_secret_opens_the_database(demo_vault, tmp_path):
    folder, old_recovery, counts = demo_vault
    old_keyfile = (folder / "vault.key").read_bytes()
    old_id = json.loads(old_keyfile)["key_id"]
    old_key, new_recovery, rotated = _rotate(folder)

    session = sessions.unlock(folder, NEW_PASSPHRASE)
    try:
        assert session.counts() == counts
        assert session.db.integrity_problems() == []
        assert audit.soundness(session.db).chained
        assert session.db.scalar("SELECT value FROM settings WHERE key = 'key_id'") == rotated.key_id
    finally:
        session.close()
    assert rotated.key != old_key and rotated.key_id != old_id
    assert json.loads((folder / "vault.key").read_text())["key_id"] == rotated.key_id
    assert sorted(p.name for p in folder.iterdir()) == ["vault.db", "vault.key", "vault.lock"]
    sessions.unlock_with_recovery_key(folder, new_recovery).close()
    with pytest.raises(WrongSecret):
        sessions.unlock(folder, PASSPHRASE)
    with pytest.raises(WrongSecret):
        sessions.unlock_with_recovery_key(folder, old_recovery)
    # The old key file (as a backup holds it) put back beside the rotated database: named, not opened.
    (folder / "vault.key").write_bytes(old_keyfile)
    with pytest.raises(KeyFileMismatch, match="from before this vault's key was changed"):
        sessions.unlock(folder, PASSPHRASE)
    # Even past that check, the old key itself no longer opens the database.
    with pytest.raises(Exception, match="damaged"):
        Database.open(folder / "vault.db", old_key, "test")


def test_rotation_reports_progress_and_its_time_on_the_demo_vault(demo_vault, capsys):
    folder, _, _ = demo_vault
    seen = []
    _, _, rotated = _rotate(folder, progress=lambda fraction, text: seen.append((fraction, text)))
    assert seen[0][0] == 0.0 and seen[-1] == (1.0, "The vault's key has been changed.")
    assert [f for f, _ in seen] == sorted(f for f, _ in seen)
    with capsys.disabled():
        print(f"\n  key rotation of the demo vault: {rotated.seconds:.2f} s "
              f"({(folder / 'vault.db').stat().st_size // 1024} KiB)")


def test_a_mistyped_recovery_key_changes_nothing(demo_vault):
    folder, _, _ = demo_vault
    before = snapshot(folder)
    vault = Vault(folder)
    key = vault.key_from_passphrase(PASSPHRASE)
    recovery = new_recovery_key()
    wrong = new_recovery_key()
    with pytest.raises(InvalidInput, match="not the one shown"):
        vault.rotate_key(key, NEW_PASSPHRASE, recovery, wrong, kdf=FAST_KDF)
    with pytest.raises(InvalidInput, match="old recovery key still works"):
        vault.replace_recovery_key(key, recovery, "ABCD-EFGH")
    assert snapshot(folder) == before


# -- a kill at each step ------------------------------------------------------------------------

CHILD = textwrap.dedent("""
    import os, signal, sys
    from mappa_desk.vault import Vault, rotation
    from mappa_desk.vault.keyfile import KdfParams
    folder, kill_at, old, new, recovery = sys.argv[1], int(sys.argv[2]), *sys.argv[3:6]
    events = [0]

    def event():
        events[0] += 1
        if events[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    real_replace = os.replace
    def replace(*args, **kwargs):
        event()
        return real_replace(*args, **kwargs)
    os.replace = replace
    real_step = rotation._step
    rotation._step = lambda name: (event(), real_step(name))
    copying = []
    def progress(fraction, text):
        if text.startswith("Copying"):
            copying.append(fraction)
            if len(copying) == 2:  # the first report from inside sqlcipher_export
                event()
    vault = Vault(folder)
    key = vault.key_from_passphrase(old)
    vault.rotate_key(key, new, recovery, recovery, kdf=KdfParams(8192, 1, 1), progress=progress)
    print("events", events[0])
""")


def _run_child(folder, kill_at, recovery):
    return subprocess.run([sys.executable, "-c", CHILD, str(folder), str(kill_at), PASSPHRASE, NEW_PASSPHRASE,
                           recovery], capture_output=True, text=True, timeout=120)


@pytest.mark.attack("SIGKILL at each step of a key rotation",
                    "the vault opens whole with the old or the new secrets every time")
def test_a_kill_at_any_step_of_rotation_leaves_a_vault_that_opens_with_the_old_or_the_new_secrets(demo_vault, tmp_path):
    folder, old_recovery, counts = demo_vault
    pristine = tmp_path / "pristine"
    shutil.copytree(folder, pristine)
    recovery = new_recovery_key()
    outcomes = []
    for kill_at in range(1, 40):
        shutil.rmtree(folder)
        shutil.copytree(pristine, folder)
        child = _run_child(folder, kill_at, recovery)
        if child.returncode == 0:
            break  # no step left to kill at
        assert child.returncode == -signal.SIGKILL, child.stderr
        vault = Vault(folder)
        vault.read_keyfile()  # settles what the kill left
        left = sorted(p.name for p in folder.iterdir())
        assert not [n for n in left if "rotating" in n or n.startswith(".")], (kill_at, left)
        try:
            session = sessions.unlock(folder, NEW_PASSPHRASE)
            outcomes.append("new")
            with pytest.raises(WrongSecret):
                sessions.unlock_with_recovery_key(folder, old_recovery)
        except WrongSecret:
            session = sessions.unlock(folder, PASSPHRASE)
            outcomes.append("old")
        try:
            assert session.counts() == counts, kill_at
            assert session.db.integrity_problems() == [], kill_at
        finally:
            session.close()
    else:
        pytest.fail("the rotation never finished")
    # Killed at 1..n: each kill point was met, both sides of the point of no return were reached.
    print(f"\n  rotation killed at {len(outcomes)} points: {outcomes}")
    assert len(outcomes) >= 6 and "old" in outcomes and "new" in outcomes, outcomes
    assert outcomes == sorted(outcomes, key=lambda o: o == "new"), outcomes  # old ... old, new ... new
    sessions.unlock(folder, NEW_PASSPHRASE).close()


INIT_CHILD = textwrap.dedent("""
    import os, signal, sys
    import mappa_desk.vault as vault_module
    from mappa_desk.services import session as sessions
    from mappa_desk.vault.keyfile import KdfParams
    folder, kill_at, passphrase = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    events = [0]

    def event():
        events[0] += 1
        if events[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    real_replace = os.replace
    def replace(*args, **kwargs):
        event()
        return real_replace(*args, **kwargs)
    os.replace = replace
    vault_module._step = lambda name: event()
    real_new = vault_module.KeyFile.new
    vault_module.KeyFile.new = lambda *a, **k: (event(), real_new(*a, **k))[1]  # the database is made by now
    recovery, session = sessions.create(folder, passphrase, kdf=KdfParams(8192, 1, 1))
    session.close()
""")


@pytest.mark.attack("SIGKILL at each step of `init`", "a whole vault or none; never a database without its key file")
def test_a_kill_at_any_step_of_init_never_leaves_a_database_without_its_key_file(tmp_path):
    folder = tmp_path / "data"
    outcomes = []
    for kill_at in range(1, 30):
        shutil.rmtree(folder, ignore_errors=True)
        (folder / "backups").mkdir(parents=True)  # an existing data folder, holding backups
        (folder / "backups" / "keep.mdbackup").write_bytes(b"an older backup")
        child = subprocess.run([sys.executable, "-c", INIT_CHILD, str(folder), str(kill_at), PASSPHRASE],
                               capture_output=True, text=True, timeout=120)
        if child.returncode == 0:
            break
        assert child.returncode == -signal.SIGKILL, child.stderr
        # What the kill left, before anything settles it: never a database without its key file.
        assert (folder / "vault.key").exists() or not (folder / "vault.db").exists(), kill_at
        vault = Vault(folder)
        vault.settle()
        assert not (folder / ".creating").exists()
        if vault.exists():
            sessions.unlock(folder, PASSPHRASE).close()
            outcomes.append("made")
        else:
            assert sorted(p.name for p in folder.iterdir()) == ["backups", "vault.lock"], kill_at  # the lock file stays; it holds nothing
            sessions.create(folder, PASSPHRASE, kdf=FAST_KDF)[1].close()  # nothing stands in the way
            outcomes.append("none")
        assert (folder / "backups" / "keep.mdbackup").read_bytes() == b"an older backup"
    else:
        pytest.fail("init never finished")
    print(f"\n  init killed at {len(outcomes)} points: {outcomes}")
    assert "none" in outcomes and "made" in outcomes and len(outcomes) >= 4, outcomes
    sessions.unlock(folder, PASSPHRASE).close()


@pytest.mark.attack("Key rotation on a disk without room", "refused with a sentence; the key unchanged")
def test_without_room_for_the_new_copy_the_key_is_not_changed(tmp_path):
    from tests.reliability.disk import small_disk

    with small_disk(24) as disk:
        folder = disk / "vault"
        recovery, session = sessions.create(folder, PASSPHRASE, kdf=FAST_KDF)
        records.load_demo(session)
        session.close()
        free = shutil.disk_usage(disk).free
        (disk / "filler").write_bytes(b"\0" * (free - 8 * 2**20))  # 8 MB left: less than a copy plus a margin
        before = snapshot(folder)
        vault = Vault(folder)
        new = new_recovery_key()
        with pytest.raises(UserFacingError, match="needs about .* MB free on the disk .* nothing was changed"):
            vault.rotate_key(vault.key_from_passphrase(PASSPHRASE), NEW_PASSPHRASE, new, new, kdf=FAST_KDF)
        assert snapshot(folder) == before
        sessions.unlock_with_recovery_key(folder, recovery).close()
