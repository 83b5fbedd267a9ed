"""The "New individual" dialog, driven as a chair would: type the referral in, add, and go on to the first meeting."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDialog, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QTableView)

from mappa_desk.services.individuals import NewIndividual, create_individual
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_screen import demo_vault, unlocked_window  # noqa: F401
from tests.ui.test_new_meeting_dialog import choose, retype
from tests.ui.test_unlock_screen import ERROR_CLASS_NAMES, click, find
from ui.new_individual.controller import NewIndividualController
from ui.tasks import TaskRunner

# A dialog shown on its own makes the offscreen plugin say this whenever its size hints change; not ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TABLES = ("individuals", "individual_aliases", "audit_log")


@pytest.fixture
def controller(qtbot, vault_session):
    runner = TaskRunner()
    ctl = NewIndividualController(runner, None)
    yield ctl
    ctl.clear()
    runner.wait_for_done()


def open_dialog(qtbot, controller, session) -> QDialog:
    dialog = controller.open(session)
    qtbot.waitExposed(dialog)
    return dialog


def counts(session) -> dict:
    return {table: session.db.scalar(f"SELECT count(*) FROM {table}") for table in TABLES}


def type_into(qtbot, dialog, name: str, text: str) -> None:
    field = dialog.findChild(QLineEdit, name) or find(dialog, QPlainTextEdit, name)
    assert field.accessibleName(), name
    field.setFocus()
    qtbot.keyClicks(field, text)


def fill_minimum(qtbot, dialog, family: str, visor_ref: str) -> None:
    type_into(qtbot, dialog, "individualFamilyName", family)
    type_into(qtbot, dialog, "individualVisorRef", visor_ref)
    choose(qtbot, find(dialog, QComboBox, "individualCategory"), "Category 3: other risk of serious harm")
    choose(qtbot, find(dialog, QComboBox, "individualLeadAgency"), "Justice Social Work")


def test_a_referral_is_typed_in_and_stored(qtbot, controller, vault_session):
    db = vault_session.db
    dialog = open_dialog(qtbot, controller, vault_session)
    assert dialog.focusWidget() is find(dialog, QLineEdit, "individualFamilyName")
    assert find(dialog, QComboBox, "individualLevel").currentText() == "Level 2"
    assert find(dialog, QComboBox, "individualRosh").currentText() == "Not assessed"
    assert find(dialog, QLineEdit, "individualDateOfBirth").placeholderText() == "dd/mm/yyyy"
    agencies = find(dialog, QComboBox, "individualLeadAgency")
    offered = [agencies.itemText(i) for i in range(1, agencies.count())]
    assert offered == [a.name for a in vault_session.profile.agencies]

    type_into(qtbot, dialog, "individualFamilyName", "O'Halloran <b>")
    type_into(qtbot, dialog, "individualGivenNames", "Aoife  Mairead")
    type_into(qtbot, dialog, "individualDateOfBirth", "7/3/1988")
    type_into(qtbot, dialog, "individualVisorRef", "VR/2026/0777")
    aliases = find(dialog, QPlainTextEdit, "individualAliases")
    aliases.setFocus()
    qtbot.keyClicks(aliases, "Eva Hallor")
    qtbot.keyClick(aliases, Qt.Key.Key_Return)
    qtbot.keyClicks(aliases, "A. \"Mairead\" O'H")

    # The restricted patient order is for Category 2 only, and is not kept when the category changes.
    order = find(dialog, QComboBox, "individualRestrictedOrder")
    category = find(dialog, QComboBox, "individualCategory")
    assert not order.isEnabled()
    choose(qtbot, category, "Category 2: restricted patient")
    assert order.isEnabled()
    choose(qtbot, order, "Hospital direction")
    choose(qtbot, category, "Category 1: registered sex offender")
    assert not order.isEnabled() and order.currentText() == "None"
    choose(qtbot, category, "Category 2: restricted patient")
    choose(qtbot, order, "Compulsion order with restriction order")

    choose(qtbot, find(dialog, QComboBox, "individualLevel"), "Level 3 (MAPPP)")
    choose(qtbot, agencies, "NHS Health Board")
    choose(qtbot, find(dialog, QComboBox, "individualRosh"), "Very high")
    olr = find(dialog, QCheckBox, "individualOlr")
    click(qtbot, olr)
    assert olr.isChecked()
    type_into(qtbot, dialog, "individualNotes", "Referred by the RMO; tribunal due in spring.")

    before = counts(vault_session)
    with qtbot.waitSignal(controller.sig_individual_created, timeout=GUI_TIMEOUT_MS) as created:
        click(qtbot, find(dialog, QPushButton, "createIndividualButton"))
    new_id = created.args[0]
    qtbot.waitUntil(lambda: controller.dialog is None)

    row = db.query("""SELECT i.family_name, i.given_names, i.date_of_birth, i.visor_ref, i.category, i.current_level,
                             a.code, i.rosh_level, i.olr, i.restricted_patient_order, i.notes
                      FROM individuals i JOIN agencies a ON a.id = i.lead_agency_id WHERE i.id = ?""", (new_id,))
    assert row == [("O'Halloran <b>", "Aoife Mairead", "1988-03-07", "VR/2026/0777", 2, 3, "HEALTH", "very_high", 1,
                    "compulsion_restriction_order", "Referred by the RMO; tribunal due in spring.")]
    assert [a for (a,) in db.query("SELECT alias FROM individual_aliases WHERE individual_id = ? ORDER BY id",
                                   (new_id,))] == ["Eva Hallor", "A. \"Mairead\" O'H"]
    assert counts(vault_session)["individuals"] == before["individuals"] + 1


def test_a_visor_reference_already_in_the_vault_is_refused_in_the_dialog(qtbot, controller, vault_session):
    create_individual(vault_session, NewIndividual(family_name="Kinlochard", category=1, current_level=2,
                                                   lead_agency="POLICE", visor_ref="VR/2026/0500"))
    before = counts(vault_session)
    dialog = open_dialog(qtbot, controller, vault_session)
    fill_minimum(qtbot, dialog, "Balquhidder", "vr/2026/0500")
    create = find(dialog, QPushButton, "createIndividualButton")
    click(qtbot, create)
    error = find(dialog, QLabel, "newIndividualError")
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert error.text().startswith("The ViSOR reference vr/2026/0500 is already in the vault")
    assert "Kinlochard" not in error.text()
    assert not any(name in error.text() for name in ERROR_CLASS_NAMES)
    visor = find(dialog, QLineEdit, "individualVisorRef")
    assert dialog.focusWidget() is visor and visor.selectedText() == "vr/2026/0500"  # ready to be typed over
    assert dialog.isVisible() and create.isEnabled() and controller.dialog is dialog
    assert counts(vault_session) == before

    # Typed over, it goes through; the error is gone while the form works.
    qtbot.keyClicks(visor, "VR/2026/0501")
    with qtbot.waitSignal(controller.sig_individual_created, timeout=GUI_TIMEOUT_MS):
        click(qtbot, create)
    assert vault_session.db.scalar("SELECT family_name FROM individuals WHERE visor_ref = 'VR/2026/0501'") == \
        "Balquhidder"


def test_what_the_form_can_check_itself_is_refused_at_once(qtbot, controller, vault_session):
    before = counts(vault_session)
    dialog = open_dialog(qtbot, controller, vault_session)
    error = find(dialog, QLabel, "newIndividualError")
    create = find(dialog, QPushButton, "createIndividualButton")
    fill_minimum(qtbot, dialog, "Tyndrum", "")
    date = find(dialog, QLineEdit, "individualDateOfBirth")
    type_into(qtbot, dialog, "individualDateOfBirth", "31/02/1990")
    click(qtbot, create)
    assert error.isVisible() and "not a date MAPPA Desk can read" in error.text()  # no trip to the database
    assert dialog.focusWidget() is date and not controller.runner.is_busy()

    retype(qtbot, date, "12/05/90")  # two digits read as 2090: not in the past
    click(qtbot, create)
    qtbot.waitUntil(lambda: "not in the past" in error.text(), timeout=GUI_TIMEOUT_MS)
    assert dialog.focusWidget() is date

    retype(qtbot, date, "")
    retype(qtbot, find(dialog, QLineEdit, "individualFamilyName"), "   ")
    click(qtbot, create)
    qtbot.waitUntil(lambda: error.text() == "Enter the individual's family name.", timeout=GUI_TIMEOUT_MS)
    assert dialog.focusWidget() is find(dialog, QLineEdit, "individualFamilyName")

    retype(qtbot, find(dialog, QLineEdit, "individualFamilyName"), "Tyndrum")
    choose(qtbot, find(dialog, QComboBox, "individualLeadAgency"), "Choose the lead agency…")
    click(qtbot, create)
    qtbot.waitUntil(lambda: error.text() == "Choose the lead agency.", timeout=GUI_TIMEOUT_MS)
    assert counts(vault_session) == before

    # Cancel closes the form and writes nothing.
    click(qtbot, find(dialog, QPushButton, "cancelNewIndividualButton"))
    qtbot.waitUntil(lambda: controller.dialog is None)
    assert counts(vault_session) == before


def test_the_dialog_fits_a_small_laptop_screen_and_every_control_is_named(qtbot, controller, vault_session):
    dialog = open_dialog(qtbot, controller, vault_session)
    # 1366x768 less a taskbar and the title bar.
    for size in (dialog.minimumSizeHint(), dialog.sizeHint(), dialog.size()):
        assert size.width() <= 1366 and size.height() <= 690
    controls = [w for w in dialog.findChildren(QLineEdit) + dialog.findChildren(QComboBox)
                + dialog.findChildren(QPushButton) + dialog.findChildren(QPlainTextEdit)
                + dialog.findChildren(QCheckBox) if w.objectName() and not w.objectName().startswith("qt_")]
    assert len(controls) == 14
    assert [w.objectName() for w in controls if not w.accessibleName()] == []


# -- in the app: from Home to the first meeting ---------------------------------------------------------
def test_home_new_individual_leads_to_their_first_meeting_and_lock_closes_the_form(qtbot, open_window,
                                                                                    demo_vault):  # noqa: F811
    folder, _listing = demo_vault
    window = unlocked_window(qtbot, open_window, folder)
    controller = window.controller
    click(qtbot, find(window, QPushButton, "newIndividualButton"))
    qtbot.waitUntil(lambda: controller.new_individual.dialog is not None and
                    controller.new_individual.dialog.isVisible())
    dialog = controller.new_individual.dialog
    type_into(qtbot, dialog, "individualGivenNames", "Rona")
    fill_minimum(qtbot, dialog, "Glendaruel", "VR/2026/0900")
    click(qtbot, find(dialog, QPushButton, "createIndividualButton"))

    # The New meeting dialog opens for them, and Home shows them behind it.
    qtbot.waitUntil(lambda: controller.new_meeting.dialog is not None and
                    controller.new_meeting.dialog.title.text() == "New meeting: Rona Glendaruel",
                    timeout=GUI_TIMEOUT_MS)
    meeting_dialog = controller.new_meeting.dialog
    assert find(meeting_dialog, QComboBox, "meetingKind").currentText() == "Initial"
    assert find(meeting_dialog, QComboBox, "chairAgency").currentText() == "Justice Social Work"
    new_id = controller.new_meeting._defaults.individual_id
    qtbot.waitUntil(lambda: window.home_view.shown_individual_id() == new_id, timeout=GUI_TIMEOUT_MS)
    assert find(window, QLabel, "homeIndividualsCount").text() == "7"
    meeting_dialog.reject()
    qtbot.waitUntil(lambda: controller.new_meeting.dialog is None)

    # Ctrl+N opens the form again; Lock closes it with what was typed.
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    table = find(window, QTableView, "individualList")
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.new_individual.dialog is not None)
    dialog = controller.new_individual.dialog
    type_into(qtbot, dialog, "individualFamilyName", "Half-typed")
    controller._on_lock_requested()  # the Lock button is behind the modal dialog
    assert controller.new_individual.dialog is None
    QApplication.processEvents()
    assert not any(isinstance(w, QDialog) and w.isVisible() for w in QApplication.topLevelWidgets())


def test_a_slow_add_says_so_until_it_is_done(qtbot, controller, vault_session, monkeypatch):
    import threading

    from mappa_desk.services import individuals

    release = threading.Event()

    def slow(session, spec):
        release.wait(10)  # held until the line has shown: no timing in the test
        return create_individual(session, spec)

    monkeypatch.setattr(individuals, "create_individual", slow)
    dialog = open_dialog(qtbot, controller, vault_session)
    fill_minimum(qtbot, dialog, "Slowcombe", "VR/2026/0901")
    status = find(dialog, QLabel, "newIndividualStatus")
    assert status.text() == ""
    with qtbot.waitSignal(controller.sig_individual_created, timeout=GUI_TIMEOUT_MS):
        click(qtbot, find(dialog, QPushButton, "createIndividualButton"))
        assert status.text() == ""  # not at once: quick work would only flicker
        qtbot.waitUntil(lambda: status.text() == "Adding the individual…", timeout=GUI_TIMEOUT_MS)
        release.set()
    assert status.text() == ""
