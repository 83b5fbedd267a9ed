"""Home, driven as a chair would: the caseload, search, one individual's record, and what the buttons ask for."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QPushButton, QTableView, QTabWidget, QTextBrowser

from mappa_desk.services import records
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_screen import (click_row, demo_vault, row_of, select_individual,  # noqa: F401
                                            unlocked_window)
from tests.ui.test_unlock_screen import click, find, wait_for_unlock_page
from ui.common import ERROR_RED
from ui.home.controller import HomeController
from ui.home.view import HomeView
from ui.tasks import TaskRunner

TODAY = "2026-12-09"  # two demo reviews overdue, two due within 14 days
NOW = "2026-01-01T00:00:00Z"


# The demo caseload on TODAY, as the list shows it.
URGENCY = [
    ["Martin Skellybrae", "DEMO/0005", "24 Nov 2026", "Overdue", "Cat 3", "Level 3", "Justice Social Work"],
    ["Kyle Cairnbrake", "DEMO/0002", "8 Dec 2026", "Overdue", "Cat 3", "Level 3", "Justice Social Work"],
    ["Alasdair Dunmorrow", "DEMO/0004", "10 Dec 2026", "Due soon", "Cat 2", "Level 2", "NHS Health Board"],
    ["Calum James Drumlachie", "DEMO/0001", "15 Dec 2026", "Due soon", "Cat 1", "Level 2", "Police Scotland"],
    ["Ciarán Fernbrae", "DEMO/0003", "29 Dec 2026", "", "Cat 1", "Level 2", "Justice Social Work"],
    ["Ryan Glenquharrie", "DEMO/0006", "2 Feb 2027", "", "Cat 1", "Level 2", "Police Scotland"],
]


def cells(table: QTableView, role=Qt.ItemDataRole.DisplayRole) -> list[list]:
    model = table.model()
    return [[model.index(r, c).data(role) for c in range(model.columnCount())] for r in range(model.rowCount())]


def ids_by_ref(listing) -> dict[str, int]:
    return {i["visor_ref"]: i["id"] for i in listing["individuals"]}


def type_search(qtbot, window, text: str) -> None:
    field = find(window, QLineEdit, "individualSearch")
    field.clear()
    qtbot.keyClicks(field, text)


def shown_names(window) -> list[str]:
    return [row[0] for row in cells(find(window, QTableView, "individualList"))]


# -- the whole window, unlocked through the GUI ---------------------------------------------------------

def test_the_caseload_is_listed_most_urgent_first_with_review_dates_and_flags(qtbot, open_window, demo_vault):
    folder, listing = demo_vault
    window = unlocked_window(qtbot, open_window, folder, today=TODAY)
    table = find(window, QTableView, "individualList")
    assert [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(7)] == [
        "Name", "ViSOR ref", "Next review", "Due", "Category", "Level", "Lead agency"]
    assert cells(table) == URGENCY
    red = [row[3] for row in cells(table, Qt.ItemDataRole.ForegroundRole)]
    assert red[:2] == [QColor(ERROR_RED)] * 2 and red[2:] == [None] * 4, "only overdue is marked in red"
    assert table.model().index(4, 0).data(Qt.ItemDataRole.ToolTipRole) == \
        "Also known as: Kieran Fernbrae; Ciaran O'Neill"
    assert table.model().index(4, 2).data(Qt.ItemDataRole.ToolTipRole) == \
        "Review due 29 Dec 2026. Meeting planned for 15 Dec 2026."

    # The most urgent is selected, and their record shown without a click.
    skellybrae = ids_by_ref(listing)["DEMO/0005"]
    assert window.home_view.selected_individual_id() == skellybrae
    assert window.home_view.shown_individual_id() == skellybrae
    assert find(window, QLabel, "individualName").text() == "Martin Skellybrae"
    assert find(window, QLabel, "individualReview").text() == "Review due 24 Nov 2026 (overdue)."
    assert "Also known as Marty Skelly" in find(window, QLabel, "individualFacts").text()
    assert [row[:4] for row in cells(find(window, QTableView, "meetingList"))] == [
        ["13 Oct 2026", "Review", "Level 3", "Held"], ["1 Sep 2026", "Initial", "Level 3", "Final"]]

    # Sorting by a column (by family name for Name), and back to the most urgent first.
    click_header(qtbot, table, 0)
    assert shown_names(window) == ["Kyle Cairnbrake", "Calum James Drumlachie", "Alasdair Dunmorrow",
                                   "Ciarán Fernbrae", "Ryan Glenquharrie", "Martin Skellybrae"]
    click_header(qtbot, table, 3)  # Due
    assert table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert shown_names(window) == [row[0] for row in URGENCY]
    click_header(qtbot, table, 3)
    assert shown_names(window) == [row[0] for row in reversed(URGENCY)]
    assert window.home_view.selected_individual_id() == skellybrae, "sorting kept the selection"


def click_header(qtbot, table: QTableView, section: int) -> None:
    header = table.horizontalHeader()
    pos = QPoint(header.sectionViewportPosition(section) + header.sectionSize(section) // 2, header.height() // 2)
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def click_tab(qtbot, tabs: QTabWidget, index: int) -> None:
    bar = tabs.tabBar()
    qtbot.mouseClick(bar, Qt.MouseButton.LeftButton, pos=bar.tabRect(index).center())
    assert tabs.currentIndex() == index


def test_search_by_alias_or_visor_reference_narrows_the_list(qtbot, open_window, demo_vault):
    folder, listing = demo_vault
    refs = ids_by_ref(listing)
    window = unlocked_window(qtbot, open_window, folder, today=TODAY)
    search = find(window, QLineEdit, "individualSearch")
    table = find(window, QTableView, "individualList")

    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    table.setFocus()
    qtbot.keyClick(table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert search.hasFocus(), "Ctrl+F should take the user to the search"

    qtbot.keyClicks(search, "kieran")  # an alias
    assert shown_names(window) == ["Ciarán Fernbrae"]
    # The one match becomes the individual shown.
    qtbot.waitUntil(lambda: window.home_view.shown_individual_id() == refs["DEMO/0003"], timeout=GUI_TIMEOUT_MS)
    assert find(window, QLabel, "individualReview").text() == \
        "Review due 29 Dec 2026. Meeting planned for 15 Dec 2026."

    type_search(qtbot, window, "demo/0004")  # the ViSOR reference, any case
    assert shown_names(window) == ["Alasdair Dunmorrow"]
    qtbot.waitUntil(lambda: window.home_view.shown_individual_id() == refs["DEMO/0004"], timeout=GUI_TIMEOUT_MS)

    type_search(qtbot, window, "ciaran")  # no accent typed
    assert shown_names(window) == ["Ciarán Fernbrae"]
    type_search(qtbot, window, "brae")
    assert shown_names(window) == ["Martin Skellybrae", "Ciarán Fernbrae"]

    type_search(qtbot, window, "nobody at all")
    assert shown_names(window) == []
    empty = find(window, QLabel, "individualListEmpty")
    assert empty.isVisible() and "No one matches “nobody at all”" in empty.text()
    assert find(window, QLabel, "individualName").text() == ""
    assert find(window, QTableView, "meetingList").model().rowCount() == 0
    assert not find(window, QPushButton, "newMeetingButton").isEnabled()

    qtbot.keyClick(search, Qt.Key.Key_Escape)
    assert search.text() == "" and len(shown_names(window)) == 6
    assert not empty.isVisible()
    # Back to the last individual shown before the search hid everyone.
    qtbot.waitUntil(lambda: window.home_view.shown_individual_id() == refs["DEMO/0003"], timeout=GUI_TIMEOUT_MS)


def test_selecting_an_individual_shows_meetings_details_and_the_current_rmp(qtbot, open_window, demo_vault):
    folder, listing = demo_vault
    refs = ids_by_ref(listing)
    window = unlocked_window(qtbot, open_window, folder, today=TODAY)
    tabs = find(window, QTabWidget, "individualTabs")
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "&Meetings", "&Details, orders and conditions", "Current &RMP", "Re&quests"]

    select_individual(qtbot, window, refs["DEMO/0001"])
    assert find(window, QLabel, "individualName").text() == "Calum James Drumlachie"
    assert find(window, QLabel, "individualFacts").text() == (
        "DEMO/0001 · Category 1 · Level 2 · Lead agency: Police Scotland · Also known as Cal Drumlachie")
    assert find(window, QLabel, "individualReview").text() == "Review due 15 Dec 2026 (due soon)."
    assert cells(find(window, QTableView, "meetingList")) == [
        ["22 Sep 2026", "Review", "Level 2", "Held", "15 Dec 2026"],
        ["11 Aug 2026", "Review", "Level 3", "Final", "22 Sep 2026"],
        ["7 Jul 2026", "Initial", "Level 3", "Final", "11 Aug 2026"],
    ]

    click_tab(qtbot, tabs, 1)
    details = find(window, QTextBrowser, "individualDetails").toPlainText()
    for expected in ("Date of birth", "11 Feb 1986", "Category 1: registered sex offender", "Police Scotland",
                     "Risk of serious harm", "High", "Orders and conditions",
                     "Sex offender notification requirements", "From 14 May 2021, no end date"):
        assert expected in details

    click_tab(qtbot, tabs, 2)
    rmp = find(window, QTextBrowser, "individualRmp").toPlainText()
    assert rmp.startswith("The plan agreed at the review meeting of 22 Sep 2026 (held).")
    for heading in ("Risks", "Supervision", "Monitoring and control", "Interventions and treatment",
                    "Victim safety planning", "Contingency plan"):
        assert heading in rmp

    # Fernbrae's next meeting is only planned: the plan shown is the one agreed on 6 Oct.
    select_individual(qtbot, window, refs["DEMO/0003"])
    assert tabs.currentIndex() == 2, "the tab chosen stays chosen"
    rmp = find(window, QTextBrowser, "individualRmp").toPlainText()
    assert rmp.startswith("The plan agreed at the review meeting of 6 Oct 2026 (held).")
    assert cells(find(window, QTableView, "meetingList"))[0] == ["15 Dec 2026", "Review", "Level 2", "Planned", ""]

    # Lock: nothing of any individual stays on the page.
    click(qtbot, find(window, QPushButton, "lockButton"))
    wait_for_unlock_page(qtbot, window)
    assert find(window, QTableView, "individualList").model().rowCount() == 0
    assert find(window, QTableView, "meetingList").model().rowCount() == 0
    assert find(window, QTextBrowser, "individualRmp").toPlainText() == ""
    assert find(window, QTextBrowser, "individualDetails").toPlainText() == ""
    assert find(window, QLabel, "individualName").text() == ""


# -- the page on its own, with the app's wiring left out -------------------------------------------------

# A top-level page shown on its own (not in the main window) makes the offscreen plugin say this.
ALONE = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def open_home(qtbot, session, today: str | None = TODAY) -> tuple[HomeView, HomeController]:
    """HomeView and HomeController as the app builds them, without the rest of the app, at 1366x768, listing
    `session`'s vault as on `today` (None: the real today) until the first record is shown."""
    view = HomeView()
    qtbot.addWidget(view)
    view.resize(1366, 768)
    view.show()
    qtbot.waitExposed(view)
    controller = HomeController(view, TaskRunner())
    if today is not None:
        controller.today = lambda: today
    with qtbot.waitSignal(controller.sig_individual_shown, timeout=GUI_TIMEOUT_MS):
        controller.load(session)
    return view, controller


