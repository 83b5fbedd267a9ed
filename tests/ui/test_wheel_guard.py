"""Safe input in the cockpit (issue 15): the wheel over an unfocused drop-down never changes it, and
Ctrl+Shift+P never turns an attendee who is already marked into present."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QComboBox

from tests.ui.cockpit_driver import controller, idle, row_field
from tests.ui.test_cockpit_review import demo_vault, open_session, unlock_and_open  # noqa: F401 (fixture)


def wheel_down(widget, notches: int = 3) -> None:
    """The wheel turned towards the user over the middle of ``widget``, as the mouse does it.

    A real wheel event comes from the window system, and for such an event Qt first gives the focus to the
    nearest widget under the pointer whose focus policy includes WheelFocus, before any event filter sees it
    (QApplicationPrivate::giveFocusAccordingToFocusPolicy). An event sent by a test is not spontaneous and
    skips that step, so it is done here as Qt does it."""
    centre = QPointF(widget.rect().center())
    for _ in range(notches):
        under = widget
        while under is not None:
            if under.isEnabled() and (under.focusPolicy() & Qt.FocusPolicy.WheelFocus) == Qt.FocusPolicy.WheelFocus:
                under.setFocus(Qt.FocusReason.MouseFocusReason)
                break
            if under.isWindow():
                break
            under = under.parentWidget()
        event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0), QPoint(0, -120),
                            Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QApplication.sendEvent(widget, event)


def scroll_area_of(widget) -> QAbstractScrollArea:
    parent = widget.parentWidget()
    while not isinstance(parent, QAbstractScrollArea):
        parent = parent.parentWidget()
    return parent


def test_wheel_over_an_unfocused_status_leaves_it_and_scrolls_the_page(qtbot, open_window, demo_vault):  # noqa: F811
    folder, (meeting_id, *_), (_given, _family, visor_ref) = demo_vault
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    first = controller(window).data.rows["attendance"][0]["id"]
    status = row_field(window, "attendance", first, "status", QComboBox)
    before = status.currentText()
    window.cockpit_view.rail.setFocus()
    assert not status.hasFocus()
    bar = scroll_area_of(status).verticalScrollBar()
    assert bar.maximum() > 0, "the attendance page must be long enough to scroll"
    top = bar.value()

    wheel_down(status)
    idle(qtbot, window)

    assert status.currentText() == before
    assert not status.hasFocus()
    assert bar.value() > top  # the page moved under the wheel instead
    window.close()
    session = open_session(folder)
    try:
        stored = session.db.scalar("SELECT status FROM attendance WHERE id = ?", (first,))
    finally:
        session.close()
    assert stored == "invited"


def test_ctrl_shift_p_on_an_apologies_card_marks_the_next_unmarked_one(qtbot, open_window, demo_vault):  # noqa: F811
    from tests.ui.cockpit_driver import choose, shortcut

    folder, *_rest, (_given, _family, visor_ref) = demo_vault
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    invitees = [r["id"] for r in controller(window).data.rows["attendance"]]
    sorry, waiting = invitees[0], invitees[1]
    status = row_field(window, "attendance", sorry, "status", QComboBox)
    choose(qtbot, status, "Apologies")
    idle(qtbot, window)
    row_field(window, "attendance", sorry, "status", QComboBox).setFocus()  # the apologies card has the focus

    shortcut(qtbot, window, "Ctrl+Shift+P")
    idle(qtbot, window)

    assert row_field(window, "attendance", sorry, "status", QComboBox).currentText() == "Apologies"
    assert row_field(window, "attendance", waiting, "status", QComboBox).currentText() == "Present"
    window.close()
    session = open_session(folder)
    try:
        stored = dict(session.db.query("SELECT id, status FROM attendance WHERE id IN (?, ?)", (sorry, waiting)))
    finally:
        session.close()
    assert stored == {sorry: "apologies", waiting: "present"}
