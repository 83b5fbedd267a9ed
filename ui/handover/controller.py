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
from ui.handover.view import ExportDialog, HandoverDialogs, ImportDialog
from ui.home.model import MeetingRow
from ui.ops import Generation, Op
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
        self._run = Generation()  # results meant for an earlier dialog or a Lock are dropped by this
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
        still = self._show(dialog)
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
            self._op(partial(handover.export_handover, self.session(), meeting.meeting_id, dialog.folder, passphrase,
                             whole_history=dialog.whole_history.isChecked()), dialog, still) \
                .on_success(self._on_exported).run()

        dialog.sig_confirmed.connect(confirmed)

    def _ask_folder(self, dialog: ExportDialog) -> bool:
        folder = self.dialogs.choose_folder(dialog, dialog.folder or self._folder)
        if folder:
            self._folder = folder
            dialog.set_folder(folder)
        return bool(folder)

    def _on_exported(self, path: Path) -> None:
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
        still = self._show(dialog)

        def read() -> None:
            if self.dialog is not dialog or dialog.is_busy() or self.session() is None:
                return
            dialog.set_busy(True)
            self._op(partial(handover.preview, path, dialog.passphrase.text(), self.session()), dialog, still) \
                .on_success(partial(self._on_previewed, dialog)).run()

        def confirmed() -> None:
            if self.dialog is not dialog or dialog.is_busy() or self.session() is None:
                return
            dialog.set_busy(True)
            self._op(partial(handover.import_handover, self.session(), path, dialog.passphrase.text()), dialog, still) \
                .on_success(self._on_imported).run()

        dialog.sig_read_requested.connect(read)
        dialog.sig_confirmed.connect(confirmed)

    def _on_previewed(self, dialog: ImportDialog, found: handover.Preview) -> None:
        dialog.set_busy(False)
        dialog.show_preview(found.sentences())
        self.sig_previewed.emit()

    def _on_imported(self, result: handover.HandoverResult) -> None:
        self._close_dialog()
        self.dialogs.inform(self.parent_widget, "Handover imported", "\n".join(result.sentences()))
        self.sig_imported.emit(result)

    # -- both ----------------------------------------------------------------------------------------
    def _show(self, dialog) -> Callable[[], bool]:
        """Opens `dialog`; returns what is true while work for it is still wanted."""
        self._close_dialog()
        self._run.bump()
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._forget(dialog))
        dialog.open()
        still = self._run.current()
        return lambda: still() and self.dialog is dialog

    def _op(self, work, dialog, still: Callable[[], bool]) -> Op:
        """The user's errors are said in the dialog; after anything else it closes and the crash dialog shows."""
        def tidy(err: BaseException) -> None:
            dialog.set_busy(False)
            if not isinstance(err, UserFacingError):
                self._close_dialog()

        return Op(self.runner, work, crash_parent=self.parent_widget).stale_unless(still).on_failure(tidy) \
            .on_user_error(lambda err: dialog.show_error(str(err)))

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
        self._run.bump()
        self._close_dialog()
