"""The RMP's version and sign-off (issue 17 item 3) are in the risk management plan step by their declarations
alone: what the chair types is what the vault holds."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QLineEdit

from tests.ui.cockpit_driver import go_to, idle, row_field, type_into, widget
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_cockpit_undo import british_short, held_review, read  # noqa: F401 (the fixture)


def test_the_rmp_step_takes_the_plans_version_and_sign_off(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Risk management plan")
    box = widget(window, "declaredGroup_rmp", QGroupBox)
    typed = {"plan_version": ("Version of the plan", "3"),
             "plan_signed_off_by": ("Plan signed off by", "Morag Strathdee"),
             "plan_signed_off_role": ("Role of who signed the plan off", "MAPPA Chair"),
             "plan_signed_off_date": ("Plan signed off on", "04/12/2026")}
    for column, (label, text) in typed.items():
        field = row_field(window, "meetings", meeting_id, column, QLineEdit)
        assert box.isAncestorOf(field) and field.isVisible() and field.accessibleName() == label
        type_into(qtbot, field, text)
        idle(qtbot, window)
    assert read(folder, "SELECT plan_version, plan_signed_off_by, plan_signed_off_role, plan_signed_off_date "
                        "FROM meetings WHERE id = ?", (meeting_id,)) == [
        ("3", "Morag Strathdee", "MAPPA Chair", "2026-12-04")]
