"""Issue 19: a meeting opens while the day's backup is being checked (the check does not hold the database lane).

The check is held open by the test (until the cockpit has shown the meeting, or the vault is locked), so the
order of events says whether the user had to wait for it; nothing here is timed. Before the check ran on its
own connection and lane, the meeting opened (and Lock locked) only once the check was over.
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


class HeldCheck:
    """The check of a backup's copy, kept open until the test lets it finish; records the order of events."""

    def __init__(self, monkeypatch):
        self.events: list[str] = []
        self.checking, self.may_finish = threading.Event(), threading.Event()
        real = stored.integrity_problems

        def held(db, schema):
            self.events.append("check started")
            self.checking.set()
            self.may_finish.wait(GUI_TIMEOUT_MS / 1000)  # bounded: without the change a test fails, never hangs
            try:
                return real(db, schema)
            finally:
                self.events.append("check finished")

        monkeypatch.setattr(stored, "integrity_problems", held)


def _unlock(qtbot, window) -> None:
    field = wait_for_unlock_page(qtbot, window)
    qtbot.keyClicks(field, PASSPHRASE)
    click(qtbot, find(window, QPushButton, "unlockButton"))
    wait_for_home(qtbot, window)


def test_a_meeting_opens_while_the_days_backup_is_being_checked(qtbot, open_window, vault, monkeypatch):
    folder, _ = vault
    meeting_id = _first_meeting(folder)
    check = HeldCheck(monkeypatch)
    window = open_window(folder)
    backups = window.controller.backups
    try:
        _unlock(qtbot, window)
        qtbot.waitUntil(check.checking.is_set, timeout=GUI_TIMEOUT_MS)

        with qtbot.waitSignal(backups.sig_backed_up, timeout=GUI_TIMEOUT_MS) as made:
            window.home_view.sig_open_meeting_requested.emit(meeting_id)
            qtbot.waitUntil(lambda: window.cockpit_view.isVisible() and controller(window).data is not None,
                            timeout=GUI_TIMEOUT_MS)
            check.events.append("meeting shown")
            check.may_finish.set()
    finally:
        check.may_finish.set()

    assert check.events == ["check started", "meeting shown", "check finished"]
    assert made.args[0].parent == folder / "backups" and made.args[0].exists()
    assert controller(window).data.meeting["id"] == meeting_id


def test_lock_while_the_days_backup_is_being_checked_locks_at_once(qtbot, open_window, vault, monkeypatch):
    folder, _ = vault
    check = HeldCheck(monkeypatch)
    window = open_window(folder)
    try:
        _unlock(qtbot, window)
        qtbot.waitUntil(check.checking.is_set, timeout=GUI_TIMEOUT_MS)
        window.lock_action.trigger()
        wait_for_unlock_page(qtbot, window)
        assert window.controller.session is None
        check.events.append("locked")
    finally:
        check.may_finish.set()
    qtbot.waitUntil(lambda: "check finished" in check.events, timeout=GUI_TIMEOUT_MS)
    window.controller.runner.wait_for_done()

    assert check.events == ["check started", "locked", "check finished"]
    backups = folder / "backups"
    assert list(backups.glob("*.mdbackup")) == []  # the interrupted backup is not kept, nor its work folder
    assert [p.name for p in backups.iterdir()] == []

    with qtbot.waitSignal(window.controller.backups.sig_backed_up, timeout=GUI_TIMEOUT_MS) as made:
        _unlock(qtbot, window)  # the day's backup is made after the next unlock
    assert made.args[0].parent == backups and list(backups.glob("*.mdbackup")) == [made.args[0]]
