"""Redo answers the platform's own keys, with no shortcut registered twice; undo labels speak of the record."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QPushButton, QToolButton

from tests.ui.cockpit_driver import click, controller, go_to, idle, row_field, widget
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_autolock import unlock, wait_locked
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_cockpit_undo import british_short, held_review, read  # noqa: F401 - a fixture


def press(qtbot, window, sequence: QKeySequence) -> None:
    combo = sequence[0]
    target = QApplication.focusWidget() or window.cockpit_view
    qtbot.keyClick(target, combo.key(), combo.keyboardModifiers())


def test_redo_by_every_platform_redo_key(qtbot, open_window, held_review):  # noqa: F811
    folder, _meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    ctl = controller(window)
    go_to(qtbot, window, "Risk of serious harm")
    # No key sequence is registered twice in the cockpit (Qt then refuses it as an ambiguous shortcut).
    registered = [k.toString() for a in window.cockpit_view.actions() for k in a.shortcuts()]
    registered += [s.key().toString() for s in ctl.shortcuts.values()]
    assert len(registered) == len(set(registered)), sorted(registered)
    redo_keys = QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    undo_key = QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)[0]
    assert redo_keys
    risk = ctl.data.rows["risks"][0]
    click(qtbot, row_field(window, "risks", risk["id"], "remove", QPushButton))
    idle(qtbot, window)
    tried = []
    for sequence in redo_keys:
        if sequence.toString() == "Redo":  # a key only some keyboards have
            continue
        press(qtbot, window, undo_key)
        idle(qtbot, window)
        assert read(folder, "SELECT count(*) FROM risks WHERE id = ?", (risk["id"],)) == [(1,)]
        press(qtbot, window, sequence)
        idle(qtbot, window)
        assert read(folder, "SELECT count(*) FROM risks WHERE id = ?", (risk["id"],)) == [(0,)], sequence.toString()
        tried.append(sequence.toString())
    assert tried

def test_undo_labels_are_plain_english(qtbot, open_window, held_review):  # noqa: F811
    folder, _meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    ctl = controller(window)
    go_to(qtbot, window, "Risk of serious harm")
    risk = ctl.data.rows["risks"][0]
    click(qtbot, row_field(window, "risks", risk["id"], "remove", QPushButton))
    idle(qtbot, window)
    undo = widget(window, "undoButton", QToolButton)
    assert undo.text() == "Undo: remove Risk 1"
    click(qtbot, undo)
    idle(qtbot, window)
    assert widget(window, "redoButton", QToolButton).text() == "Redo: remove Risk 1"
    click(qtbot, widget(window, "addRiskButton", QPushButton))
    idle(qtbot, window)
    assert undo.text() == "Undo: add a risk"


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # the offscreen platform
def test_undo_history_survives_lock_and_unlock(qtbot, open_window, held_review):  # noqa: F811
    folder, _meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    ctl = controller(window)
    go_to(qtbot, window, "Risk of serious harm")
    risk = ctl.data.rows["risks"][0]
    scenarios = read(folder, "SELECT * FROM risk_scenarios WHERE risk_id = ? ORDER BY id", (risk["id"],))
    click(qtbot, row_field(window, "risks", risk["id"], "remove", QPushButton))
    idle(qtbot, window)

    window.lock_action.trigger()
    wait_locked(qtbot, window)
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.cockpit_view.isVisible() and controller(window).data is not None,
                    timeout=GUI_TIMEOUT_MS)
    undo = widget(window, "undoButton", QToolButton)
    qtbot.waitUntil(lambda: undo.text() == "Undo: remove Risk 1", timeout=GUI_TIMEOUT_MS)
    press(qtbot, window, QKeySequence.keyBindings(QKeySequence.StandardKey.Undo)[0])
    idle(qtbot, window)
    assert read(folder, "SELECT * FROM risk_scenarios WHERE risk_id = ? ORDER BY id", (risk["id"],)) == scenarios
    assert read(folder, "SELECT count(*) FROM risks WHERE id = ?", (risk["id"],)) == [(1,)]
