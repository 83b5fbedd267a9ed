"""Drives the documents page: the record's lifecycle, draft generation, their progress, the files written and
the preview and printing of the document chosen in their list. Every service call runs on the database lane and
hands back the record's new state."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog

from mappa_desk.errors import UserFacingError
from mappa_desk.services import audio as audio_service
from mappa_desk.services import documents as document_service
from mappa_desk.services import lifecycle, release
from mappa_desk.services.session import Session
from ui import file_dialogs
from ui.documents.lifecycle import AddendumDialog, SignOffDialog
from ui.documents.pdf_pages import RenderedPage, render_page
from ui.documents.release import ReleaseDialog
from ui.documents.view import DocumentsView
from ui.home.model import MeetingRow
from ui.ops import Generation, Op
from ui.tasks import TaskRunner

PREVIEW_KIND, PREVIEW_TITLE = "minute", "Preview: the Minute (PDF)"
TRIBUNAL_TITLE = "Preview: the statement for a Mental Health Tribunal (PDF)"
TRIBUNAL_WRITTEN = ("The statement for a Mental Health Tribunal (version {version}) is written to this folder. It is "
                    "not encrypted; record in the requests log that it was sent.")
AUDIO_FILTER = "Audio files (*.mp3 *.m4a *.mp4 *.aac *.wav *.ogg *.oga *.opus *.flac *.wma *.amr *.3gp *.webm)"


def _with_state(session: Session, meeting_id: int, work: Callable[[], Any]) -> tuple[Any, lifecycle.RecordState]:
    """On the database lane (the session's connection is only ever used from there): a step, then the
    record's state after it."""
    return work(), lifecycle.state(session, meeting_id)


def _generate(session: Session, meeting_id: int, folder: str, report) -> list:
    return document_service.generate_for_meeting(session, meeting_id, folder, progress=report)


def _warm_renderer() -> None:
    """Start the processes that lay out the documents (documents/render_pool.py), well before Generate."""
    from mappa_desk.documents import render_pool  # multiprocessing loads here, not at start-up
    render_pool.start()


def _visor_export(session: Session, meeting_id: int, folder: str) -> list:
    from mappa_desk.services import visor_export  # imported when used: the CLI never needs it
    return visor_export.export_for_visor(session, meeting_id, folder)


def summary_sentence(count: int, what: str = "draft") -> str:
    return f"{count} {what} files written to this folder:"


class _ProgressRelay(QObject):
    """Lives on the GUI thread; the worker emits, and Qt queues the call to the view."""

    sig_progress = Signal(int, int)  # done, total


class DocumentsController(QObject):
    sig_back_requested = Signal()
    sig_generated = Signal(object)  # the list of Generated, once the page shows them
    sig_record_shown = Signal(object)  # the RecordState now on the page
    sig_written = Signal(object)  # paths written by the final, an addendum or the ViSOR export, once listed
    sig_step_requested = Signal(int, str)  # meeting id, cockpit panel: a blocking gap to put right there

    def __init__(self, view: DocumentsView, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.view = view
        self.runner = runner
        self._session: Session | None = None
        self._meeting: MeetingRow | None = None
        self._renderer_wanted = False  # the page is open: its render workers should run
        self._folder = ""  # where the last documents went; the folder dialog starts there
        self._run = Generation()  # results of an earlier meeting (or before Lock) are dropped by this
        self._dialog: QDialog | None = None
        self.release_dialog: QDialog | None = None  # the last look at what will leave (tests find it here)
        self._preview_path: Path | None = None
        self._listed: list = []  # the Generated listed on the page, row by row
        self._pages: dict[int, RenderedPage] = {}
        self._wanted_page = 0
        self._renders = Generation()  # pages rendered for an earlier document or width are dropped by this

        self._relay = _ProgressRelay(self)
        self._relay.sig_progress.connect(view.show_progress, Qt.ConnectionType.QueuedConnection)
        view.sig_generate_requested.connect(self._on_generate_requested)
        view.sig_open_folder_requested.connect(self._on_open_folder_requested)
        view.sig_back_requested.connect(self._on_back_requested)
        view.sig_page_requested.connect(self._on_page_requested)
        view.sig_preview_width_changed.connect(self._on_preview_width_changed)
        view.sig_document_chosen.connect(self._on_document_chosen)
        view.sig_print_requested.connect(self._on_print_requested)
        record = view.record
        record.sig_clear_requested.connect(self._on_clear_requested)
        record.sig_circulate_requested.connect(self._on_circulate_requested)
        record.sig_make_final_requested.connect(self._on_make_final_requested)
        record.sig_addendum_requested.connect(self._on_addendum_requested)
        record.sig_attach_audio_requested.connect(self._on_attach_audio_requested)
        record.sig_remove_audio_requested.connect(self._on_remove_audio_requested)
        record.sig_visor_export_requested.connect(self._on_visor_export_requested)
        record.sig_tribunal_statement_requested.connect(self._on_tribunal_statement_requested)
        record.sig_finding_activated.connect(self._on_finding_activated)

    # -- entry points ----------------------------------------------------------------
    def open(self, session: Session, meeting: MeetingRow) -> None:
        self._forget()
        self._session, self._meeting = session, meeting
        self.view.show_meeting(meeting.title)
        self._load_state()
        self._renderer_wanted = True
        self.runner.submit(_warm_renderer, lane="pool",  # spawning takes ~30 ms: not on the GUI thread
                           on_success=self._on_renderer_started)

    def release_renderer(self) -> None:
        """Leaving the page: the workers (~150 MB together) stop until it opens again."""
        from mappa_desk.documents import render_pool

        self._renderer_wanted = False
        render_pool.stop()

    def _on_renderer_started(self, _result) -> None:
        # The page was left while the warm-up was still on its way: stop what it started.
        if not self._renderer_wanted:
            self.release_renderer()

    def clear(self) -> None:
        """On Lock: drop the session and everything shown (the preview is case material)."""
        self._forget()
        self._session = self._meeting = None
        self.view.clear()

    def ask_for_folder(self) -> str:
        """The folder dialog; "" if cancelled. Tests replace this method."""
        start = self._folder or str(Path.home())
        return file_dialogs.choose_folder(self.view.window(), "Choose a folder for the documents", start)

    def ask_for_audio_file(self) -> str:
        """The file dialog for a recording; "" if cancelled. Tests replace this method."""
        return file_dialogs.choose_file(self.view.window(), "Choose the recording of the meeting", str(Path.home()),
                                       AUDIO_FILTER)

    def generate_into(self, folder: str | Path) -> None:
        """Write a new draft of the meeting's documents into `folder`, off the GUI thread."""
        if not self._ready():
            return
        self._forget()
        self._folder = str(folder)
        self.view.show_files("", "", [])
        self.view.clear_preview()
        work = partial(_generate, self._session, self._meeting.meeting_id, self._folder, self._relay.sig_progress.emit)
        self._submit(work, partial(self._on_generated, self._folder), errors_to_record=False)

    # -- the record's state --------------------------------------------------------------
    def _ready(self) -> bool:
        return self._session is not None and self._meeting is not None and not self.view.is_busy()

    def _load_state(self) -> None:
        if self._session is None or self._meeting is None:
            return
        self._op(partial(lifecycle.state, self._session, self._meeting.meeting_id), True) \
            .on_success(self._show_state).run()

    def _show_state(self, state: lifecycle.RecordState) -> None:
        self.view.record.show_state(state)
        self.view.set_draft_allowed(state.can_generate_draft)
        self.sig_record_shown.emit(state)

    def _submit(self, work: Callable[[], Any], on_done: Callable[[Any], None], *, errors_to_record: bool = True) -> None:
        """One step on the database lane with the page busy; then the new state, and `on_done(result)`."""
        self.view.set_busy(True)
        self.view.record.show_message("")
        self.view.record.clear_findings()
        self._op(partial(_with_state, self._session, self._meeting.meeting_id, work), errors_to_record) \
            .with_progress(self.view.show_busy_line).on_success(partial(self._on_done, on_done)).run()

    def _op(self, work: Callable[[], Any], errors_to_record: bool) -> Op:
        """Dropped once another meeting is open (or after Lock). A failure frees the page, is said (on the record's
        panel, or the page's), and the record is shown as it now is."""
        return Op(self.runner, work, crash_parent=self.view.window).stale_unless(self._run.current()) \
            .on_failure(self._on_failed).on_user_error(partial(self._on_user_error, errors_to_record))

    def _on_done(self, on_done: Callable[[Any], None], result_and_state) -> None:
        result, state = result_and_state
        self.view.set_busy(False)
        self._show_state(state)
        on_done(result)

    def _on_failed(self, _err: BaseException) -> None:
        self.view.set_busy(False)
        self._load_state()  # whatever happened, show the record as it now is (the failure is said after)

    def _on_user_error(self, errors_to_record: bool, err: UserFacingError) -> None:
        if isinstance(err, lifecycle.ClearanceBlocked):
            self.view.record.show_findings(err.findings, err.what)
        else:
            (self.view.record.show_error if errors_to_record else self.view.show_error)(str(err))

    # -- the steps ---------------------------------------------------------------------
    def _ask(self, dialog: QDialog, on_accepted: Callable[[QDialog], None]) -> None:
        """Open a dialog (window-modal, so the event loop runs on) and act once it is accepted."""
        if self._dialog is not None:
            self._dialog.close()
        self._dialog = dialog
        dialog.accepted.connect(lambda: self._ready() and on_accepted(dialog))
        dialog.finished.connect(partial(self._on_dialog_finished, dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: QDialog, _result: int) -> None:
        if self._dialog is dialog:
            self._dialog = None
        dialog.deleteLater()

    def _state(self) -> lifecycle.RecordState | None:
        return self.view.record.state()

    def _on_clear_requested(self) -> None:
        state = self._state()
        if state is None or not self._ready():
            return
        version = f"draft v{state.latest_draft}" if state.latest_draft else "the draft"
        self._ask(SignOffDialog(
            self.view.window(), "Clear as chair",
            f"Clearing records that you, the chair, have read {version} and that it may be circulated for comment "
            "(guidance 11.15). The self-audit runs first: a blocking gap stops clearance.",
            "Chair's name", f"Clear {version}", state.chair_name),
            lambda d: self._clear(d.name()))

    def _clear(self, name: str) -> None:
        self._submit(partial(lifecycle.clear, self._session, self._meeting.meeting_id, name),
                     lambda v: self._say(f"Draft v{v} is cleared by {name}."))

    def _on_circulate_requested(self) -> None:
        state = self._state()
        if state is None or not self._ready():
            return
        self._ask(SignOffDialog(
            self.view.window(), "Circulate for comment",
            f"Record that draft v{state.latest_draft}, cleared by the chair, has gone to the agencies for "
            "comment. The chair makes the record final once the comments are in.",
            "Your name", "Record as circulated"),
            lambda d: self._circulate(d.name()))

    def _circulate(self, name: str) -> None:
        self._submit(partial(lifecycle.circulate, self._session, self._meeting.meeting_id, name),
                     lambda v: self._say(f"Draft v{v} is recorded as circulated by {name}."))

    def _say(self, text: str) -> None:
        self.view.record.show_message(text)

    def _on_make_final_requested(self) -> None:
        state = self._state()
        if state is None or not self._ready():
            return
        audio = (" The audio recording of the meeting is destroyed at the same time (guidance 11.18)."
                 if state.audio else "")
        self._ask(SignOffDialog(
            self.view.window(), "Make the record final",
            "The final Minute, RMP and other documents are written to a folder you choose. After that the "
            f"record cannot be changed: a correction is made as an addendum.{audio}",
            "Chair's name", "Make final…", state.chair_name),
            self._make_final)

    def _make_final(self, dialog: SignOffDialog) -> None:
        name = dialog.name()  # read before the folder dialog: this one is on its way out
        folder = self.ask_for_folder()
        if not folder:
            return
        self._forget_preview(folder)
        work = partial(lifecycle.make_final, self._session, self._meeting.meeting_id, name, folder,
                       progress=self._relay.sig_progress.emit)
        self._submit(work, partial(self._on_made_final, folder))

    def _on_made_final(self, folder: str, result: lifecycle.FinalResult) -> None:
        destroyed = " The audio recording was destroyed." if result.audio_destroyed else ""
        self.view.record.show_message(f"The record is final (version {result.version}).{destroyed}")
        self._show_documents(folder, result.generated, summary_sentence(len(result.generated), "final"), PREVIEW_TITLE)

    def _on_addendum_requested(self) -> None:
        state = self._state()
        if state is None or not self._ready():
            return
        self._ask(AddendumDialog(self.view.window(), len(state.addenda) + 1, state.chair_name), self._add_addendum)

    def _add_addendum(self, dialog: AddendumDialog) -> None:
        reason, text, by = dialog.values()
        folder = self.ask_for_folder()
        if not folder:
            return
        self._forget_preview(folder)
        work = partial(lifecycle.add_addendum, self._session, self._meeting.meeting_id, reason, text, by, folder,
                       progress=self._relay.sig_progress.emit)
        self._submit(work, partial(self._on_addendum_added, folder))

    def _on_addendum_added(self, folder: str, result: lifecycle.AddendumResult) -> None:
        self.view.record.show_message(f"Addendum {result.number} is added to the final record.")
        self._show_documents(folder, result.generated, f"The Minute with addendum {result.number} written to this folder:",
                             f"Preview: the Minute with addendum {result.number} (PDF)")

    def _on_attach_audio_requested(self) -> None:
        if not self._ready():
            return
        path = self.ask_for_audio_file()
        if path:
            self._submit(partial(audio_service.attach_audio, self._session, self._meeting.meeting_id, path),
                         lambda info: self.view.record.show_message(
                             f"The recording ({info.size_text}) is kept in the vault until the record is final."))

    def _on_remove_audio_requested(self) -> None:
        if not self._ready():
            return
        self._ask(SignOffDialog(
            self.view.window(), "Remove the recording",
            "The audio recording is destroyed now and cannot be brought back. Use this if the wrong file was "
            "attached; otherwise it is destroyed when the record is made final.", "Your name", "Destroy recording"),
            lambda d: self._submit(partial(audio_service.remove_audio, self._session, self._meeting.meeting_id, d.name()),
                                   lambda _space: self._say("The audio recording was destroyed.")))

    def _on_visor_export_requested(self) -> None:
        if not self._ready():
            return
        folder = self.ask_for_folder()
        if not folder:
            return
        self._forget_preview(folder)
        self._submit(partial(_visor_export, self._session, self._meeting.meeting_id, folder),
                     partial(self._on_visor_exported, folder))

    def _on_visor_exported(self, folder: str, exported: list) -> None:
        """`exported`: visor_export.Exported, the paths written with `warnings` (sentences) beside them."""
        names = [Path(p).name for p in exported]
        self.view.show_files(f"{len(names)} files for ViSOR written to this folder:", folder, names)
        warnings = " ".join(getattr(exported, "warnings", []))
        self.view.record.show_message(f"The final Minute and RMP are exported for ViSOR. {warnings}".strip())
        self.sig_written.emit([Path(p) for p in exported])

    def _on_tribunal_statement_requested(self) -> None:
        """Guidance 11.20: refused with its sentence (in the record's panel) unless the meeting can have one. It is
        made in memory first, and written only once the chair has seen it and approved it (issue 18 item 4)."""
        if not self._ready():
            return
        folder = self.ask_for_folder()
        if not folder:
            return
        self._forget_preview(folder)
        self._submit(partial(document_service.prepare_tribunal_statement, self._session, self._meeting.meeting_id,
                             folder), partial(self._show_release, folder))

    def _show_release(self, folder: str, prepared) -> None:
        state = self._state()
        dialog = ReleaseDialog(self.view.window(), prepared, state.chair_name if state is not None else "")
        self.release_dialog = dialog

        def confirmed() -> None:
            if not " ".join(dialog.value("approved_by").split()):
                dialog.show_error("Enter the name of the chair who approves what will leave.", "approved_by")
                return
            dialog.accept()

        dialog.sig_confirmed.connect(confirmed)
        dialog.finished.connect(lambda _result: self._forget_release(dialog))
        self._ask(dialog, lambda d: self._submit(
            partial(release.approve, self._session, prepared, approved_by=d.value("approved_by")),
            partial(self._on_tribunal_statement_written, folder)))
        dialog.approved_by.setFocus()

    def _forget_release(self, dialog: QDialog) -> None:
        if self.release_dialog is dialog:
            self.release_dialog = None

    def _on_tribunal_statement_written(self, folder: str, generated: list) -> None:
        self._show_documents(folder, generated, TRIBUNAL_WRITTEN.format(version=generated.version), TRIBUNAL_TITLE)
        pdf = next((g for g in generated if g.format == "pdf"), None)
        if pdf is not None:
            self._preview(pdf, TRIBUNAL_TITLE)
            self.view.mark_previewed(self._listed.index(pdf))

    def _on_finding_activated(self, step: str) -> None:
        if self._meeting is not None:
            self.sig_step_requested.emit(self._meeting.meeting_id, step)

    # -- files and preview -----------------------------------------------------------
    def _on_generate_requested(self) -> None:
        folder = self.ask_for_folder()
        if folder:
            self.generate_into(folder)

    def _on_generated(self, folder: str, generated: list) -> None:
        self._show_documents(folder, generated, summary_sentence(len(generated)), PREVIEW_TITLE)
        self.sig_generated.emit(generated)

    def _forget_preview(self, folder: str) -> None:
        self._renders.bump()
        self._preview_path = None
        self._listed = []
        self._pages.clear()
        self._folder = str(folder)
        self.view.show_files("", "", [])
        self.view.clear_preview()

    def _show_documents(self, folder: str, generated: list, summary: str, title: str) -> None:
        self._listed = list(generated)
        self.view.show_files(summary, folder, [g.path.name for g in generated])
        minute = next((g for g in generated if g.kind == PREVIEW_KIND and g.format == "pdf"), None)
        if minute is not None:
            self._preview(minute, title)
            self.view.mark_previewed(self._listed.index(minute))
        if generated:
            self.sig_written.emit([g.path for g in generated])

    def _preview(self, document, title: str) -> None:
        """Show page 1 of `document` (a Generated PDF)."""
        self._renders.bump()
        self._pages.clear()
        self._preview_path = Path(document.path)
        self.view.set_preview_title(title)
        self._show_page(0)

    def _on_document_chosen(self, row: int) -> None:
        """A file chosen in the list: its PDF is previewed (a DOCX's twin PDF, as the DOCX cannot be). The
        chosen row stays highlighted, so the arrow keys walk the list either way."""
        if not 0 <= row < len(self._listed):
            return
        chosen = self._listed[row]
        pdf = next((g for g in self._listed if g.kind == chosen.kind and g.format == "pdf"
                    and g.path.parent == chosen.path.parent), None)
        if pdf is None:  # nothing else stays on show, to be taken for this file
            self._renders.bump()
            self._preview_path = None
            self._pages.clear()
            self.view.clear_preview()
            self.view.set_preview_title(f"{chosen.path.name} has no PDF to preview.")
            return
        if pdf.path != self._preview_path:
            self._preview(pdf, f"Preview: {pdf.path.name}")

    def _on_print_requested(self) -> None:
        if self._preview_path is None:
            return
        try:
            self.print_document(self._preview_path, self._preview_path.stem)
        except UserFacingError as err:
            self.view.show_error(str(err))

    def print_document(self, path: Path, title: str) -> int:
        """The platform's print dialog, then the pages. Tests replace this method."""
        from ui.documents import printing  # Qt Print Support loads when first wanted, not at start-up

        return printing.print_with_dialog(self.view.window(), path, title)

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
            self._renders.bump()
            self._pages.clear()
            self._show_page(self._wanted_page)

    def _show_page(self, index: int) -> None:
        """From memory if rendered before; otherwise rendered on the pool lane (a page takes ~10 ms or more)."""
        self._wanted_page = index
        page = self._pages.get(index)
        if page is not None:
            self.view.show_page(page.image, page.index, page.count)
            return
        work = partial(render_page, self._preview_path, index, self.view.preview_width_px())
        # any failure here is one nobody planned for: the crash dialog
        Op(self.runner, work, crash_parent=self.view.window).stale_unless(self._renders.current()) \
            .on_success(self._on_page_rendered).run(lane="pool")

    def _on_page_rendered(self, page: RenderedPage) -> None:
        self._pages[page.index] = page
        if page.index == min(self._wanted_page, page.count - 1):
            self.view.show_page(page.image, page.index, page.count)

    def _forget(self) -> None:
        self._run.bump()
        self._renders.bump()
        self._preview_path = None
        self._listed = []
        self._pages.clear()
        self._wanted_page = 0
        if self._dialog is not None:
            self._dialog.close()
            self._dialog = None
