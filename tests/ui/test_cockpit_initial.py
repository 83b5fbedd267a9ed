"""An initial Level 3 meeting for a newly referred individual: New meeting, then the whole case in the cockpit."""

from __future__ import annotations

import datetime as _dt

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QApplication, QCheckBox, QComboBox, QDateEdit, QDialog, QLineEdit, QListWidget,
                               QPushButton, QTableView)

from mappa_desk.domain.model import Individual
from mappa_desk.services import cockpit as cockpit_service
from mappa_desk.services import records
from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.ui.cockpit_driver import (choose, click, click_row, controller, gap_texts, go_to, idle, new_row_field,
                                     row_field, shortcut, tick, type_into, wait_widget, widget)
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_unlock_screen import wait_for_home, wait_for_unlock_page

VISOR = "DEMO/9001"
# The offscreen platform says this of every dialog; it is about the test screen, not the app.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def referred(vault_session, data_dir):
    """A vault with one individual just referred at Level 3, with no meeting yet."""
    records.add_histories(vault_session, [(Individual(
        family_name="Brackenrig", given_names="Tam", category=3, current_level=3, visor_ref=VISOR,
        lead_agency="JSW", date_of_birth="1979-04-02"), [])])
    vault_session.close()
    return data_dir


def new_meeting_dialog(qtbot) -> QDialog:
    def shown():
        return next((w for w in QApplication.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()), None)
    qtbot.waitUntil(lambda: shown() is not None, timeout=GUI_TIMEOUT_MS)
    dialog = shown()
    qtbot.waitUntil(lambda: dialog.findChild(QPushButton, "createMeetingButton").isEnabled(), timeout=GUI_TIMEOUT_MS)
    return dialog


