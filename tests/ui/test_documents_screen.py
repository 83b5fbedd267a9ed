"""Generate documents, driven as a chair would: pick a meeting, Generate, read the files, the vault and the preview."""

from __future__ import annotations

import hashlib
import threading
import time

import pytest
from PySide6.QtCore import QObject, Qt, QEvent
from PySide6.QtGui import QDesktopServices, QImage
from PySide6.QtWidgets import (QApplication, QLabel, QListWidget, QMessageBox, QProgressBar, QPushButton,
                               QTableView, QWidget)

from mappa_desk.services import documents as document_service
from mappa_desk.services import home as home_service
from mappa_desk.services import records
from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_unlock_screen import ERROR_CLASS_NAMES, click, find, wait_for_home, wait_for_unlock_page
from mappa_desk.domain.dates import short as british_date

FILES_PER_MEETING = 10  # five documents, each as DOCX and PDF


@pytest.fixture
def demo_vault(vault_session, data_dir):
    """A closed vault holding the demo records. Returns (data folder, the listing)."""
    records.load_demo(vault_session)
    listing = records.list_records(vault_session)
    vault_session.close()  # the window opens its own connection
    return data_dir, listing


def held_review(listing) -> dict:
    """A review that has been held: the usual meeting to write up."""
    return next(m for m in listing["meetings"] if m["kind"] == "review" and m["status"] == "held")


def unlocked_window(qtbot, open_window, folder, today: str | None = None):
    """Unlock through the GUI and wait for home: the individuals listed and the first one's record shown."""
    window = open_window(folder)
    if today:
        window.controller.home.today = lambda: today
    field = wait_for_unlock_page(qtbot, window)
    qtbot.keyClicks(field, PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_for_home(qtbot, window)
    individuals = find(window, QTableView, "individualList")
    qtbot.waitUntil(lambda: individuals.model().rowCount() > 0, timeout=GUI_TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.home_view.shown_individual_id() is not None, timeout=GUI_TIMEOUT_MS)
    return window


def row_of(table: QTableView, row_id: int) -> int:
    """The row holding that id (individual or meeting) in a home table."""
    model = table.model()
    return next(r for r in range(model.rowCount()) if model.index(r, 0).data(Qt.ItemDataRole.UserRole) == row_id)


def click_row(qtbot, table: QTableView, row: int, double: bool = False) -> None:
    index = table.model().index(row, 0)
    table.scrollTo(index)
    pos = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    if double:
        # QTest sends the second click as a lone double-click event; a real one follows a click.
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=pos)


def select_individual(qtbot, window, individual_id: int) -> None:
    """Click the individual in the list and wait until their meetings, details and plan are shown."""
    table = find(window, QTableView, "individualList")
    click_row(qtbot, table, row_of(table, individual_id))
    qtbot.waitUntil(lambda: window.home_view.shown_individual_id() == individual_id, timeout=GUI_TIMEOUT_MS)


def select_meeting(qtbot, window, meeting: dict) -> None:
    """A meeting from the listing: first its individual, then the meeting in their list."""
    select_individual(qtbot, window, meeting["individual_id"])
    table = find(window, QTableView, "meetingList")
    click_row(qtbot, table, row_of(table, meeting["id"]))


def open_documents_page(qtbot, window, meeting: dict, out_folder) -> None:
    """Select the meeting, click "Generate documents…", and answer the folder dialog with `out_folder`."""
    select_meeting(qtbot, window, meeting)
    click(qtbot, find(window, QPushButton, "generateDocumentsButton"))
    qtbot.waitUntil(find(window, QWidget, "documentsView").isVisible)
    answer_folder_dialog(window, out_folder)


def answer_folder_dialog(window, folder) -> None:
    # The one thing a test cannot click: the system's folder dialog.
    window.controller.documents.ask_for_folder = lambda: str(folder)


def generate(qtbot, window) -> list:
    """Click Generate and wait for the page to show what was written."""
    with qtbot.waitSignal(window.controller.documents.sig_generated, timeout=GUI_TIMEOUT_MS) as blocker:
        click(qtbot, find(window, QPushButton, "generateButton"))
    return blocker.args[0]


def document_versions(data_dir, meeting_id: int) -> list[tuple]:
    """Read through a second connection: what was committed, not what one connection caches."""
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        return session.db.query("SELECT kind, format, version, status, sha256 FROM document_versions "
                                "WHERE meeting_id = ? ORDER BY kind, format", (meeting_id,))
    finally:
        session.close()


