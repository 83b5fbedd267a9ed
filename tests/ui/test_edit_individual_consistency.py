"""Issue 18 item 2 in the "Edit details" dialog: a date of birth that cannot be right, a ViSOR reference that is
plainly not one, and a RoSH the category does not allow are refused under the form with a sentence naming the
field, and the vault is unchanged (fictional demo data)."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QPushButton

from mappa_desk.services import records
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_edit_individual_dialog import _open, controller  # noqa: F401
from tests.ui.test_new_meeting_dialog import choose, retype
from tests.ui.test_unlock_screen import click, find

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def _individual(session, family_name):
    return session.db.scalar("SELECT id FROM individuals WHERE family_name = ?", (family_name,))


def _row(session, individual_id):
    return session.db.rows("SELECT * FROM individuals WHERE id = ?", (individual_id,))[0]


def _refused(qtbot, dialog, session, individual_id, words):
    before, last = _row(session, individual_id), session.db.scalar("SELECT max(id) FROM audit_log")
    click(qtbot, find(dialog, QPushButton, "saveIndividualButton"))
    error = find(dialog, QLabel, "newIndividualError")
    qtbot.waitUntil(lambda: words in error.text(), timeout=GUI_TIMEOUT_MS)
    assert dialog.isVisible()
    assert _row(session, individual_id) == before
    assert session.db.scalar("SELECT max(id) FROM audit_log") == last


@pytest.mark.parametrize("typed, words", [
    ("1/1/2030", "The date of birth is not in the past."),
    ("1/1/1890", "The date of birth is more than 120 years ago."),
])
def test_an_implausible_date_of_birth_is_refused(qtbot, controller, vault_session, typed, words):  # noqa: F811
    records.load_demo(vault_session)
    individual_id = _individual(vault_session, "Fernbrae")
    dialog = _open(qtbot, controller, vault_session, individual_id)
    retype(qtbot, find(dialog, QLineEdit, "individualDateOfBirth"), typed)
    _refused(qtbot, dialog, vault_session, individual_id, words)


@pytest.mark.parametrize("typed, words", [
    ("---", "The ViSOR reference has no letter or digit, so it is not a reference."),
    ("DEMO/" + "0" * 60, "The ViSOR reference is longer than 60 characters"),
])
def test_a_visor_reference_that_is_not_one_is_refused(qtbot, controller, vault_session, typed, words):  # noqa: F811
    records.load_demo(vault_session)
    individual_id = _individual(vault_session, "Fernbrae")
    dialog = _open(qtbot, controller, vault_session, individual_id)
    field = find(dialog, QLineEdit, "individualVisorRef")
    field.setMaxLength(100)  # whatever limit the field has, the rule holds for pasted or imported text
    retype(qtbot, field, typed)
    _refused(qtbot, dialog, vault_session, individual_id, words)


def test_category_3_at_medium_rosh_is_refused(qtbot, controller, vault_session):  # noqa: F811
    records.load_demo(vault_session)
    individual_id = _individual(vault_session, "Skellybrae")  # category 3, RoSH high
    dialog = _open(qtbot, controller, vault_session, individual_id)
    choose(qtbot, find(dialog, QComboBox, "individualRosh"), "Medium")
    _refused(qtbot, dialog, vault_session, individual_id,
             "The risk of serious harm cannot be Medium in this category (Category 3: other risk of serious harm), "
             "which needs High or Very high.")


def test_a_restricted_patient_led_by_the_police_is_refused(qtbot, controller, vault_session):  # noqa: F811
    records.load_demo(vault_session)
    individual_id = _individual(vault_session, "Dunmorrow")  # category 2, led by health
    dialog = _open(qtbot, controller, vault_session, individual_id)
    choose(qtbot, find(dialog, QComboBox, "individualLeadAgency"), "Police Scotland")
    _refused(qtbot, dialog, vault_session, individual_id,
             "The lead agency of a restricted patient (Category 2: restricted patient) is a health agency: choose "
             "NHS Health Board as the lead agency.")


def test_a_plausible_change_is_still_saved(qtbot, controller, vault_session):  # noqa: F811
    records.load_demo(vault_session)
    individual_id = _individual(vault_session, "Skellybrae")
    dialog = _open(qtbot, controller, vault_session, individual_id)
    choose(qtbot, find(dialog, QComboBox, "individualRosh"), "Very high")
    retype(qtbot, find(dialog, QLineEdit, "individualVisorRef"), "DEMO/0005A")
    click(qtbot, find(dialog, QPushButton, "saveIndividualButton"))
    qtbot.waitUntil(lambda: controller.dialog is None, timeout=GUI_TIMEOUT_MS)
    row = _row(vault_session, individual_id)
    assert (row["rosh_level"], row["visor_ref"]) == ("very_high", "DEMO/0005A")



# -- the same rules in the New individual dialog -------------------------------------------------------------

@pytest.mark.parametrize("rosh, level, visor, words", [
    ("Medium", "Level 2", "VR/2026/0700", "The risk of serious harm cannot be Medium in this category"),
    ("High", "Level 1", "VR/2026/0701", "has no Level 1: leaving Level 2 is recorded as exit from MAPPA."),
    ("High", "Level 2", "?!", "The ViSOR reference has no letter or digit"),
])
def test_the_new_individual_dialog_refuses_the_same(qtbot, vault_session, rosh, level, visor, words):
    from tests.ui.test_new_individual_dialog import counts, fill_minimum, open_dialog
    from ui.new_individual.controller import NewIndividualController
    from ui.tasks import TaskRunner
    runner = TaskRunner()
    controller = NewIndividualController(runner, None)
    try:
        before = counts(vault_session)
        dialog = open_dialog(qtbot, controller, vault_session)
        fill_minimum(qtbot, dialog, "Balquhidder", visor)  # category 3, led by Justice Social Work
        choose(qtbot, find(dialog, QComboBox, "individualRosh"), rosh)
        choose(qtbot, find(dialog, QComboBox, "individualLevel"), level)
        click(qtbot, find(dialog, QPushButton, "createIndividualButton"))
        error = find(dialog, QLabel, "newIndividualError")
        qtbot.waitUntil(lambda: words in error.text(), timeout=GUI_TIMEOUT_MS)
        assert dialog.isVisible() and counts(vault_session) == before
    finally:
        controller.clear()
        runner.wait_for_done()
