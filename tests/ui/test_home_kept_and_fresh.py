"""Home, as its reads were made quicker: a search keeps whoever is selected, and What is due, read beside the list
on a connection of its own, still sees every change saved before Home was asked to list."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QListWidget

from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_home_due import page  # noqa: F401 - fixture
from tests.ui.test_documents_screen import click_row
from tests.ui.test_home_screen import click_header, click_individual, home_page, refs_of  # noqa: F401 - fixture

# Pages shown on their own (not in the main window) make the offscreen plugin say this: not ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = "2026-01-01T00:00:00Z"


def test_a_search_that_still_shows_the_individual_keeps_them_and_their_record(qtbot, home_page):
    view, controller, session = home_page
    drumlachie = refs_of(session)["DEMO/0001"]
    with qtbot.waitSignal(controller.sig_individual_shown, timeout=GUI_TIMEOUT_MS):
        click_individual(qtbot, view, drumlachie)
    click_row(qtbot, view.meeting_list, 1)
    chosen = view.selected_meeting().meeting_id
    view.record.tabs.setCurrentIndex(2)
    shown = []
    controller.sig_individual_shown.connect(shown.append)

    qtbot.keyClicks(view.search, "drum")  # part of their name: they stay in the list
    assert [view.individual_list.model().index(r, 0).data() for r in range(view.individual_list.model().rowCount())] \
        == ["Calum James Drumlachie"]
    assert view.selected_individual_id() == drumlachie
    # Their record stays on screen as it was, not emptied and read again.
    assert view.shown_individual_id() == drumlachie
    assert view.selected_meeting().meeting_id == chosen
    assert view.record.tabs.currentIndex() == 2
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert view.individual_list.model().rowCount() == 6
    assert view.selected_individual_id() == drumlachie and view.shown_individual_id() == drumlachie
    assert view.individual_list.currentIndex().row() == view.individuals_model.row_of(drumlachie)
    qtbot.wait(50)
    assert shown == [], "the record was not read again"


def test_what_is_due_sees_a_change_saved_just_before_home_listed(qtbot, page):
    view, controller, session, due_list = page
    db = session.db
    assert db.reader is not db, "the vault has a reader connection of its own"
    controller.runner.wait_for_done()
    let_go = threading.Event()

    def save_a_referral():  # on the database lane, as any save is, and still going when Home asks to list
        let_go.wait(10)
        with db.transaction():
            newcomer = db.execute("INSERT INTO individuals (uid, family_name, given_names, visor_ref, category, "
                                  "current_level, created_at, updated_at) VALUES ('late', 'Carnbrae', 'Ailsa', "
                                  "'DEMO/0098', 1, 3, ?, ?)", (NOW, NOW)).lastrowid
            db.execute("INSERT INTO referrals (individual_id, referred_on, level, created_at) "
                       "VALUES (?, '2026-11-16', 3, ?)", (newcomer, NOW))

    controller.runner.submit(save_a_referral)
    controller.reload()
    qtbot.wait(300)  # time enough for a What is due read that did not wait for the save
    let_go.set()
    entry = "Due soon: Ailsa Carnbrae – Initial Level 3 meeting due 23 Nov 2026 (referred 16 Nov 2026)"
    qtbot.waitUntil(lambda: not controller.runner.is_busy(), timeout=GUI_TIMEOUT_MS)
    entries = [due_list.item(n).text() for n in range(due_list.count())]
    assert entry in entries
    assert view.individuals_model.is_listed(db.scalar("SELECT id FROM individuals WHERE uid = 'late'"))


def test_what_is_due_beside_the_list_shows_what_it_showed_after_it(qtbot, page, monkeypatch):
    view, controller, session, due_list = page
    beside = [due_list.item(n).text() for n in range(due_list.count())]
    summary = view.due_panel.summary.text()
    monkeypatch.setattr(type(session.db), "reader", property(lambda db: db))  # as if there were no reader
    controller.reload()
    qtbot.waitUntil(lambda: not controller.runner.is_busy(), timeout=GUI_TIMEOUT_MS)
    assert isinstance(due_list, QListWidget)
    assert [due_list.item(n).text() for n in range(due_list.count())] == beside
    assert view.due_panel.summary.text() == summary


def test_sorting_while_a_search_is_typed_sorts_what_it_shows_and_all_once_it_is_cleared(qtbot, home_page):
    view, _controller, _session = home_page

    def names():
        model = view.individual_list.model()
        return [model.index(r, 0).data() for r in range(model.rowCount())]

    urgency = names()
    qtbot.keyClicks(view.search, "brae")
    assert names() == ["Martin Skellybrae", "Ciarán Fernbrae"]  # most urgent first
    click_header(qtbot, view.individual_list, 0)  # Name: by family name
    assert names() == ["Ciarán Fernbrae", "Martin Skellybrae"]
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)
    assert names() == ["Kyle Cairnbrake", "Calum James Drumlachie", "Alasdair Dunmorrow", "Ciarán Fernbrae",
                       "Ryan Glenquharrie", "Martin Skellybrae"]
    click_header(qtbot, view.individual_list, 3)  # Due: most urgent first again
    assert names() == urgency
    click_header(qtbot, view.individual_list, 3)
    assert names() == urgency[::-1]
