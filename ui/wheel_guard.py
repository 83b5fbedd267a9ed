"""The mouse wheel never changes a control that does not have the focus.

Scrolling a page over a drop-down, spin box or date field used to change its value (an attendee turned
from Invited to "Did not attend" while the chair scrolled the cards). One application-wide filter,
installed once by ``ui.app.build_main_window``, covers every page and dialog: the wheel over such a
control that has not been focused scrolls the page around it instead, and the control keeps its value.
Such controls never take the focus from the wheel: Qt gives a WheelFocus control the focus from a real wheel
before any filter sees it, so each one is made StrongFocus when it is polished, before it is first shown.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractScrollArea, QAbstractSpinBox, QApplication, QComboBox, QWidget

GUARDED = (QComboBox, QAbstractSpinBox)


def _guarded_control(obj: QObject) -> QWidget | None:
    """The drop-down or spin box that ``obj`` is, or is part of (its line edit), else None."""
    widget = obj if isinstance(obj, QWidget) else None
    for _ in range(2):  # the control itself, or its inner line edit
        if widget is None:
            return None
        if isinstance(widget, GUARDED):
            return widget
        widget = widget.parentWidget()
    return None


def _scroll_area_around(widget: QWidget) -> QAbstractScrollArea | None:
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea) and not isinstance(parent, GUARDED):
            return parent
        parent = parent.parentWidget()
    return None


class WheelGuard(QObject):
    """Stops the wheel at unfocused drop-downs and spin boxes and hands it to the page's scroll area."""

    def eventFilter(self, obj, event):  # noqa: N802 (Qt's name)
        if event.type() == QEvent.Type.Polish and isinstance(obj, GUARDED):
            # Before the first wheel, not at it: for a real wheel (from the window system) Qt gives a WheelFocus
            # control the focus before any filter sees the event, and a focused control takes the wheel.
            if obj.focusPolicy() == Qt.FocusPolicy.WheelFocus:
                obj.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            return False
        if event.type() != QEvent.Type.Wheel:
            return False
        control = _guarded_control(obj)
        if control is None:
            return False
        focus = QApplication.focusWidget()
        if focus is not None and (focus is control or control.isAncestorOf(focus)):
            return False  # the user chose this control: the wheel may change it
        area = _scroll_area_around(control)
        if area is not None:
            bar = area.verticalScrollBar()
            if event.angleDelta().x() and not event.angleDelta().y():
                bar = area.horizontalScrollBar()
            QApplication.sendEvent(bar, event)
        return True


_guard: WheelGuard | None = None


def install(app: QApplication) -> None:
    """Install the one guard on the application (again is harmless)."""
    global _guard
    if _guard is None:
        _guard = WheelGuard(app)
        app.installEventFilter(_guard)
