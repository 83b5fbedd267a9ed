"""Issue 19: the backup on close is made however long it takes, with its progress shown; "Quit without waiting"
keeps nothing of it, and the next unlock makes it and says so (as after a close that was killed).

The check of the backup's copy is held open by the test (tests/ui/test_meeting_opens_during_backup_check.py)
until the progress dialog is seen, so nothing is timed. The old wait at close (30 s) is made short here, so a
close that still depended on it would cut the backup short.
"""

from __future__ import annotations

import datetime as _dt

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication, QDialog, QLabel, QProgressBar, QPushButton

from mappa_desk.services import backup, session as sessions
from mappa_desk.storage import settings
from tests.conftest import PASSPHRASE
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_backup_restore import FakeDialogs
from tests.ui.test_meeting_opens_during_backup_check import HeldCheck, _unlock
from ui import ops
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen only

BEING_MADE = "The backup on closing last time was not finished, so it is being made now."
MADE = "The backup on closing last time was not finished; it has now been made."


def _closing_dialog() -> QDialog | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QDialog) and widget.objectName() == "closingBackupDialog" and widget.isVisible():
            return widget
    return None


class DialogWatch:
    """Looks for the closing dialog while the window closes (the test's own code cannot run then); when it
    shows, notes what it says, presses "Quit without waiting" if asked, and lets the held check finish."""

    def __init__(self, check: HeldCheck, *, quit_without_waiting: bool = False):
        self.check, self.quit = check, quit_without_waiting
        self.seen: tuple[str, str, int, str] | None = None  # title, stage, per cent, button
        self.timer = QTimer()
        self.timer.setInterval(20)
        self.timer.timeout.connect(self._look)
        self.timer.start()

    def _look(self) -> None:
        dialog = _closing_dialog()
        if dialog is None or not self.check.checking.is_set():
            return
        self.timer.stop()
        button = dialog.findChild(QPushButton, "quitWithoutWaitingButton")
        self.seen = (dialog.windowTitle(), dialog.findChild(QLabel, "closingBackupStage").text(),
                     dialog.findChild(QProgressBar, "closingBackupProgress").value(), button.text())
        if self.quit:
            button.click()
        self.check.may_finish.set()


def _change(qtbot, window) -> None:
    session = window.controller.session
    window.controller.runner.submit(lambda: session.db.execute(
        "INSERT INTO settings (key, value) VALUES ('test_change', 'x')"))
    window.controller.runner.wait_for_done()


def _unlocked_after_the_days_backup(qtbot, open_window, folder):
    window = open_window(folder)
    with qtbot.waitSignal(window.controller.backups.sig_backed_up, timeout=GUI_TIMEOUT_MS):
        _unlock(qtbot, window)
    return window


def _owed(folder) -> bool:
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        return backup.owed_on_close(session)
    finally:
        session.close()


def _short_old_cap(monkeypatch) -> None:
    monkeypatch.setattr(TaskRunner.wait_for_done, "__defaults__", (1_000,))


def test_closing_waits_for_a_slow_backup_and_shows_its_progress(qtbot, open_window, vault, monkeypatch):
    folder, _ = vault
    window = _unlocked_after_the_days_backup(qtbot, open_window, folder)
    _change(qtbot, window)
    _short_old_cap(monkeypatch)
    check = HeldCheck(monkeypatch)
    watch = DialogWatch(check)
    try:
        window.close()
    finally:
        check.may_finish.set()

    backups = folder / "backups"
    assert len(list(backups.glob("*.mdbackup"))) == 2  # the day's, and the one made on close
    assert [p for p in backups.iterdir() if p.suffix != ".mdbackup"] == []
    assert watch.seen is not None
    title, stage, per_cent, button = watch.seen
    assert (title, stage, button) == ("Backing up before closing", "Checking the copy\u2026", "Quit without waiting")
    assert 0 < per_cent < 100
    assert _closing_dialog() is None
    assert not _owed(folder)


def test_quit_without_waiting_keeps_nothing_and_the_next_unlock_makes_the_backup(qtbot, open_window, vault,
                                                                              monkeypatch):
    folder, _ = vault
    window = _unlocked_after_the_days_backup(qtbot, open_window, folder)
    _change(qtbot, window)
    check = HeldCheck(monkeypatch)
    watch = DialogWatch(check, quit_without_waiting=True)
    try:
        window.close()
    finally:
        check.may_finish.set()

    assert watch.seen is not None
    backups = folder / "backups"
    assert len(list(backups.glob("*.mdbackup"))) == 1  # only the day's: nothing of the stopped one
    assert [p for p in backups.iterdir() if p.suffix != ".mdbackup"] == []  # nor its work folder
    assert _owed(folder)

    _next_unlock_makes_the_owed_backup(qtbot, open_window, folder, monkeypatch, before=1)


def test_a_close_killed_mid_backup_is_made_up_at_the_next_unlock(qtbot, open_window, vault, monkeypatch):
    folder, _ = vault
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        backup.make_backup(session, None, _dt.datetime.now())  # the day's backup is made
        with session.db.transaction():  # a backup on close started, and the process was killed
            settings.replace(session.db, backup.OWED_SETTING, _dt.datetime.now().isoformat(timespec="seconds"))
    finally:
        session.close()

    _next_unlock_makes_the_owed_backup(qtbot, open_window, folder, monkeypatch, before=1)


def _next_unlock_makes_the_owed_backup(qtbot, open_window, folder, monkeypatch, *, before: int) -> None:
    check = HeldCheck(monkeypatch)
    window = open_window(folder)
    note = window.home_view.note
    try:
        with qtbot.waitSignal(window.controller.backups.sig_backed_up, timeout=GUI_TIMEOUT_MS) as made:
            _unlock(qtbot, window)
            qtbot.waitUntil(check.checking.is_set, timeout=GUI_TIMEOUT_MS)
            qtbot.waitUntil(lambda: note.isVisible() and note.text() == BEING_MADE, timeout=GUI_TIMEOUT_MS)
            check.may_finish.set()
    finally:
        check.may_finish.set()
    qtbot.waitUntil(lambda: note.text() == MADE, timeout=GUI_TIMEOUT_MS)
    assert note.isVisible()
    assert len(list((folder / "backups").glob("*.mdbackup"))) == before + 1
    assert made.args[0].exists()
    window.close()
    assert not _owed(folder)


def test_quit_without_waiting_stops_a_back_up_now_in_hand_without_an_error(qtbot, open_window, vault, tmp_path,
                                                                          monkeypatch):
    folder, _ = vault
    window = _unlocked_after_the_days_backup(qtbot, open_window, folder)
    errors = []
    monkeypatch.setattr(ops, "show_unexpected_error", lambda parent, err: errors.append(err))
    check = HeldCheck(monkeypatch)
    usb = tmp_path / "usb"
    window.controller.backups.dialogs = FakeDialogs(folder=usb)
    window.findChild(QAction, "backUpNowAction").trigger()
    qtbot.waitUntil(check.checking.is_set, timeout=GUI_TIMEOUT_MS)
    watch = DialogWatch(check, quit_without_waiting=True)
    try:
        window.close()  # the backup in hand is waited for, and stopped
    finally:
        check.may_finish.set()

    assert watch.seen is not None and watch.seen[1] == "Checking the copy\u2026"
    assert errors == []
    assert list(usb.iterdir()) == []  # nothing of it kept
    assert not _owed(folder)  # nothing changed since the day's backup: no backup on close was owed
