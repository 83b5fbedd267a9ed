"""A date that cannot be right is said beside the field at once and never stored, not even as empty."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from tests.ui.cockpit_driver import go_to, idle, row_field, type_into, widget
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_cockpit_undo import british_short, held_review, read  # noqa: F401 - fixture
from ui.cockpit.fields import not_a_date_message


def test_an_impossible_date_is_said_beside_the_field_and_not_stored(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Review date")
    review = row_field(window, "meetings", meeting_id, "review_date", QLineEdit)
    problem = widget(window, f"meetings:{meeting_id}:review_date:error", QLabel)
    type_into(qtbot, review, "23/02/2027")
    idle(qtbot, window)
    assert read(folder, "SELECT review_date FROM meetings WHERE id = ?", (meeting_id,)) == [("2027-02-23",)]
    assert not problem.isVisible()

    # Said as soon as the year is typed, before leaving the field.
    review.setFocus()
    qtbot.keyClick(review, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(review, "31/02/2026")
    assert problem.isVisible()
    assert problem.text() == not_a_date_message("31/02/2026")
    assert problem.text().startswith("31/02/2026 is not a date. Nothing was saved")
    qtbot.keyClick(review, Qt.Key.Key_Tab)
    idle(qtbot, window)
    assert read(folder, "SELECT review_date FROM meetings WHERE id = ?", (meeting_id,)) == [("2027-02-23",)]
    assert problem.isVisible() and review.text() == "31/02/2026"

    type_into(qtbot, review, "next week")
    idle(qtbot, window)
    assert problem.isVisible() and problem.text() == not_a_date_message("next week")
    assert read(folder, "SELECT review_date FROM meetings WHERE id = ?", (meeting_id,)) == [("2027-02-23",)]

    type_into(qtbot, review, "02/03/2027")
    idle(qtbot, window)
    assert read(folder, "SELECT review_date FROM meetings WHERE id = ?", (meeting_id,)) == [("2027-03-02",)]
    assert not problem.isVisible()
