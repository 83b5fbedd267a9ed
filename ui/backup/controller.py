"""Automatic backups (daily after unlock, and on close) and "Back up now…", on the housekeeping lane.

A backup's long work (the file copy, the checks of the copy) runs on the vault's housekeeping connection
(see services.backup), so the "db" lane stays free for the user's work, such as opening a meeting.

The backup on close is waited for however long it takes (ui.backup.closing), and a backup on close that did
not finish is made after the next unlock, whatever the day; Home's note says so, and says when it is made."""

from __future__ import annotations

import datetime as _dt
import logging
import threading
from functools import partial
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from mappa_desk.services import backup
from mappa_desk.services.session import Session
from ui.backup import closing
from ui.backup.dialogs import BackupDialogs
from ui.ops import Op
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

HOUSEKEEPING = "housekeeping"  # the lane backups run on (ui.tasks)
DAILY_CHECK_MS = 60 * 60 * 1000  # a vault left open past midnight still gets its daily backup
OWED_BEING_MADE = "The backup on closing last time was not finished, so it is being made now."
OWED_MADE = "The backup on closing last time was not finished; it has now been made."


def _back_up_now(session: Session, folder: str, progress: backup.Progress) -> tuple[Path, int, bool]:
    backup.set_backup_settings(session, folder=folder)
    made = backup.make_backup(session, progress=progress)
    beside_vault = made.parent.parent == session.vault.folder.resolve()
    return made, backup.keep_count(session), beside_vault


class BackupController(QObject):
    sig_problem = Signal(str)  # an automatic backup failed: the sentence, for the home page's note
    sig_backed_up = Signal(object)  # Path of a backup just made
    sig_note = Signal(str)  # a sentence for the home page's note (a backup owed from the last close)
    sig_progress = Signal(float, str)  # how far the backup in hand has gone, and its stage's sentence

    def __init__(self, runner: TaskRunner, parent_widget: QWidget, parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.parent_widget = parent_widget
        self.dialogs = BackupDialogs()
        self.now = _dt.datetime.now  # tests set the clock
        self._session: Session | None = None
        self._timer = QTimer(self)
        self._timer.setInterval(DAILY_CHECK_MS)
        self._timer.timeout.connect(self._back_up_if_due)
        self._stopping = threading.Event()  # "Quit without waiting": the backup in hand stops
        self._said: tuple[int, str] | None = None  # the last progress said (per cent, sentence)
        self.last_progress: tuple[float, str] | None = None
        self.sig_progress.connect(self._on_progress)

    def start(self, session: Session) -> None:
        """After unlock: the day's backup if there is none yet, and a check every hour."""
        self._session = session
        self._stopping.clear()
        self._timer.start()
        self._back_up_if_due()

    def stop(self) -> None:
        """On Lock."""
        self._session = None
        self._timer.stop()

    def back_up_on_close(self, session: Session | None) -> None:
        """Before the session closes: a backup if anything changed (or one is owed), however long it takes,
        after a backup still in hand. Waits in a local event loop; after a moment a dialog shows the progress
        and offers "Quit without waiting". A failure is logged, not shown."""
        self.stop()
        if session is None:  # locked: a backup in hand was interrupted by the Lock and ends at once
            self.runner.wait_for_done()
            return
        task = Op(self.runner, partial(backup.backup_if_due, session, None, self.now(), closing=True,
                                       progress=self._progress)) \
            .on_failure(self._on_close_failed, report=False).run(HOUSEKEEPING)
        closing.wait_for(task, self._window(), self._stopping.set, lambda: self.last_progress, self.sig_progress)

    def _progress(self, fraction: float, sentence: str) -> None:
        """A backup's progress (on the housekeeping lane): raises to stop it once the user quits without waiting."""
        if self._stopping.is_set():
            raise closing.Stopped()
        said = (round(100 * fraction), sentence)
        if said != self._said:  # the bar moves by whole per cents: fewer signals
            self._said = said
            self.sig_progress.emit(fraction, sentence)

    def _on_progress(self, fraction: float, sentence: str) -> None:
        self.last_progress = (fraction, sentence)

    def _forget_progress_after(self, task) -> None:
        """Once a backup is over, the progress it said is no longer that of the backup in hand."""
        task.sig_finished.connect(self._forget_progress)

    def _forget_progress(self) -> None:
        self.last_progress, self._said = None, None

    @staticmethod
    def _on_close_failed(err: BaseException) -> None:
        if isinstance(err, closing.Stopped):
            log.info("backup on close stopped: the user quit without waiting; it is made at the next unlock")
        else:
            log.warning("backup on close failed: %s", type(err).__name__)

    def back_up_now(self) -> None:
        """Home's "Back up now…": choose the folder (remembered in the vault), then back up and say where."""
        session = self._session
        if session is None:
            return
        self._op(partial(backup.backup_folder, session)).stale_unless(lambda: session is self._session) \
            .on_success(partial(self._on_folder_known, session)).run()

    # -- inside ------------------------------------------------------------------------
    def _back_up_if_due(self) -> None:
        """First: is a backup on close owed (a short read)? If so, Home says it is being made."""
        session = self._session
        if session is not None:  # (after a Lock, what it did is no longer said)
            Op(self.runner, partial(backup.owed_on_close, session), crash_parent=self._window) \
                .stale_unless(lambda: session is self._session).on_success(partial(self._back_up, session)) \
                .on_user_error(lambda err: self.sig_problem.emit(f"The automatic backup was not made. {err}")) \
                .run()

    def _back_up(self, session: Session, owed: bool) -> None:
        if owed:
            self.sig_note.emit(OWED_BEING_MADE)
        self._forget_progress_after(
            Op(self.runner, partial(backup.backup_if_due, session, None, self.now(), progress=self._progress),
               crash_parent=self._window)
            .stale_unless(lambda: session is self._session).on_success(partial(self._on_automatic_done, owed))
            .on_user_error(lambda err: self.sig_problem.emit(f"The automatic backup was not made. {err}"))
            .run(HOUSEKEEPING))

    def _window(self) -> QWidget:
        return self.parent_widget.window()

    def _op(self, work) -> Op:
        """The user asked for it: a failure is said in a dialog."""
        return Op(self.runner, work, crash_parent=self._window) \
            .on_user_error(lambda err: self.dialogs.inform(self._window(), "Backup not made", str(err)))

    def _on_automatic_done(self, owed: bool, made: Path | None) -> None:
        if made is not None:
            if owed:
                self.sig_note.emit(OWED_MADE)
            self.sig_backed_up.emit(made)

    def _on_folder_known(self, session: Session, folder: Path) -> None:
        chosen = self.dialogs.choose_folder(self.parent_widget.window(), str(folder))
        if not chosen or session is not self._session:
            return
        self._forget_progress_after(self._op(partial(_back_up_now, session, chosen, self._progress))
                                    .stale_unless(lambda: not self._stopping.is_set())  # stopped by quitting
                                    .on_success(self._on_backed_up).run(HOUSEKEEPING))

    def _on_backed_up(self, result: tuple[Path, int, bool]) -> None:
        made, keep, beside_vault = result
        self.sig_backed_up.emit(made)
        where = (" It is beside the vault, on the same disk: it protects against damage, not against losing the "
                 "laptop. Choose a folder on another drive next time." if beside_vault else "")
        self.dialogs.inform(self.parent_widget.window(), "Backed up",
                            f"Backed up to {made.name} in {made.parent}, and checked it. "
                            f"The newest {keep} backups of this vault are kept there. Audio recordings are not kept "
                            f"in backups.{where}")
