"""Item 12: text copied out of the app does not stay on the clipboard after Lock or quit."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.ui.test_autolock import unlock, wait_locked
from tests.ui.test_unlock_screen import find, wait_for_home

NAME = "Quarrie Fictionperson"


def copy_from_home(qtbot, window) -> None:
    """The chair types a name into Home's search box, selects it and presses Ctrl+C."""
    field = find(window, QLineEdit, "individualSearch")
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, NAME)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(field, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QApplication.clipboard().text() == NAME


@pytest.mark.attack("Paste after Lock what was copied from the app", "the clipboard is empty")
def test_lock_clears_what_the_app_copied(qtbot, open_window, vault):
    window = open_window(vault[0])
    unlock(qtbot, window)
    wait_for_home(qtbot, window)
    copy_from_home(qtbot, window)
    window.lock_action.trigger()
    wait_locked(qtbot, window)
    assert QApplication.clipboard().text() == ""


@pytest.mark.attack("Paste after quit what was copied from the app", "the clipboard is empty")
def test_quit_clears_what_the_app_copied(qtbot, open_window, vault):
    window = open_window(vault[0])
    unlock(qtbot, window)
    wait_for_home(qtbot, window)
    copy_from_home(qtbot, window)
    window.close()
    qtbot.waitUntil(lambda: window.controller.session is None)
    assert QApplication.clipboard().text() == ""


def test_lock_leaves_text_the_app_did_not_put_there(qtbot, open_window, vault):
    """Copied in another program after the chair's copy: Lock does not take the user's own clipboard away."""
    window = open_window(vault[0])
    unlock(qtbot, window)
    wait_for_home(qtbot, window)
    copy_from_home(qtbot, window)
    # The offscreen clipboard lives in this process: another program's copy is one the app is not told about.
    QApplication.clipboard().blockSignals(True)
    try:
        QApplication.clipboard().setText("a shopping list")
    finally:
        QApplication.clipboard().blockSignals(False)
    window.lock_action.trigger()
    wait_locked(qtbot, window)
    assert QApplication.clipboard().text() == "a shopping list"
    QApplication.clipboard().clear()
