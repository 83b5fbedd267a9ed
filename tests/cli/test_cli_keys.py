"""The passphrase and key commands: a new recovery key typed back before it counts, and `--rotate` / `rotate-key`."""

import os
import re
import subprocess
import sys

import pytest

from mappa_desk.errors import KeyFileMismatch, WrongSecret
from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE, snapshot
from tests.cli.cli_helpers import SCRIPT, run_cli

NEW = "a fresh passphrase for the command line"
KEY_LINE = re.compile(r"^\s+([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})$")


def _converse(folder, *args, before: list[str], confirm=lambda key: key):
    """Run a command with --passphrase-stdin, read the new recovery key it shows, and type back `confirm(key)`."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "ui.launcher"]
    proc = subprocess.Popen(command + [*args, "--data-dir", str(folder), "--passphrase-stdin"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=dict(os.environ))
    proc.stdin.write("".join(line + "\n" for line in before))
    proc.stdin.flush()
    shown = None
    lines = []
    while shown is None:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        match = KEY_LINE.match(line.rstrip("\n"))
        if match:
            shown = match.group(1)
    out, err = proc.communicate(confirm(shown) + "\n" if shown else "", timeout=120)
    return proc.returncode, shown, "".join(lines) + out, err


@pytest.fixture
def folder(vault_session, data_dir):
    vault_session.close()
    return data_dir


@pytest.mark.attack("A new recovery key not typed back correctly", "the old recovery key still works")
def test_new_recovery_key_works_only_once_typed_back(folder, vault_session):
    old = vault_session.recovery_key
    before = snapshot(folder)
    code, shown, out, err = _converse(folder, "new-recovery-key", before=[PASSPHRASE],
                                      confirm=lambda key: ("B" if key[0] == "A" else "A") + key[1:])  # one letter wrong
    assert code == 2 and "old recovery key still works" in err
    assert snapshot(folder) == before
    sessions.unlock_with_recovery_key(folder, old).close()

    code, shown, out, err = _converse(folder, "new-recovery-key", before=[PASSPHRASE],
                                      confirm=lambda key: key.lower().replace("-", " "))
    assert code == 0, err
    assert "rotate-key" in out  # says the database key itself was not changed
    sessions.unlock_with_recovery_key(folder, shown).close()
    with pytest.raises(WrongSecret):
        sessions.unlock_with_recovery_key(folder, old)


def test_change_passphrase_with_rotate_changes_the_database_key(folder, vault_session):
    old_keyfile = (folder / "vault.key").read_bytes()
    code, shown, out, err = _converse(folder, "change-passphrase", "--rotate", before=[PASSPHRASE, NEW])
    assert code == 0, err
    assert "The vault's key has been changed" in out and "100%" in err
    sessions.unlock(folder, NEW).close()
    sessions.unlock_with_recovery_key(folder, shown).close()
    with pytest.raises(WrongSecret):
        sessions.unlock_with_recovery_key(folder, vault_session.recovery_key)
    (folder / "vault.key").write_bytes(old_keyfile)
    with pytest.raises(KeyFileMismatch):
        sessions.unlock(folder, PASSPHRASE)


def test_change_passphrase_in_a_script_rewraps_only_and_says_so(folder):
    result = run_cli("change-passphrase", "--data-dir", folder, "--passphrase-stdin", stdin=f"{PASSPHRASE}\n{NEW}\n")
    assert result.returncode == 0, result.stderr
    assert "The database key itself was not changed" in result.stdout and "rotate-key" in result.stdout
    sessions.unlock(folder, NEW).close()


def test_rotate_key_keeps_the_passphrase_and_gives_a_new_recovery_key(folder, vault_session):
    old_keyfile = (folder / "vault.key").read_bytes()
    code, shown, out, err = _converse(folder, "rotate-key", before=[PASSPHRASE])
    assert code == 0, err
    sessions.unlock(folder, PASSPHRASE).close()
    sessions.unlock_with_recovery_key(folder, shown).close()
    with pytest.raises(WrongSecret):
        sessions.unlock_with_recovery_key(folder, vault_session.recovery_key)
    (folder / "vault.key").write_bytes(old_keyfile)
    result = run_cli("list", "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode != 0 and "from before this vault's key was changed" in result.stderr


def test_recover_with_rotate_makes_the_old_recovery_key_useless(folder, vault_session):
    code, shown, out, err = _converse(folder, "recover", "--rotate", before=[vault_session.recovery_key, NEW])
    assert code == 0, err
    sessions.unlock(folder, NEW).close()
    with pytest.raises(WrongSecret):
        sessions.unlock_with_recovery_key(folder, vault_session.recovery_key)


@pytest.mark.attack("`init` with a guessable passphrase", "refused; no vault made")
def test_init_refuses_a_guessable_passphrase_and_makes_no_vault(tmp_path):
    folder = tmp_path / "new"
    result = run_cli("init", "--data-dir", folder, "--passphrase-stdin", stdin="Password12345\n")
    assert result.returncode == 2
    assert "would be too easy to guess (This is similar to a commonly used password)" in result.stderr
    assert not (folder / "vault.key").exists() and not (folder / "vault.db").exists()
