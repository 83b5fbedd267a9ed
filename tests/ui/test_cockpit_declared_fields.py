"""A field the cockpit shows by its declaration alone (Field.panel): the date a level decision takes effect
appears in the MAPPA level step with a date editor, and what the chair types is what the vault holds."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QGroupBox, QLineEdit, QPushButton

from tests.ui.cockpit_driver import choose, click, go_to, idle, new_row_field, row_field, tick, type_into, widget
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


def test_the_rmp_step_shows_the_plans_declared_fields_and_saves_them(qtbot, open_window, held_review):  # noqa: F811
    """Issue 17: part A, the plan's context, exit strategy and agreement in the plan's own group; each measure's
    frequency and dates and each contingency's contact on its card. What is typed or chosen is what the vault
    holds."""
    from PySide6.QtWidgets import QComboBox, QPlainTextEdit

    from tests.ui.cockpit_driver import choose

    folder, meeting_id, visor, date = held_review
    measure, contingency = (read(folder, f"SELECT id FROM {t} WHERE meeting_id = ? ORDER BY position LIMIT 1",
                                 (meeting_id,))[0][0] for t in ("rmp_measures", "contingencies"))
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Risk management plan")
    box = widget(window, "declaredGroup_rmp", QGroupBox)
    for column, label in (("basis_of_assessment", "Basis of assessment"), ("risk_formulation", "Risk formulation"),
                          ("risk_factors", "Risk factors"), ("protective_factors", "Protective factors"),
                          ("plan_context", "Context and timeframe of the plan"), ("exit_strategy", "Exit strategy")):
        field = row_field(window, "meetings", meeting_id, column, QPlainTextEdit)
        assert box.isAncestorOf(field) and field.isVisible() and field.accessibleName() == label
    basis = row_field(window, "meetings", meeting_id, "basis_of_assessment", QPlainTextEdit)
    basis.setFocus()
    qtbot.waitUntil(basis.hasFocus)
    qtbot.keyClicks(basis, "Interviews and the case file")
    agreement = row_field(window, "meetings", meeting_id, "plan_agreement", QComboBox)
    assert box.isAncestorOf(agreement) and agreement.accessibleName() == "Agreement of the plan"
    choose(qtbot, agreement, "Agreed with amendments")
    idle(qtbot, window)
    assert read(folder, "SELECT basis_of_assessment, plan_agreement FROM meetings WHERE id = ?", (meeting_id,)) == [
        ("Interviews and the case file", "agreed_with_amendments")]

    frequency = row_field(window, "rmp_measures", measure, "frequency", QLineEdit)
    assert frequency.isVisible() and not box.isAncestorOf(frequency)
    type_into(qtbot, frequency, "Fortnightly")
    type_into(qtbot, row_field(window, "rmp_measures", measure, "start_date", QLineEdit), "07/12/2026")
    type_into(qtbot, row_field(window, "rmp_measures", measure, "review_date", QLineEdit), "01/03/2027")
    type_into(qtbot, row_field(window, "contingencies", contingency, "contact", QLineEdit), "Duty inspector")
    idle(qtbot, window)
    assert read(folder, "SELECT frequency, start_date, review_date FROM rmp_measures WHERE id = ?", (measure,)) == [
        ("Fortnightly", "2026-12-07", "2027-03-01")]
    assert read(folder, "SELECT contact FROM contingencies WHERE id = ?", (contingency,)) == [("Duty inspector",)]


def test_the_disclosure_step_shows_the_declared_outcome_and_each_disclosure_s_route_and_teller(
        qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Disclosure")
    box = widget(window, "declaredGroup_disclosure", QGroupBox)
    considered = row_field(window, "meetings", meeting_id, "disclosure_considered", QComboBox)
    reason = row_field(window, "meetings", meeting_id, "disclosure_none_reason")
    assert box.isAncestorOf(considered) and box.isAncestorOf(reason) and considered.isVisible()
    assert considered.accessibleName() == "Disclosure considered"
    assert reason.accessibleName() == "Why no disclosure is needed"
    choose(qtbot, considered, "Considered: no disclosure is needed")
    idle(qtbot, window)
    type_into(qtbot, row_field(window, "meetings", meeting_id, "disclosure_none_reason"),
              "No third party is at risk.")
    idle(qtbot, window)
    assert read(folder, "SELECT disclosure_considered, disclosure_none_reason FROM meetings WHERE id = ?",
                (meeting_id,)) == [("none_needed", "No third party is at risk.")]

    click(qtbot, widget(window, "addDisclosureButton", QPushButton))
    to_whom = new_row_field(qtbot, window, "disclosures", "to_whom")
    row_id = int(to_whom.objectName().split(":")[1])
    card = widget(window, f"disclosures:{row_id}")
    route = row_field(window, "disclosures", row_id, "route", QComboBox)
    assert card.isAncestorOf(route) and route.isVisible()
    choose(qtbot, route, "Another route (see the details)")
    idle(qtbot, window)
    type_into(qtbot, row_field(window, "disclosures", row_id, "route_detail", QLineEdit), "By letter")
    idle(qtbot, window)
    told = row_field(window, "disclosures", row_id, "individual_told", QCheckBox)
    assert card.isAncestorOf(told) and told.text() == "The individual is told of the disclosure"
    tick(qtbot, told)
    idle(qtbot, window)
    type_into(qtbot, row_field(window, "disclosures", row_id, "individual_told_by", QLineEdit), "Jo Kerr")
    idle(qtbot, window)
    assert read(folder, "SELECT route, route_detail, individual_told, individual_told_by FROM disclosures "
                        "WHERE id = ?", (row_id,)) == [("other", "By letter", 1, "Jo Kerr")]
