"""issue 18 item 4: the chair records the people and places protected from release beside the victim issues (the
risks step): a name or place, what it is, its other forms. What the chair enters is what the vault holds."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QPushButton

from tests.ui.cockpit_driver import choose, click, go_to, idle, new_row_field, row_field, type_into, widget
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_cockpit_undo import british_short, held_review, read  # noqa: F401 (the fixture)


def test_the_risks_step_records_a_protected_person(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Risk of serious harm")
    click(qtbot, widget(window, "addProtectedButton", QPushButton))
    name = new_row_field(qtbot, window, "protected_persons", "name")
    type_into(qtbot, name, "Ms Morag Fictional")
    row = int(name.objectName().split(":")[1])
    choose(qtbot, row_field(window, "protected_persons", row, "kind", QComboBox), "Potential victim")
    type_into(qtbot, row_field(window, "protected_persons", row, "other_forms", QLineEdit), "Mo; Morag F.")
    idle(qtbot, window)
    assert read(folder, "SELECT meeting_id, name, kind, other_forms FROM protected_persons WHERE id = ?",
                (row,)) == [(meeting_id, "Ms Morag Fictional", "potential_victim", "Mo; Morag F.")]
