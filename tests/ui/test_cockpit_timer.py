"""The cockpit's clock: what the chair sees of the time, and the times the record keeps."""

from __future__ import annotations

import datetime as _dt

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPushButton, QSpinBox

import ui.cockpit.steps as cockpit_steps
from mappa_desk.services import cockpit as cockpit_service
from mappa_desk.services import records
from tests.ui.cockpit_driver import click, controller, go_to, idle, row_field, shortcut, type_into, widget
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_autolock import unlock, wait_locked
from tests.ui.test_cockpit_review import demo_vault, open_session, unlock_and_open  # noqa: F401 - fixture
from tests.ui.test_cockpit_steps import Clock
from tests.ui.test_wheel_guard import wheel_down


@pytest.fixture
def held_review(vault_session, data_dir):
    """A complete review, back in progress and started at 14:00; returns (folder, meeting id, visor ref, date)."""
    records.load_demo(vault_session)
    db = vault_session.db
    meeting_id, date, visor_ref = db.query(
        """SELECT m.id, m.meeting_date, i.visor_ref FROM meetings m JOIN individuals i ON i.id = m.individual_id
           WHERE m.kind = 'review' AND m.status = 'held' ORDER BY m.id LIMIT 1""")[0]
    db.execute("UPDATE meetings SET status = 'in_progress', start_time = '14:00', end_time = '' WHERE id = ?",
               (meeting_id,))
    vault_session.close()
    return data_dir, meeting_id, visor_ref, _dt.date.fromisoformat(date).strftime("%d %b %Y").lstrip("0")


def test_closing_at_a_time_before_the_start_is_refused_with_a_sentence(qtbot, open_window, held_review, monkeypatch):
    folder, meeting_id, visor_ref, date_text = held_review
    monkeypatch.setattr(cockpit_service, "_now_hhmm", lambda: "03:21")
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, date_text)
    go_to(qtbot, window, "Review date and close")
    click(qtbot, widget(window, "closeCaseButton", QPushButton))
    error = widget(window, "closeCaseError", QLabel)
    qtbot.waitUntil(lambda: error.isVisible() and error.text() != "")
    assert "would end at 03:21, before it started at 14:00" in error.text()
    idle(qtbot, window)
    controller(window).close()
    session = open_session(folder)
    try:
        assert session.db.query("SELECT status, start_time, end_time FROM meetings WHERE id = ?",
                                (meeting_id,)) == [("in_progress", "14:00", "")]
    finally:
        session.close()


def test_a_planned_meeting_opens_without_its_clocks_running_until_the_chair_starts_it(qtbot, open_window, demo_vault,
                                                                                    monkeypatch):
    clock = Clock()
    monkeypatch.setattr(cockpit_steps.time, "monotonic", clock)
    folder, (meeting_id, _ind, meeting_date, _prev), (_given, _family, visor_ref) = demo_vault
    assert meeting_date > _dt.date.today().isoformat()  # set up for a later date
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    ctl, view = controller(window), window.cockpit_view
    start = widget(window, "startMeetingButton", QPushButton)
    assert start.isVisible()
    clock.now += 600  # ten minutes with the meeting open, not started
    ctl._on_tick()
    assert view.step_timer.text().startswith("0:00 of ") and view.case_timer.text().startswith("Case 0:00 of ")
    assert stored(folder, meeting_id) == ("planned", "10:00")  # the time it was planned for
    monkeypatch.setattr(cockpit_service, "_now_hhmm", lambda: "10:07")

    click(qtbot, start)
    qtbot.waitUntil(lambda: not start.isVisible())
    assert ctl.data.meeting["status"] == "in_progress"
    assert stored(folder, meeting_id) == ("in_progress", "10:07")  # the time the chair started it
    clock.now += 65
    ctl._on_tick()
    assert view.step_timer.text().startswith("1:05 of ")


def stored(folder, meeting_id) -> tuple[str, str]:
    session = open_session(folder)
    try:
        return tuple(session.db.query("SELECT status, start_time FROM meetings WHERE id = ?", (meeting_id,))[0])
    finally:
        session.close()


def stored_seconds(folder, step_id: int) -> int:
    """The time the vault holds for an agenda step."""
    session = open_session(folder)
    try:
        return session.db.scalar("SELECT seconds_spent FROM agenda_items WHERE id = ?", (step_id,))
    finally:
        session.close()


def start_planned_review(qtbot, open_window, demo_vault, monkeypatch) -> tuple:
    """The planned review opened and started, with a clock the test moves; returns (window, clock)."""
    clock = Clock()
    monkeypatch.setattr(cockpit_steps.time, "monotonic", clock)
    folder, _meeting, (_given, _family, visor_ref) = demo_vault
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    click(qtbot, widget(window, "startMeetingButton", QPushButton))
    qtbot.waitUntil(lambda: controller(window)._timing)
    return window, clock


