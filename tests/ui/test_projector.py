"""The projector view: opened from the cockpit, following its step and saves, never showing what is held back."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton

from mappa_desk.services import records
from tests.ui.cockpit_driver import click, controller, go_to, idle, shortcut, widget
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_cockpit_review import unlock_and_open

# The offscreen platform says so whenever a top-level window's size hints change; a real screen does not.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def demo_folder(vault_session, data_dir):
    """The demo records, closed: returns the data folder."""
    records.load_demo(vault_session)
    vault_session.close()
    return data_dir


def projector(window):
    """One screen (the offscreen platform's): the projector view is the main window's presenting page."""
    return controller(window).projector.embedded


def shown(window) -> str:
    """Every piece of text on the projector window."""
    return "\n".join(label.text() for label in projector(window).findChildren(QLabel))


def held_back(ctl) -> list[str]:
    data = ctl.data
    secret = [data.meeting["victim_issues"], data.meeting["diversity_issues"]]
    secret += [i["text"] for i in data.rows["information_items"] if not i["shareable"]]
    secret += [s["who_at_risk"] for s in data.rows["risk_scenarios"]]
    secret += [m["description"] for m in data.rows["rmp_measures"] if m["heading"] == "victim_safety"]
    secret += [d["to_whom"] for d in data.rows["disclosures"]] + [d["what"] for d in data.rows["disclosures"]]
    return [s for s in secret if s]


def test_the_projector_follows_the_steps_and_never_shows_victim_details(qtbot, open_window, demo_folder):
    window = unlock_and_open(qtbot, open_window, demo_folder, "DEMO/0001", "7 Jul 2026")
    ctl = controller(window)
    secret = held_back(ctl)
    assert len(secret) >= 5 and ctl.data.rows["contingencies"]
    button = widget(window, "projectorButton", QPushButton)
    assert not projector(window).isVisible()
    click(qtbot, button)
    qtbot.waitUntil(projector(window).isVisible, timeout=GUI_TIMEOUT_MS)
    assert button.isChecked()
    assert "ViSOR DEMO/0001 · C. J. D." in shown(window)

    for n, step in enumerate(ctl.steps):
        go_to(qtbot, window, step["title"])
        text = shown(window)
        assert f"Step {n + 1} of {len(ctl.steps)}: {step['title']}" in text
        leaked = [s for s in secret if s in text]
        assert not leaked, f"shown at step {step['title']!r}: {leaked}"
        for name in ("Drumlachie", "Calum", "Keilloch", "Dawn"):
            assert name not in text, f"{name} shown at step {step['title']!r}"
        if step["step_key"] == "information":
            assert "was released from HMP Glenbrannan" in text  # marked shareable
            assert "not marked shareable: not shown on the shared screen" in text
        if step["step_key"] == "rmp":
            assert "SONR home visits" in text  # monitoring and control
            assert "2 victim safety measures: not shown on the shared screen" in text
        if step["step_key"] == "actions":
            assert ctl.data.rows["actions"][0]["description"] in text

    # Home closes the cockpit, and with it the shared screen, which keeps nothing of the meeting.
    click(qtbot, widget(window, "cockpitHomeButton", QPushButton))
    qtbot.waitUntil(lambda: not projector(window).isVisible(), timeout=GUI_TIMEOUT_MS)
    assert not button.isChecked()
    assert "SONR" not in shown(window) and "DEMO/0001" not in shown(window)


def test_f5_toggles_the_projector_which_shows_each_save(qtbot, open_window, demo_folder):
    window = unlock_and_open(qtbot, open_window, demo_folder, "DEMO/0003", "15 Dec 2026")
    ctl = controller(window)
    window.cockpit_view.rail.setFocus()
    shortcut(qtbot, window, "F5")
    qtbot.waitUntil(projector(window).isVisible, timeout=GUI_TIMEOUT_MS)
    assert "No actions yet." in shown(window)

    field = widget(window, "presentingActionField", QLineEdit)  # one screen: the strip adds an action
    qtbot.keyClicks(field, "Send the hostel's incident log to the co-ordinator")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    idle(qtbot, window)
    qtbot.waitUntil(lambda: "Send the hostel's incident log to the co-ordinator" in shown(window),
                    timeout=GUI_TIMEOUT_MS)
    assert f"Step {ctl.current + 1} of {len(ctl.steps)}: Actions" in shown(window)

    shortcut(qtbot, window, "F5")
    qtbot.waitUntil(lambda: not projector(window).isVisible(), timeout=GUI_TIMEOUT_MS)
    assert not widget(window, "projectorButton", QPushButton).isChecked()
