"""Issue 19: a meeting opens while the day's backup is being checked (the check does not hold the database lane).

The check is held open by the test (it waits until the cockpit has shown the meeting), so the order of events
says whether opening the meeting had to wait for it; nothing here is timed. Before the check ran on its own
connection and lane, the meeting could open only once the check was over, and this test fails.
"""

from __future__ import annotations

import threading

from PySide6.QtWidgets import QPushButton

from mappa_desk.services import session as sessions
from mappa_desk.storage import backups as stored
from tests.conftest import PASSPHRASE
from tests.ui.cockpit_driver import controller
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_unlock_screen import click, find, wait_for_home, wait_for_unlock_page


def _first_meeting(folder) -> int:
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        return session.db.scalar("SELECT min(id) FROM meetings")
    finally:
        session.close()


def test_a_meeting_opens_while_the_days_backup_is_being_checked(qtbot, open_window, vault, monkeypatch):
    folder, _ = vault
    meeting_id = _first_meeting(folder)
    events: list[str] = []
    checking, may_finish = threading.Event(), threading.Event()
    real = stored.integrity_problems

    def held_check(db, schema):  # the check of the day's backup, kept open until the meeting is shown
        events.append("check started")
        checking.set()
        may_finish.wait(GUI_TIMEOUT_MS / 1000)  # bounded: without the change this test fails, never hangs
        try:
            return real(db, schema)
        finally:
            events.append("check finished")

    monkeypatch.setattr(stored, "integrity_problems", held_check)
    window = open_window(folder)
    backups = window.controller.backups
    try:
        field = wait_for_unlock_page(qtbot, window)
        qtbot.keyClicks(field, PASSPHRASE)
        click(qtbot, find(window, QPushButton, "unlockButton"))
        wait_for_home(qtbot, window)
        qtbot.waitUntil(checking.is_set, timeout=GUI_TIMEOUT_MS)

        with qtbot.waitSignal(backups.sig_backed_up, timeout=GUI_TIMEOUT_MS) as made:
            window.home_view.sig_open_meeting_requested.emit(meeting_id)
            qtbot.waitUntil(lambda: window.cockpit_view.isVisible() and controller(window).data is not None,
                            timeout=GUI_TIMEOUT_MS)
            events.append("meeting shown")
            may_finish.set()
    finally:
        may_finish.set()

    assert events == ["check started", "meeting shown", "check finished"]
    assert made.args[0].parent == folder / "backups" and made.args[0].exists()
    assert controller(window).data.meeting["id"] == meeting_id
