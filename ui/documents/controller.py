"""Drives the documents page: generation on the database lane, its progress, the files, and the Minute's preview."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QFileDialog

from mappa_desk.errors import UserFacingError
from mappa_desk.services import documents as document_service
from mappa_desk.services.session import Session
from ui.crash import show_unexpected_error
from ui.documents.pdf_pages import RenderedPage, render_page
from ui.documents.view import DocumentsView
from ui.home.model import MeetingRow
from ui.tasks import TaskRunner

PREVIEW_KIND, PREVIEW_TITLE = "minute", "Preview: the Minute (PDF)"


def _generate(session: Session, meeting_id: int, folder: str, final: bool, report) -> list:
    """On the database lane: the session's connection is only ever used from there."""
    return document_service.generate_for_meeting(session, meeting_id, folder, final=final, progress=report)


def summary_sentence(count: int, final: bool) -> str:
    return f"{count} {'final' if final else 'draft'} files written to this folder:"


class _ProgressRelay(QObject):
    """Lives on the GUI thread; the worker emits, and Qt queues the call to the view."""

    sig_progress = Signal(int, int)  # done, total


class DocumentsController(QObject):
    sig_back_requested = Signal()
    sig_generated = Signal(object)  # the list of Generated, once the page shows them

    def __init__(self, view: DocumentsView, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.view = view
        self.runner = runner
        self._session: Session | None = None
        self._meeting: MeetingRow | None = None
        self._folder = ""  # where the last documents went; the folder dialog starts there
        self._run = 0  # results of an earlier meeting (or before Lock) are dropped by this
        self._preview_path: Path | None = None
        self._pages: dict[int, RenderedPage] = {}
        self._wanted_page = 0
        self._renders = 0  # pages rendered for an earlier document or width are dropped by this

        self._relay = _ProgressRelay(self)
        self._relay.sig_progress.connect(view.show_progress, Qt.ConnectionType.QueuedConnection)
        view.sig_generate_requested.connect(self._on_generate_requested)
        view.sig_open_folder_requested.connect(self._on_open_folder_requested)
        view.sig_back_requested.connect(self._on_back_requested)
        view.sig_page_requested.connect(self._on_page_requested)
        view.sig_preview_width_changed.connect(self._on_preview_width_changed)

    # -- entry points ----------------------------------------------------------------
    def open(self, session: Session, meeting: MeetingRow) -> None:
        self._forget()
        self._session, self._meeting = session, meeting
        self.view.show_meeting(meeting.title)

    def clear(self) -> None:
        """On Lock: drop the session and everything shown (the preview is case material)."""
        self._forget()
        self._session = self._meeting = None
        self.view.clear()

    def ask_for_folder(self) -> str:
        """The folder dialog; "" if cancelled. Tests replace this method."""
        start = self._folder or str(Path.home())
        return QFileDialog.getExistingDirectory(self.view.window(), "Choose a folder for the documents", start)

    def generate_into(self, folder: str | Path) -> None:
        """Write the meeting's documents (draft, or final if ticked) into `folder`, off the GUI thread."""
        if self._session is None or self._meeting is None or self.view.is_busy():
            return
        self._forget()
        self._folder = str(folder)
        final = self.view.final_check.isChecked()
        run = self._run
        self.view.show_files("", "", [])
        self.view.clear_preview()
        self.view.set_busy(True)
        work = partial(_generate, self._session, self._meeting.meeting_id, self._folder, final,
                       self._relay.sig_progress.emit)
        self.runner.submit(work, on_success=partial(self._on_generated, run, self._folder, final),
                           on_failure=partial(self._on_generate_failed, run))

    # -- slots -----------------------------------------------------------------------
    def _on_generate_requested(self) -> None:
        folder = self.ask_for_folder()
        if folder:
            self.generate_into(folder)

    def _on_generated(self, run: int, folder: str, final: bool, generated: list) -> None:
        if run != self._run:
            return
        self.view.set_busy(False)
        self.view.show_files(summary_sentence(len(generated), final), folder, [g.path.name for g in generated])
        minute = next((g for g in generated if g.kind == PREVIEW_KIND and g.format == "pdf"), None)
        if minute is not None:
            self._preview_path = Path(minute.path)
            self.view.set_preview_title(PREVIEW_TITLE)
            self._show_page(0)
        self.sig_generated.emit(generated)

    def _on_generate_failed(self, run: int, err: BaseException) -> None:
        if run != self._run:
            return
        self.view.set_busy(False)
        if isinstance(err, UserFacingError):
            self.view.show_error(str(err))
        else:
            show_unexpected_error(self.view.window(), err)

    def _on_open_folder_requested(self) -> None:
        if self._folder and not QDesktopServices.openUrl(QUrl.fromLocalFile(self._folder)):
            self.view.show_error(f"The folder could not be opened from here. The documents are in {self._folder}.")

    def _on_back_requested(self) -> None:
        if self.view.is_busy():
            return
        self.clear()
        self.sig_back_requested.emit()

    def _on_page_requested(self, index: int) -> None:
        if self._preview_path is not None and index >= 0:
            self._show_page(index)

    def _on_preview_width_changed(self) -> None:
        if self._preview_path is not None:
            self._renders += 1
            self._pages.clear()
            self._show_page(self._wanted_page)

    # -- preview ---------------------------------------------------------------------
    def _show_page(self, index: int) -> None:
        """From memory if rendered before; otherwise rendered on the pool lane (a page takes ~10 ms or more)."""
        self._wanted_page = index
        page = self._pages.get(index)
        if page is not None:
            self.view.show_page(page.image, page.index, page.count)
            return
        work = partial(render_page, self._preview_path, index, self.view.preview_width_px())
        self.runner.submit(work, lane="pool", on_success=partial(self._on_page_rendered, self._renders),
                           on_failure=partial(self._on_preview_failed, self._renders))

    def _on_page_rendered(self, renders: int, page: RenderedPage) -> None:
        if renders != self._renders:
            return
        self._pages[page.index] = page
        if page.index == min(self._wanted_page, page.count - 1):
            self.view.show_page(page.image, page.index, page.count)

    def _on_preview_failed(self, renders: int, err: BaseException) -> None:
        if renders == self._renders:
            show_unexpected_error(self.view.window(), err)

    def _forget(self) -> None:
        self._run += 1
        self._renders += 1
        self._preview_path = None
        self._pages.clear()
        self._wanted_page = 0
