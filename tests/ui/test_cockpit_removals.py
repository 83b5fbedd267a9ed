"""Nothing in the cockpit is removed unseen: Remove is out of the Tab order, a new row takes the focus, every
removal is announced with its Undo, and "Add every agency present" reads the record when it is pressed."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QPushButton

from tests.ui.cockpit_driver import choose, click, controller, go_to, idle, new_row_field, row_field, widget
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_cockpit_undo import british_short, held_review, read  # noqa: F401 - a fixture


def _open(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    return unlock_and_open(qtbot, open_window, folder, visor, british_short(date))


def _focus_name() -> str:
    focus = QApplication.focusWidget()
    return focus.objectName() if focus is not None else ""


def test_tab_from_a_text_field_never_reaches_a_remove(qtbot, open_window, held_review):  # noqa: F811
    window = _open(qtbot, open_window, held_review)
    ctl = controller(window)
    for step in ("Risk of serious harm", "Risk management plan"):
        go_to(qtbot, window, step)
        panel = window.cockpit_view.panel(ctl._panel_of(ctl.steps[ctl.current]))
        removes = [b for b in panel.findChildren(QPushButton) if b.objectName().endswith(":remove")]
        assert removes, "the step shows rows that can be removed"
        first = next(w for w in panel.findChildren(QComboBox))
        first.setFocus()
        qtbot.waitUntil(first.hasFocus, timeout=GUI_TIMEOUT_MS)
        seen = set()
        for _ in range(200):
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            seen.add(_focus_name())
            assert not _focus_name().endswith(":remove"), f"Tab reached {_focus_name()}"
        assert len(seen) > 10  # the Tab order really went through the rows


def test_add_position_then_typing_a_sentence_keeps_the_position(qtbot, open_window, held_review):  # noqa: F811
    folder = held_review[0]
    window = _open(qtbot, open_window, held_review)
    go_to(qtbot, window, "Decisions")
    click(qtbot, widget(window, "addDecisionButton", QPushButton))
    question = new_row_field(qtbot, window, "decisions", "question")
    decision_id = int(question.objectName().split(":")[1])
    click(qtbot, row_field(window, "decisions", decision_id, "addPosition", QPushButton))
    qtbot.waitUntil(lambda: _focus_name().startswith("decision_positions:"), timeout=GUI_TIMEOUT_MS)
    position_id = int(_focus_name().split(":")[1])
    sentence = "Police agree the plan as it stands today"
    qtbot.keyClicks(QApplication.focusWidget(), sentence)
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    idle(qtbot, window)
    assert read(folder, "SELECT reason FROM decision_positions WHERE id = ?", (position_id,)) == [(sentence,)]


def test_removing_a_risk_is_announced_and_its_undo_puts_it_back(qtbot, open_window, held_review):  # noqa: F811
    folder = held_review[0]
    window = _open(qtbot, open_window, held_review)
    ctl = controller(window)
    go_to(qtbot, window, "Risk of serious harm")
    risk = ctl.data.rows["risks"][0]
    scenarios = read(folder, "SELECT * FROM risk_scenarios WHERE risk_id = ? ORDER BY id", (risk["id"],))
    assert scenarios
    click(qtbot, row_field(window, "risks", risk["id"], "remove", QPushButton))
    idle(qtbot, window)
    assert read(folder, "SELECT count(*) FROM risk_scenarios WHERE risk_id = ?", (risk["id"],)) == [(0,)]
    note = widget(window, "removalNote")
    qtbot.waitUntil(note.isVisible, timeout=GUI_TIMEOUT_MS)
    count = f"{len(scenarios)} scenario" + ("" if len(scenarios) == 1 else "s")
    assert note.text() == f"Risk 1 and its {count} removed."
    click(qtbot, widget(window, "removalUndoButton", QPushButton))
    idle(qtbot, window)
    assert read(folder, "SELECT * FROM risk_scenarios WHERE risk_id = ? ORDER BY id", (risk["id"],)) == scenarios
    assert read(folder, "SELECT count(*) FROM risks WHERE id = ?", (risk["id"],)) == [(1,)]
    assert note.text() == "Risk 1 put back."


def test_every_agency_present_is_read_when_pressed(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id = held_review[:2]
    window = _open(qtbot, open_window, held_review)
    go_to(qtbot, window, "Decisions")
    click(qtbot, widget(window, "addDecisionButton", QPushButton))
    question = new_row_field(qtbot, window, "decisions", "question")
    decision_id = int(question.objectName().split(":")[1])
    present = [a for (a,) in read(folder, "SELECT DISTINCT agency_id FROM attendance WHERE meeting_id = ? AND "
                                          "status = 'present' AND agency_id IS NOT NULL", (meeting_id,))]
    assert len(present) >= 3
    click(qtbot, row_field(window, "decisions", decision_id, "addPosition", QPushButton))
    qtbot.waitUntil(lambda: _focus_name().startswith("decision_positions:"), timeout=GUI_TIMEOUT_MS)
    position_id = int(_focus_name().split(":")[1])
    idle(qtbot, window)
    # The panel was built with this position's first agency; the chair changes it to another agency present.
    first = read(folder, "SELECT agency_id FROM decision_positions WHERE id = ?", (position_id,))[0][0]
    other = next(a for a in present if a != first)
    name = read(folder, "SELECT name FROM agencies WHERE id = ?", (other,))[0][0]
    choose(qtbot, row_field(window, "decision_positions", position_id, "agency_id", QComboBox), name)
    idle(qtbot, window)
    click(qtbot, row_field(window, "decisions", decision_id, "addEveryAgency", QPushButton))
    idle(qtbot, window)
    agencies = [a for (a,) in read(folder, "SELECT agency_id FROM decision_positions WHERE decision_id = ?",
                                   (decision_id,))]
    assert sorted(agencies) == sorted(present)  # each agency present once: none twice, none left out
