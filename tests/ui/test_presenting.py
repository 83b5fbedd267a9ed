"""Presenting on one screen: the main window itself becomes the projector view, and nothing held back is on it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QAbstractListModel, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QTextEdit, QWidget)

from tests.ui.cockpit_driver import click, controller, go_to, idle, shortcut, widget
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_autolock import unlock
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_projector import demo_folder, held_back  # noqa: F401 - a fixture

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _text(w: QWidget) -> list[str]:
    if isinstance(w, (QLabel, QAbstractButton, QLineEdit)):
        return [w.text(), w.toolTip()]
    if isinstance(w, (QTextEdit, QPlainTextEdit)):
        return [w.toPlainText()]
    if isinstance(w, QAbstractItemView) and w.model() is not None:
        m = w.model()
        columns = 1 if isinstance(m, QAbstractListModel) else m.columnCount()
        return [str(m.index(r, c).data() or "") for r in range(m.rowCount()) for c in range(columns)]
    if isinstance(w, QComboBox):
        return [w.currentText()]
    return []


def on_screen(screen) -> str:
    """The text of every visible widget, in every visible window, on `screen`."""
    texts = []
    for top in QApplication.topLevelWidgets():
        if not top.isVisible() or top.screen() is not screen:
            continue
        texts.append(top.windowTitle())
        for w in [top, *top.findChildren(QWidget)]:
            if w.isVisible():
                texts += _text(w)
    return "\n".join(texts)


def test_one_screen_presents_in_the_main_window_and_shows_nothing_held_back(qtbot, open_window, demo_folder):
    assert len(QGuiApplication.screens()) == 1
    window = unlock_and_open(qtbot, open_window, demo_folder, "DEMO/0001", "7 Jul 2026")
    ctl = controller(window)
    secret = held_back(ctl)
    go_to(qtbot, window, "Information shared")
    cockpit_text = on_screen(window.screen())
    assert any(s in cockpit_text for s in secret)  # the cockpit shows them: the chair's own screen
    step = ctl.current

    click(qtbot, widget(window, "projectorButton", QPushButton))
    page = widget(window, "presentingPage")
    qtbot.waitUntil(page.isVisible, timeout=GUI_TIMEOUT_MS)
    assert not window.cockpit_view.isVisible() and not window.home_view.isVisible()
    assert not ctl.projector.window.isVisible()  # no second window over the cockpit
    shared = on_screen(window.screen())
    assert "was released from HMP Glenbrannan" in shared  # marked shareable
    leaked = [s for s in secret if s in shared]
    assert not leaked, leaked
    for name in ("Drumlachie", "Calum", "Keilloch", "Dawn"):  # the full name and the victim's
        assert name not in shared

    click(qtbot, widget(window, "presentingNextButton", QPushButton))
    qtbot.waitUntil(lambda: ctl.current == step + 1, timeout=GUI_TIMEOUT_MS)
    shared = on_screen(window.screen())
    assert f"Step {step + 2} of {len(ctl.steps)}" in shared
    assert not [s for s in secret if s in shared]

    field = widget(window, "presentingActionField", QLineEdit)
    qtbot.keyClicks(field, "Ask the hostel for its curfew log")
    click(qtbot, widget(window, "presentingActionButton", QPushButton))
    message = widget(window, "presentingMessage", QLabel)  # this record is final: the chair is told, here
    qtbot.waitUntil(lambda: "record is final" in message.text(), timeout=GUI_TIMEOUT_MS)
    idle(qtbot, window)
    assert not [s for s in secret if s in on_screen(window.screen())]
    assert not window.cockpit_view.isVisible()

    click(qtbot, widget(window, "presentingStopButton", QPushButton))
    qtbot.waitUntil(window.cockpit_view.isVisible, timeout=GUI_TIMEOUT_MS)
    assert not page.isVisible()
    assert "Actions" in window.cockpit_view.step_title.text()  # the cockpit, on the step the meeting reached
    assert not widget(window, "projectorButton", QPushButton).isChecked()
    assert "SONR" not in "\n".join(label.text() for label in page.findChildren(QLabel))


def test_a_new_action_while_presenting_is_saved_and_shown(qtbot, open_window, demo_folder):
    window = unlock_and_open(qtbot, open_window, demo_folder, "DEMO/0003", "15 Dec 2026")
    ctl = controller(window)
    window.cockpit_view.rail.setFocus()
    shortcut(qtbot, window, "F5")
    qtbot.waitUntil(lambda: window.findChild(QWidget, "presentingPage").isVisible(), timeout=GUI_TIMEOUT_MS)
    field = widget(window, "presentingActionField", QLineEdit)
    click(qtbot, widget(window, "presentingActionButton", QPushButton))  # nothing typed: nothing stored
    qtbot.keyClicks(field, "Ask the hostel for its curfew log")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Ask the hostel for its curfew log" in on_screen(window.screen()), timeout=GUI_TIMEOUT_MS)
    idle(qtbot, window)
    assert [a["description"] for a in ctl.data.rows["actions"]] == ["Ask the hostel for its curfew log"]
    assert f"Step {ctl.current + 1} of {len(ctl.steps)}: Actions" in on_screen(window.screen())
    assert not window.cockpit_view.isVisible() and field.text() == ""


def test_lock_while_presenting_leaves_nothing_of_the_meeting(qtbot, open_window, demo_folder):
    window = unlock_and_open(qtbot, open_window, demo_folder, "DEMO/0001", "7 Jul 2026")
    window.cockpit_view.rail.setFocus()
    shortcut(qtbot, window, "F5")
    qtbot.waitUntil(lambda: window.findChild(QWidget, "presentingPage").isVisible(), timeout=GUI_TIMEOUT_MS)
    qtbot.keyClick(window.findChild(QWidget, "presentingNextButton"), Qt.Key.Key_L,
                   Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.unlock_holder.isVisible(), timeout=GUI_TIMEOUT_MS)
    shared = on_screen(window.screen())
    assert "DEMO/0001" not in shared and "C. J. D." not in shared and "Drumlachie" not in shared

    unlock(qtbot, window)  # the main window presents again: neither Home's list nor the cockpit is shown
    ctl = controller(window)
    seen = []

    def presenting_with_the_step():
        seen.append(on_screen(window.screen()))
        return ctl.projector.presenting() and ctl.data is not None and "ViSOR DEMO/0001" in seen[-1]
    qtbot.waitUntil(presenting_with_the_step, timeout=GUI_TIMEOUT_MS)
    assert not window.cockpit_view.isVisible() and not window.home_view.isVisible()
    secret = held_back(ctl)
    for text in seen:
        assert not [s for s in secret if s in text]
        assert "Drumlachie" not in text and "DEMO/0002" not in text  # nor Home's list of individuals
    click(qtbot, widget(window, "presentingStopButton", QPushButton))  # the chair chooses
    qtbot.waitUntil(window.cockpit_view.isVisible, timeout=GUI_TIMEOUT_MS)