def shown_image(window) -> QImage:
    pixmap = find(window, QLabel, "previewPage").pixmap()
    assert pixmap is not None and not pixmap.isNull(), "no page is shown"
    return pixmap.toImage().convertToFormat(QImage.Format.Format_RGB32)


def inked_pixels(image: QImage) -> int:
    """Pixels clearly darker than white (RGB32 is B, G, R, 0xff in memory on the machines we test on)."""
    data = bytes(image.constBits())
    return sum(1 for i in range(0, len(data), 4) if min(data[i], data[i + 1], data[i + 2]) < 200)


def page_label(window) -> str:
    return find(window, QLabel, "previewPageLabel").text()


class ShowWatcher(QObject):
    """Notes when a widget is shown, to prove when (or that never) it appeared."""

    def __init__(self, widget):
        super().__init__(widget)
        self.shown_at: list[float] = []
        widget.installEventFilter(self)

    def eventFilter(self, obj, event):  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Show:
            self.shown_at.append(time.monotonic())
        return False


# -- the home page's meeting list (the rest of home: test_home_screen.py) -------------------------

def test_british_dates():
    assert british_date("2026-11-21") == "21 Nov 2026"
    assert british_date("2027-01-05") == "5 Jan 2027"
    assert british_date("") == ""


def test_home_lists_an_individuals_meetings_read_on_the_database_lane(qtbot, open_window, demo_vault, monkeypatch):
    folder, listing = demo_vault
    threads = []

    def recording(real):
        def read(*args, **kwargs):
            threads.append(threading.get_ident())
            return real(*args, **kwargs)
        return read

    monkeypatch.setattr(home_service, "listing_page", recording(home_service.listing_page))
    monkeypatch.setattr(home_service, "individual_detail", recording(home_service.individual_detail))
    window = unlocked_window(qtbot, open_window, folder)
    assert len(threads) >= 2, "the list and the first record were not read through the home service"
    assert threading.get_ident() not in threads, "home was read on the GUI thread"

    meeting = held_review(listing)
    select_individual(qtbot, window, meeting["individual_id"])
    table = find(window, QTableView, "meetingList")
    model = table.model()
    theirs = sorted((m for m in listing["meetings"] if m["individual_id"] == meeting["individual_id"]),
                    key=lambda m: m["date"], reverse=True)
    assert [model.index(r, 0).data(Qt.ItemDataRole.UserRole) for r in range(model.rowCount())] == \
        [m["id"] for m in theirs], "the list should hold this individual's meetings, newest first"
    cells = [model.index(row_of(table, meeting["id"]), c).data() for c in range(model.columnCount())]
    assert cells == [british_date(meeting["date"]), "Review", f"Level {meeting['level']}", "Held",
                     british_date(meeting["review_date"])]
    assert cells[0].split()[1] in ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
    # The counts, folder and Lock are still there.
    assert find(window, QLabel, "homeMeetingsCount").text() == str(len(listing["meetings"]))
    assert find(window, QLabel, "homeIndividualsCount").text() == str(len(listing["individuals"]))

    button = find(window, QPushButton, "generateDocumentsButton")
    assert not button.isEnabled(), "Generate documents was offered with no meeting selected"
    select_meeting(qtbot, window, meeting)
    assert button.isEnabled()


# -- generating --------------------------------------------------------------------------