def test_an_initial_level_3_meeting_from_unlock_to_review_date(qtbot, open_window, referred, monkeypatch):
    # The case closes at a time of day after its planned start, whenever the test runs (at 00:30 a meeting
    # planned for 10:00 would end before it started, and is rightly refused).
    monkeypatch.setattr(cockpit_service, "_now_hhmm", lambda: "11:50")
    window = open_window(referred)
    field = wait_for_unlock_page(qtbot, window)
    qtbot.keyClicks(field, PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_for_home(qtbot, window)
    individuals = widget(window, "individualList", QTableView)
    qtbot.waitUntil(lambda: individuals.model().rowCount() == 1, timeout=GUI_TIMEOUT_MS)
    click_row(qtbot, individuals, VISOR)
    click(qtbot, wait_widget(qtbot, window, "newMeetingButton", QPushButton))

    # New meeting: initial (nothing to review), Level 3, chaired by a Detective Superintendent.
    dialog = new_meeting_dialog(qtbot)
    assert dialog.findChild(QComboBox, "meetingKind").currentText() == "Initial"
    choose(qtbot, dialog.findChild(QComboBox, "meetingLevel"), "Level 3 (MAPPP)")
    today = _dt.date.today()
    date = dialog.findChild(QDateEdit, "meetingDate")
    date.setDate(QDate(today.year, today.month, today.day))
    type_into(qtbot, dialog.findChild(QLineEdit, "meetingLocation"), "Kilbrannan Police Office, Room 1")
    type_into(qtbot, dialog.findChild(QLineEdit, "chairName"), "Ross Example")
    choose(qtbot, dialog.findChild(QComboBox, "chairAgency"), "Police Scotland")
    rank = dialog.findChild(QComboBox, "chairRank")
    type_into(qtbot, rank.lineEdit(), "Detective Superintendent")
    invitees = dialog.findChild(QListWidget, "inviteeList")
    assert invitees.count() >= 3  # the responsible authorities, for an initial meeting
    click(qtbot, dialog.findChild(QPushButton, "createMeetingButton"))

    rail = wait_widget(qtbot, window, "agendaRail", QListWidget)
    qtbot.waitUntil(lambda: controller(window).data is not None and rail.count() > 0, timeout=GUI_TIMEOUT_MS)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=GUI_TIMEOUT_MS)
    ctl = controller(window)
    meeting_id = ctl.data.meeting["id"]
    assert ctl.data.meeting["kind"] == "initial" and ctl.data.meeting["level"] == 3
    assert not any(s["step_key"] == "previous_actions" for s in ctl.steps)
    assert window.cockpit_view.step_title.text().startswith("1. Introductions")

    # Opening: statement agreed, everyone present.
    tick(qtbot, widget(window, "confidentialityAgreed", QCheckBox))
    attendees = [r["id"] for r in ctl.data.rows["attendance"]]
    window.cockpit_view.rail.setFocus()
    for _ in attendees:
        shortcut(qtbot, window, "Ctrl+Shift+P")
        idle(qtbot, window)
    shortcut(qtbot, window, "Ctrl+Return")

    # Information, risk, plan.
    shortcut(qtbot, window, "Ctrl+Shift+I")
    agency = new_row_field(qtbot, window, "information_items", "source_agency_id")
    choose(qtbot, agency, "Justice Social Work")
    type_into(qtbot, row_field(window, "information_items", int(agency.objectName().split(":")[1]), "text"),
              "Released on licence last week to a hostel.")
    go_to(qtbot, window, "Risk of serious harm")
    choose(qtbot, row_field(window, "meetings", meeting_id, "rosh_level", QComboBox), "Very high")
    shortcut(qtbot, window, "Ctrl+Shift+R")
    kind = new_row_field(qtbot, window, "risks", "kind")
    risk_id = int(kind.objectName().split(":")[1])
    type_into(qtbot, kind, "Serious violence")
    click(qtbot, row_field(window, "risks", risk_id, "addScenario", QPushButton))
    what = new_row_field(qtbot, window, "risk_scenarios", "context")
    type_into(qtbot, row_field(window, "risk_scenarios", int(what.objectName().split(":")[1]), "what"),
              "An assault on a former associate")
    go_to(qtbot, window, "Risk management plan")
    click(qtbot, widget(window, "addMeasure_monitoring_control", QPushButton))
    measure = new_row_field(qtbot, window, "rmp_measures", "description")
    measure_id = int(measure.objectName().split(":")[1])
    type_into(qtbot, measure, "Electronic monitoring of the curfew")
    tick(qtbot, row_field(window, "rmp_measures", measure_id, "risk1", QCheckBox))
    idle(qtbot, window)

    # A consensus decision, a disclosure made, the level kept, one action.
    go_to(qtbot, window, "Decisions")
    click(qtbot, widget(window, "addDecisionButton", QPushButton))
    question = new_row_field(qtbot, window, "decisions", "question")
    decision_id = int(question.objectName().split(":")[1])
    type_into(qtbot, question, "Is a hostel place suitable?")
    click(qtbot, row_field(window, "decisions", decision_id, "addEveryAgency", QPushButton))
    idle(qtbot, window)
    go_to(qtbot, window, "Disclosure")
    click(qtbot, widget(window, "addDisclosureButton", QPushButton))
    to_whom = new_row_field(qtbot, window, "disclosures", "to_whom")
    disclosure_id = int(to_whom.objectName().split(":")[1])
    tick(qtbot, row_field(window, "disclosures", disclosure_id, "made", QCheckBox))
    type_into(qtbot, to_whom, "Hostel manager")
    type_into(qtbot, row_field(window, "disclosures", disclosure_id, "what"), "Index offence and licence conditions")
    go_to(qtbot, window, "MAPPA level")
    choose(qtbot, row_field(window, "meetings", meeting_id, "level_decision", QComboBox), "Maintain")
    type_into(qtbot, row_field(window, "meetings", meeting_id, "level_rationale"), "Newly released; needs MAPPP.")
    go_to(qtbot, window, "Actions")
    shortcut(qtbot, window, "Ctrl+Shift+A")
    type_into(qtbot, new_row_field(qtbot, window, "actions", "description"), "Arrange the curfew equipment")

    # Review date: Level 3 allows six weeks.
    go_to(qtbot, window, "Review date")
    latest = today + _dt.timedelta(weeks=6)
    assert f"{latest.day} " in widget(window, "latestReviewDate").text()
    review = today + _dt.timedelta(weeks=5)
    type_into(qtbot, row_field(window, "meetings", meeting_id, "review_date"), review.strftime("%d/%m/%Y"))
    idle(qtbot, window)
    qtbot.waitUntil(lambda: not any(t.startswith("Needed") for t in gap_texts(window)), timeout=GUI_TIMEOUT_MS)
    click(qtbot, widget(window, "closeCaseButton", QPushButton))
    idle(qtbot, window)

    session = sessions.unlock(referred, PASSPHRASE)
    try:
        db = session.db
        assert db.query("SELECT kind, level, status, level_decision, level_after, review_date, rosh_level "
                        "FROM meetings WHERE id = ?", (meeting_id,)) == [
            ("initial", 3, "held", "maintain", 3, review.isoformat(), "very_high")]
        assert db.query("SELECT p.full_name, p.rank FROM meetings m JOIN people p ON p.id = m.chair_id "
                        "WHERE m.id = ?", (meeting_id,)) == [("Ross Example", "Detective Superintendent")]
        assert db.scalar("SELECT count(*) FROM attendance WHERE meeting_id = ? AND status != 'present'",
                         (meeting_id,)) == 0
        # "Add every agency present": one position per agency in the room, each starting as Agree.
        assert db.query("SELECT agency_id, stance FROM decision_positions WHERE decision_id = ? ORDER BY agency_id",
                        (decision_id,)) == [
            (agency, "agree") for (agency,) in db.query(
                "SELECT DISTINCT agency_id FROM attendance WHERE meeting_id = ? AND status = 'present' "
                "AND agency_id IS NOT NULL ORDER BY agency_id", (meeting_id,))]
        assert db.query("SELECT made, to_whom FROM disclosures WHERE id = ?", (disclosure_id,)) == [
            (1, "Hostel manager")]
        assert db.query("SELECT l.risk_number FROM rmp_measure_risks l WHERE l.measure_id = ?", (measure_id,)) == [(1,)]
    finally:
        session.close()
