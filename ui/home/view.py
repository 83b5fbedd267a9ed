"""Placeholder home page: what is in the unlocked vault, where it lives, and a Lock button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QLabel, QPushButton, QWidget

from ui.common import body_label, named, page_layout, title_label


class HomeView(QWidget):
    sig_lock_requested = Signal()

    def __init__(self):
        super().__init__()
        named(self, "homeView", "Vault unlocked")
        layout = page_layout(self)
        layout.addWidget(title_label("Vault unlocked", "homeTitle"))
        layout.addWidget(body_label("The home screen will appear here in a later version.",
                                    "homeExplanation", "About this page"))
        layout.addSpacing(10)

        self.individuals_count = named(QLabel(), "homeIndividualsCount", "Individuals")
        self.meetings_count = named(QLabel(), "homeMeetingsCount", "Meetings")
        self.data_folder = named(QLabel(), "homeDataFolder", "Data folder")
        self.data_folder.setTextFormat(Qt.TextFormat.PlainText)
        self.data_folder.setWordWrap(True)
        self.data_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow(named(QLabel("Individuals:"), "homeIndividualsLabel", "Individuals"), self.individuals_count)
        form.addRow(named(QLabel("Meetings:"), "homeMeetingsLabel", "Meetings"), self.meetings_count)
        form.addRow(named(QLabel("Data folder:"), "homeDataFolderLabel", "Data folder"), self.data_folder)
        layout.addLayout(form)

        # e.g. why the vault could not be remembered on this computer
        self.note = body_label("", "homeNote", "Note")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.hide()
        layout.addSpacing(6)
        layout.addWidget(self.note)
        layout.addStretch(1)

        self.lock_button = named(QPushButton("Lock"), "lockButton", "Lock",
                                 "Close the vault; the passphrase is needed to open it again")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.lock_button)
        layout.addLayout(buttons)
        self.lock_button.clicked.connect(self.sig_lock_requested)

    def show_summary(self, counts: dict, data_folder: str, note: str = "") -> None:
        self.individuals_count.setText(str(counts.get("individuals", 0)))
        self.meetings_count.setText(str(counts.get("meetings", 0)))
        self.data_folder.setText(data_folder)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def clear(self) -> None:
        for label in (self.individuals_count, self.meetings_count, self.data_folder, self.note):
            label.clear()
        self.note.hide()
