"""Drives the Requests tab: loads the log, runs each form's change on the database lane, writes the reply and the CSV."""

from __future__ import annotations

import datetime as _dt
from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal

from mappa_desk.errors import NotFound, UserFacingError
from mappa_desk.services import requests
from mappa_desk.services.session import Session
from ui import file_dialogs
from ui.crash import show_unexpected_error
from ui.requests.view import FormDialog, RequestsPanel, decision_dialog, request_dialog, sent_dialog, sharing_dialog
from ui.tasks import TaskRunner


class RequestsController(QObject):
    sig_log_shown = Signal(int)  # that individual's log is on screen
    sig_reply_written = Signal(list)  # documents.Generated
    sig_log_exported = Signal(str)  # the CSV file's path

    def __init__(self, panel: RequestsPanel, runner: TaskRunner, session: Callable[[], Session | None],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.panel = panel
        self.runner = runner
        self.session = session  # the open session, or None once locked
        self.dialog: FormDialog | None = None
        self.today = lambda: _dt.date.today().isoformat()  # tests set the day
        self._run = 0  # results meant for an earlier individual, dialog or Lock are dropped by this
        self._chair = ""  # the last approving chair typed: offered again in the next form
        panel.sig_log_wanted.connect(self._on_log_wanted)
        panel.sig_record_requested.connect(self._on_record_requested)
        panel.sig_sharing_requested.connect(self._on_sharing_requested)
        panel.sig_decision_requested.connect(self._on_decision_requested)
        panel.sig_sent_requested.connect(self._on_sent_requested)
        panel.sig_reply_requested.connect(self._on_reply_requested)
        panel.sig_export_requested.connect(self._on_export_requested)

    # -- what a test replaces: the system's file dialogs -------------------------------------------
    def ask_for_folder(self) -> str:
        return file_dialogs.choose_folder(self.panel.window(), "Folder for the reply letter and Executive Summary")

    def ask_for_file(self, suggested: str) -> str:
        return file_dialogs.choose_save_file(self.panel.window(), "Export the requests log", suggested, "CSV files (*.csv)")

    # -- the log -------------------------------------------------------------------------------------
    def _on_log_wanted(self, individual_id: int | None, select: tuple[str, int] | None = None) -> None:
        self._run += 1
        self._close_dialog()
        session = self.session()
        if individual_id is None or session is None:
            return
        self.runner.submit(partial(requests.log_for_individual, session, individual_id),
                           on_success=partial(self._on_log, self._run, individual_id, select),
                           on_failure=partial(self._on_failed, self._run, None))

    def _reload(self, select: tuple[str, int] | None = None) -> None:
        if self.panel.individual_id is not None:
            self._on_log_wanted(self.panel.individual_id, select)

    def _on_log(self, run: int, individual_id: int, select, entries: list) -> None:
        if run != self._run or self.panel.individual_id != individual_id:
            return
        self.panel.show_log(entries, select)
        self.sig_log_shown.emit(individual_id)

    def _on_failed(self, run: int, dialog: FormDialog | None, err: BaseException) -> None:
        if run != self._run:
            return
        if dialog is not None:
            dialog.set_busy(False)
        if isinstance(err, UserFacingError) and not isinstance(err, NotFound) and dialog is not None:
            dialog.show_error(str(err), getattr(err, "field", None))
        elif isinstance(err, UserFacingError):
            self._close_dialog()
            self.panel.show_error(str(err))
        else:
            show_unexpected_error(self.panel.window(), err)

    # -- the forms -----------------------------------------------------------------------------------
    def _open(self, dialog: FormDialog, on_confirmed: Callable[[FormDialog], Callable[[], object]], done: str,
              entry: tuple[str, int] | None = None) -> FormDialog:
        """Show a form; on confirm run the change it makes on the database lane, then show the log again."""
        self._close_dialog()
        self.panel.status.clear()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        run = self._run

        def confirmed() -> None:
            if self.dialog is not dialog or dialog.is_busy() or self.session() is None:
                return
            dialog.set_busy(True)
            self.runner.submit(on_confirmed(dialog), on_success=partial(self._on_saved, run, dialog, done, entry),
                               on_failure=partial(self._on_failed, run, dialog))

        dialog.sig_confirmed.connect(confirmed)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()
        return dialog

    def _on_saved(self, run: int, dialog: FormDialog, done: str, entry, result) -> None:
        if run != self._run or self.dialog is not dialog:
            return
        if dialog.has("approved_by"):
            self._chair = " ".join(dialog.value("approved_by").split())
        dialog.set_busy(False)
        self.dialog = None
        dialog.accept()
        key = entry or (("request" if dialog.objectName() == "requestDialog" else "sharing"), result)
        self._reload(key)
        self.panel.show_status(done)

    def _forget(self, dialog: FormDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.set_busy(False)
            dialog.reject()

    def _on_record_requested(self) -> None:
        individual_id, today = self.panel.individual_id, self.today()
        if individual_id is None:
            return
        dialog = request_dialog(self.panel.window(), self.panel.meetings)

        def change(d: FormDialog):
            spec = requests.NewRequest(individual_id, d.value("meeting_id"), d.value("received_on"),
                                       d.value("requester"), d.value("kind"), d.value("organisation"),
                                       d.value("documents"))
            return partial(requests.record_request, self.session(), spec, today=today)

        self._open(dialog, change, "The request is recorded. The chair's decision comes next.")
        dialog.field("requester").setFocus()

    def _on_sharing_requested(self) -> None:
        if self.panel.individual_id is None:
            return
        today = self.today()
        dialog = sharing_dialog(self.panel.window(), self.panel.meetings, self._chair)

        def change(d: FormDialog):
            return partial(requests.record_sharing, self.session(), d.value("meeting_id"),
                           shared_with=d.value("shared_with"), what=d.value("what"), reason=d.value("reason"),
                           approved_by=d.value("approved_by"), approved_on=d.value("approved_on"), today=today)

        self._open(dialog, change, "The chair's approval of sharing is recorded.")
        dialog.field("shared_with").setFocus()

    def _on_decision_requested(self, entry) -> None:
        today = self.today()
        dialog = decision_dialog(self.panel.window(), entry, self._chair)

        def change(d: FormDialog):
            return partial(requests.record_decision, self.session(), entry.id, d.value("decision"),
                           approved_by=d.value("approved_by"), approved_on=d.value("approved_on"),
                           reason=d.value("reason"), today=today)

        self._open(dialog, change, "The decision is recorded.", ("request", entry.id))
        dialog.field("decision").setFocus()

    def _on_sent_requested(self, entry) -> None:
        session, run = self.session(), self._run
        if session is None:
            return
        self.runner.submit(partial(requests.suggested_sent_what, session, entry.id),
                           on_success=partial(self._open_sent, run, entry),
                           on_failure=partial(self._on_failed, run, None))

    def _open_sent(self, run: int, entry, suggestion: str) -> None:
        if run != self._run:
            return
        today = self.today()
        dialog = sent_dialog(self.panel.window(), entry, suggestion)

        def change(d: FormDialog):
            return partial(requests.record_sent, self.session(), entry.id, sent_on=d.value("sent_on"),
                           sent_what=d.value("sent_what"), today=today)

        self._open(dialog, change, "Recorded as sent.", ("request", entry.id))
        dialog.field("sent_what").setFocus()

    # -- files ---------------------------------------------------------------------------------------
    def _on_reply_requested(self, entry) -> None:
        session = self.session()
        folder = self.ask_for_folder() if session is not None else ""
        if not folder:
            return
        run = self._run
        self.panel.show_status("Writing the reply letter and Executive Summary…")
        self.runner.submit(partial(requests.generate_for_request, session, entry.id, folder),
                           on_success=partial(self._on_reply_written, run, folder),
                           on_failure=partial(self._on_failed, run, None))

    def _on_reply_written(self, run: int, folder: str, generated: list) -> None:
        if run != self._run:
            return
        self.panel.show_status(f"Wrote the reply letter and Executive Summary ({len(generated)} files) to {folder}. "
                               "They are not encrypted: handle them as OFFICIAL-SENSITIVE. Mark the request sent "
                               "once they have gone.")
        self.sig_reply_written.emit(generated)

    def _on_export_requested(self) -> None:
        session, individual_id = self.session(), self.panel.individual_id
        if session is None or individual_id is None:
            return
        ref = "".join(c if c.isalnum() else "-" for c in self.panel.visor_ref).strip("-")
        path = self.ask_for_file(f"MAPPA-RequestsLog_{ref or individual_id}.csv")  # never the person's name
        if not path:
            return
        if not path.lower().endswith(".csv"):
            path += ".csv"
        run = self._run
        self.runner.submit(partial(requests.export_log, session, individual_id, path),
                           on_success=partial(self._on_exported, run, path),
                           on_failure=partial(self._on_failed, run, None))

    def _on_exported(self, run: int, path: str, count: int) -> None:
        if run != self._run:
            return
        self.panel.show_status(f"Wrote {count} entries to {Path(path).name}. The file is not encrypted: handle it "
                               "as OFFICIAL-SENSITIVE.")
        self.sig_log_exported.emit(path)
