"""Item 10 of issue 15: at the largest text size on a 1366x768 laptop, the dialogs opened from the main window
take the larger text too, and every label, button, tick box, tab and drop-down is wide and tall enough for it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (QAbstractScrollArea, QApplication, QCheckBox, QComboBox, QLabel, QPushButton,
                               QTableView, QTabBar, QWidget)

from tests.ui.test_cockpit_review import demo_vault, unlock_and_open  # noqa: F401 - fixture
from tests.ui.test_documents_screen import unlocked_window
from ui.cockpit.view import TEXT_SCALES
from ui.common import TextQuestion
from ui.handover.view import ExportDialog, ImportDialog
from ui.main_window import MainWindow
from ui.new_individual.view import NewIndividualDialog
from ui.new_meeting.view import NewMeetingDialog
from ui.requests.view import request_dialog

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

AGENCIES = [("POL", "Police Scotland"), ("SW", "Justice Social Work"), ("NHS", "NHS Greater Glasgow and Clyde")]
LAPTOP = (1366, 740)  # a 1366x768 screen less a panel
COMBO_ARROW = 20  # room for the drop-down arrow beside the longest item


def scrolls_sideways(widget: QWidget) -> bool:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and parent.horizontalScrollBar().maximum() > 0:
            return True
        parent = parent.parentWidget()
    return False


def clipped(root: QWidget) -> list[str]:
    """Every visible text widget under `root` too narrow or too short for its text, as 'name: why'."""
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible() or scrolls_sideways(widget):
            continue
        name = widget.objectName() or type(widget).__name__
        metrics = widget.fontMetrics()
        if isinstance(widget, QComboBox):
            texts = [widget.itemText(i) for i in range(widget.count())]
            longest = max((metrics.horizontalAdvance(t) for t in texts), default=0)
            if widget.width() < longest + COMBO_ARROW:
                found.append(f"{name}: {widget.width()} wide for {longest}")
        elif isinstance(widget, QTabBar):
            for i in range(widget.count()):
                if widget.tabRect(i).width() < metrics.horizontalAdvance(widget.tabText(i)):
                    found.append(f"{name} tab {widget.tabText(i)!r}")
        elif isinstance(widget, (QPushButton, QCheckBox)) and widget.text():
            if widget.width() < metrics.horizontalAdvance(widget.text().replace("&", "")):
                found.append(f"{name}: {widget.width()} wide for {widget.text()!r}")
            if widget.height() + 2 < widget.sizeHint().height():
                found.append(f"{name}: {widget.height()} tall for {widget.sizeHint().height()}")
        elif isinstance(widget, QLabel) and widget.text() and not widget.pixmap() and widget.text() != widget.toolTip():
            # (a label cut short on purpose, such as a long folder path, has the whole of it in its tooltip)
            rich = widget.textFormat() == Qt.TextFormat.RichText or "<br>" in widget.text()
            wide = widget.sizeHint().width() - 2 if rich else metrics.horizontalAdvance(widget.text().replace("&", ""))
            if not widget.wordWrap() and widget.width() < wide:
                found.append(f"{name}: {widget.width()} wide for {widget.text()!r}")
            needed = widget.heightForWidth(widget.width()) if widget.wordWrap() else widget.sizeHint().height()
            if widget.height() + 2 < needed:
                found.append(f"{name}: {widget.height()} tall for {needed}")
    return found


@pytest.fixture
def largest(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    base = QApplication.font().pointSizeF()
    window.set_text_scale(len(TEXT_SCALES) - 1)
    yield window, base
    window.set_text_scale(0)


DIALOGS = {
    "new meeting": lambda: NewMeetingDialog(None, AGENCIES),
    "new individual": lambda: NewIndividualDialog(None, AGENCIES),
    "record a request": lambda: request_dialog(None, []),
    "handover export": lambda: ExportDialog(None, "the review meeting of 15 Dec 2026", "Visor Example"),
    "handover import": lambda: ImportDialog(None, "handover-2026-12-15.mappa"),
    "backup passphrase": lambda: TextQuestion(None, "backupPassphraseDialog", "Passphrase of the backup",
                                              "The passphrase this backup was made with.", password=True),
}


@pytest.mark.parametrize("make", DIALOGS.values(), ids=DIALOGS.keys())
def test_a_dialog_opened_at_the_largest_text_size_takes_it_and_its_text_fits(qtbot, largest, make):
    _window, base = largest
    dialog = make()
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.resize(dialog.sizeHint().boundedTo(QSize(*LAPTOP)))  # as large as it asks, on the laptop's screen
    QApplication.processEvents()
    assert dialog.font().pointSizeF() >= base * TEXT_SCALES[-1] - 0.1
    assert dialog.width() <= LAPTOP[0] and dialog.height() <= LAPTOP[1]
    assert clipped(dialog) == []
    dialog.close()


def at_largest_on_the_laptop(qtbot, window) -> None:
    window.showNormal()
    window.resize(*LAPTOP)
    window.set_text_scale(len(TEXT_SCALES) - 1)
    for _ in range(3):  # the new font, then the layouts it asks for, then theirs
        QApplication.processEvents()


def sideways(page: QWidget) -> list[str]:
    """A page that needs sideways scrolling on the laptop has not fitted it either."""
    areas = page.findChildren(QAbstractScrollArea)
    return [f"{area.objectName() or type(area).__name__} scrolls sideways" for area in areas
            if area.isVisible() and area.horizontalScrollBar().maximum() > 0 and not isinstance(area, QTableView)]


def table_clipping(page: QWidget) -> list[str]:
    """Rows and headers of every visible table shorter than the text they hold."""
    found = []
    for table in page.findChildren(QTableView):
        if not table.isVisible():
            continue
        needed = table.fontMetrics().height()
        header = table.horizontalHeader()
        if header.isVisible() and header.height() + 2 < header.fontMetrics().height() + 4:
            found.append(f"{table.objectName()} header {header.height()} tall")
        for row in range(min(3, table.model().rowCount() if table.model() else 0)):
            if table.rowHeight(row) < needed:
                found.append(f"{table.objectName()} row {row}: {table.rowHeight(row)} tall for {needed}")
    return found


def test_home_at_the_largest_text_size_cuts_nothing_short(qtbot, open_window, vault):
    window = unlocked_window(qtbot, open_window, vault[0])
    at_largest_on_the_laptop(qtbot, window)
    try:
        assert clipped(window.home_view) + table_clipping(window.home_view) + sideways(window.home_view) == []
    finally:
        window.set_text_scale(0)


def test_the_cockpit_at_the_largest_text_size_cuts_nothing_short(qtbot, open_window, demo_vault):
    folder, _meetings, (_given, _family, visor_ref) = demo_vault
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    at_largest_on_the_laptop(qtbot, window)
    try:
        cockpit = window.cockpit_view
        found = []
        for step in range(cockpit.rail.count()):  # every step's panel, as the chair walks the agenda
            cockpit.rail.setCurrentRow(step)
            for _ in range(3):
                QApplication.processEvents()
            problems = clipped(cockpit) + table_clipping(cockpit) + sideways(cockpit)
            found += [f"step {step}: {problem}" for problem in problems]
        assert found == []
    finally:
        window.set_text_scale(0)


def test_documents_at_the_largest_text_size_cuts_nothing_short(qtbot, open_window, vault):
    window = unlocked_window(qtbot, open_window, vault[0])
    window.show_documents()
    at_largest_on_the_laptop(qtbot, window)
    try:
        page = window.documents_view
        found = clipped(page) + table_clipping(page) + sideways(page)
        assert found == [], "\n".join(found)
    finally:
        window.set_text_scale(0)
