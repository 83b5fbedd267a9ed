"""A restore killed mid-way is finished when the window starts, and Home says so at unlock (issue 14, item 2)."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from PySide6.QtWidgets import QLabel

from mappa_desk.services import backup, session as sessions
from mappa_desk.vault import restore_journal
from tests.conftest import PASSPHRASE
from tests.reliability.test_kill_restore import CHILD
from tests.ui.test_autolock import unlock
from tests.ui.test_unlock_screen import find, wait_for_home

ROOT = Path(__file__).resolve().parents[2]


def _killed_after_the_journal(folder: Path, made: Path) -> None:
    """Run the restore in a child and kill it at each step in turn until one leaves its journal behind."""
    for kill_at in range(1, 20):
        done = subprocess.run([sys.executable, "-c", CHILD, str(folder), str(made), PASSPHRASE, str(kill_at)],
                              cwd=ROOT, capture_output=True, text=True, timeout=120)
        assert done.returncode == -signal.SIGKILL, done.stderr
        if (folder / restore_journal.JOURNAL_NAME).exists():
            return
    raise AssertionError("no kill left the restore's journal behind")


def test_home_says_a_restore_was_finished_at_start(qtbot, open_window, vault, tmp_path):
    folder, _ = vault
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        made = backup.make_backup(session, tmp_path / "backups")
    finally:
        session.close()
    _killed_after_the_journal(folder, made)

    window = open_window(folder)
    assert not (folder / restore_journal.JOURNAL_NAME).exists()  # finished before the unlock page showed
    unlock(qtbot, window)
    wait_for_home(qtbot, window)
    notes = [label.text() for label in window.findChildren(QLabel) if label.isVisible()]
    assert any(f"A restore from {made.name} was interrupted; it has now been finished." in text for text in notes), notes
