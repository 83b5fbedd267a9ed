"""Undo and redo in the cockpit put back exactly what the database held; larger text for a projector."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QComboBox, QPushButton, QToolButton

from mappa_desk.services import records
from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.demo.unfilled import empty_later_fields
from tests.ui.cockpit_driver import choose, click, controller, go_to, idle, row_field, shortcut, type_into, widget
from tests.ui.test_cockpit_review import unlock_and_open


@pytest.fixture
def held_review(vault_session, data_dir):
    records.load_demo(vault_session)
    db = vault_session.db
    meeting_id, individual_id, date = db.query(
        "SELECT id, individual_id, meeting_date FROM meetings WHERE kind = 'review' AND status = 'held' "
        "AND level = 2 ORDER BY id LIMIT 1")[0]
    empty_later_fields(db, meeting_id)  # as the chair finds it before filling Part A, the purposes ...
    visor = db.scalar("SELECT visor_ref FROM individuals WHERE id = ?", (individual_id,))
    vault_session.close()
    return data_dir, meeting_id, visor, date


def read(folder, sql, params=()):
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        return session.db.query(sql, params)
    finally:
        session.close()


def british_short(iso: str) -> str:
    from mappa_desk.domain import dates
    return dates.short(iso)


def test_undo_and_redo_restore_what_the_database_held(qtbot, open_window, held_review):
    folder, meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    ctl = controller(window)
    go_to(qtbot, window, "Risk of serious harm")

    # Remove a risk: its scenarios and the plan's links go with it; undo brings all of it back.
    risk = ctl.data.rows["risks"][0]
    before = read(folder, "SELECT * FROM risk_scenarios WHERE risk_id = ? ORDER BY id", (risk["id"],))
    links = read(folder, """SELECT l.* FROM rmp_measure_risks l JOIN rmp_measures x ON x.id = l.measure_id
                            WHERE x.meeting_id = ? ORDER BY 1, 2""", (meeting_id,))
    assert before and links
    click(qtbot, row_field(window, "risks", risk["id"], "remove", QPushButton))
    idle(qtbot, window)
    assert read(folder, "SELECT count(*) FROM risks WHERE id = ?", (risk["id"],)) == [(0,)]
    assert window.findChild(QPushButton, f"risks:{risk['id']}:remove") is None
    shortcut(qtbot, window, "Ctrl+Z")
    idle(qtbot, window)
    assert read(folder, "SELECT * FROM risk_scenarios WHERE risk_id = ? ORDER BY id", (risk["id"],)) == before
    assert read(folder, """SELECT l.* FROM rmp_measure_risks l JOIN rmp_measures x ON x.id = l.measure_id
                           WHERE x.meeting_id = ? ORDER BY 1, 2""", (meeting_id,)) == links
    assert window.findChild(QPushButton, f"risks:{risk['id']}:remove") is not None
    shortcut(qtbot, window, "Ctrl+Shift+Z")
    idle(qtbot, window)
    assert read(folder, "SELECT count(*) FROM risks WHERE id = ?", (risk["id"],)) == [(0,)]
    click(qtbot, widget(window, "undoButton", QToolButton))
    idle(qtbot, window)
    assert read(folder, "SELECT count(*) FROM risk_scenarios WHERE risk_id = ?", (risk["id"],)) == [(len(before),)]

    # Typing in a field, in two bursts, is one undo step; the field shows the old text again.
    victim = row_field(window, "meetings", meeting_id, "victim_issues")
    old = victim.toPlainText()
    type_into(qtbot, victim, "First thought")
    type_into(qtbot, victim, "Second thought")
    idle(qtbot, window)
    assert read(folder, "SELECT victim_issues FROM meetings WHERE id = ?", (meeting_id,)) == [("Second thought",)]
    click(qtbot, widget(window, "undoButton", QToolButton))
    idle(qtbot, window)
    assert read(folder, "SELECT victim_issues FROM meetings WHERE id = ?", (meeting_id,)) == [(old,)]
    assert victim.toPlainText() == old

    # A level decision sets the level that follows; one undo takes back both.
    go_to(qtbot, window, "MAPPA level")
    original = read(folder, "SELECT level_decision, level_after FROM meetings WHERE id = ?", (meeting_id,))
    choose(qtbot, row_field(window, "meetings", meeting_id, "level_decision", QComboBox), "Increase")
    idle(qtbot, window)
    assert read(folder, "SELECT level_decision, level_after FROM meetings WHERE id = ?", (meeting_id,)) == \
        [("increase", 3)]
    assert row_field(window, "meetings", meeting_id, "level_after", QComboBox).currentText() == "Level 3 (MAPPP)"
    click(qtbot, widget(window, "undoButton", QToolButton))
    idle(qtbot, window)
    assert read(folder, "SELECT level_decision, level_after FROM meetings WHERE id = ?", (meeting_id,)) == original


def test_larger_text_for_a_projector(qtbot, open_window, held_review):
    folder, _meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    view = window.cockpit_view
    normal = view.rail.font().pointSizeF()
    click(qtbot, widget(window, "largerTextButton", QToolButton))
    assert view.rail.font().pointSizeF() == pytest.approx(normal * 1.25)
    shortcut(qtbot, window, "Ctrl+0")
    assert view.rail.font().pointSizeF() == pytest.approx(normal)
