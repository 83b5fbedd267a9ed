"""The read-back at the close: read from the record when opened, with last meeting's plan beside it."""

from __future__ import annotations

import pytest
from shiboken6 import isValid
from PySide6.QtWidgets import QApplication, QLabel, QPushButton

from mappa_desk.domain.dates import long as british_date
from mappa_desk.services import records
from mappa_desk.services import session as sessions
from mappa_desk.services.new_meeting import _carry_forward
from mappa_desk.storage.rows import AgencyCodes
from tests.conftest import PASSPHRASE
from tests.ui.cockpit_driver import click, controller, go_to, row_field, shortcut, type_into, wait_widget
from tests.ui.test_cockpit_review import unlock_and_open

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # offscreen platform only


@pytest.fixture
def review_vault(vault_session, data_dir):
    """The demo's planned Level 2 review with last meeting's plan carried forward (as a new review gets it),
    a decision, two actions and a review date."""
    records.load_demo(vault_session)
    db = vault_session.db
    meeting_id, individual_id, previous_id = db.query(
        "SELECT id, individual_id, previous_meeting_id FROM meetings WHERE status = 'planned' AND kind = 'review' "
        "AND level = 2")[0]
    visor_ref = db.scalar("SELECT visor_ref FROM individuals WHERE id = ?", (individual_id,))
    agency = db.scalar("SELECT id FROM agencies WHERE active = 1 ORDER BY id LIMIT 1")
    with db.transaction():
        _carry_forward(db, AgencyCodes(db), previous_id, meeting_id)
        db.execute("INSERT INTO decisions (meeting_id, question, decision_text, outcome, position) VALUES "
                   "(?, 'Is the level right?', 'Stay at Level 2', 'consensus', 0)", (meeting_id,))
        for n, (what, who, due) in enumerate((("Check the new address", "Ann Example", "2027-01-08"),
                                              ("Book the programme", "Ben Sample", "2027-01-22"))):
            db.execute("INSERT INTO actions (meeting_id, uid, description, person_name, agency_id, due_date, position, "
                       "number) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                       (meeting_id, f"readback-{n}", what, who, agency, due, n, n + 1))
        db.execute("UPDATE meetings SET review_date = '2027-03-10', level_decision = 'maintain', level_after = 2 "
                   "WHERE id = ?", (meeting_id,))
    vault_session.close()
    return data_dir, meeting_id, visor_ref


def test_read_back_shows_the_record_and_a_measure_edited_here_as_changed(qtbot, open_window, review_vault):
    folder, meeting_id, visor_ref = review_vault
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    ctl = controller(window)
    go_to(qtbot, window, "Risk management plan")
    measure = ctl.data.rows["rmp_measures"][0]
    was = measure["description"]
    field = row_field(window, "rmp_measures", measure["id"], "description")
    type_into(qtbot, field, "Licence supervision with two home visits a week")
    go_to(qtbot, window, "Review date and close")  # leaving the field saves it
    click(qtbot, wait_widget(qtbot, window, "readBackButton", QPushButton))
    qtbot.waitUntil(lambda: ctl.read_back_dialog is not None and ctl.read_back_dialog.isVisible())
    dialog = ctl.read_back_dialog

    session = sessions.unlock(folder, PASSPHRASE)
    try:
        db = session.db
        actions = db.query("SELECT description, person_name, due_date FROM actions WHERE meeting_id = ? "
                           "ORDER BY position, id", (meeting_id,))
        decisions = db.query("SELECT question, decision_text FROM decisions WHERE meeting_id = ? ORDER BY position",
                             (meeting_id,))
        review_date, level_after = db.query("SELECT review_date, level_after FROM meetings WHERE id = ?",
                                            (meeting_id,))[0]
    finally:
        session.close()
    shown_actions = dialog.findChild(QLabel, "readBackActions").text().splitlines()
    assert len(shown_actions) == len(actions) == 2
    for n, (line, (what, who, due)) in enumerate(zip(shown_actions, actions), 1):
        assert line.startswith(f"{n}. {what}") and who in line and british_date(due) in line
    shown_decisions = dialog.findChild(QLabel, "readBackDecisions").text()
    assert all(q in shown_decisions and d in shown_decisions for q, d in decisions)
    assert dialog.findChild(QLabel, "readBackReviewDate").text() == british_date(review_date)
    assert f"from now Level {level_after}" in dialog.findChild(QLabel, "readBackLevel").text()
    plan = dialog.findChild(QLabel, "readBackPlan").text().splitlines()
    changed = [line for line in plan if line.startswith("Changed: ")]
    assert len(changed) == 1
    assert "two home visits a week" in changed[0] and f"was Supervision: {was}" in changed[0]
    assert not [line for line in plan if line.startswith(("Added", "Removed"))]

    # Computed when opened: an edit after the first reading shows in the next one (F6, from the field itself).
    dialog.close()
    window.activateWindow()
    review = row_field(window, "meetings", meeting_id, "review_date")
    type_into(qtbot, review, "23/02/2027")
    review.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    shortcut(qtbot, window, "F6")
    qtbot.waitUntil(lambda: ctl.read_back_dialog is not None and ctl.read_back_dialog is not dialog
                    and ctl.read_back_dialog.isVisible())
    assert ctl.read_back_dialog.findChild(QLabel, "readBackReviewDate").text() == "23 February 2027"

    # Lock (Ctrl+L, from anywhere) leaves nothing of the meeting on screen: the read-back goes too.
    shown = ctl.read_back_dialog
    window.lock_action.trigger()
    qtbot.waitUntil(lambda: ctl.read_back_dialog is None and not (isValid(shown) and shown.isVisible()))
