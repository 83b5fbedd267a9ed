"""Issue 18 item 2 in the cockpit: what contradicts the rest of the meeting is refused where it is entered, with a
sentence on the cockpit's message line and nothing stored; the confidentiality ticks of the meeting and of each
person present are kept together."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel

from tests.ui.cockpit_driver import choose, go_to, idle, row_field, tick, widget
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_cockpit_undo import british_short, held_review, read  # noqa: F401 (the fixture)


def _attendance(folder, meeting_id):
    return read(folder, "SELECT id, status, agency_id, confidentiality_agreed FROM attendance WHERE meeting_id = ? "
                        "ORDER BY position, id", (meeting_id,))


def _message(qtbot, window, words: str) -> None:
    message = widget(window, "cockpitMessage", QLabel)
    qtbot.waitUntil(lambda: words in message.text())


def test_an_absent_attendee_s_agreement_is_refused_and_nothing_is_stored(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    rows = _attendance(folder, meeting_id)
    absent = next(r for r in rows if r[1] != "present")
    before = (rows, read(folder, "SELECT confidentiality_agreed FROM meetings WHERE id = ?", (meeting_id,)))
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Introductions")
    tick(qtbot, row_field(window, "attendance", absent[0], "confidentiality_agreed", QCheckBox))
    _message(qtbot, window, "only a person present can agree the confidentiality statement")
    idle(qtbot, window)
    qtbot.waitUntil(lambda: not row_field(window, "attendance", absent[0], "confidentiality_agreed",
                                          QCheckBox).isChecked())  # the screen shows what is stored
    assert (_attendance(folder, meeting_id),
            read(folder, "SELECT confidentiality_agreed FROM meetings WHERE id = ?", (meeting_id,))) == before


def test_the_meeting_s_agreement_and_each_person_s_are_one_truth(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    rows = _attendance(folder, meeting_id)
    present = [r[0] for r in rows if r[1] == "present"]
    assert len(present) >= 2 and all(r[3] == 1 for r in rows if r[1] == "present")
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Introductions")
    meeting_flag = "SELECT confidentiality_agreed FROM meetings WHERE id = ?"

    # One person present did not agree: the meeting no longer says everyone present did.
    tick(qtbot, row_field(window, "attendance", present[1], "confidentiality_agreed", QCheckBox), on=False)
    idle(qtbot, window)
    assert read(folder, meeting_flag, (meeting_id,)) == [(0,)]
    assert [r[3] for r in _attendance(folder, meeting_id) if r[1] == "present"] == \
        [0 if rid == present[1] else 1 for rid in present]
    assert not widget(window, "confidentialityAgreed", QCheckBox).isChecked()

    # Everyone present agreed: the meeting's tick records each of them.
    tick(qtbot, widget(window, "confidentialityAgreed", QCheckBox))
    idle(qtbot, window)
    assert read(folder, meeting_flag, (meeting_id,)) == [(1,)]
    assert all(r[3] == 1 for r in _attendance(folder, meeting_id) if r[1] == "present")
    assert row_field(window, "attendance", present[1], "confidentiality_agreed", QCheckBox).isChecked()


def test_a_position_for_an_agency_not_present_is_refused_and_nothing_is_stored(qtbot, open_window,
                                                                              held_review):  # noqa: F811
    from PySide6.QtCore import Qt

    folder, meeting_id, visor, date = held_review
    present = {r[2] for r in _attendance(folder, meeting_id) if r[1] == "present"}
    positions = "SELECT p.* FROM decision_positions p JOIN decisions d ON d.id = p.decision_id WHERE d.meeting_id = ?"
    before = read(folder, positions, (meeting_id,))
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Decisions")
    # A position whose agency list has an agency not present just above or below its own: one key press picks it.
    step = None
    for row in before:
        combo = row_field(window, "decision_positions", row[0], "agency_id", QComboBox)
        i = combo.currentIndex()
        for key, j in ((Qt.Key.Key_Down, i + 1), (Qt.Key.Key_Up, i - 1)):
            if 0 <= j < combo.count() and combo.itemData(j) not in present:
                step = combo, key, combo.itemData(j), row[0], combo.currentData()
                break
        if step:
            break
    assert step is not None
    combo, key, absent, position, stored = step
    combo.setFocus()
    qtbot.waitUntil(combo.hasFocus)
    qtbot.keyClick(combo, key)
    _message(qtbot, window, "only an agency present at the meeting gives a position")
    idle(qtbot, window)
    assert read(folder, positions, (meeting_id,)) == before
    qtbot.waitUntil(lambda: row_field(window, "decision_positions", position, "agency_id",
                                      QComboBox).currentData() == stored)  # the screen shows what is stored
    assert absent not in {row[2] for row in read(folder, positions, (meeting_id,))}
