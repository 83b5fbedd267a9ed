"""The questions a backup or restore asks: a folder, a file, a confirmation, the backup's passphrase.

One object, so tests hand the controllers a fake that answers without a real dialog.
"""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from ui import file_dialogs
from ui.common import ask_text

BACKUP_FILTER = "MAPPA Desk backups (*.mdbackup)"


class BackupDialogs:
    def choose_folder(self, parent: QWidget, start: str) -> str | None:
        folder = file_dialogs.choose_folder(parent, "Back up into which folder?", start)
        return folder or None

    def choose_backup_file(self, parent: QWidget, start: str) -> str | None:
        path = file_dialogs.choose_file(parent, "Restore from a backup", start, BACKUP_FILTER)
        return path or None

    def confirm(self, parent: QWidget, title: str, text: str, action: str) -> bool:
        box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.Cancel, parent)
        go = box.addButton(action, QMessageBox.ButtonRole.AcceptRole)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.exec()
        return box.clickedButton() is go

    def ask_passphrase(self, parent: QWidget, text: str) -> str | None:
        passphrase = ask_text(parent, "backupPassphraseDialog", "Passphrase of the backup", text, password=True,
                              answer="&Continue")
        return passphrase or None

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)
