"""The cockpit's list of what the record still lacks shows the checks of completeness.EXPECTED, and one goes
once the chair records what it asks for (here: part A of the plan's basis of assessment)."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit

from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.cockpit_driver import gap_texts, go_to, idle, row_field
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_cockpit_undo import british_short, held_review  # noqa: F401 (the fixture)

BASIS = "Check: Part A of the risk management plan has no basis of assessment."


def test_the_gap_list_shows_an_expected_field_until_it_is_recorded(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Review date")
    qtbot.waitUntil(lambda: BASIS in gap_texts(window), timeout=GUI_TIMEOUT_MS)
    assert "Check: Part A of the risk management plan has no risk formulation." in gap_texts(window)
    go_to(qtbot, window, "Risk management plan")
    basis = row_field(window, "meetings", meeting_id, "basis_of_assessment", QPlainTextEdit)
    basis.setFocus()
    qtbot.waitUntil(basis.hasFocus)
    qtbot.keyClicks(basis, "The case files and his interviews")
    idle(qtbot, window)
    go_to(qtbot, window, "Review date")
    qtbot.waitUntil(lambda: BASIS not in gap_texts(window), timeout=GUI_TIMEOUT_MS)
    assert "Check: Part A of the risk management plan has no risk formulation." in gap_texts(window)