def test_generating_drafts_writes_the_files_records_them_and_previews_the_minute(
        qtbot, open_window, demo_vault, tmp_path, monkeypatch):
    folder, listing = demo_vault
    meeting = held_review(listing)
    out = tmp_path / "out"
    threads = {"generate": [], "progress": []}
    real_generate = document_service.generate_for_meeting

    def recording_generate(session, meeting_id, out_dir, *, final=False, progress=None, **kwargs):
        threads["generate"].append(threading.get_ident())

        def report(done, total):
            threads["progress"].append(threading.get_ident())
            progress(done, total)

        return real_generate(session, meeting_id, out_dir, final=final, progress=report, **kwargs)

    monkeypatch.setattr(document_service, "generate_for_meeting", recording_generate)
    window = unlocked_window(qtbot, open_window, folder)
    open_documents_page(qtbot, window, meeting, out)
    assert british_date(meeting["date"]) in find(window, QLabel, "documentsMeeting").text()
    assert find(window, QLabel, "draftExplanation").text().startswith("Generate writes a new draft of each document")

    generated = generate(qtbot, window)

    gui = threading.get_ident()
    assert threads["generate"] and gui not in threads["generate"], "documents were generated on the GUI thread"
    assert len(threads["progress"]) == FILES_PER_MEETING and gui not in threads["progress"]

    # The files, as listed on the page, are in the folder.
    listed = find(window, QListWidget, "generatedFiles")
    names = [listed.item(i).text() for i in range(listed.count())]
    assert len(names) == FILES_PER_MEETING
    assert sorted(p.name for p in out.iterdir()) == sorted(names)
    assert all("DRAFT" in name for name in names)
    assert find(window, QLabel, "documentsResult").text().startswith(f"{FILES_PER_MEETING} draft files written")
    assert find(window, QLabel, "documentsFolder").toolTip() == str(out)

    # The vault recorded every file with the hash of what is on disk.
    rows = document_versions(folder, meeting["id"])
    assert len(rows) == FILES_PER_MEETING
    assert {r[3] for r in rows} == {"draft"} and {r[2] for r in rows} == {1}
    on_disk = {(g.kind, g.format): hashlib.sha256(g.path.read_bytes()).hexdigest() for g in generated}
    assert {(r[0], r[1]): r[4] for r in rows} == on_disk

    # The preview shows page 1 of the Minute, with ink on it.
    qtbot.waitUntil(lambda: page_label(window).startswith("Page 1 of "), timeout=GUI_TIMEOUT_MS)
    pages = int(page_label(window).rsplit(" ", 1)[1])
    assert pages > 1
    first = shown_image(window)
    assert first.width() > 300
    assert inked_pixels(first) > 1000, "the preview page is blank"
    previous = find(window, QPushButton, "previewPreviousButton")
    following = find(window, QPushButton, "previewNextButton")
    assert not previous.isEnabled() and following.isEnabled()

    click(qtbot, following)
    qtbot.waitUntil(lambda: page_label(window) == f"Page 2 of {pages}", timeout=GUI_TIMEOUT_MS)
    second = shown_image(window)
    assert inked_pixels(second) > 1000
    assert bytes(second.constBits()) != bytes(first.constBits()), "Next page showed the same page"
    assert previous.isEnabled()
    click(qtbot, previous)
    qtbot.waitUntil(lambda: page_label(window) == f"Page 1 of {pages}", timeout=GUI_TIMEOUT_MS)

    opened = []
    monkeypatch.setattr(QDesktopServices, "openUrl", staticmethod(lambda url: opened.append(url) or True))
    click(qtbot, find(window, QPushButton, "openFolderButton"))
    assert [url.toLocalFile() for url in opened] == [str(out)]

    # Back, then Lock: nothing of the meeting stays on the documents page.
    click(qtbot, find(window, QPushButton, "documentsBackButton"))
    qtbot.waitUntil(find(window, QWidget, "homeView").isVisible)
    click(qtbot, find(window, QPushButton, "lockButton"))
    wait_for_unlock_page(qtbot, window)
    image = find(window, QLabel, "previewPage").pixmap()
    assert image is None or image.isNull()
    assert listed.count() == 0
    assert find(window, QTableView, "meetingList").model().rowCount() == 0
    assert find(window, QTableView, "individualList").model().rowCount() == 0


def test_a_draft_of_a_record_made_final_meanwhile_is_refused_with_a_plain_sentence_and_writes_nothing(
        qtbot, open_window, demo_vault, tmp_path):
    folder, listing = demo_vault
    meeting = held_review(listing)
    window = unlocked_window(qtbot, open_window, folder)
    open_documents_page(qtbot, window, meeting, tmp_path / "first")
    generate_button = find(window, QPushButton, "generateButton")
    qtbot.waitUntil(lambda: find(window, QLabel, "recordStatus").text() == "Status: Held", timeout=GUI_TIMEOUT_MS)
    assert generate_button.isEnabled()

    # The record is made final elsewhere (the command line, a colleague) while this page is open.
    other = sessions.unlock(folder, PASSPHRASE)
    try:
        other.db.execute("UPDATE meetings SET status = 'final' WHERE id = ?", (meeting["id"],))
    finally:
        other.close()

    error = find(window, QLabel, "documentsError")
    second = tmp_path / "second"
    answer_folder_dialog(window, second)
    click(qtbot, generate_button)
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert error.text().startswith("This meeting's record is final, so no new draft can be generated for it.")
    for name in ERROR_CLASS_NAMES:
        assert name not in error.text()
    assert not second.exists() or not any(second.iterdir()), "a refused draft still wrote files"
    assert document_versions(folder, meeting["id"]) == []
    # The page now shows the record as it is: final, with no Generate.
    qtbot.waitUntil(lambda: find(window, QLabel, "recordStatus").text() == "Status: Final", timeout=GUI_TIMEOUT_MS)
    assert not generate_button.isEnabled()
    assert find(window, QPushButton, "documentsBackButton").isEnabled(), "the page stayed busy after the refusal"


