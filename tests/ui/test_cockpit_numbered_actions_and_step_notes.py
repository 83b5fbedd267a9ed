"""Issue 17 item 2: in the cockpit, each step has its chair's summary and discussion, saved as typed; actions are
titled by their number in the Minute (kept when another is removed); a carried-forward action says which action of
the previous meeting it came from; and a review can record a previous action as ongoing."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGroupBox, QLabel, QPlainTextEdit, QPushButton

from tests.ui.cockpit_driver import choose, click, controller, go_to, idle, row_field, widget
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_cockpit_undo import british_short, held_review, read  # noqa: F401 (the fixture)


def _type(qtbot, field: QPlainTextEdit, text: str) -> None:
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    qtbot.keyClicks(field, text)


def test_each_step_has_its_summary_and_discussion_and_they_are_saved(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    step = read(folder, "SELECT id FROM agenda_items WHERE meeting_id = ? AND step_key = 'risks'", (meeting_id,))[0][0]
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Risk of serious harm")
    box = widget(window, "stepNotes_risks", QGroupBox)
    summary = row_field(window, "agenda_items", step, "summary", QPlainTextEdit)
    discussion = row_field(window, "agenda_items", step, "discussion", QPlainTextEdit)
    assert box.isAncestorOf(summary) and box.isAncestorOf(discussion) and summary.isVisible()
    assert summary.accessibleName() == "Risk of serious harm: Chair's summary"
    _type(qtbot, summary, "Risk remains high while the address is unsettled.")
    _type(qtbot, discussion, "Police and justice social work differed on the timing of the next visit.")
    summary.setFocus()  # leaving the discussion commits it
    idle(qtbot, window)
    assert read(folder, "SELECT summary, discussion FROM agenda_items WHERE id = ?", (step,)) == [
        ("Risk remains high while the address is unsettled.",
         "Police and justice social work differed on the timing of the next visit.")]


def test_actions_keep_their_numbers_carry_forward_is_linked_and_ongoing_is_recorded(
        qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    previous_id = read(folder, "SELECT previous_meeting_id FROM meetings WHERE id = ?", (meeting_id,))[0][0]
    (first, first_number, first_uid), = read(
        folder, "SELECT id, number, uid FROM actions WHERE meeting_id = ? ORDER BY number LIMIT 1", (previous_id,))
    own = read(folder, "SELECT id, number FROM actions WHERE meeting_id = ? ORDER BY number", (meeting_id,))
    assert [n for _, n in own] == list(range(1, len(own) + 1)) and len(own) >= 2
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))

    go_to(qtbot, window, "Actions from the last meeting")
    outcome = row_field(window, "actions", first, "outcome", QComboBox)
    choose(qtbot, outcome, "Ongoing")
    idle(qtbot, window)
    assert read(folder, "SELECT outcome, status, reviewed_in_meeting_id FROM actions WHERE id = ?", (first,)) == [
        ("ongoing", "open", meeting_id)]
    click(qtbot, widget(window, f"actions:{first}:carryForward", QPushButton))
    idle(qtbot, window)
    (carried, carried_number, link), = read(
        folder, "SELECT id, number, carried_from_uid FROM actions WHERE meeting_id = ? ORDER BY id DESC LIMIT 1",
        (meeting_id,))
    assert carried_number == len(own) + 1 and link == first_uid

    steps = controller(window).steps  # the Actions step by its key: "Actions" is in the last meeting's too
    controller(window).go_to_step(next(i for i, s in enumerate(steps) if s["step_key"] == "actions"))
    idle(qtbot, window)
    assert widget(window, f"actions:{carried}:title", QLabel).text() == f"Action {carried_number}"
    said = widget(window, f"actions:{carried}:carriedFrom", QLabel).text()
    assert said.startswith(f"Carried forward from action {first_number} of the meeting of ")
    # Removing the first action leaves every other number as it was.
    first_own, last_own = own[0][0], own[-1]
    click(qtbot, widget(window, f"actions:{first_own}:remove", QPushButton))
    idle(qtbot, window)
    assert read(folder, "SELECT count(*) FROM actions WHERE id = ?", (first_own,)) == [(0,)]
    assert widget(window, f"actions:{last_own[0]}:title", QLabel).text() == f"Action {last_own[1]}"
    assert widget(window, f"actions:{carried}:title", QLabel).text() == f"Action {carried_number}"