@pytest.fixture
def home_page(qtbot, vault_session):
    """HomeView and HomeController on the demo records, as the app builds them, without the rest of the app."""
    records.load_demo(vault_session)
    view, controller = open_home(qtbot, vault_session)
    yield view, controller, vault_session
    controller.clear()
    controller.runner.wait_for_done()


def refs_of(session) -> dict[str, int]:
    return {ref: row_id for row_id, ref in session.db.query("SELECT id, visor_ref FROM individuals")}


def click_individual(qtbot, view, individual_id: int) -> None:
    click_row(qtbot, view.individual_list, row_of(view.individual_list, individual_id))


@ALONE
def test_the_buttons_and_keys_ask_for_the_right_meeting_and_individual(qtbot, home_page):
    view, controller, session = home_page
    fernbrae = refs_of(session)["DEMO/0003"]
    with qtbot.waitSignal(controller.sig_individual_shown, timeout=GUI_TIMEOUT_MS,
                          check_params_cb=lambda i: i == fernbrae):
        click_individual(qtbot, view, fernbrae)
    open_button, new_button, generate_button = view.record.open_button, view.record.new_button, view.generate_button
    assert (open_button.objectName(), new_button.objectName()) == ("openMeetingButton", "newMeetingButton")
    assert new_button.isEnabled() and not open_button.isEnabled() and not generate_button.isEnabled()

    with qtbot.waitSignal(controller.sig_new_meeting_requested, timeout=1000) as new:
        click(qtbot, new_button)
    assert new.args == [fernbrae]

    controller.runner.wait_for_done()  # the connection is the app's: never use it while the lane does
    planned, held = [m for (m,) in session.db.query(
        "SELECT id FROM meetings WHERE individual_id = ? ORDER BY meeting_date DESC", (fernbrae,))][:2]
    table = view.meeting_list
    click_row(qtbot, table, row_of(table, held))
    assert open_button.isEnabled() and generate_button.isEnabled()
    with qtbot.waitSignal(controller.sig_open_meeting_requested, timeout=1000) as opened:
        click(qtbot, open_button)
    assert opened.args == [held]
    with qtbot.waitSignal(controller.sig_generate_requested, timeout=1000) as generate:
        click(qtbot, generate_button)
    row = generate.args[0]
    assert (row.meeting_id, row.title) == (held, "Review meeting, 6 Oct 2026: Ciarán Fernbrae (DEMO/0003)")

    with qtbot.waitSignal(controller.sig_open_meeting_requested, timeout=1000) as opened:
        click_row(qtbot, table, row_of(table, planned), double=True)
    assert opened.args == [planned]
    click_row(qtbot, table, row_of(table, held))
    with qtbot.waitSignal(controller.sig_open_meeting_requested, timeout=1000) as opened:
        qtbot.keyClick(table, Qt.Key.Key_Return)
    assert opened.args == [held]


