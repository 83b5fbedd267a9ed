"""Search the minutes, driven as a chair would: open it from Home, type, read the results, open one."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QTableView, QWidget

from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_screen import click_row, demo_vault, unlocked_window  # noqa: F401
from tests.ui.test_unlock_screen import click, find, wait_for_unlock_page
from ui.search.model import MARKS_ROLE, marked_html
from ui.search.view import HINT

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def open_search(qtbot, window):
    click(qtbot, find(window, QPushButton, "searchMinutesButton"))
    qtbot.waitUntil(lambda: search_dialog(window) is not None, timeout=GUI_TIMEOUT_MS)
    return search_dialog(window)


def search_dialog(window) -> QWidget | None:
    dialog = window.controller.search.dialog
    return dialog if dialog is not None and dialog.isVisible() else None


def type_query(qtbot, window, dialog, text: str) -> None:
    field = find(dialog, QLineEdit, "searchMinutesField")
    with qtbot.waitSignal(window.controller.search.sig_results_shown, timeout=GUI_TIMEOUT_MS,
                          check_params_cb=lambda shown: shown == text):
        field.clear()
        for ch in text:  # QTest cannot type a character outside the BMP (an emoji): it is pasted
            field.insert(ch) if ord(ch) > 0xFFFF else qtbot.keyClicks(field, ch)


def rows(table: QTableView) -> list[list[str]]:
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_type_words_read_the_results_and_open_one_in_the_cockpit(qtbot, open_window, demo_vault):
    folder, listing = demo_vault
    window = unlocked_window(qtbot, open_window, folder)
    dialog = open_search(qtbot, window)
    status = find(dialog, QLabel, "searchMinutesStatus")
    table = find(dialog, QTableView, "searchMinutesResults")
    open_button = find(dialog, QPushButton, "searchMinutesOpen")
    find(dialog, QPushButton, "searchMinutesClose")
    assert status.text() == HINT and not open_button.isEnabled()
    qtbot.waitUntil(find(dialog, QLineEdit, "searchMinutesField").hasFocus, timeout=GUI_TIMEOUT_MS)

    type_query(qtbot, window, dialog, "KNÍFE")
    assert status.text() == "3 results, newest meeting first."
    assert [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Date", "Name", "ViSOR ref", "Where", "Found"]
    shown = rows(table)
    assert [row[:4] for row in shown] == [
        ["13 Oct 2026", "Martin Skellybrae", "DEMO/0005", "Risk 1"],
        ["17 Sep 2026", "Alasdair Dunmorrow", "DEMO/0004", "Risk 1"],
        ["1 Sep 2026", "Martin Skellybrae", "DEMO/0005", "Risk 1"]]
    snippet_index = table.model().index(1, 4)
    assert "<b>knife</b>" in marked_html(shown[1][4], snippet_index.data(MARKS_ROLE))
    assert open_button.isEnabled()  # the first result is chosen

    # Down to the results, the second one, Enter: its meeting opens in the cockpit.
    wanted = next(m for m in listing["meetings"] if m["date"] == "2026-09-17")
    field = find(dialog, QLineEdit, "searchMinutesField")
    qtbot.keyClick(field, Qt.Key.Key_Down)
    qtbot.waitUntil(table.hasFocus)
    qtbot.keyClick(table, Qt.Key.Key_Down)
    qtbot.keyClick(table, Qt.Key.Key_Return)
    cockpit = window.controller.cockpit
    qtbot.waitUntil(lambda: window.cockpit_view.isVisible() and cockpit.data is not None, timeout=GUI_TIMEOUT_MS)
    assert cockpit.meeting_id == wanted["id"]
    assert search_dialog(window) is None
    qtbot.waitUntil(lambda: window.home_view.selected_individual_id() == wanted["individual_id"],
                    timeout=GUI_TIMEOUT_MS)


def test_odd_text_no_match_and_a_double_click(qtbot, open_window, demo_vault):
    folder, listing = demo_vault
    window = unlocked_window(qtbot, open_window, folder)
    dialog = open_search(qtbot, window)
    status = find(dialog, QLabel, "searchMinutesStatus")
    table = find(dialog, QTableView, "searchMinutesResults")

    type_query(qtbot, window, dialog, '"knife* NEAR( 😀 zebra')
    assert status.text() == "No part of any Minute holds every word of “\"knife* NEAR( 😀 zebra”."
    assert table.model().rowCount() == 0 and not find(dialog, QLabel, "searchMinutesError").isVisible()
    assert not any(w.objectName() == "unexpectedErrorDialog" for w in QApplication.topLevelWidgets())
    type_query(qtbot, window, dialog, "**")
    assert status.text() == HINT

    type_query(qtbot, window, dialog, "drumlachie sessions")
    assert {row[2] for row in rows(table)} == {"DEMO/0001"}
    meeting_id = table.model().index(0, 0).data(Qt.ItemDataRole.UserRole)
    click_row(qtbot, table, 0, double=True)
    cockpit = window.controller.cockpit
    qtbot.waitUntil(lambda: window.cockpit_view.isVisible() and cockpit.data is not None, timeout=GUI_TIMEOUT_MS)
    assert cockpit.meeting_id == meeting_id


def test_lock_closes_the_search_and_keeps_nothing(qtbot, open_window, demo_vault):
    folder, _ = demo_vault
    window = unlocked_window(qtbot, open_window, folder)
    qtbot.keyClick(window.home_view.individual_list, Qt.Key.Key_F,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: search_dialog(window) is not None, timeout=GUI_TIMEOUT_MS)
    dialog = search_dialog(window)
    type_query(qtbot, window, dialog, "knife")
    assert find(dialog, QTableView, "searchMinutesResults").model().rowCount() == 3
    window.lock_action.trigger()
    wait_for_unlock_page(qtbot, window)
    assert window.controller.search.dialog is None
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog), timeout=GUI_TIMEOUT_MS)  # gone, results and all
