"""The "Orders and licences" tab of the Edit details dialog (issue 17 item 1): the individual's orders and
licences, each with its conditions and dates, added, changed and removed with the keyboard, saved through the
audited edit; a bad date refused with a sentence on the tab and nothing written."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (QApplication, QComboBox, QLabel, QLineEdit, QListWidget, QPlainTextEdit,
                               QPushButton)

from mappa_desk.domain.model import Individual, Order
from mappa_desk.services import records
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_edit_individual_dialog import _open, controller  # noqa: F401 (fixture)
from tests.ui.test_new_meeting_dialog import choose, retype
from tests.ui.test_text_fits_at_largest_scale import AGENCIES, LAPTOP, clipped, largest  # noqa: F401
from tests.ui.test_unlock_screen import click, find
from tests.ui.test_wheel_guard import wheel_down
from ui import wheel_guard

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

ORDERS_TAB = 2


def _individual(db, family_name: str) -> int:
    return db.scalar("SELECT id FROM individuals WHERE family_name = ?", (family_name,))


def _orders(db, individual_id: int) -> list[tuple]:
    """(kind, description, start, end, [conditions]) of each stored order, in their order."""
    found = []
    for row in db.rows("SELECT id, kind, description, start_date, end_date FROM orders WHERE individual_id = ? "
                       "ORDER BY position, id", (individual_id,)):
        conditions = [t for (t,) in db.query("SELECT text FROM order_conditions WHERE order_id = ? "
                                             "ORDER BY position, id", (row["id"],))]
        found.append((row["kind"], row["description"], row["start_date"], row["end_date"], conditions))
    return found


def _to_orders_tab(qtbot, dialog) -> None:
    """Alt+I, the tab's mnemonic, as a keyboard user reaches it."""
    dialog.family_name.setFocus()
    qtbot.keyClick(dialog.family_name, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    assert dialog.tabs.currentIndex() == ORDERS_TAB


def _save(qtbot, controller, dialog) -> None:  # noqa: F811
    """Ctrl+Enter, the dialog's keyboard save, then wait for it to close."""
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: controller.dialog is None, timeout=GUI_TIMEOUT_MS)


def _audit_rows(db, since: int, table: str) -> int:
    return db.scalar("SELECT count(*) FROM audit_log WHERE id > ? AND table_name = ?", (since, table))


def test_an_order_with_two_conditions_and_dates_is_added_from_the_keyboard(qtbot, controller,  # noqa: F811
                                                                         vault_session):
    records.load_demo(vault_session)
    db = vault_session.db
    individual_id = _individual(db, "Drumlachie")
    before = _orders(db, individual_id)
    dialog = _open(qtbot, controller, vault_session, individual_id)
    _to_orders_tab(qtbot, dialog)
    orders = find(dialog, QListWidget, "individualOrdersList")
    assert orders.count() == len(before) == 1  # prefilled from the vault
    add = find(dialog, QPushButton, "addOrderButton")
    add.setFocus()
    qtbot.keyClick(add, Qt.Key.Key_Space)
    kind = find(dialog, QComboBox, "orderKind")
    assert orders.count() == 2 and dialog.focusWidget() is kind  # the new order, ready to fill in
    choose(qtbot, kind, "Licence")
    qtbot.keyClick(kind, Qt.Key.Key_Tab)
    description = find(dialog, QLineEdit, "orderDescription")
    assert dialog.focusWidget() is description
    qtbot.keyClicks(description, "Parole licence on release")
    qtbot.keyClick(description, Qt.Key.Key_Return)  # Enter in a field never saves
    assert dialog.isVisible() and orders.count() == 2
    qtbot.keyClick(description, Qt.Key.Key_Tab)
    qtbot.keyClicks(dialog.focusWidget(), "1/3/2026")
    assert dialog.focusWidget() is find(dialog, QLineEdit, "orderStartDate")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    assert dialog.focusWidget() is find(dialog, QLineEdit, "orderEndDate")
    qtbot.keyClicks(dialog.focusWidget(), "28/2/2027")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Tab)
    conditions = find(dialog, QPlainTextEdit, "orderConditions")
    assert dialog.focusWidget() is conditions
    qtbot.keyClicks(conditions, "Reside at an approved address")
    qtbot.keyClick(conditions, Qt.Key.Key_Return)
    qtbot.keyClicks(conditions, "No contact with the complainer")
    assert orders.item(1).text() == "2. Licence: Parole licence on release"
    last = db.scalar("SELECT max(id) FROM audit_log")
    _save(qtbot, controller, dialog)
    assert _orders(db, individual_id) == before + [
        ("licence", "Parole licence on release", "2026-03-01", "2027-02-28",
         ["Reside at an approved address", "No contact with the complainer"])]
    assert _audit_rows(db, last, "orders") >= 1 and _audit_rows(db, last, "order_conditions") >= 2
    assert db.scalar("SELECT count(*) FROM audit_log WHERE id > ? AND table_name = 'individuals' AND "
                     "operation = 'update' AND row_id = ?", (last, individual_id)) == 1