@ALONE
def test_a_record_that_arrives_after_the_selection_moved_on_is_dropped(qtbot, home_page):
    view, controller, session = home_page
    refs = refs_of(session)
    shown = []
    controller.sig_individual_shown.connect(shown.append)
    # Both reads are queued on the one database lane; the first answer is stale when it arrives.
    click_individual(qtbot, view, refs["DEMO/0001"])
    click_individual(qtbot, view, refs["DEMO/0006"])
    qtbot.waitUntil(lambda: view.shown_individual_id() == refs["DEMO/0006"], timeout=GUI_TIMEOUT_MS)
    controller.runner.wait_for_done()
    QApplication.processEvents()
    assert shown == [refs["DEMO/0006"]]
    assert [row[0] for row in cells(view.meeting_list)] == ["10 Nov 2026"]


@ALONE
def test_reload_keeps_the_selection_and_select_individual_finds_someone_new(qtbot, home_page):
    view, controller, session = home_page
    drumlachie = refs_of(session)["DEMO/0001"]
    with qtbot.waitSignal(controller.sig_individual_shown, timeout=GUI_TIMEOUT_MS):
        click_individual(qtbot, view, drumlachie)
    second = view.meeting_list.model().index(1, 0).data(Qt.ItemDataRole.UserRole)
    click_row(qtbot, view.meeting_list, 1)
    view.record.tabs.setCurrentIndex(2)
    # A meeting saved elsewhere moves the review date forward.
    db = session.db
    controller.runner.wait_for_done()  # the connection is the app's: never use it while the lane does
    with db.transaction():
        db.execute("UPDATE meetings SET review_date = '2026-12-01' WHERE individual_id = ? AND status = 'held'",
                   (drumlachie,))
    with qtbot.waitSignal(controller.sig_individual_shown, timeout=GUI_TIMEOUT_MS,
                          check_params_cb=lambda i: i == drumlachie):
        controller.reload()
    assert view.selected_individual_id() == drumlachie
    assert view.record.tabs.currentIndex() == 2
    assert view.selected_meeting().meeting_id == second, "the meeting chosen stays chosen"
    assert shown_row(view, drumlachie)[2:4] == ["1 Dec 2026", "Overdue"]
    assert view.record.review_label.text() == "Review due 1 Dec 2026 (overdue)."
    assert cells(view.meeting_list)[0][4] == "1 Dec 2026"

    # Someone added after the list was read, while a search hides everyone else.
    qtbot.keyClicks(view.search, "skelly")
    controller.runner.wait_for_done()
    with db.transaction():
        db.execute("INSERT INTO individuals (uid, family_name, given_names, visor_ref, category, current_level, "
                   "created_at, updated_at) VALUES ('new', 'Newcomer', 'Nina', 'NEW/1', 3, 2, ?, ?)", (NOW, NOW))
    newcomer = db.scalar("SELECT id FROM individuals WHERE uid = 'new'")
    with qtbot.waitSignal(controller.sig_individual_shown, timeout=GUI_TIMEOUT_MS,
                          check_params_cb=lambda i: i == newcomer):
        controller.select_individual(newcomer)
    assert view.search.text() == "", "the search hid the individual asked for"
    assert view.selected_individual_id() == newcomer
    assert shown_row(view, newcomer)[:4] == ["Nina Newcomer", "NEW/1", "", ""]
    assert view.record.review_label.text() == "No review date set."
    assert view.record.meetings_model.rowCount() == 0
    assert view.record.rmp_text.toPlainText().startswith("There is no risk management plan yet")
    assert view.individuals_count.text() == "7"


