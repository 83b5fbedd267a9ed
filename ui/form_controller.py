"""What the controllers of a form dialog that saves on the database lane share (New individual, Edit details):
one dialog at a time, its work sent with the dialog busy, a result for a dialog already closed (or a Lock)
dropped, a refusal shown on the form beside its field."""

from __future__ import annotations

from functools import partial
from typing import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDialog, QWidget

from mappa_desk.errors import UserFacingError
from mappa_desk.services.session import Session
from ui.ops import Generation, Op
from ui.tasks import TaskRunner


class FormController(QObject):
    def __init__(self, runner: TaskRunner, parent_widget: QWidget | None):
        super().__init__(parent_widget)
        self.runner = runner
        self.parent_widget = parent_widget
        self.dialog: QDialog | None = None
        self._session: Session | None = None
        self._run = Generation()  # results for a dialog already closed (or a Lock) are dropped by this

    def _opened(self, dialog: QDialog) -> None:
        """Show `dialog` as the one open form (its `finished` forgets it)."""
        dialog.finished.connect(partial(self._on_finished, self._run.current()))
        self.dialog = dialog
        dialog.open()
        dialog.family_name.setFocus()

    def clear(self) -> None:
        """On Lock, or before another dialog: close it (what is typed is case material) and drop what is on its way."""
        self._run.bump()
        dialog, self.dialog = self.dialog, None
        self._session = None
        if dialog is not None:
            dialog.set_busy(False)
            dialog.reject()

    def _send(self, dialog: QDialog, work: Callable, on_success: Callable) -> None:
        """Run `work` on the database lane with the dialog busy; `on_success(result)` unless it has gone since."""
        dialog.set_busy(True)
        still = self._run.current()
        Op(self.runner, work, crash_parent=dialog).stale_unless(lambda: still() and self.dialog is dialog) \
            .on_done(lambda: dialog.set_busy(False)).with_progress(dialog.show_progress) \
            .on_success(on_success).on_user_error(self._on_failed).run()

    def _done(self) -> None:
        """The work succeeded: close the dialog."""
        dialog, self.dialog = self.dialog, None
        self._session = None
        dialog.accept()

    def _on_failed(self, err: UserFacingError) -> None:
        self.dialog.show_error(str(err), getattr(err, "field", None))

    def _on_finished(self, still: Callable[[], bool], _result: int) -> None:
        if still():
            self._run.bump()
            self.dialog = None
            self._session = None
