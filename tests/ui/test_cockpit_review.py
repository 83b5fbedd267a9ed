"""A whole Level 2 review, run in the cockpit as a chair would, from unlock to the review date."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QListWidget, QPushButton, QTableView

from mappa_desk.services import cockpit as cockpit_service
from mappa_desk.services import records
from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.ui.cockpit_driver import (choose, click, click_row, controller, gap_texts, idle, new_row_field, row_field,
                                     shortcut, tick, type_into, wait_widget, widget)
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_unlock_screen import wait_for_home, wait_for_unlock_page


@pytest.fixture
def demo_vault(vault_session, data_dir):
    """The demo records; returns (folder, the planned Level 2 review, its individual)."""
    records.load_demo(vault_session)
    db = vault_session.db
    meeting = db.query("""SELECT id, individual_id, meeting_date, previous_meeting_id FROM meetings
                          WHERE status = 'planned' AND kind = 'review' AND level = 2""")[0]
    individual = db.query("SELECT given_names, family_name, visor_ref FROM individuals WHERE id = ?", (meeting[1],))[0]
    vault_session.close()
    return data_dir, meeting, individual


def open_session(folder):
    return sessions.unlock(folder, PASSPHRASE)


def unlock_and_open(qtbot, open_window, folder, visor_ref: str, meeting_text: str):
    """Unlock, then three clicks: the individual, the meeting, Open meeting."""
    window = open_window(folder)
    field = wait_for_unlock_page(qtbot, window)
    qtbot.keyClicks(field, PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_for_home(qtbot, window)
    individuals = widget(window, "individualList", QTableView)
    qtbot.waitUntil(lambda: individuals.model().rowCount() > 0, timeout=GUI_TIMEOUT_MS)
    click_row(qtbot, individuals, visor_ref)
    meetings = widget(window, "meetingList", QTableView)
    qtbot.waitUntil(lambda: any(meeting_text in str(meetings.model().index(r, 0).data())
                                for r in range(meetings.model().rowCount())), timeout=GUI_TIMEOUT_MS)
    click_row(qtbot, meetings, meeting_text)
    click(qtbot, widget(window, "openMeetingButton", QPushButton))
    rail = wait_widget(qtbot, window, "agendaRail", QListWidget)
    qtbot.waitUntil(lambda: controller(window).data is not None and rail.count() > 0, timeout=GUI_TIMEOUT_MS)
    return window


def test_a_level_2_review_from_unlock_to_review_date(qtbot, open_window, demo_vault, monkeypatch):
    # The case closes at a time of day after its planned start, whenever the test runs (at 00:30 a meeting
    # planned for 10:00 would end before it started, and is rightly refused).
    monkeypatch.setattr(cockpit_service, "_now_hhmm", lambda: "11:50")
    folder, (meeting_id, _ind_id, meeting_date, previous_id), (_given, _family, visor_ref) = demo_vault
    assert meeting_date == "2026-12-15"
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    ctl = controller(window)
    assert "Introductions" in window.cockpit_view.step_title.text()
    assert "confidentiality statement" in window.cockpit_view.prompts.text()

    # 1. Opening: confidentiality agreed; everyone but the last invitee present; the last sent apologies.
    tick(qtbot, widget(window, "confidentialityAgreed", QCheckBox))
    invitees = [r["id"] for r in ctl.data.rows["attendance"]]
    assert len(invitees) >= 3
    window.cockpit_view.rail.setFocus()
    for _ in invitees[:-1]:
        shortcut(qtbot, window, "Ctrl+Shift+P")
        idle(qtbot, window)
    absent = invitees[-1]
    choose(qtbot, row_field(window, "attendance", absent, "status", QComboBox), "Apologies")
    idle(qtbot, window)
    type_into(qtbot, row_field(window, "attendance", absent, "limitation"),
              "No report: the housing view on the address could not be heard.")
    shortcut(qtbot, window, "Ctrl+Return")

    # 2. Actions from the last meeting: an outcome for each, one carried forward.
    assert "Actions from the last meeting" in window.cockpit_view.step_title.text()
    carried = [a["id"] for a in ctl.data.previous_actions]
    assert carried
    outcomes = ["Done", "Not done: circumstances changed", "Not done by the agency"]
    for n, action_id in enumerate(carried):
        choose(qtbot, row_field(window, "actions", action_id, "outcome", QComboBox), outcomes[n % 3])
    click(qtbot, row_field(window, "actions", carried[-1], "carryForward", QPushButton))
    idle(qtbot, window)
    shortcut(qtbot, window, "Ctrl+Return")

    # 3. Information shared, one item not to be passed on.
    assert "Information shared" in window.cockpit_view.step_title.text()
    shortcut(qtbot, window, "Ctrl+Shift+I")
    agency = new_row_field(qtbot, window, "information_items", "source_agency_id")
    choose(qtbot, agency, "Police Scotland")
    item_id = int(agency.objectName().split(":")[1])
    type_into(qtbot, row_field(window, "information_items", item_id, "text"),
              "Two SONR home visits since the last meeting; no concerns noted.")
    shortcut(qtbot, window, "Ctrl+Return")

    # 4. Risk: RoSH, victim issues, a risk with one scenario.
    assert "Risk of serious harm" in window.cockpit_view.step_title.text()
    choose(qtbot, row_field(window, "meetings", meeting_id, "rosh_level", QComboBox), "High")
    type_into(qtbot, row_field(window, "meetings", meeting_id, "victim_issues"), "Former partner: safety plan in place.")
    type_into(qtbot, row_field(window, "meetings", meeting_id, "diversity_issues"), "None identified.")
    shortcut(qtbot, window, "Ctrl+Shift+R")
    kind = new_row_field(qtbot, window, "risks", "kind")
    risk_id = int(kind.objectName().split(":")[1])
    type_into(qtbot, kind, "Domestic abuse")
    click(qtbot, row_field(window, "risks", risk_id, "addScenario", QPushButton))
    context = new_row_field(qtbot, window, "risk_scenarios", "context")
    scenario_id = int(context.objectName().split(":")[1])
    for column, text in (("context", "A new relationship"), ("what", "Controlling behaviour and violence"),
                         ("who_at_risk", "A new partner"), ("when_likely", "If drinking resumes"),
                         ("how", "Isolation and threats"), ("why", "Jealousy")):
        type_into(qtbot, row_field(window, "risk_scenarios", scenario_id, column), text)
    choose(qtbot, row_field(window, "risk_scenarios", scenario_id, "seriousness", QComboBox), "High")
    shortcut(qtbot, window, "Ctrl+Return")

    # 5. RMP: a supervision measure against the risk, and a contingency.
    click(qtbot, widget(window, "addMeasure_supervision", QPushButton))
    description = new_row_field(qtbot, window, "rmp_measures", "description")
    measure_id = int(description.objectName().split(":")[1])
    type_into(qtbot, description, "Weekly supervision appointments")
    choose(qtbot, row_field(window, "rmp_measures", measure_id, "agency_id", QComboBox), "Justice Social Work")
    type_into(qtbot, row_field(window, "rmp_measures", measure_id, "timescale"), "Weekly")
    number = ctl.data.rows["risks"][-1]["number"]
    tick(qtbot, row_field(window, "rmp_measures", measure_id, f"risk{number}", QCheckBox))
    idle(qtbot, window)
    click(qtbot, widget(window, "addContingencyButton", QPushButton))
    trigger = new_row_field(qtbot, window, "contingencies", "trigger")
    contingency_id = int(trigger.objectName().split(":")[1])
    type_into(qtbot, trigger, "Missed appointment")
    type_into(qtbot, row_field(window, "contingencies", contingency_id, "response"), "Same-day home visit")
    shortcut(qtbot, window, "Ctrl+Return")

    # 6. Housing.
    type_into(qtbot, row_field(window, "meetings", meeting_id, "housing_notes"), "Address remains suitable.")
    shortcut(qtbot, window, "Ctrl+Return")

    # 7. A decision with recorded dissent.
    click(qtbot, widget(window, "addDecisionButton", QPushButton))
    question = new_row_field(qtbot, window, "decisions", "question")
    decision_id = int(question.objectName().split(":")[1])
    type_into(qtbot, question, "Should curfew checks stop?")
    choose(qtbot, row_field(window, "decisions", decision_id, "outcome", QComboBox), "Decided with recorded dissent")
    type_into(qtbot, row_field(window, "decisions", decision_id, "decision_text"), "Curfew checks continue.")
    click(qtbot, row_field(window, "decisions", decision_id, "addEveryAgency", QPushButton))
    idle(qtbot, window)
    positions = [p for p in ctl.data.rows["decision_positions"] if p["decision_id"] == decision_id]
    assert len(positions) >= 2
    dissent = positions[0]["id"]
    choose(qtbot, row_field(window, "decision_positions", dissent, "stance", QComboBox), "Disagree")
    type_into(qtbot, row_field(window, "decision_positions", dissent, "reason"), "Checks add nothing now.")
    type_into(qtbot, row_field(window, "decisions", decision_id, "how_proceeded"),
              "Majority view adopted; to be revisited at the next review.")
    shortcut(qtbot, window, "Ctrl+Return")

    # 8. Disclosure considered and not made, with the reason.
    click(qtbot, widget(window, "addDisclosureButton", QPushButton))
    to_whom = new_row_field(qtbot, window, "disclosures", "to_whom")
    disclosure_id = int(to_whom.objectName().split(":")[1])
    type_into(qtbot, to_whom, "New partner")
    type_into(qtbot, row_field(window, "disclosures", disclosure_id, "reason_not_made"),
              "No relationship is known to exist yet.")
    shortcut(qtbot, window, "Ctrl+Return")

    # 9. Level maintained: the level from now follows.
    choose(qtbot, row_field(window, "meetings", meeting_id, "level_decision", QComboBox), "Maintain")
    type_into(qtbot, row_field(window, "meetings", meeting_id, "level_rationale"),
              "Risk unchanged; multi-agency management still needed.")
    shortcut(qtbot, window, "Ctrl+Return")

    # 10. A new action.
    shortcut(qtbot, window, "Ctrl+Shift+A")
    what = new_row_field(qtbot, window, "actions", "description")
    action_id = int(what.objectName().split(":")[1])
    type_into(qtbot, what, "Update the risk assessment")
    type_into(qtbot, row_field(window, "actions", action_id, "person_name"), "Supervising officer")
    choose(qtbot, row_field(window, "actions", action_id, "agency_id", QComboBox), "Justice Social Work")
    type_into(qtbot, row_field(window, "actions", action_id, "due_date"), "15/01/2027")
    shortcut(qtbot, window, "Ctrl+Return")

    # 11. Review date: too late first (the clock says so), then within 12 weeks; then close the case.
    assert "Review date" in window.cockpit_view.step_title.text()
    review = row_field(window, "meetings", meeting_id, "review_date")
    type_into(qtbot, review, "30/03/2027")
    problem = widget(window, "reviewDateProblem")
    qtbot.waitUntil(problem.isVisible, timeout=GUI_TIMEOUT_MS)
    assert "9 March 2027" in problem.text()  # 15 Dec 2026 + 12 weeks
    type_into(qtbot, review, "23/02/2027")
    qtbot.waitUntil(lambda: not problem.isVisible(), timeout=GUI_TIMEOUT_MS)
    type_into(qtbot, row_field(window, "meetings", meeting_id, "individual_informed_by"),
              "Supervising officer, at the next appointment")
    idle(qtbot, window)
    qtbot.waitUntil(lambda: not any(t.startswith("Needed") for t in gap_texts(window)), timeout=GUI_TIMEOUT_MS)
    click(qtbot, widget(window, "closeCaseButton", QPushButton))
    idle(qtbot, window)

    session = open_session(folder)
    try:
        db = session.db
        assert db.query("SELECT status, confidentiality_agreed, confidentiality_agreed_at != '', rosh_level, "
                        "level_decision, level_after, review_date, housing_notes FROM meetings WHERE id = ?",
                        (meeting_id,)) == [("held", 1, 1, "high", "maintain", 2, "2027-02-23",
                                            "Address remains suitable.")]
        statuses = dict(db.query("SELECT id, status FROM attendance WHERE meeting_id = ?", (meeting_id,)))
        assert statuses[absent] == "apologies"
        assert all(statuses[i] == "present" for i in invitees[:-1])
        assert db.scalar("SELECT limitation FROM attendance WHERE id = ?", (absent,)).startswith("No report")
        assert db.query("""SELECT outcome, status, reviewed_in_meeting_id FROM actions WHERE meeting_id = ?
                           ORDER BY position, id""", (previous_id,)) == [
            ({"Done": "done", "Not done: circumstances changed": "not_done_circumstances_changed",
              "Not done by the agency": "not_done_by_agency"}[outcomes[n % 3]], "closed", meeting_id)
            for n in range(len(carried))]
        assert db.scalar("SELECT count(*) FROM actions WHERE meeting_id = ? AND carried_from_action_id = ?",
                         (meeting_id, carried[-1])) == 1
        assert db.query("SELECT stance, reason FROM decision_positions WHERE id = ?", (dissent,)) == \
            [("disagree", "Checks add nothing now.")]
        assert db.query("SELECT outcome, how_proceeded FROM decisions WHERE id = ?", (decision_id,)) == \
            [("decided_with_dissent", "Majority view adopted; to be revisited at the next review.")]
        assert db.query("""SELECT x.heading, x.description, x.timescale, l.risk_number FROM rmp_measures x
                           JOIN rmp_measure_risks l ON l.measure_id = x.id WHERE x.id = ?""", (measure_id,)) == \
            [("supervision", "Weekly supervision appointments", "Weekly", number)]
        assert db.query("SELECT what, seriousness FROM risk_scenarios WHERE id = ?", (scenario_id,)) == \
            [("Controlling behaviour and violence", "high")]
        assert db.query("SELECT shareable, text FROM information_items WHERE id = ?", (item_id,)) == \
            [(0, "Two SONR home visits since the last meeting; no concerns noted.")]
        assert db.query("SELECT made, reason_not_made FROM disclosures WHERE id = ?", (disclosure_id,)) == \
            [(0, "No relationship is known to exist yet.")]
        assert db.query("SELECT description, due_date FROM actions WHERE id = ?", (action_id,)) == \
            [("Update the risk assessment", "2027-01-15")]
        assert db.scalar("SELECT count(*) FROM agenda_items WHERE meeting_id = ? AND state != 'done'",
                         (meeting_id,)) == 0
    finally:
        session.close()
