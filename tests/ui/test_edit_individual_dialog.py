"""The "Edit details" dialog: opened prefilled from home, a change typed and saved with the keyboard, stored
and audited; a bad value is refused under the form with nothing written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from mappa_desk.services import records
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_screen import demo_vault, unlocked_window  # noqa: F401
from tests.ui.test_text_fits_at_largest_scale import largest  # noqa: F401
from tests.ui.test_new_meeting_dialog import choose, retype
from tests.ui.test_unlock_screen import click, find
from ui.edit_individual.controller import EditIndividualController
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def controller(qtbot, vault_session):
    runner = TaskRunner()
    ctl = EditIndividualController(runner, None)
    yield ctl
    ctl.clear()
    runner.wait_for_done()


def _open(qtbot, controller, session, individual_id):
    controller.open(session, individual_id)
    qtbot.waitUntil(lambda: controller.dialog is not None and controller.dialog.isVisible(), timeout=GUI_TIMEOUT_MS)
    return controller.dialog


def test_a_change_is_typed_saved_and_audited(qtbot, controller, vault_session):
    records.load_demo(vault_session)
    db = vault_session.db
    individual_id = db.scalar("SELECT id FROM individuals WHERE family_name = 'Fernbrae'")
    dialog = _open(qtbot, controller, vault_session, individual_id)
    assert find(dialog, QLineEdit, "individualFamilyName").text() == "Fernbrae"  # prefilled
    assert not find(dialog, QComboBox, "individualLevel").isEnabled()
    tabs = dialog.tabs
    tabs.setFocus()
    qtbot.keyClick(tabs, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)  # to the details for the Minute
    assert tabs.currentIndex() == 1
    address = find(dialog, QPlainTextEdit, "individualAddress")
    address.setFocus()
    address.selectAll()  # the demo records an address: typed over
    qtbot.keyClicks(address, "3 New Street, Fernbrae")
    choose(qtbot, find(dialog, QComboBox, "individualCustodyStatus"), "In custody on remand")
    retype(qtbot, find(dialog, QLineEdit, "individualExpectedRelease"), "1/3/2027")
    last = db.scalar("SELECT max(id) FROM audit_log")
    button = find(dialog, QPushButton, "saveIndividualButton")
    button.setFocus()
    qtbot.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: controller.dialog is None, timeout=GUI_TIMEOUT_MS)
    assert tuple(db.rows("SELECT address, custody_status, expected_release FROM individuals WHERE id = ?",
                         (individual_id,))[0].values()) == ("3 New Street, Fernbrae", "remand", "2027-03-01")
    assert db.scalar("SELECT count(*) FROM audit_log WHERE id > ? AND table_name = 'individuals' AND "
                     "operation = 'update' AND row_id = ?", (last, individual_id)) == 1


def test_an_unreadable_date_is_refused_under_the_form(qtbot, controller, vault_session):
    records.load_demo(vault_session)
    db = vault_session.db
    individual_id = db.scalar("SELECT id FROM individuals WHERE family_name = 'Fernbrae'")
    dialog = _open(qtbot, controller, vault_session, individual_id)
    field = find(dialog, QLineEdit, "individualLeadAgencySince")
    retype(qtbot, field, "31/2/2026")
    dialog.tabs.setCurrentIndex(0)  # the refusal takes the user back to the field's tab
    last = db.scalar("SELECT max(id) FROM audit_log")
    click(qtbot, find(dialog, QPushButton, "saveIndividualButton"))
    error = find(dialog, QLabel, "newIndividualError")
    assert "Lead agency since is not a date MAPPA Desk can read" in error.text()
    assert dialog.tabs.currentIndex() == 1 and dialog.focusWidget() is field
    assert db.scalar("SELECT max(id) FROM audit_log") == last


def test_home_edit_details_saves_and_the_details_tab_shows_it(qtbot, open_window, demo_vault):  # noqa: F811
    folder, _listing = demo_vault
    window = unlocked_window(qtbot, open_window, folder)
    qtbot.waitUntil(lambda: window.home_view.shown_individual_id() is not None, timeout=GUI_TIMEOUT_MS)
    shown = window.home_view.shown_individual_id()
    button = find(window, QPushButton, "editIndividualButton")
    window.home_view.record.tabs.setCurrentIndex(1)
    qtbot.waitUntil(button.isEnabled, timeout=GUI_TIMEOUT_MS)
    click(qtbot, button)
    edit = window.controller.edit_individual
    qtbot.waitUntil(lambda: edit.dialog is not None and edit.dialog.isVisible(), timeout=GUI_TIMEOUT_MS)
    assert edit._individual_id == shown
    edit.dialog.tabs.setCurrentIndex(1)
    address = find(edit.dialog, QPlainTextEdit, "individualAddress")
    address.setFocus()
    address.selectAll()  # the demo records an address: typed over
    qtbot.keyClicks(address, "7 Harbour Row")
    click(qtbot, find(edit.dialog, QPushButton, "saveIndividualButton"))
    qtbot.waitUntil(lambda: edit.dialog is None, timeout=GUI_TIMEOUT_MS)
    details = window.home_view.record.details_text
    qtbot.waitUntil(lambda: "Current address" in details.toPlainText() and "7 Harbour Row" in
                    details.toPlainText(), timeout=GUI_TIMEOUT_MS)

    click(qtbot, button)  # open again: Lock closes it with what was typed
    qtbot.waitUntil(lambda: edit.dialog is not None and edit.dialog.isVisible(), timeout=GUI_TIMEOUT_MS)
    assert find(edit.dialog, QPlainTextEdit, "individualAddress").toPlainText() == "7 Harbour Row"
    window.controller._on_lock_requested()
    assert edit.dialog is None


def test_the_dialog_fits_a_laptop_at_the_largest_text_size(qtbot, largest):  # noqa: F811
    from PySide6.QtCore import QSize
    from PySide6.QtWidgets import QApplication
    from mappa_desk.domain.model import Individual
    from tests.ui.test_text_fits_at_largest_scale import AGENCIES, LAPTOP, clipped
    from ui.edit_individual.view import EditIndividualDialog
    dialog = EditIndividualDialog(None, AGENCIES, None, Individual("Fernbrae", 2, 2, address="3 New Street"))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.sizeHint().boundedTo(QSize(*LAPTOP)))
    QApplication.processEvents()
    assert dialog.width() <= LAPTOP[0] and dialog.height() <= LAPTOP[1]
    assert clipped(dialog) == []
    dialog.close()
