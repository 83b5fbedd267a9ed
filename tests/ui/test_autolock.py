"""Auto-lock and Ctrl+L: what was typed is kept, the content is hidden, and unlock goes back to the same place."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QPushButton, QTableView, QWidget

from mappa_desk.services import records, resume
from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.ui.cockpit_driver import click, controller, idle, shortcut, widget
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_unlock_screen import wait_for_home, wait_for_unlock_page

STEP = 3  # the fourth agenda step
DIALOG = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # the offscreen platform


@pytest.fixture
def review(vault_session, data_dir):
    """The demo records; returns (folder, the planned Level 2 review's id, its individual's VISOR reference)."""
    records.load_demo(vault_session)
    db = vault_session.db
    meeting_id, visor_ref = db.query("""SELECT m.id, i.visor_ref FROM meetings m JOIN individuals i ON i.id = m.individual_id
                                        WHERE m.status = 'planned' AND m.kind = 'review' AND m.level = 2""")[0]
    vault_session.close()
    return data_dir, meeting_id, visor_ref


def open_at_step_4(qtbot, open_window, review):
    folder, meeting_id, visor_ref = review
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    shortcut(qtbot, window, f"Ctrl+{STEP + 1}")
    assert controller(window).current == STEP
    return window


def text_field_on_screen(window) -> QWidget:
    """The first bound text field of the step on screen."""
    panel = window.cockpit_view.panel(controller(window)._panel_of(controller(window).steps[STEP]))
    for field in panel.findChildren(QWidget):
        if isinstance(field, (QLineEdit, QPlainTextEdit)) and field.objectName().count(":") == 2 \
                and field.isVisible() and field.isEnabled() and not getattr(field, "isReadOnly", lambda: False)():
            return field
    raise AssertionError("no text field on this step")


def stored(folder, object_name: str):
    table, row_id, column = object_name.split(":")
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        return session.db.scalar(f"SELECT {column} FROM {table} WHERE id = ?", (int(row_id),))
    finally:
        session.close()


def wait_locked(qtbot, window) -> None:
    wait_for_unlock_page(qtbot, window)
    assert window.controller.session is None
    assert not window.cockpit_view.isVisible() and not window.home_view.isVisible()
    assert not any(w.isVisible() for w in QApplication.topLevelWidgets() if w is not window)


def unlock(qtbot, window) -> None:
    field = wait_for_unlock_page(qtbot, window)
    qtbot.keyClicks(field, PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def wait_back_at_step(qtbot, window, meeting_id: int) -> None:
    ctl = controller(window)
    qtbot.waitUntil(lambda: window.cockpit_view.isVisible() and ctl.data is not None and ctl.current == STEP,
                    timeout=GUI_TIMEOUT_MS)
    assert ctl.meeting_id == meeting_id


def test_idle_locks_keeps_what_was_typed_and_unlock_returns_to_the_same_step(qtbot, open_window, review):
    folder, meeting_id, _ = review
    window = open_at_step_4(qtbot, open_window, review)
    field = text_field_on_screen(window)
    name = field.objectName()
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, "Typed just before walking away")  # no pause, no Tab: not yet committed
    window.controller.idle.set_timeout_ms(150)
    wait_locked(qtbot, window)
    window.controller.idle.set_timeout_ms(600_000)  # no second lock while the test checks
    assert "Typed just before walking away" in (stored(folder, name) or "")
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # the panels go at the next turn of the loop
    assert window.findChild(QWidget, name) is None  # gone, not just hidden

    unlock(qtbot, window)
    wait_back_at_step(qtbot, window, meeting_id)
    again = widget(window, name)
    text = again.text() if isinstance(again, QLineEdit) else again.toPlainText()
    assert "Typed just before walking away" in text


def test_input_restarts_the_countdown(qtbot, open_window, review):
    window = open_at_step_4(qtbot, open_window, review)
    watch = window.controller.idle
    watch.set_timeout_ms(3000)
    timer = watch._timer
    qtbot.waitUntil(lambda: timer.remainingTime() < 2500, timeout=GUI_TIMEOUT_MS)
    qtbot.keyClick(window.cockpit_view.rail, Qt.Key.Key_Down)
    assert timer.remainingTime() > 2500
    assert window.controller.session is not None
    watch.set_timeout_ms(600_000)


def test_ctrl_l_locks_the_cockpit_and_unlock_returns_there(qtbot, open_window, review):
    _, meeting_id, _ = review
    window = open_at_step_4(qtbot, open_window, review)
    shortcut(qtbot, window, "Ctrl+L")
    wait_locked(qtbot, window)
    unlock(qtbot, window)
    wait_back_at_step(qtbot, window, meeting_id)


def test_ctrl_l_on_home_returns_to_the_same_individual(qtbot, open_window, review):
    folder, _meeting_id, visor_ref = review
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    click(qtbot, widget(window, "cockpitHomeButton", QPushButton))
    wait_for_home(qtbot, window)
    chosen = window.home_view.selected_individual_id()
    assert chosen is not None
    qtbot.keyClick(widget(window, "individualList", QTableView), Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    wait_locked(qtbot, window)
    unlock(qtbot, window)
    wait_for_home(qtbot, window)
    qtbot.waitUntil(lambda: window.home_view.selected_individual_id() == chosen, timeout=GUI_TIMEOUT_MS)
    idle(qtbot, window)
    assert window.home_view.isVisible()  # Home was left normally: no meeting to go back to


@DIALOG
def test_a_dialog_open_on_home_is_closed_by_the_lock_and_ctrl_l_works_inside_it(qtbot, open_window, review):
    folder, _, _ = review
    window = open_window(folder)
    unlock(qtbot, window)
    wait_for_home(qtbot, window)
    click(qtbot, widget(window, "newIndividualButton", QPushButton))
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None, timeout=GUI_TIMEOUT_MS)
    dialog = QApplication.activeModalWidget()
    family = dialog.findChild(QLineEdit, "individualFamilyName")
    qtbot.waitUntil(lambda: family.isEnabled(), timeout=GUI_TIMEOUT_MS)
    family.setFocus()
    qtbot.keyClicks(family, "Unsaved")
    qtbot.keyClick(family, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    wait_locked(qtbot, window)
    assert not shiboken6.isValid(dialog) or not dialog.isVisible()
    # A form never submitted is dropped with the dialog: nothing half-made reaches the vault.
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        assert session.db.scalar("SELECT count(*) FROM individuals WHERE family_name = 'Unsaved'") == 0
    finally:
        session.close()


@DIALOG
def test_idle_locks_while_a_blocking_dialog_waits(qtbot, open_window, review):
    """Skip… opens a dialog with its own event loop: the countdown still runs, and the lock ends it."""
    _, meeting_id, _ = review
    window = open_at_step_4(qtbot, open_window, review)
    idle(qtbot, window)
    window.controller.idle.set_timeout_ms(300)
    # If the lock never came, this closes the dialog so the test fails instead of hanging.
    QTimer.singleShot(GUI_TIMEOUT_MS, lambda: QApplication.activeModalWidget() and QApplication.activeModalWidget().reject())
    click(qtbot, widget(window, "stepSkipButton", QPushButton))  # returns when the dialog closes
    wait_locked(qtbot, window)
    window.controller.idle.set_timeout_ms(600_000)
    unlock(qtbot, window)
    wait_back_at_step(qtbot, window, meeting_id)
    assert controller(window).steps[STEP]["state"] != "skipped"


def test_the_idle_time_is_a_vault_setting_read_at_unlock(qtbot, open_window, review):
    folder, _, _ = review
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        assert resume.auto_lock_minutes(session) == resume.DEFAULT_AUTO_LOCK_MINUTES
        resume.set_auto_lock_minutes(session, 3)
    finally:
        session.close()
    window = open_window(folder)
    unlock(qtbot, window)
    wait_for_home(qtbot, window)
    qtbot.waitUntil(lambda: window.controller.idle.timeout_ms() == 3 * 60_000, timeout=GUI_TIMEOUT_MS)
