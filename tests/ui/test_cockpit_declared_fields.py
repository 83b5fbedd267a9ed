"""A field the cockpit shows by its declaration alone (Field.panel): the date a level decision takes effect
appears in the MAPPA level step with a date editor, and what the chair types is what the vault holds."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLineEdit

from tests.ui.cockpit_driver import go_to, idle, row_field, type_into, widget
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_cockpit_undo import british_short, held_review, read  # noqa: F401 (the fixture)


def test_the_level_step_shows_the_declared_date_and_saves_it(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "MAPPA level")
    box = widget(window, "declaredGroup_level", QGroupBox)
    field = row_field(window, "meetings", meeting_id, "level_effective_date", QLineEdit)
    assert box.isAncestorOf(field) and field.isVisible()
    assert field.accessibleName() == "Level decision takes effect"
    type_into(qtbot, field, "18/01/2027")
    idle(qtbot, window)
    assert read(folder, "SELECT level_effective_date FROM meetings WHERE id = ?", (meeting_id,)) == [("2027-01-18",)]
    type_into(qtbot, field, "31/02/2027")  # not a date: nothing saved
    idle(qtbot, window)
    assert read(folder, "SELECT level_effective_date FROM meetings WHERE id = ?", (meeting_id,)) == [("2027-01-18",)]
