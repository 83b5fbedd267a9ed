"""Home reads its list a page at a time (issue 19: Home may not grow with the caseload): the first page comes with
What is due and the first record, the next as the chair scrolls; a search, another order or someone asked for far
down the list still finds everyone, in the same order as reading the list whole."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from mappa_desk.services import home, records
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_home_screen import TODAY, click_header, open_home
from ui.home.model import IndividualsModel

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

NOW = "2026-01-01T00:00:00Z"
PAGE = 7
FAMILIES = ["Achnabrae", "Balquhidder-Moss", "Corriebrack", "Drumfernie", "Eaglesfield", "Fintrybank", "Glenmarra",
            "Hallrule", "Inverdrum", "Kilmorack", "Lochearnside", "Muirhouse", "Nethercraig", "Ochtermuir",
            "Pitcairnie", "Quarrelburn", "Rosebrae", "Strathdon", "Tullochgorm", "Uphall", "Westercraig"]


def add_caseload(session) -> None:
    """Fictional individuals after the demo's six: some sharing a review date, some with none (listed last)."""
    db = session.db
    with db.transaction():
        for n, family in enumerate(FAMILIES * 2):
            given = "Ailsa" if n < len(FAMILIES) else "Bryce"
            db.execute("INSERT INTO individuals (uid, family_name, given_names, visor_ref, category, current_level, "
                       "created_at, updated_at) VALUES (?, ?, ?, ?, 1, 2, ?, ?)",
                       (f"page-{n}", family, given, f"PAGE/{n:04d}", NOW, NOW))
            individual = db.scalar("SELECT max(id) FROM individuals")
            if n % 5 != 4:  # every fifth has no review date yet
                db.execute("INSERT INTO meetings (uid, individual_id, kind, level, meeting_date, status, review_date, "
                           "created_at, updated_at) VALUES (?, ?, 'initial', 2, '2026-06-01', 'held', ?, ?, ?)",
                           (f"page-m-{n}", individual, f"2027-0{1 + n % 4}-1{n % 3}", NOW, NOW))


@pytest.fixture
def paged(qtbot, vault_session, monkeypatch):
    monkeypatch.setattr(home, "PAGE", PAGE)
    records.load_demo(vault_session)
    add_caseload(vault_session)
    view, controller = open_home(qtbot, vault_session)
    controller.runner.wait_for_done()
    yield view, controller, vault_session
    controller.clear()
    controller.runner.wait_for_done()


def names_shown(view) -> list[str]:
    model = view.individuals_model
    return [model.index(r, IndividualsModel.NAME).data() for r in range(model.rowCount())]


def settle(qtbot, controller) -> None:
    qtbot.waitUntil(lambda: not controller.runner.is_busy(), timeout=GUI_TIMEOUT_MS)
    qtbot.wait(20)


def test_the_list_comes_a_page_at_a_time_as_the_chair_scrolls_in_the_order_of_the_whole(qtbot, paged):
    view, controller, session = paged
    whole = [row["name"] for row in home.individual_rows(session, today=TODAY)]
    assert len(whole) == 6 + 2 * len(FAMILIES)
    first = names_shown(view)
    assert len(first) < len(whole), "only the first pages are read to start with"
    assert first == whole[:len(first)]
    assert not view.individuals_model.complete()
    bar = view.individual_list.verticalScrollBar()
    counts = [len(first)]
    for _ in range(len(whole)):  # the scroll bar dragged to the bottom, as a chair would, until the list ends
        bar.setValue(bar.maximum())
        settle(qtbot, controller)
        counts.append(view.individuals_model.rowCount())
        if view.individuals_model.complete():
            break
    assert names_shown(view) == whole  # every one, once, in order: the undated last
    assert counts == sorted(counts) and len(set(counts)) > 2, counts


def test_a_search_finds_someone_not_yet_read(qtbot, paged):
    view, controller, session = paged
    last = home.individual_rows(session, today=TODAY)[-1]
    assert not view.individuals_model.is_listed(last["id"])
    qtbot.keyClicks(view.search, last["visor_ref"])
    settle(qtbot, controller)
    assert names_shown(view) == [last["name"]]
    assert view.selected_individual_id() == last["id"]
    assert not view.list_empty.isVisible() or "No one matches" not in view.list_empty.text()
    qtbot.keyClick(view.search, Qt.Key.Key_Escape)  # the whole list now, in its order
    assert names_shown(view) == [row["name"] for row in home.individual_rows(session, today=TODAY)]


def test_sorting_by_name_sorts_everyone(qtbot, paged):
    view, controller, session = paged
    click_header(qtbot, view.individual_list, IndividualsModel.NAME)
    settle(qtbot, controller)
    rows = home.individual_rows(session, today=TODAY)
    by_name = sorted(rows, key=lambda row: (home.fold(row["family_name"]), home.fold(row["given_names"])))
    assert names_shown(view) == [row["name"] for row in by_name]


def test_someone_far_down_the_list_is_read_and_selected_when_asked_for(qtbot, paged):
    view, controller, session = paged
    rows = home.individual_rows(session, today=TODAY)
    wanted = rows[-2]
    with qtbot.waitSignal(controller.sig_individual_shown, timeout=GUI_TIMEOUT_MS,
                          check_params_cb=lambda shown: shown == wanted["id"]):
        controller.select_individual(wanted["id"])
    assert view.selected_individual_id() == wanted["id"]
    assert view.record.shown_individual_id() == wanted["id"]
    assert names_shown(view) == [row["name"] for row in rows[:len(names_shown(view))]]


def test_ctrl_end_goes_to_the_last_individual_of_the_whole_list_not_of_the_pages_read(qtbot, paged):
    view, controller, session = paged
    whole = [row["name"] for row in home.individual_rows(session, today=TODAY)]
    assert len(names_shown(view)) < len(whole)
    table = view.individual_list
    table.setFocus()
    qtbot.waitUntil(table.hasFocus, timeout=GUI_TIMEOUT_MS)
    qtbot.keyClick(table, Qt.Key.Key_End, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: view.selected_individual() is not None
                    and view.selected_individual()["name"] == whole[-1], timeout=GUI_TIMEOUT_MS)
    assert names_shown(view) == whole
    settle(qtbot, controller)
    assert view.shown_individual_id() == view.selected_individual_id()
    assert not view.list_empty.isVisible()
