"""Drives the handover dialogs: export on the database lane, read and import a handover file there too."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from mappa_desk.errors import UserFacingError
from mappa_desk.services import handover
from mappa_desk.services.session import Session
from ui.crash import show_unexpected_error
from ui.handover.view import ExportDialog, HandoverDialogs, ImportDialog
from ui.home.model import MeetingRow
from ui.tasks import TaskRunner

SELECT_A_MEETING = "Select the meeting to hand over in the Meetings tab first, then choose Hand over again."


class HandoverController(QObject):
    sig_exported = Signal(str)  # the handover file's path
    sig_previewed = Signal()  # the import dialog shows what the file brings
    sig_imported = Signal(object)  # handover.HandoverResult: the home list should be reloaded

    def __init__(self, runner: TaskRunner, parent_widget: QWidget, session: Callable[[], Session | None],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.parent_widget = parent_widget
        self.session = session  # the open session, or None once locked
        self.dialogs = HandoverDialogs()  # tests replace it
        self.dialog: ExportDialog | ImportDialog | None = None
        self._run = 0  # results meant for an earlier dialog or a Lock are dropped by this
        self._folder = str(Path.home())

    # -- export --------------------------------------------------------------------------------------
    def export(self, meeting: MeetingRow | None) -> None:
        if self.session() is None:
            return
        if meeting is None:
            self.dialogs.inform(self.parent_widget, "Hand over", SELECT_A_MEETING)
            return
        name = meeting.individual.split(" (")[0] or "this individual"
        dialog = ExportDialog(self.parent_widget, f"the {meeting.kind.lower()} meeting of {meeting.individual} "
                                                  f"on {meeting.date}", name)
        run = self._show(dialog)
        dialog.sig_folder_wanted.connect(partial(self._ask_folder, dialog))

        def confirmed() -> None:
            if self.dialog is not dialog or dialog.is_busy() or self.session() is None:
                return
            passphrase = dialog.checked_passphrase()
            if passphrase is None:
                return
            if dialog.folder is None and not self._ask_folder(dialog):
                return
            dialog.set_busy(True)
            self.runner.submit(partial(handover.export_handover, self.session(), meeting.meeting_id, dialog.folder,
                                       passphrase, whole_history=dialog.whole_history.isChecked()),
                               on_success=partial(self._on_exported, run, dialog),
                               on_failure=partial(self._on_failed, run, dialog))

        dialog.sig_confirmed.connect(confirmed)

    def _ask_folder(self, dialog: ExportDialog) -> bool:
        folder = self.dialogs.choose_folder(dialog, dialog.folder or self._folder)
        if folder:
            self._folder = folder
            dialog.set_folder(folder)
        return bool(folder)

    def _on_exported(self, run: int, dialog: ExportDialog, path: Path) -> None:
        if run != self._run or self.dialog is not dialog:
            return
        self._close_dialog()
        self.dialogs.inform(self.parent_widget, "Handover file saved",
                            f"The handover file is saved as {path}. Send the file to the other chair, and tell "
                            "them the passphrase in person or by phone, never in the same email.")
        self.sig_exported.emit(str(path))

    # -- import --------------------------------------------------------------------------------------
    def import_file(self) -> None:
        if self.session() is None:
            return
        chosen = self.dialogs.choose_handover_file(self.parent_widget, self._folder)
        if not chosen:
            return
        path = Path(chosen)
        dialog = ImportDialog(self.parent_widget, path.name)
        run = self._show(dialog)

        def read() -> None:
            if self.dialog is not dialog or dialog.is_busy() or self.session() is None:
                return
            dialog.set_busy(True)
            self.runner.submit(partial(handover.preview, path, dialog.passphrase.text(), self.session()),
                               on_success=partial(self._on_previewed, run, dialog),
                               on_failure=partial(self._on_failed, run, dialog))

        def confirmed() -> None:
            if self.dialog is not dialog or dialog.is_busy() or self.session() is None:
                return
            dialog.set_busy(True)
            self.runner.submit(partial(handover.import_handover, self.session(), path, dialog.passphrase.text()),
                               on_success=partial(self._on_imported, run, dialog),
                               on_failure=partial(self._on_failed, run, dialog))

        dialog.sig_read_requested.connect(read)
        dialog.sig_confirmed.connect(confirmed)

    def _on_previewed(self, run: int, dialog: ImportDialog, found: handover.Preview) -> None:
        if run != self._run or self.dialog is not dialog:
            return
        dialog.set_busy(False)
        dialog.show_preview(found.sentences())
        self.sig_previewed.emit()

    def _on_imported(self, run: int, dialog: ImportDialog, result: handover.HandoverResult) -> None:
        if run != self._run or self.dialog is not dialog:
            return
        self._close_dialog()
        self.dialogs.inform(self.parent_widget, "Handover imported", "\n".join(result.sentences()))
        self.sig_imported.emit(result)

    # -- both ----------------------------------------------------------------------------------------
    def _show(self, dialog) -> int:
        self._close_dialog()
        self._run += 1
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()
        return self._run

    def _on_failed(self, run: int, dialog, err: BaseException) -> None:
        if run != self._run or self.dialog is not dialog:
            return
        dialog.set_busy(False)
        if isinstance(err, UserFacingError):
            dialog.show_error(str(err))
        else:
            self._close_dialog()
            show_unexpected_error(self.parent_widget, err)

    def _forget(self, dialog) -> None:
        if self.dialog is dialog:
            self.dialog = None

    def _close_dialog(self) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.set_busy(False)
            if isinstance(dialog, ExportDialog):
                dialog.wipe()
            else:
                dialog.passphrase.clear()
            dialog.reject()

    def clear(self) -> None:
        """On Lock: the dialog closes and what was typed in it goes with it; results still coming are dropped."""
        self._run += 1
        self._close_dialog()