def shown_row(view, individual_id: int) -> list:
    return cells(view.individual_list)[row_of(view.individual_list, individual_id)]


@ALONE
def test_recorded_text_is_shown_as_text_never_as_markup(qtbot, vault_session):
    db = vault_session.db
    with db.transaction():
        db.execute("INSERT INTO individuals (uid, family_name, given_names, category, current_level, notes, "
                   "created_at, updated_at) VALUES ('x', '<b>Bold</b>', '<i>', 1, 2, '<a href=\"x\">link</a>', ?, ?)",
                   (NOW, NOW))
        db.execute("INSERT INTO individual_aliases (individual_id, alias) VALUES (1, '<img src=\"y\">')")
        db.execute("INSERT INTO orders (individual_id, kind, description) VALUES (1, 'other', '&amp; <table>')")
        db.execute("INSERT INTO order_conditions (order_id, text) VALUES (1, '<script>x</script>')")
        db.execute("INSERT INTO meetings (uid, individual_id, kind, level, meeting_date, status, created_at, "
                   "updated_at) VALUES ('m', 1, 'initial', 2, '2026-12-01', 'planned', ?, ?)", (NOW, NOW))
        db.execute("INSERT INTO rmp_measures (meeting_id, heading, description, person_name) "
                   "VALUES (1, 'supervision', '<h1>Big</h1>', '<u>me</u>')")
        db.execute("INSERT INTO contingencies (meeting_id, trigger, response) VALUES (1, '<p>if', 'then</p>')")
    view = HomeView()
    qtbot.addWidget(view)
    runner = TaskRunner()
    controller = HomeController(view, runner)
    with qtbot.waitSignal(controller.sig_individual_shown, timeout=GUI_TIMEOUT_MS):
        controller.load(vault_session)
    try:
        assert view.record.name_label.text() == "<i> <b>Bold</b>"
        assert view.record.name_label.textFormat() == Qt.TextFormat.PlainText
        assert view.record.facts_label.textFormat() == Qt.TextFormat.PlainText
        details = view.record.details_text.toPlainText()
        for literal in ('<i> <b>Bold</b>', '<img src="y">', '<a href="x">link</a>', "&amp; <table>",
                        "<script>x</script>"):
            assert literal in details
        rmp = view.record.rmp_text.toPlainText()
        assert rmp.startswith("No meeting has been held yet. This is the plan being prepared for the initial "
                              "meeting of 1 Dec 2026 (planned).")
        for literal in ("<h1>Big</h1>", "<u>me</u>", "<p>if", "then</p>"):
            assert literal in rmp
    finally:
        runner.wait_for_done()
