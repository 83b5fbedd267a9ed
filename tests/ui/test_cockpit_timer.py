"""The cockpit's clock: what the chair sees of the time, and the times the record keeps."""

from __future__ import annotations

import datetime as _dt

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from mappa_desk.services import cockpit as cockpit_service
from mappa_desk.services import records
from tests.ui.cockpit_driver import click, controller, go_to, idle, widget
from tests.ui.test_cockpit_review import open_session, unlock_and_open


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
    assert "cannot end at 03:21: it started at 14:00" in error.text()
    idle(qtbot, window)
    controller(window).close()
    session = open_session(folder)
    try:
        assert session.db.query("SELECT status, start_time, end_time FROM meetings WHERE id = ?",
                                (meeting_id,)) == [("in_progress", "14:00", "")]
    finally:
        session.close()
