"""Item 10 of issue 15: at the largest text size on a 1366x768 laptop, the dialogs opened from the main window
take the larger text too, and every label, button, tick box, tab and drop-down is wide and tall enough for it."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSize
from PySide6.QtWidgets import (QAbstractScrollArea, QApplication, QCheckBox, QComboBox, QLabel, QPushButton,
                               QTabBar, QWidget)

from ui.cockpit.view import TEXT_SCALES
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
        elif isinstance(widget, QLabel) and widget.text() and not widget.pixmap():
            if not widget.wordWrap() and widget.width() < metrics.horizontalAdvance(widget.text().replace("&", "")):
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
