"""Agenda steps in the cockpit: time kept against the allocation, a skipped step with its reason, names typed in."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QPushButton

import ui.cockpit.steps as cockpit_steps
from mappa_desk.domain.agenda import load_agenda
from mappa_desk.domain.profile import DEFAULT_JURISDICTION
from tests.ui.cockpit_driver import click, controller, idle, row_field, shortcut, type_into, widget
from tests.ui.test_cockpit_review import demo_vault, open_session, unlock_and_open  # noqa: F401 - fixture

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


class Clock:
    """Stands in for time.monotonic so a test can let minutes pass without waiting for them."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_time_on_each_step_is_kept_and_a_skip_needs_a_reason(qtbot, open_window, demo_vault, monkeypatch):
    clock = Clock()
    monkeypatch.setattr(cockpit_steps.time, "monotonic", clock)
    folder, (meeting_id, *_rest), (_given, _family, visor_ref) = demo_vault
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    ctl = controller(window)
    click(qtbot, widget(window, "startMeetingButton", QPushButton))  # a planned meeting's clocks start here
    qtbot.waitUntil(lambda: ctl._timing)
    first = ctl.steps[0]
    opening = load_agenda(DEFAULT_JURISDICTION)[0]  # the template's minutes for the opening step
    assert first["state"] == "in_progress" and first["allocated_seconds"] == opening.minutes * 60 > 0

    clock.now += 372  # 6 min 12 s on the opening
    ctl._on_tick()
    assert window.cockpit_view.step_timer.text() == f"6:12 of {opening.minutes}:00  (over time)"
    assert window.cockpit_view.case_timer.text().startswith("Case 6:12 of ")
    window.cockpit_view.rail.setFocus()
    shortcut(qtbot, window, "Ctrl+PgDown")
    idle(qtbot, window)
    session = open_session(folder)
    try:
        assert session.db.query("SELECT state, seconds_spent FROM agenda_items WHERE id = ?", (first["id"],)) == \
            [("in_progress", 372)]
    finally:
        session.close()

    # Skipping asks why; an empty answer skips nothing.
    step = ctl.steps[ctl.current]
    monkeypatch.setattr(cockpit_steps, "ask_text", lambda *a, **k: "")
    click(qtbot, widget(window, "stepSkipButton", QPushButton))
    assert ctl.current == 1 and ctl.steps[1]["state"] == "in_progress"
    monkeypatch.setattr(cockpit_steps, "ask_text", lambda *a, **k: "  Nothing was due from the last meeting.  ")
    click(qtbot, widget(window, "stepSkipButton", QPushButton))
    idle(qtbot, window)
    assert ctl.current == 2
    assert "Skipped" not in window.cockpit_view.prompts.text()
    session = open_session(folder)
    try:
        assert session.db.query("SELECT state, skip_reason FROM agenda_items WHERE id = ?", (step["id"],)) == \
            [("skipped", "Nothing was due from the last meeting.")]
    finally:
        session.close()
    assert "–  2." in window.cockpit_view.rail.item(1).text()  # the rail marks it skipped


def test_a_name_typed_on_an_attendee_is_a_person_of_that_agency(qtbot, open_window, demo_vault):
    folder, (meeting_id, *_rest), (_given, _family, visor_ref) = demo_vault
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    ctl = controller(window)
    row = ctl.data.rows["attendance"][-1]
    type_into(qtbot, row_field(window, "attendance", row["id"], "person_name"), "Jo Substitute")
    idle(qtbot, window)
    session = open_session(folder)
    try:
        assert session.db.query("""SELECT p.full_name, p.agency_id FROM attendance a JOIN people p ON p.id = a.person_id
                                   WHERE a.id = ?""", (row["id"],)) == [("Jo Substitute", row["agency_id"])]
    finally:
        session.close()
    # Undo points the attendance back at the person who was there before.
    window.cockpit_view.rail.setFocus()
    shortcut(qtbot, window, "Ctrl+Z")
    idle(qtbot, window)
    session = open_session(folder)
    try:
        assert session.db.scalar("SELECT person_id FROM attendance WHERE id = ?", (row["id"],)) == row["person_id"]
    finally:
        session.close()
    assert row_field(window, "attendance", row["id"], "person_name").text() == (row["person_name"] or "")

