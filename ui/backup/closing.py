"""The backup on close, made in full however long it takes (issue 19).

The window waits for it in a local event loop, so it stays responsive. A backup over in DIALOG_DELAY_MS closes
the window with nothing shown (user input is held back meanwhile, so nothing starts while the window closes);
a longer one shows "Backing up before closing": the stage, a percentage bar and "Quit without waiting". That
button asks nothing more: the backup stops (at its next word of progress, or its next step in SQLite on the
housekeeping connection), its work folder is removed, nothing of it is kept, and the mark the vault holds (a
backup on close is owed, services.backup.OWED_SETTING) makes the next unlock make it, and say so.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEventLoop, Qt, QTimer
from PySide6.QtWidgets import QDialog, QHBoxLayout, QProgressBar, QPushButton, QVBoxLayout, QWidget

from ui.common import body_label, named
from ui.tasks import Task

DIALOG_DELAY_MS = 500  # a backup over sooner closes the window with no flash of a dialog
TITLE = "Backing up before closing"
WAITING = "Waiting for the backup to start\u2026"
STOPPING = "Stopping the backup\u2026"
EXPLAINED = ("MAPPA Desk closes once the backup is made. If you quit without waiting, the backup is made the "
             "next time the vault is unlocked.")


class Stopped(Exception):
    """The user chose "Quit without waiting": raised from the backup's progress callback to stop it."""


class ClosingBackupDialog(QDialog):
    """The stage, how far the backup has gone, and the way out ("Quit without waiting")."""

    def __init__(self, parent: QWidget | None, stop: Callable[[], None]):
        super().__init__(parent)
        self.setObjectName("closingBackupDialog")
        self.setWindowTitle(TITLE)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self._stop = stop
        self.stage = body_label(WAITING, "closingBackupStage", "Stage")
        self.bar = named(QProgressBar(), "closingBackupProgress", "Progress of the backup")
        self.bar.setRange(0, 100)
        self.bar.setValue(0)
        self.explained = body_label(EXPLAINED, "closingBackupExplained", "What quitting without waiting does")
        self.quit_button = named(QPushButton("Quit without waiting"), "quitWithoutWaitingButton",
                                 "Quit without waiting", "Stops the backup; it is made at the next unlock")
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self._on_quit)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.quit_button)
        layout = QVBoxLayout(self)
        for widget in (self.stage, self.bar, self.explained):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.explained.setMinimumWidth(self.fontMetrics().horizontalAdvance("x") * 60)

    def show_progress(self, fraction: float, sentence: str) -> None:
        if self.quit_button.isEnabled():  # once stopping, the sentence says so
            self.stage.setText(sentence)
        self.bar.setValue(round(100 * fraction))

    def _on_quit(self) -> None:
        self.quit_button.setEnabled(False)
        self.stage.setText(STOPPING)
        self._stop()

    def reject(self) -> None:  # Escape, or the dialog's close button: as "Quit without waiting"
        if self.quit_button.isEnabled():
            self.quit_button.click()


def wait_for(task: Task, parent: QWidget | None, stop: Callable[[], None],
             last: Callable[[], tuple[float, str] | None], progress_signal) -> bool:
    """Run the event loop until `task` is over; after DIALOG_DELAY_MS, with the dialog. `stop()` is what
    "Quit without waiting" calls; `progress_signal(fraction, sentence)` moves the dialog's bar; `last()` is the
    progress already said. Returns whether the dialog was shown."""
    over = [False]
    loop = QEventLoop()

    def finished() -> None:
        over[0] = True
        loop.quit()

    task.sig_finished.connect(finished)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(DIALOG_DELAY_MS)
    loop.exec(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)
    timer.stop()
    if over[0]:
        return False
    dialog = ClosingBackupDialog(parent, stop)
    if last() is not None:
        dialog.show_progress(*last())
    progress_signal.connect(dialog.show_progress)
    try:
        dialog.show()
        loop.exec()
    finally:
        progress_signal.disconnect(dialog.show_progress)
        dialog.hide()
        dialog.deleteLater()
    return True