# -- progress and failures (generation replaced, so the timing is the test's) ---------------

def test_progress_appears_only_when_the_work_takes_longer_than_half_a_second(
        qtbot, open_window, demo_vault, tmp_path, monkeypatch, request):
    folder, listing = demo_vault
    release = threading.Event()
    request.addfinalizer(release.set)  # if an assertion fails, let the worker finish before teardown

    def slow_generate(session, meeting_id, out_dir, *, final=False, progress=None, **kwargs):
        progress(3, FILES_PER_MEETING)
        release.wait(GUI_TIMEOUT_MS / 1000)
        return []

    monkeypatch.setattr(document_service, "generate_for_meeting", slow_generate)
    window = unlocked_window(qtbot, open_window, folder)
    open_documents_page(qtbot, window, held_review(listing), tmp_path)
    bar = find(window, QProgressBar, "documentsProgress")
    watcher = ShowWatcher(bar)
    generate_button = find(window, QPushButton, "generateButton")
    clicked_at = time.monotonic()
    click(qtbot, generate_button)
    assert not generate_button.isEnabled()
    assert not find(window, QPushButton, "documentsBackButton").isEnabled()
    assert not bar.isVisible(), "progress was shown at once, not after half a second"
    qtbot.waitUntil(bar.isVisible, timeout=GUI_TIMEOUT_MS)
    # Qt's coarse timers may fire up to 5% early; well before 0.45 s would be a bug.
    assert watcher.shown_at[0] - clicked_at >= 0.45, "progress appeared before half a second had passed"
    assert find(window, QLabel, "documentsBusy").isVisible()
    qtbot.waitUntil(lambda: (bar.value(), bar.maximum()) == (3, FILES_PER_MEETING), timeout=GUI_TIMEOUT_MS)
    release.set()
    qtbot.waitUntil(lambda: not bar.isVisible(), timeout=GUI_TIMEOUT_MS)
    assert generate_button.isEnabled()


def test_work_shorter_than_half_a_second_shows_no_progress(qtbot, open_window, demo_vault, tmp_path, monkeypatch):
    folder, listing = demo_vault

    def quick_generate(session, meeting_id, out_dir, *, final=False, progress=None, **kwargs):
        progress(1, FILES_PER_MEETING)
        threading.Event().wait(0.15)  # the work itself: a fifth of a second, on the worker
        return []

    monkeypatch.setattr(document_service, "generate_for_meeting", quick_generate)
    window = unlocked_window(qtbot, open_window, folder)
    open_documents_page(qtbot, window, held_review(listing), tmp_path)
    bar = find(window, QProgressBar, "documentsProgress")
    watcher = ShowWatcher(bar)
    generate(qtbot, window)
    assert watcher.shown_at == [], "a progress bar flashed up for quick work"
    assert not bar.isVisible() and not find(window, QLabel, "documentsBusy").isVisible()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_an_unexpected_error_goes_to_the_crash_dialog(qtbot, open_window, demo_vault, tmp_path, monkeypatch):
    folder, listing = demo_vault

    def broken(*args, **kwargs):
        raise RuntimeError("individual Jane Example, 12 Harbour Road")

    monkeypatch.setattr(document_service, "generate_for_meeting", broken)
    window = unlocked_window(qtbot, open_window, folder)
    open_documents_page(qtbot, window, held_review(listing), tmp_path)
    click(qtbot, find(window, QPushButton, "generateButton"))

    def dialog():
        return next((w for w in QApplication.topLevelWidgets()
                     if w.objectName() == "unexpectedErrorDialog" and w.isVisible()), None)

    qtbot.waitUntil(lambda: dialog() is not None, timeout=GUI_TIMEOUT_MS)
    box: QMessageBox = dialog()
    assert "RuntimeError" not in box.text() and "Jane" not in box.text()
    assert not find(window, QLabel, "documentsError").isVisible()
    assert find(window, QPushButton, "generateButton").isEnabled()
    box.close()