def test_a_condition_of_an_order_is_changed(qtbot, controller, vault_session):  # noqa: F811
    records.load_demo(vault_session)
    db = vault_session.db
    individual_id = _individual(db, "Cairnbrake")
    before = _orders(db, individual_id)
    dialog = _open(qtbot, controller, vault_session, individual_id)
    _to_orders_tab(qtbot, dialog)
    conditions = find(dialog, QPlainTextEdit, "orderConditions")
    assert conditions.toPlainText() == "\n".join(before[0][4])  # the first order's, shown
    conditions.setFocus()
    qtbot.keyClick(conditions, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(conditions, " at least weekly")
    last = db.scalar("SELECT max(id) FROM audit_log")
    _save(qtbot, controller, dialog)
    after = _orders(db, individual_id)
    assert after[0][4] == before[0][4][:-1] + [before[0][4][-1] + " at least weekly"]
    assert after[0][:4] == before[0][:4] and after[1:] == before[1:]
    assert _audit_rows(db, last, "order_conditions") >= 1


def test_an_order_is_removed(qtbot, controller, vault_session):  # noqa: F811
    records.load_demo(vault_session)
    db = vault_session.db
    individual_id = _individual(db, "Cairnbrake")
    before = _orders(db, individual_id)
    assert len(before) == 3
    dialog = _open(qtbot, controller, vault_session, individual_id)
    _to_orders_tab(qtbot, dialog)
    orders = find(dialog, QListWidget, "individualOrdersList")
    orders.setFocus()
    qtbot.keyClick(orders, Qt.Key.Key_Down)  # the second order
    assert find(dialog, QLineEdit, "orderDescription").text() == before[1][1]
    remove = find(dialog, QPushButton, "removeOrderButton")
    remove.setFocus()
    qtbot.keyClick(remove, Qt.Key.Key_Space)
    assert orders.count() == 2 and orders.item(1).text().startswith("2. ")  # renumbered
    last = db.scalar("SELECT max(id) FROM audit_log")
    _save(qtbot, controller, dialog)
    assert _orders(db, individual_id) == [before[0], before[2]]
    assert db.scalar("SELECT count(*) FROM audit_log WHERE id > ? AND table_name = 'orders' AND "
                     "operation = 'delete'", (last,)) >= 1


def test_an_unreadable_date_is_refused_on_the_orders_tab_and_nothing_is_written(qtbot, controller,  # noqa: F811
                                                                                vault_session):
    records.load_demo(vault_session)
    db = vault_session.db
    individual_id = _individual(db, "Cairnbrake")
    before = _orders(db, individual_id)
    dialog = _open(qtbot, controller, vault_session, individual_id)
    _to_orders_tab(qtbot, dialog)
    retype(qtbot, find(dialog, QLineEdit, "orderStartDate"), "31/2/2026")
    dialog.tabs.setCurrentIndex(0)  # the refusal takes the user back to the orders
    last = db.scalar("SELECT max(id) FROM audit_log")
    click(qtbot, find(dialog, QPushButton, "saveIndividualButton"))
    error = find(dialog, QLabel, "newIndividualError")
    qtbot.waitUntil(lambda: error.isVisible() and error.text() != "", timeout=GUI_TIMEOUT_MS)
    assert error.text() == ("The start date of order 1 is not a date MAPPA Desk can read. Enter it as day, month "
                            "and year, e.g. 23/04/2026.")
    assert dialog.tabs.currentIndex() == ORDERS_TAB
    assert dialog.focusWidget() is find(dialog, QListWidget, "individualOrdersList")
    assert db.scalar("SELECT max(id) FROM audit_log") == last and _orders(db, individual_id) == before


def test_a_pasted_condition_the_documents_cannot_print_is_refused_with_a_sentence(qtbot, controller,  # noqa: F811
                                                                                 vault_session):
    records.load_demo(vault_session)
    db = vault_session.db
    individual_id = _individual(db, "Cairnbrake")
    before = _orders(db, individual_id)
    dialog = _open(qtbot, controller, vault_session, individual_id)
    _to_orders_tab(qtbot, dialog)
    conditions = find(dialog, QPlainTextEdit, "orderConditions")
    conditions.setFocus()
    qtbot.keyClick(conditions, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    conditions.insertPlainText("\nReport weekly \U0001F600")  # as pasted from a message
    last = db.scalar("SELECT max(id) FROM audit_log")
    click(qtbot, find(dialog, QPushButton, "saveIndividualButton"))
    error = find(dialog, QLabel, "newIndividualError")
    qtbot.waitUntil(lambda: error.isVisible() and error.text() != "", timeout=GUI_TIMEOUT_MS)
    assert error.text().startswith("MAPPA Desk cannot print the character") and "leave it out" in error.text()
    assert dialog.tabs.currentIndex() == ORDERS_TAB
    assert db.scalar("SELECT max(id) FROM audit_log") == last and _orders(db, individual_id) == before


def test_escape_closes_without_writing_and_the_wheel_never_changes_an_unfocused_kind(qtbot, controller,  # noqa: F811
                                                                                   vault_session):
    wheel_guard.install(QApplication.instance())  # as the application does
    records.load_demo(vault_session)
    db = vault_session.db
    individual_id = _individual(db, "Cairnbrake")
    before = _orders(db, individual_id)
    dialog = _open(qtbot, controller, vault_session, individual_id)
    _to_orders_tab(qtbot, dialog)
    kind = find(dialog, QComboBox, "orderKind")
    shown = kind.currentText()
    find(dialog, QListWidget, "individualOrdersList").setFocus()
    wheel_down(kind)
    assert kind.currentText() == shown
    click(qtbot, find(dialog, QPushButton, "addOrderButton"))
    last = db.scalar("SELECT max(id) FROM audit_log")
    qtbot.keyClick(dialog.focusWidget(), Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: controller.dialog is None, timeout=GUI_TIMEOUT_MS)
    assert db.scalar("SELECT max(id) FROM audit_log") == last and _orders(db, individual_id) == before


@pytest.mark.parametrize("at_largest", [False, True], ids=["usual text", "largest text"])
def test_the_orders_tab_fits_a_laptop(qtbot, request, at_largest):
    if at_largest:
        request.getfixturevalue("largest")
    from ui.edit_individual.view import EditIndividualDialog
    order = Order("licence", "Licence on release from a sentence of four years for assault to severe injury",
                  "2026-03-01", "2028-02-28", ["Reside at an address approved by the supervising officer",
                                               "Do not approach or contact the complainer, directly or indirectly"])
    dialog = EditIndividualDialog(None, AGENCIES, None, Individual("Fernbrae", 2, 2, orders=[order, order]))
    qtbot.addWidget(dialog)
    dialog.tabs.setCurrentIndex(ORDERS_TAB)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.sizeHint().boundedTo(QSize(*LAPTOP)))
    QApplication.processEvents()
    assert dialog.width() <= LAPTOP[0] and dialog.height() <= LAPTOP[1]
    assert clipped(dialog) == []
    assert find(dialog, QListWidget, "individualOrdersList").horizontalScrollBar().maximum() == 0
    dialog.close()
