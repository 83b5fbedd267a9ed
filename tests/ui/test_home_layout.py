"""Home's buttons are never drawn over each other: not at the size the window opens at, nor at its smallest."""

from __future__ import annotations

import itertools

import pytest
from PySide6.QtCore import QRect
from PySide6.QtWidgets import QWidget

from ui.main_window import MainWindow

ROW_CONTROLS = ("individualSearch", "searchMinutesButton", "newIndividualButton", "lockButton",
                "backupsButton", "handoverButton", "importHandoverButton")


def _geometry(window, widget) -> QRect:
    return QRect(widget.mapTo(window, widget.rect().topLeft()), widget.size())


@pytest.mark.parametrize("size", ["opening", "smallest"])
def test_homes_top_and_foot_controls_keep_their_size_and_do_not_overlap(qtbot, size):
    window = MainWindow()
    qtbot.addWidget(window)
    window.stack.setCurrentWidget(window.home_view)
    window.show()
    if size == "smallest":
        window.resize(window.minimumSize())
    qtbot.waitUntil(lambda: window.home_view.isVisible())
    qtbot.wait(50)
    controls = [window.home_view.findChild(QWidget, name) for name in ROW_CONTROLS]
    assert all(controls)
    for control in controls:
        assert control.isVisible()
        assert control.width() >= control.minimumSizeHint().width(), control.objectName()
    for a, b in itertools.combinations(controls, 2):
        assert not _geometry(window, a).intersects(_geometry(window, b)), (a.objectName(), b.objectName())
