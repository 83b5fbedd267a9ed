"""The cockpit's list of what the record still lacks shows the checks of completeness.EXPECTED, and one goes
once the chair records what it asks for (here: part A of the plan's basis of assessment)."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QPlainTextEdit

from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.cockpit_driver import gap_texts, go_to, idle, row_field, tick, widget
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_cockpit_undo import british_short, held_review  # noqa: F401 (the fixture)

BASIS = "Check: Part A of the risk management plan has no basis of assessment."
PURPOSE = "Check: The record does not say the purpose of the meeting: tick its purposes or record another."


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


def test_the_gap_list_asks_for_the_purpose_of_the_meeting_until_one_is_ticked(
        qtbot, open_window, held_review):  # noqa: F811
    """issue 17 item 9: a row added to completeness.EXPECTED shows in the list with nothing else to change."""
    folder, meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Review date")
    qtbot.waitUntil(lambda: PURPOSE in gap_texts(window), timeout=GUI_TIMEOUT_MS)
    go_to(qtbot, window, "Introductions")
    tick(qtbot, widget(window, f"meetings:{meeting_id}:purposes:level", QCheckBox))
    idle(qtbot, window)
    go_to(qtbot, window, "Review date")
    qtbot.waitUntil(lambda: PURPOSE not in gap_texts(window), timeout=GUI_TIMEOUT_MS)
    assert BASIS in gap_texts(window)
