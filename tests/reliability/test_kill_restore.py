"""A restore killed (SIGKILL) between any two of its steps: the next open gives the old vault or the
restored one, whole, and nothing is lost; the person never meets "run init" or the create page."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from mappa_desk.services import backup, records, session as sessions
from mappa_desk.vault import restore_journal
from tests.conftest import PASSPHRASE
from tests.reliability.conftest import report

ROOT = Path(__file__).resolve().parents[2]

# The restore in its own process. The test's wrapper kills it at the Nth step of the swap (N >= 1), or
# while the backup is being staged (N = 0); it prints DONE if it ran to the end.
CHILD = textwrap.dedent("""
    import os, signal, sys
    from mappa_desk.services import backup, restore as restoring
    from mappa_desk.vault import restore_journal

    folder, made, passphrase, kill_at = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
    calls = []

    def step(name):
        calls.append(name)
        if len(calls) == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        if len(calls) == -kill_at:  # paused mid-swap, alive, until the test kills it
            print("PAUSED", flush=True)
            sys.stdin.read()

    restore_journal._step = step
    if kill_at == 0:
        checked = restoring._check_copy
        def check_then_die(*args):
            checked(*args)
            os.kill(os.getpid(), signal.SIGKILL)
        restoring._check_copy = check_then_die
    backup.restore(folder, made, passphrase)
    print("DONE", len(calls), flush=True)
""")


def rows(session) -> list:
    return session.db.query("SELECT id, family_name FROM individuals ORDER BY id")


@pytest.mark.attack("SIGKILL at each step of a restore", "finished or rolled back at the next open; nothing lost")
def test_a_restore_killed_at_each_step_is_finished_at_the_next_open(vault_session, data_dir, tmp_path):
    records.load_demo(vault_session)
    made = backup.make_backup(vault_session, tmp_path / "backups")
    restored_rows = rows(vault_session)
    with vault_session.db.transaction():
        vault_session.db.execute("UPDATE individuals SET family_name = family_name || ' (after the backup)'")
    old_rows = rows(vault_session)
    vault_session.close()
    template = tmp_path / "template"
    shutil.copytree(data_dir, template)

    outcomes = []
    for kill_at in range(0, 40):
        folder = tmp_path / f"run-{kill_at}"
        shutil.copytree(template, folder)
        done = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(made), PASSPHRASE, str(kill_at)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        finished = "DONE" in done.stdout
        assert finished or done.returncode == -signal.SIGKILL, done.stderr

        # The next start: the app asks whether there is a vault (never the create page), then unlocks.
        assert sessions.vault_at(folder).exists()
        session = sessions.unlock(folder, PASSPHRASE)
        try:
            now = rows(session)
            integrity = session.db.integrity_problems()
        finally:
            session.close()
        assert integrity == []
        assert now in (old_rows, restored_rows), f"killed at step {kill_at}: neither vault, whole"
        assert not (folder / restore_journal.JOURNAL_NAME).exists()
        assert not list(folder.glob(".mappa-desk-tmp-*")), f"killed at step {kill_at}: a staged copy was left"
        aside = list(folder.glob("vault-before-restore-*"))
        if now == restored_rows:  # nothing lost: the vault it replaced is aside, whole, and opens
            assert len(aside) == 1
            kept = sessions.unlock(aside[0], PASSPHRASE)
            try:
                assert rows(kept) == old_rows
            finally:
                kept.close()
        else:
            assert not [p for p in aside if any(p.iterdir())]
        outcomes.append("restored" if now == restored_rows else "old")
        if finished:
            break
    assert finished, "the restore never ran to its end"
    # Killed while staging or before the journal: the old vault; after the journal: the restored one.
    assert outcomes[0] == "old" and outcomes[-1] == "restored" and "restored" in outcomes[:-1]
    report("restore killed at each step", kills=len(outcomes) - 1, old=outcomes.count("old"),
           finished_at_next_open=outcomes.count("restored") - 1)


@pytest.mark.attack("A start while another process is restoring", "the running restore is left alone")
def test_a_restore_still_running_in_another_process_is_left_alone(vault_session, data_dir, tmp_path):
    records.load_demo(vault_session)
    made = backup.make_backup(vault_session, tmp_path / "backups")
    vault_session.close()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(data_dir), str(made), PASSPHRASE, "-4"], cwd=ROOT,
                             stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "PAUSED"  # mid-swap: the vault's key file is aside
        journal = data_dir / restore_journal.JOURNAL_NAME
        assert journal.exists() and not (data_dir / "vault.key").exists()
        # Another start meanwhile: the restore's lock is held, so its half-done swap is not touched.
        assert sessions.vault_at(data_dir).recovered is None
        assert journal.exists() and not (data_dir / "vault.key").exists()
    finally:
        child.kill()
        child.communicate(timeout=60)
    assert child.returncode == -signal.SIGKILL
    # Its process gone, the lock went with it: the next start finishes the restore.
    assert "has now been finished" in sessions.vault_at(data_dir).recovered
    session = sessions.unlock(data_dir, PASSPHRASE)
    session.close()
    assert not journal.exists()


def test_a_killed_restore_whose_staged_copy_was_removed_puts_the_old_vault_back(vault_session, data_dir, tmp_path):
    records.load_demo(vault_session)
    made = backup.make_backup(vault_session, tmp_path / "backups")
    with vault_session.db.transaction():
        vault_session.db.execute("UPDATE individuals SET family_name = family_name || ' (after the backup)'")
    old_rows = rows(vault_session)
    vault_session.close()
    done = subprocess.run([sys.executable, "-c", CHILD, str(data_dir), str(made), PASSPHRASE, "5"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == -signal.SIGKILL, done.stderr
    assert not (data_dir / "vault.key").exists() and (data_dir / restore_journal.JOURNAL_NAME).exists()
    for stage in data_dir.glob(".mappa-desk-tmp-*"):  # someone tidied the folder by hand
        shutil.rmtree(stage)
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        assert rows(session) == old_rows
    finally:
        session.close()
    assert not (data_dir / restore_journal.JOURNAL_NAME).exists() and not list(data_dir.glob("vault-before-*"))
