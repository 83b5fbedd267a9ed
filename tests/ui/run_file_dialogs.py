"""Run in its own process by test_file_dialogs_leave_nothing.py: every file dialog of the app, each answered
by choosing something inside FOLDER (argv[1]); prints what each call returned, one per line."""

from __future__ import annotations

import sys
from pathlib import Path
from types import SimpleNamespace

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QMessageBox, QWidget

from ui.backup.dialogs import BackupDialogs
from ui.documents.controller import DocumentsController
from ui.handover.view import HandoverDialogs
from ui.new_meeting.controller import NewMeetingController
from ui.requests.controller import RequestsController

folder = Path(sys.argv[1])
app = QApplication([])
parent = QWidget()
answers = {  # the file each kind of dialog picks inside the folder; a folder dialog takes the folder
    QFileDialog.FileMode.ExistingFile: "minutes.mdbackup",
    QFileDialog.FileMode.ExistingFiles: "minutes.mdbackup",
    QFileDialog.FileMode.AnyFile: "requests-log.csv",
}


def answer() -> None:
    """Polled: the open file dialog moves into the folder, picks, and is accepted as a user would."""
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.isVisible():
            # Accepted while Qt was still listing the folder ("File not found"): close it and try again.
            print(widget.text(), file=sys.stderr)
            widget.reject()
            return
        if isinstance(widget, QFileDialog) and widget.isVisible():
            widget.setNameFilter("All files (*)")
            widget.setDirectory(str(folder))
            name = answers.get(widget.fileMode())
            if name is not None:  # typed into the file name box: selectFile races with Qt's listing of the folder
                widget.findChild(QLineEdit, "fileNameEdit").setText(str(folder / name))
            widget.accept()


timer = QTimer()
timer.timeout.connect(answer)
timer.start(20)
start = str(folder.parent)
docs = SimpleNamespace(_folder=start, view=parent)
reqs = SimpleNamespace(panel=parent)
calls = [
    lambda: BackupDialogs().choose_folder(parent, start),
    lambda: BackupDialogs().choose_backup_file(parent, start),
    lambda: HandoverDialogs().choose_folder(parent, start),
    lambda: HandoverDialogs().choose_handover_file(parent, start),
    lambda: DocumentsController.ask_for_folder(docs),
    lambda: DocumentsController.ask_for_audio_file(docs),
    lambda: RequestsController.ask_for_folder(reqs),
    lambda: RequestsController.ask_for_file(reqs, "requests-log.csv"),
    lambda: NewMeetingController.ask_for_pre_reads(SimpleNamespace(dialog=parent, _folder=start)),
]
for call in calls:
    print(call(), flush=True)
timer.stop()
parent.deleteLater()
app.processEvents()
