"""One writer per vault: a second process on the same vault is refused with a sentence and changes nothing.

Real processes throughout: the holder is a real `mappa-desk` command waiting for its passphrase on
standard input (it takes the lock before it asks), and a crashed holder is killed with SIGKILL.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time

import pytest

from mappa_desk import paths
from mappa_desk.errors import VaultInUse
from mappa_desk.services import records, session as sessions
from mappa_desk.vault import lock as vault_lock
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot
from tests.cli.cli_helpers import SCRIPT, run_cli

SINCE = r"since \d\d:\d\d today"


@pytest.fixture
def demo_vault(data_dir):
    """A closed vault with the fictional demo records; returns (data folder, a meeting's id)."""
    _, session = sessions.create(data_dir, PASSPHRASE, kdf=FAST_KDF)
    try:
        records.load_demo(session)
        meeting_id = session.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")
    finally:
        session.close()
    return data_dir, meeting_id


def start_cli(*args) -> subprocess.Popen:
    """`mappa-desk ARGS --passphrase-stdin`, left waiting for the passphrase on its standard input."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "ui.launcher"]
    return subprocess.Popen(command + [str(a) for a in args] + ["--passphrase-stdin"], stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_until(condition, what: str, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = condition()
        if found:
            return found
        time.sleep(0.02)
    raise AssertionError(f"timed out waiting for {what}")


def holder_note(folder) -> dict | None:
    try:
        return json.loads((folder / paths.HOLDER_FILE_NAME).read_text())
    except (OSError, ValueError):
        return None


def wait_for_holder(folder, proc: subprocess.Popen) -> dict:
    def held():
        if proc.poll() is not None:
            raise AssertionError(f"the holder ended early: {proc.communicate()}")
        note = holder_note(folder)
        return note if note and note["pid"] == proc.pid else None
    return wait_until(held, "the command to hold the vault")


@pytest.mark.attack("A second command on a vault a command holds",
                    "refused with who holds it and since when; data folder byte for byte unchanged")
def test_a_second_command_is_refused_with_who_holds_the_vault_and_nothing_changes(demo_vault, tmp_path):
    folder, meeting_id = demo_vault
    exported = tmp_path / "meeting.json"
    assert run_cli("export", meeting_id, "--json", exported, "--data-dir", folder, "--passphrase-stdin",
                   stdin=PASSPHRASE + "\n").returncode == 0
    holder = start_cli("--data-dir", folder, "change-passphrase")
    try:
        note = wait_for_holder(folder, holder)
        assert note["kind"] == "command" and note["command"] == "change-passphrase"
        assert set(note) == {"kind", "command", "pid", "since"}  # nothing about the records or the person
        before = snapshot(folder)
        refused = run_cli("import", exported, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
        assert refused.returncode == VaultInUse.exit_code == 75
        assert re.fullmatch(
            rf"mappa-desk: This vault is in use by the command `mappa-desk change-passphrase` \(process {holder.pid}, "
            rf"{SINCE}\)\. Wait for it to finish, then try again; nothing was changed\.\n", refused.stderr)
        assert snapshot(folder) == before
    finally:
        holder.kill()
        holder.wait()
    assert snapshot(folder) == before  # the holder was killed before it changed anything: still as it was


@pytest.mark.attack("The holder of the vault killed with SIGKILL", "the next command opens the vault at once")
def test_a_holder_killed_with_sigkill_never_blocks_the_next(demo_vault):
    folder, _ = demo_vault
    holder = start_cli("--data-dir", folder, "change-passphrase")
    wait_for_holder(folder, holder)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    assert holder_note(folder)["pid"] == holder.pid  # its note is left behind: it must not count
    listed = run_cli("list", "--json", "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert listed.returncode == 0, listed.stderr
    assert json.loads(listed.stdout)["meetings"]
    assert not (folder / paths.HOLDER_FILE_NAME).exists()  # the next holder replaced it, and removed it at the end
    assert (folder / paths.LOCK_FILE_NAME).exists()


@pytest.mark.attack("Four `docs` runs at once on one vault",
                    "one writes its documents; three refused, no folder or file written, one version recorded")
def test_concurrent_docs_one_works_the_others_get_the_sentence_and_write_nothing(demo_vault, tmp_path):
    folder, meeting_id = demo_vault
    outs = [tmp_path / f"out-{n}" for n in range(4)]
    runs = [start_cli("docs", meeting_id, "--out", out, "--data-dir", folder) for out in outs]
    try:
        # Each takes the lock before it asks for the passphrase: the one that got it waits, the others end.
        wait_until(lambda: sum(run.poll() is not None for run in runs) == len(runs) - 1, "the refusals")
        (winner,) = [run for run in runs if run.poll() is None]
        out, err = winner.communicate(PASSPHRASE + "\n", timeout=300)
        assert winner.returncode == 0, err
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()
    for run, out in zip(runs, outs):
        if run is winner:
            assert sorted(p.suffix for p in out.iterdir()).count(".pdf") >= 1
            continue
        _, err = run.communicate()
        assert run.returncode == 75
        assert f"the command `mappa-desk docs` (process {winner.pid}, since " in err and "nothing was changed" in err
        assert not out.exists()
    session = sessions.unlock(folder, PASSPHRASE)
    try:  # one set of documents was recorded, by the one that worked
        assert session.db.scalar("SELECT count(DISTINCT version) FROM document_versions WHERE meeting_id = ?",
                                 (meeting_id,)) == 1
    finally:
        session.close()


def test_sessions_in_one_process_share_its_hold_and_the_lock_goes_with_the_last(vault_session, data_dir):
    second = sessions.unlock(data_dir, PASSPHRASE)
    vault_session.close()
    refused = run_cli("list", "--data-dir", data_dir, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert refused.returncode == 75 and f"another MAPPA Desk program (process {os.getpid()}, since" in refused.stderr
    second.close()
    assert not vault_lock.held_here(data_dir)
    listed = run_cli("list", "--data-dir", data_dir, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert listed.returncode == 0, listed.stderr


def test_a_session_refused_in_process_leaves_the_vault_to_its_holder(demo_vault):
    folder, _ = demo_vault
    holder = start_cli("--data-dir", folder, "new-recovery-key")
    try:
        wait_for_holder(folder, holder)
        with pytest.raises(VaultInUse, match=r"`mappa-desk new-recovery-key` \(process \d+"):
            sessions.unlock(folder, PASSPHRASE)
        assert not vault_lock.held_here(folder)
    finally:
        holder.kill()
        holder.wait()


def test_a_note_whose_process_has_ended_is_not_believed(tmp_path):
    note = vault_lock.Holder("window", "", 2 ** 22 + 12345, vault_lock._now())
    (tmp_path / paths.HOLDER_FILE_NAME).write_bytes(note.to_bytes())
    assert vault_lock.holder(tmp_path) is None
    assert vault_lock.refusal(None).startswith("This vault is open in another MAPPA Desk window or command.")


def test_a_command_on_a_missing_folder_says_so_and_makes_no_folder(tmp_path):
    result = run_cli("list", "--data-dir", tmp_path / "typo", "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 2 and "There is no vault in" in result.stderr
    assert not (tmp_path / "typo").exists()
