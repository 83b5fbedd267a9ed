"""Text the documents cannot print is refused in the field it was typed in, with a sentence, and never saved."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextCursor

from tests.ui.cockpit_driver import go_to, idle, row_field, type_into
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_cockpit_undo import british_short, held_review, read  # noqa: F401 - fixture

EMOJI_SENTENCE = ("MAPPA Desk cannot print the character U+1F600 (grinning face) in its documents; "
                  "please leave it out.")


def test_an_emoji_or_a_control_character_is_refused_where_it_is_typed(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Risk of serious harm")
    victim = row_field(window, "meetings", meeting_id, "victim_issues")
    type_into(qtbot, victim, "Kept text")
    idle(qtbot, window)
    assert read(folder, "SELECT victim_issues FROM meetings WHERE id = ?", (meeting_id,)) == [("Kept text",)]

    for pasted, sentence in ((" \U0001F600", EMOJI_SENTENCE), (" \x07", "control character U+0007")):
        victim.setFocus()
        qtbot.waitUntil(victim.hasFocus)
        victim.setPlainText("Kept text")
        victim.moveCursor(QTextCursor.MoveOperation.End)
        victim.insertPlainText(pasted)  # as pasted: these cannot be typed key by key
        qtbot.keyClick(victim, Qt.Key.Key_Tab)
        idle(qtbot, window)
        assert read(folder, "SELECT victim_issues FROM meetings WHERE id = ?", (meeting_id,)) == [("Kept text",)]
        assert victim.toPlainText() == "Kept text" + pasted  # kept on screen, to be corrected
        assert victim.property("invalid") and sentence in victim.toolTip()
        assert sentence in victim.accessibleDescription()
        assert sentence in window.cockpit_view.message.text()

    type_into(qtbot, victim, "Corrected")
    idle(qtbot, window)
    assert read(folder, "SELECT victim_issues FROM meetings WHERE id = ?", (meeting_id,)) == [("Corrected",)]
    assert not victim.property("invalid") and victim.toolTip() == ""