def test_the_case_timer_is_large_and_turns_amber_near_the_time_allowed_and_red_past_it(qtbot, open_window, demo_vault,
                                                                                     monkeypatch):
    window, clock = start_planned_review(qtbot, open_window, demo_vault, monkeypatch)
    ctl, timer = controller(window), widget(window, "caseTimer", QLabel)
    assert timer.font().bold() and timer.font().pointSizeF() >= 1.5 * window.cockpit_view.subtitle.font().pointSizeF()
    allowed = sum(s["allocated_seconds"] for s in ctl.steps)
    left = allowed - sum(s["seconds_spent"] for s in ctl.steps)
    assert timer.property("state") == "normal"
    clock.now += left - 5 * 60 - 1  # five minutes and a second to go
    ctl._on_tick()
    assert timer.property("state") == "normal"
    clock.now += 1
    ctl._on_tick()
    assert timer.property("state") == "amber" and timer.accessibleDescription() == "Nearly at the time allowed"
    clock.now += 5 * 60 + 1  # a second over
    ctl._on_tick()
    assert timer.property("state") == "red" and timer.accessibleDescription() == "Over the time allowed"
    assert timer.text().startswith(f"Case {allowed // 60}:01 of {allowed // 60}:00")


def test_paused_time_is_not_counted_and_a_reload_keeps_the_clocks_paused(qtbot, open_window, demo_vault, monkeypatch):
    window, clock = start_planned_review(qtbot, open_window, demo_vault, monkeypatch)
    ctl, view = controller(window), window.cockpit_view
    pause = widget(window, "pauseClockButton", QPushButton)
    assert pause.isVisible() and pause.text() == "Pause clock"
    clock.now += 60
    click(qtbot, pause)
    assert pause.text() == "Resume clock"
    clock.now += 600  # ten minutes paused
    ctl._on_tick()
    assert view.step_timer.text().startswith("1:00 of ") and view.case_timer.text().endswith("(paused)")
    with qtbot.waitSignal(ctl.sig_loaded):
        ctl.reload()  # the cockpit reloads itself after many edits
    clock.now += 60
    ctl._on_tick()
    assert view.step_timer.text().startswith("1:00 of ") and pause.text() == "Resume clock"
    idle(qtbot, window)
    assert stored_seconds(demo_vault[0], ctl.steps[0]["id"]) == 60

    shortcut(qtbot, window, "Ctrl+Shift+T")  # resumes
    clock.now += 5
    ctl._on_tick()
    assert view.step_timer.text().startswith("1:05 of ") and not view.case_timer.text().endswith("(paused)")
    assert pause.text() == "Pause clock"


def test_clocks_paused_before_lock_are_still_paused_after_unlock(qtbot, open_window, demo_vault, monkeypatch):
    window, clock = start_planned_review(qtbot, open_window, demo_vault, monkeypatch)
    clock.now += 60
    shortcut(qtbot, window, "Ctrl+Shift+T")  # pause
    idle(qtbot, window)
    window.lock_action.trigger()
    wait_locked(qtbot, window)
    clock.now += 900  # a quarter of an hour locked
    unlock(qtbot, window)
    qtbot.waitUntil(lambda: window.cockpit_view.isVisible() and controller(window).data is not None,
                    timeout=GUI_TIMEOUT_MS)
    ctl, view = controller(window), window.cockpit_view
    assert widget(window, "pauseClockButton", QPushButton).text() == "Resume clock"
    clock.now += 120
    ctl._on_tick()
    assert view.step_timer.text().startswith("1:00 of ") and view.case_timer.text().endswith("(paused)")
    ctl.flush()
    idle(qtbot, window)
    assert stored_seconds(demo_vault[0], ctl.steps[0]["id"]) == 60


def test_the_chair_sets_the_time_allowed_for_this_meeting_and_the_wheel_cannot_change_it(qtbot, open_window,
                                                                                      demo_vault, monkeypatch):
    window, _clock = start_planned_review(qtbot, open_window, demo_vault, monkeypatch)
    ctl, view = controller(window), window.cockpit_view
    allowance = widget(window, "caseAllowance", QSpinBox)
    proposed = sum(s["allocated_seconds"] for s in ctl.steps) // 60  # the template's agenda
    assert allowance.value() == proposed and view.case_timer.text().endswith(f"of {proposed}:00")
    wheel_down(allowance)  # the pointer passing over it, not focused
    assert allowance.value() == proposed
    allowance.setFocus()
    allowance.lineEdit().selectAll()
    qtbot.keyClicks(allowance.lineEdit(), "25")
    qtbot.keyClick(allowance.lineEdit(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.case_timer.text().endswith("of 25:00"))
    idle(qtbot, window)
    session = open_session(demo_vault[0])
    try:
        assert session.db.scalar("SELECT sum(allocated_seconds) FROM agenda_items WHERE meeting_id = ?",
                                 (demo_vault[1][0],)) == 25 * 60
    finally:
        session.close()


def test_an_end_time_typed_before_the_start_is_refused_and_the_field_shows_what_is_stored(qtbot, open_window,
                                                                                        held_review):
    folder, meeting_id, visor_ref, date_text = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, date_text)
    go_to(qtbot, window, "Introductions")
    ended = row_field(window, "meetings", meeting_id, "end_time", QLineEdit)
    type_into(qtbot, ended, "03:21")
    message = widget(window, "cockpitMessage", QLabel)
    qtbot.waitUntil(lambda: "would end at 03:21, before it started at 14:00" in message.text())
    qtbot.waitUntil(lambda: row_field(window, "meetings", meeting_id, "end_time", QLineEdit).text() == "")
    idle(qtbot, window)
    controller(window).close()
    session = open_session(folder)
    try:
        assert session.db.query("SELECT start_time, end_time FROM meetings WHERE id = ?", (meeting_id,)) == \
            [("14:00", "")]
    finally:
        session.close()
