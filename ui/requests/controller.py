"""Drives the Requests tab: loads the log, runs each form's change on the database lane, writes the reply and the CSV."""

from __future__ import annotations

import datetime as _dt
from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal

from mappa_desk.domain import vocabularies
from mappa_desk.errors import NotFound, UserFacingError
from mappa_desk.services import release, requests
from mappa_desk.services.session import Session
from ui import file_dialogs
from ui.documents.release import ReleaseDialog
from ui.ops import Generation, Op
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
        self._run = Generation()  # results meant for an earlier individual, dialog or Lock are dropped by this
        self._chair = ""  # the last approving chair typed: offered again in the next form
        self.release_dialog: ReleaseDialog | None = None  # the last look at what will leave (tests find it here)
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
        self._run.bump()
        self._close_dialog()
        session = self.session()
        if individual_id is None or session is None:
            return
        self._op(partial(requests.log_for_individual, session, individual_id)) \
            .on_success(partial(self._on_log, individual_id, select)).run()

    def _reload(self, select: tuple[str, int] | None = None) -> None:
        if self.panel.individual_id is not None:
            self._on_log_wanted(self.panel.individual_id, select)

    def _on_log(self, individual_id: int, select, entries: list) -> None:
        if self.panel.individual_id != individual_id:
            return
        self.panel.show_log(entries, select)
        self.sig_log_shown.emit(individual_id)

    def _op(self, work, still: Callable[[], bool] | None = None, dialog: FormDialog | None = None) -> Op:
        """Dropped once the individual, the form or the session has changed (`still`, else from now on)."""
        def tidy(_err: BaseException) -> None:
            if dialog is not None:
                dialog.set_busy(False)

        return Op(self.runner, work, crash_parent=self.panel.window).stale_unless(still or self._run.current()) \
            .on_failure(tidy).on_user_error(partial(self._on_failed, dialog))

    def _on_failed(self, dialog: FormDialog | None, err: UserFacingError) -> None:
        """Said in the form; on the tab if there is none, or if what the form was about is gone."""
        if dialog is not None and not isinstance(err, NotFound):
            dialog.show_error(str(err), getattr(err, "field", None))
        else:
            self._close_dialog()
            self.panel.show_error(str(err))

    # -- the forms -----------------------------------------------------------------------------------
    def _open(self, dialog: FormDialog, on_confirmed: Callable[[FormDialog], Callable[[], object]], done: str,
              entry: tuple[str, int] | None = None, after: Callable[[object], None] | None = None) -> FormDialog:
        """Show a form; on confirm run the change it makes on the database lane, then show the log again (and
        `after(result)`)."""
        self._close_dialog()
        self.panel.status.clear()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        still = self._run.current()

        def confirmed() -> None:
            if self.dialog is not dialog or dialog.is_busy() or self.session() is None:
                return
            dialog.set_busy(True)
            self._op(on_confirmed(dialog), still, dialog) \
                .on_success(partial(self._on_saved, dialog, done, entry, after)).run()

        dialog.sig_confirmed.connect(confirmed)
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()
        return dialog

    def _on_saved(self, dialog: FormDialog, done: str, entry, after, result) -> None:
        if self.dialog is not dialog:
            return
        if dialog.has("approved_by"):
            self._chair = " ".join(dialog.value("approved_by").split())
        dialog.set_busy(False)
        self.dialog = None
        dialog.accept()
        key = entry or (("request" if dialog.objectName() == "requestDialog" else "sharing"), result)
        self._reload(key)
        self.panel.show_status(done)
        if after is not None:
            after(result)

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
        session = self.session()
        words = vocabularies.words(requests.WITHHELD, session.profile) if session is not None else {}
        dialog = decision_dialog(self.panel.window(), entry, self._chair, words)

        def change(d: FormDialog):
            return partial(requests.record_decision, self.session(), entry.id, d.value("decision"),
                           approved_by=d.value("approved_by"), approved_on=d.value("approved_on"),
                           reason=d.value("reason"), withheld=d.value("withheld"), today=today)

        self._open(dialog, change, "The decision is recorded.", ("request", entry.id))
        dialog.field("decision").setFocus()

    def _on_sent_requested(self, entry) -> None:
        session = self.session()
        if session is None:
            return
        self._op(partial(requests.suggested_sent_what, session, entry.id)).on_success(partial(self._open_sent, entry)) \
            .run()

    def _open_sent(self, entry, suggestion: str) -> None:
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
        self.panel.show_status("Making the reply letter and Executive Summary for the chair to read…")
        self._op(partial(requests.prepare_for_request, session, entry.id, folder)) \
            .on_success(partial(self._show_release, entry, folder)).run()

    def _show_release(self, entry, folder: str, prepared: release.Release) -> None:
        """What will leave, for the chair to approve (issue 18 item 4): written, and logged, only on approval."""
        self.panel.status.clear()
        dialog = ReleaseDialog(self.panel.window(), prepared, entry.approved_by or self._chair)
        self.release_dialog = dialog

        def change(d: ReleaseDialog):
            return partial(release.approve, self.session(), prepared, approved_by=d.value("approved_by"))

        dialog.finished.connect(lambda _result: self._forget_release(dialog))
        self._open(dialog, change, "", ("request", entry.id), partial(self._on_reply_written, folder))
        dialog.approved_by.setFocus()

    def _forget_release(self, dialog: ReleaseDialog) -> None:
        if self.release_dialog is dialog:
            self.release_dialog = None

    def _on_reply_written(self, folder: str, generated: list) -> None:
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
        self._op(partial(requests.export_log, session, individual_id, path)) \
            .on_success(partial(self._on_exported, path)).run()

    def _on_exported(self, path: str, count: int) -> None:
        self.panel.show_status(f"Wrote {count} entries to {Path(path).name}. The file is not encrypted: handle it "
                               "as OFFICIAL-SENSITIVE.")
        self.sig_log_exported.emit(path)
