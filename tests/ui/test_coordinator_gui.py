"""The MAPPA co-ordinator on screen: proposed in the New meeting dialog, edited in the cockpit, undone."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLineEdit, QPushButton, QToolButton

from tests.ui.cockpit_driver import click, idle, row_field, type_into, widget
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_cockpit_review import demo_vault, unlock_and_open  # noqa: F401 - demo_vault is a fixture
from tests.ui.test_cockpit_undo import read
from tests.ui.test_new_meeting_dialog import _individual, controller, demo, open_dialog, retype  # noqa: F401
from tests.ui.test_unlock_screen import find

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_new_meeting_proposes_the_last_coordinator_and_stores_the_one_typed(qtbot, controller, demo):  # noqa: F811
    db = demo.db
    dialog = open_dialog(qtbot, controller, demo, _individual(demo, "Drumlachie"))
    field = find(dialog, QLineEdit, "coordinatorName")
    assert field.text() == "Gillian Tarrowby"  # the last meeting's co-ordinator
    assert field.isVisible() and field.isEnabled()
    retype(qtbot, field, "Morven Ashkirk")
    with qtbot.waitSignal(controller.sig_meeting_created, timeout=GUI_TIMEOUT_MS) as created:
        click(qtbot, find(dialog, QPushButton, "createMeetingButton"))
    qtbot.waitUntil(lambda: controller.dialog is None)
    assert db.scalar("SELECT p.full_name FROM meetings m JOIN people p ON p.id = m.coordinator_id WHERE m.id = ?",
                     (created.args[0],)) == "Morven Ashkirk"


def test_the_chair_sets_the_coordinator_in_the_cockpit_and_undo_takes_it_back(
        qtbot, open_window, demo_vault):  # noqa: F811
    folder, (meeting_id, _ind, _date, _prev), (_given, _family, visor_ref) = demo_vault
    coordinator_sql = """SELECT p.full_name FROM meetings m LEFT JOIN people p ON p.id = m.coordinator_id
                         WHERE m.id = ?"""
    assert read(folder, coordinator_sql, (meeting_id,)) == [(None,)]  # set up without one: "Not recorded"
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    field = row_field(window, "meetings", meeting_id, "coordinator_name", QLineEdit)
    assert field.text() == ""
    type_into(qtbot, field, "Gillian Tarrowby")
    idle(qtbot, window)
    assert read(folder, coordinator_sql, (meeting_id,)) == [("Gillian Tarrowby",)]
    # The person already known from earlier meetings is named, not a copy of them.
    assert read(folder, "SELECT count(*) FROM people WHERE full_name = 'Gillian Tarrowby'") == [(1,)]
    click(qtbot, widget(window, "undoButton", QToolButton))
    idle(qtbot, window)
    assert read(folder, coordinator_sql, (meeting_id,)) == [(None,)]
    assert field.text() == ""
