"""Ctrl+Shift+S (issue 15, fewer keys for a risk with its scenario): a new scenario for the risk in focus, else
the last risk; its first field takes the focus; with no risk, nothing is added and the step says why."""

from __future__ import annotations

from tests.ui.cockpit_driver import controller, go_to, idle, new_row_field, shortcut, type_into, widget
from tests.ui.test_cockpit_review import demo_vault, open_session, unlock_and_open  # noqa: F401 (fixture)


def scenarios_of(folder, risk_id: int) -> list[str]:
    session = open_session(folder)
    try:
        return [text for (text,) in session.db.query(
            "SELECT context FROM risk_scenarios WHERE risk_id = ? ORDER BY id", (risk_id,))]
    finally:
        session.close()


def test_a_scenario_for_the_risk_just_added_by_one_key(qtbot, open_window, demo_vault):  # noqa: F811
    folder, *_rest, (_given, _family, visor_ref) = demo_vault
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    go_to(qtbot, window, "Risk of serious harm")
    assert not controller(window).data.rows["risks"]
    shortcut(qtbot, window, "Ctrl+Shift+S")
    idle(qtbot, window)
    assert "no risk yet" in widget(window, "removalNote").text()
    assert not controller(window).data.rows["risk_scenarios"]
    shortcut(qtbot, window, "Ctrl+Shift+R")
    kind = new_row_field(qtbot, window, "risks", "kind")
    risk_id = int(kind.objectName().split(":")[1])
    type_into(qtbot, kind, "Sexual offending")
    shortcut(qtbot, window, "Ctrl+Shift+S")
    context = new_row_field(qtbot, window, "risk_scenarios", "context")
    type_into(qtbot, context, "Unsupervised contact at family gatherings")
    idle(qtbot, window)
    window.close()
    assert scenarios_of(folder, risk_id) == ["Unsupervised contact at family gatherings"]
