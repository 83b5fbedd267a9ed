"""One writer per vault, with the window: it holds the vault from start to quit; a command or a second window is refused.

The other side is always a real process: a `mappa-desk` command run as a user would run it.
"""

from __future__ import annotations

import datetime as _dt
import os
import re

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from mappa_desk.services import backup, session as sessions
from mappa_desk.services.editing import MeetingEditor
from tests.conftest import PASSPHRASE, snapshot
from tests.cli.cli_helpers import run_cli
from tests.vault.test_vault_lock import start_cli, wait_for_holder
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_unlock_screen import click, find, wait_for_home, wait_for_unlock_page

WINDOW_HOLDS = (rf"mappa-desk: This vault is open in another MAPPA Desk window \(process {os.getpid()}, "
                r"since \d\d:\d\d today\)\. Close it there first; nothing was changed\.\n")


def _unlock(qtbot, window) -> None:
    qtbot.keyClicks(wait_for_unlock_page(qtbot, window), PASSPHRASE)
    click(qtbot, find(window, QPushButton, "unlockButton"))
    wait_for_home(qtbot, window)


@pytest.mark.attack("A command while a window has the vault open",
                    "refused with the sentence; works once the window closes")
def test_a_command_is_refused_while_a_window_has_the_vault_open_and_works_once_it_closes(qtbot, open_window, vault):
    folder, _ = vault
    window = open_window(folder)
    wait_for_unlock_page(qtbot, window)  # held from the start, before any unlock
    before = snapshot(folder)
    refused = run_cli("demo", "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert refused.returncode == 75 and re.fullmatch(WINDOW_HOLDS, refused.stderr), refused.stderr
    assert snapshot(folder) == before
    window.close()
    listed = run_cli("list", "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert listed.returncode == 0, listed.stderr


@pytest.mark.attack("A restore from another process under an open window",
                    "refused; the window's later edits are in the live vault")
def test_a_restore_from_another_process_is_refused_and_the_windows_later_edits_land_in_the_live_vault(
        qtbot, open_window, vault, tmp_path):
    folder, _ = vault
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        made = backup.make_backup(session, tmp_path / "usb", _dt.datetime(2026, 11, 20, 9, 30))
        meeting_id = session.db.scalar("SELECT min(id) FROM meetings")
    finally:
        session.close()
    window = open_window(folder)
    _unlock(qtbot, window)

    refused = run_cli("restore", made, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert refused.returncode == 75 and re.fullmatch(WINDOW_HOLDS, refused.stderr), refused.stderr
    assert not list(folder.glob("vault-before-restore-*"))

    # The window goes on working; what it saves now is in the vault on disk, not in a copy set aside.
    saved = []
    controller = window.controller
    controller.runner.submit(
        lambda: MeetingEditor(controller.session, meeting_id).add("information_items", {"text": "after the refusal"}),
        on_success=saved.append, on_failure=saved.append)
    qtbot.waitUntil(lambda: bool(saved), timeout=GUI_TIMEOUT_MS)
    assert isinstance(saved[0], int)
    window.close()
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        assert session.db.scalar("SELECT count(*) FROM information_items WHERE text = 'after the refusal'") == 1
    finally:
        session.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # the offscreen platform only
@pytest.mark.attack("A second window on the same vault", "refused with a sentence; nothing opened or changed")
def test_a_second_window_is_refused_with_a_sentence_and_opens_nothing(qtbot, vault):
    from ui.app import run
    from ui.main_window import MainWindow

    folder, _ = vault
    holder = start_cli("--data-dir", folder, "change-passphrase")
    try:
        wait_for_holder(folder, holder)
        before = snapshot(folder)
        shown: list[str] = []

        def answer() -> None:  # the warning is modal: read it and press OK, as the chair would
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox):
                shown.append(box.text())
                box.accept()
            else:
                QTimer.singleShot(20, answer)

        QTimer.singleShot(0, answer)
        assert run(str(folder), ["mappa-desk"]) == 75
    finally:
        holder.kill()
        holder.wait()
    assert shown == [f"This vault is in use by the command `mappa-desk change-passphrase` (process {holder.pid}, "
                     f"since {shown[0].split('since ')[1][:5]} today). Wait for it to finish, then try again; "
                     "nothing was changed."]
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
    assert snapshot(folder) == before
