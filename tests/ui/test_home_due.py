"""Home's "What is due" panel, driven as a chair would: read it, fold it, and jump from an entry to the record."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QListWidget, QToolButton

from mappa_desk import paths
from mappa_desk.services import records
from tests.ui.conftest import GUI_TIMEOUT_MS
from ui.home.controller import HomeController
from ui.home.view import HomeView
from ui.tasks import TaskRunner

# The offscreen platform says so when a shown window's size hints change (the panel folding, say): not ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

TODAY = "2026-11-21"  # the demo's latest minutes are all late; Skellybrae's review is 3 days away
NOW = "2026-01-01T00:00:00Z"


def _ids(session) -> dict[str, int]:
    return {ref: row_id for row_id, ref in session.db.query("SELECT id, visor_ref FROM individuals")}


@pytest.fixture
def page(qtbot, vault_session):
    """HomeView and HomeController on the demo records, with one newly referred individual (no meeting yet)."""
    records.load_demo(vault_session)
    db = vault_session.db
    with db.transaction():
        newcomer = db.execute("INSERT INTO individuals (uid, family_name, given_names, visor_ref, category, "
                              "current_level, created_at, updated_at) VALUES ('new', 'Tollbrae', 'Innes', "
                              "'DEMO/0099', 1, 3, ?, ?)", (NOW, NOW)).lastrowid
        db.execute("INSERT INTO referrals (individual_id, referred_on, level, created_at) VALUES (?, '2026-11-16', "
                   "3, ?)", (newcomer, NOW))
    view = HomeView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    runner = TaskRunner()
    controller = HomeController(view, runner)
    controller.today = lambda: TODAY
    controller.load(vault_session)
    due_list = view.findChild(QListWidget, "dueList")
    qtbot.waitUntil(lambda: due_list.count() > 0 and view.shown_individual_id() is not None, timeout=GUI_TIMEOUT_MS)
    yield view, controller, vault_session, due_list
    controller.clear()
    runner.wait_for_done()


def _row(due_list: QListWidget, text: str) -> int:
    rows = [n for n in range(due_list.count()) if text in due_list.item(n).text()]
    assert len(rows) == 1, (text, [due_list.item(n).text() for n in range(due_list.count())])
    return rows[0]


def test_a_long_list_shows_the_most_urgent_and_counts_them_all(qtbot, page, monkeypatch):
    view, controller, session, due_list = page
    everything = [due_list.item(n).text() for n in range(due_list.count())]
    summary = view.findChild(QLabel, "dueSummary")
    whole = summary.text()
    monkeypatch.setattr("ui.home.due.LISTED", 3)
    controller.reload()
    qtbot.waitUntil(lambda: due_list.count() == 3, timeout=GUI_TIMEOUT_MS)
    assert [due_list.item(n).text() for n in range(3)] == everything[:3]
    assert summary.text() == f"{whole} (the 3 most urgent are listed; `mappa-desk due` lists them all)"


def test_overdue_then_due_soon_in_words_with_a_summary(qtbot, page):
    view, _controller, session, due_list = page
    entries = [due_list.item(n).text() for n in range(due_list.count())]
    overdue = [e for e in entries if e.startswith("Overdue: ")]
    soon = [e for e in entries if e.startswith("Due soon: ")]
    assert overdue and soon and entries == overdue + soon, "every entry says which it is, overdue first"
    assert "Due soon: Martin Skellybrae – Level 3 review due 24 Nov 2026" in soon
    # Innes Tollbrae, referred at Level 3 on Mon 16 Nov: Tue 17 .. Fri 20 (4), Mon 23 Nov (5).
    assert "Due soon: Innes Tollbrae – Initial Level 3 meeting due 23 Nov 2026 (referred 16 Nov 2026)" in soon
    assert ("Overdue: Calum James Drumlachie – Action due 23 Oct 2026: Send the case conference outcome to the "
            "co-ordinator (Joanne Braidwater, Children and families social work)") in overdue
    summary = view.findChild(QLabel, "dueSummary")
    assert summary.text() == f"{len(overdue)} overdue · {len(soon)} due in the next 14 days"
    row = _row(due_list, "Level 3 review due 24 Nov 2026")
    assert due_list.item(row).toolTip() == \
        "Martin Skellybrae (DEMO/0005): Level 3 review due 24 Nov 2026; due in 3 days."
    assert due_list.accessibleName() == "What is due"
    # Tab goes down the page: from the panel to the caseload.
    due_list.setFocus()
    qtbot.keyClick(due_list, Qt.Key.Key_Tab)
    assert view.individual_list.hasFocus()
    # The caseload stays usable below it at 1366 x 768.
    assert view.individual_list.height() >= 3 * due_list.height()


def test_enter_on_an_action_selects_the_individual_and_its_meeting(qtbot, page):
    view, controller, session, due_list = page
    meeting_id = session.db.scalar("SELECT meeting_id FROM actions WHERE description LIKE 'Resume the sessions%'")
    drumlachie = _ids(session)["DEMO/0001"]
    assert view.selected_individual_id() != drumlachie
    due_list.setFocus()
    due_list.setCurrentRow(_row(due_list, "Action due 30 Nov 2026: Resume the sessions"))
    with qtbot.waitSignal(controller.sig_individual_shown, timeout=GUI_TIMEOUT_MS,
                          check_params_cb=lambda shown: shown == drumlachie):
        qtbot.keyClick(due_list, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: view.selected_meeting() is not None, timeout=GUI_TIMEOUT_MS)
    assert view.selected_individual_id() == drumlachie
    assert view.selected_meeting().meeting_id == meeting_id
    assert view.record.meeting_list.hasFocus()  # Enter again opens that meeting


def test_double_click_on_a_review_selects_the_meeting_that_set_it(qtbot, page):
    view, controller, session, due_list = page
    skellybrae = _ids(session)["DEMO/0005"]
    latest = session.db.scalar("SELECT id FROM meetings WHERE individual_id = ? AND status <> 'planned' "
                               "ORDER BY meeting_date DESC LIMIT 1", (skellybrae,))
    # Someone else first, so the jump is seen.
    with qtbot.waitSignal(controller.sig_individual_shown, timeout=GUI_TIMEOUT_MS):
        controller.select_individual(_ids(session)["DEMO/0006"])
    item = due_list.item(_row(due_list, "Martin Skellybrae – Level 3 review due 24 Nov 2026"))
    due_list.scrollToItem(item)
    centre = due_list.visualItemRect(item).center()
    with qtbot.waitSignal(controller.sig_individual_shown, timeout=GUI_TIMEOUT_MS,
                          check_params_cb=lambda shown: shown == skellybrae):
        # As a mouse does it: a click, then the double-click (Qt activates the item pressed first).
        qtbot.mouseClick(due_list.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(due_list.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.waitUntil(lambda: view.selected_meeting() is not None, timeout=GUI_TIMEOUT_MS)
    assert view.selected_meeting().meeting_id == latest


def test_an_initial_meeting_entry_selects_the_individual_only(qtbot, page):
    view, controller, session, due_list = page
    newcomer = _ids(session)["DEMO/0099"]
    due_list.setCurrentRow(_row(due_list, "Innes Tollbrae – Initial Level 3 meeting"))
    with qtbot.waitSignal(controller.sig_individual_shown, timeout=GUI_TIMEOUT_MS,
                          check_params_cb=lambda shown: shown == newcomer):
        qtbot.keyClick(due_list, Qt.Key.Key_Return)
    assert view.selected_individual_id() == newcomer
    assert view.selected_meeting() is None


def test_the_panel_folds_to_its_summary(qtbot, page):
    view, _controller, _session, due_list = page
    toggle = view.findChild(QToolButton, "dueToggle")
    summary = view.findChild(QLabel, "dueSummary")
    before = view.individual_list.height()
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not due_list.isVisible())
    assert summary.isVisible() and "overdue" in summary.text()
    qtbot.waitUntil(lambda: view.individual_list.height() > before)  # the caseload takes the room
    qtbot.mouseClick(toggle, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(due_list.isVisible)


def test_it_follows_the_vault_and_empties_on_lock(qtbot, page):
    view, controller, session, due_list = page
    with session.db.transaction():
        session.db.execute("UPDATE actions SET status = 'closed' WHERE description LIKE 'Resume the sessions%'")
    controller.reload()
    qtbot.waitUntil(lambda: not any("Resume the sessions" in due_list.item(n).text()
                                    for n in range(due_list.count())), timeout=GUI_TIMEOUT_MS)
    controller.today = lambda: "2026-06-01"  # before any demo meeting: nothing due
    controller.reload()
    qtbot.waitUntil(lambda: view.due_panel.entries() == [], timeout=GUI_TIMEOUT_MS)
    assert [due_list.item(n).text() for n in range(due_list.count())] == [
        "Nothing is overdue or due in the next 14 days."]
    assert view.findChild(QLabel, "dueSummary").text() == "Nothing due"
    shown = view.selected_individual_id()
    due_list.setCurrentRow(0)
    qtbot.keyClick(due_list, Qt.Key.Key_Return)  # the note is not an entry: nothing happens
    assert view.selected_individual_id() == shown
    controller.today = lambda: TODAY
    controller.reload()
    qtbot.waitUntil(lambda: len(view.due_panel.entries()) > 0, timeout=GUI_TIMEOUT_MS)
    controller.clear()  # Lock
    assert due_list.count() == 0 and view.findChild(QLabel, "dueSummary").text() == ""


def test_a_broken_local_holidays_file_is_said_plainly(qtbot, page, tmp_path, monkeypatch):
    view, controller, _session, due_list = page
    (tmp_path / "scotland").mkdir()
    (tmp_path / "scotland" / "local_holidays.json").write_text("{broken", encoding="utf-8")
    monkeypatch.setattr(paths, "templates_dir", lambda: tmp_path)
    controller.reload()
    error = view.findChild(QLabel, "dueError")
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert "local_holidays.json" in error.text() and "not valid JSON" in error.text()
    assert due_list.count() == 0
