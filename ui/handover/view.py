"""The handover dialogs: export one meeting (or one individual's history) as an encrypted file; read one and import it.

`HandoverDialogs` asks the system's file questions, so tests hand the controller a fake instead.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QDialog, QFormLayout, QHBoxLayout, QLabel, QMessageBox,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from ui import file_dialogs
from ui.common import (BusyConfirm, body_label, enter_never_accepts, error_label, field_label, named, password_field,
                       title_label)
from ui.unlock.strength import passphrase_hint

HANDOVER_FILTER = "MAPPA Desk handover files (*.mdhandover)"
PASSPHRASE_ADVICE = ("Agree this passphrase with the other person in person or by phone, never in the same email or "
                     "message as the file. They need it to open the file.")
NOT_THE_SAME = "The two passphrases are not the same. Type the passphrase again in both boxes."


class HandoverDialogs:
    def choose_folder(self, parent: QWidget, start: str) -> str | None:
        folder = file_dialogs.choose_folder(parent, "Save the handover file in which folder?", start)
        return folder or None

    def choose_handover_file(self, parent: QWidget, start: str) -> str | None:
        path = file_dialogs.choose_file(parent, "Import a handover", start, HANDOVER_FILTER)
        return path or None

    def inform(self, parent: QWidget, title: str, text: str) -> None:
        QMessageBox.information(parent, title, text)


class _Dialog(QDialog, BusyConfirm):
    """A titled dialog with one error line and Cancel / a confirm button."""

    sig_confirmed = Signal()

    def __init__(self, parent: QWidget | None, object_name: str, title: str, confirm: str, confirm_name: str):
        super().__init__(parent)
        named(self, object_name, title)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(520)
        self.box = QVBoxLayout(self)
        self.box.addWidget(title_label(title, f"{object_name}Title"))
        self.body = QVBoxLayout()
        self.box.addLayout(self.body)
        self.error = error_label(f"{object_name}Error")
        self.box.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.cancel_button = named(QPushButton("Cancel"), f"{object_name}Cancel", "Cancel")
        self.confirm_button = named(QPushButton(confirm), confirm_name, confirm.replace("&", "").rstrip("…"))
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.confirm_button)
        self.box.addLayout(buttons)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_button.clicked.connect(self._on_confirm_clicked)

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()


class ExportDialog(_Dialog):
    """Which meetings, the passphrase twice, and the folder the file goes into."""

    sig_folder_wanted = Signal()

    def __init__(self, parent: QWidget | None, meeting_text: str, individual: str):
        super().__init__(parent, "handoverExportDialog", "Hand over to another chair", "&Export", "handoverExportButton")
        self.folder: str | None = None
        self.body.addWidget(body_label(f"Export {meeting_text} as one encrypted file for another chair to import.",
                                       "handoverExportWhat", "What is exported"))
        self.whole_history = named(QCheckBox(f"Include every meeting of {individual} (their whole history)"),
                                   "handoverWholeHistory", "This individual's whole history",
                                   "Unticked, only this meeting is exported")
        self.body.addWidget(self.whole_history)
        form = QFormLayout()
        self.passphrase = password_field("handoverPassphrase", "Handover passphrase")
        self.confirm = password_field("handoverConfirm", "Handover passphrase again")
        form.addRow(field_label("&Passphrase:", "handoverPassphraseLabel", self.passphrase), self.passphrase)
        form.addRow(field_label("&Again:", "handoverConfirmLabel", self.confirm), self.confirm)
        self.folder_label = named(QLabel("No folder chosen yet."), "handoverFolder", "Folder for the file")
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.folder_label.setWordWrap(True)
        self.folder_button = named(QPushButton("&Choose folder…"), "handoverChooseFolder", "Choose folder",
                                   "Choose the folder the handover file is saved in")
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.folder_label, 1)
        folder_row.addWidget(self.folder_button)
        form.addRow(named(QLabel("Folder:"), "handoverFolderLabel", "Folder"), folder_row)
        self.body.addLayout(form)
        # How guessable the passphrase is, while it is typed (the core refuses a weak one with its sentence).
        self.hint = body_label("", "handoverHint", "Passphrase strength")
        self.body.addWidget(self.hint)
        for field in (self.passphrase, self.confirm):
            field.textChanged.connect(lambda _text: self.hint.setText(
                passphrase_hint(self.passphrase.text(), self.confirm.text()).text))
        self.body.addWidget(body_label(PASSPHRASE_ADVICE, "handoverPassphraseAdvice", "About the passphrase"))
        self.folder_button.clicked.connect(self.sig_folder_wanted)
        enter_never_accepts(self, self.confirm_button)  # Enter in a passphrase box never exports; Ctrl+Enter does
        self.passphrase.setFocus()

    def set_folder(self, folder: str) -> None:
        self.folder = folder
        self.folder_label.setText(folder)

    def checked_passphrase(self) -> str | None:
        """The passphrase if both boxes agree; else the error is shown and None returned."""
        if self.passphrase.text() != self.confirm.text():
            self.show_error(NOT_THE_SAME)
            self.confirm.setFocus()
            return None
        return self.passphrase.text()

    def wipe(self) -> None:
        self.passphrase.clear()
        self.confirm.clear()


class ImportDialog(_Dialog):
    """The passphrase, then what the file brings and what importing it would do; Import only after that."""

    sig_read_requested = Signal()

    def __init__(self, parent: QWidget | None, file_name: str):
        super().__init__(parent, "handoverPreview", "Import a handover", "&Import", "confirmImportButton")
        self.body.addWidget(body_label(f"File: {file_name}", "handoverImportFile", "Handover file"))
        self.body.itemAt(0).widget().setTextFormat(Qt.TextFormat.PlainText)
        form = QFormLayout()
        self.passphrase = password_field("handoverImportPassphrase", "Passphrase of the handover file")
        self.read_button = named(QPushButton("&Read the file"), "handoverReadButton", "Read the file",
                                 "Shows what the file brings and what importing it would do; nothing is imported yet")
        row = QHBoxLayout()
        row.addWidget(self.passphrase, 1)
        row.addWidget(self.read_button)
        form.addRow(field_label("&Passphrase:", "handoverImportPassphraseLabel", self.passphrase), row)
        self.body.addLayout(form)
        self.preview = named(QPlainTextEdit(), "handoverPreviewText", "What the file brings and what importing does")
        self.preview.setReadOnly(True)
        self.preview.setPlaceholderText("Type the passphrase the sender gave you, then choose Read the file.")
        self.body.addWidget(self.preview)
        self.confirm_button.setEnabled(False)
        self.read_button.clicked.connect(self._on_read_clicked)
        self.passphrase.returnPressed.connect(self._on_read_clicked)
        self.passphrase.textChanged.connect(self._on_passphrase_changed)
        self._read = False
        # Enter in the passphrase box reads the file (that changes nothing); it never imports. Ctrl+Enter imports
        # once the file has been read, as the Import button does.
        enter_never_accepts(self, self.confirm_button)
        self.passphrase.setFocus()

    def show_preview(self, lines: list[str]) -> None:
        self.preview.setPlainText("\n".join(lines))
        self._read = True
        self.confirm_button.setEnabled(not self._busy)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.read_button.setEnabled(not busy)
        self.confirm_button.setEnabled(not busy and self._read)

    def _on_read_clicked(self) -> None:
        if not self._busy:
            self.error.hide()
            self.sig_read_requested.emit()

    def _on_passphrase_changed(self) -> None:
        # What was read belongs to the passphrase it was read with.
        self._read = False
        self.preview.clear()
        self.confirm_button.setEnabled(False)
