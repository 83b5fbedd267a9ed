"""Issue 18 item 2 in the New meeting dialog: a meeting date typed before MAPPA began in the jurisdiction is
refused in the dialog, which stays open, and no meeting is written (fictional demo data)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QComboBox, QDateEdit, QLabel, QLineEdit, QPushButton

from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_new_meeting_dialog import _individual, choose, controller, demo, open_dialog, retype  # noqa: F401
from tests.ui.test_unlock_screen import click, find

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_a_meeting_dated_before_mappa_began_is_refused(qtbot, controller, demo):  # noqa: F811
    db = demo.db
    before = db.scalar("SELECT count(*) FROM meetings")
    dialog = open_dialog(qtbot, controller, demo, _individual(demo, "Cairnbrake"))
    choose(qtbot, find(dialog, QComboBox, "meetingKind"), "Initial")
    retype(qtbot, find(dialog, QLineEdit, "chairName"), "Niall Corrieshaw")
    date = find(dialog, QDateEdit, "meetingDate")
    date.setFocus(Qt.FocusReason.TabFocusReason)  # tabbing in selects the day
    for key in "01012001":  # 1 January 2001: MAPPA began in Scotland on 30 April 2007
        qtbot.keyClick(date, key)
    assert date.date() == QDate(2001, 1, 1)
    create = find(dialog, QPushButton, "createMeetingButton")
    click(qtbot, create)
    error = find(dialog, QLabel, "newMeetingError")
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert error.text() == "The meeting date is before MAPPA began in Scotland (30 April 2007). Check the year."
    assert dialog.isVisible() and create.isEnabled()
    assert db.scalar("SELECT count(*) FROM meetings") == before
