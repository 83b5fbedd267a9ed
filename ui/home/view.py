"""Placeholder home page: what is in the unlocked vault, where it lives, its meetings, and a Lock button."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (QAbstractItemView, QFormLayout, QHBoxLayout, QHeaderView, QLabel, QPushButton,
                               QTableView, QWidget)

from ui.common import body_label, error_label, field_label, named, page_layout, title_label
from ui.home.model import MeetingRow, MeetingsModel


class HomeView(QWidget):
    sig_lock_requested = Signal()
    sig_generate_requested = Signal(object)  # MeetingRow

    def __init__(self):
        super().__init__()
        named(self, "homeView", "Vault unlocked")
        layout = page_layout(self)
        layout.addWidget(title_label("Vault unlocked", "homeTitle"))
        layout.addWidget(body_label("A fuller home screen will come in a later version. For now, choose a meeting "
                                    "to generate its documents.", "homeExplanation", "About this page"))
        layout.addSpacing(6)

        self.individuals_count = named(QLabel(), "homeIndividualsCount", "Individuals")
        self.meetings_count = named(QLabel(), "homeMeetingsCount", "Meetings")
        self.data_folder = named(QLabel(), "homeDataFolder", "Data folder")
        self.data_folder.setTextFormat(Qt.TextFormat.PlainText)
        self.data_folder.setWordWrap(True)
        self.data_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout()
        form.setVerticalSpacing(6)
        form.addRow(named(QLabel("Individuals:"), "homeIndividualsLabel", "Individuals"), self.individuals_count)
        form.addRow(named(QLabel("Meetings:"), "homeMeetingsLabel", "Meetings"), self.meetings_count)
        form.addRow(named(QLabel("Data folder:"), "homeDataFolderLabel", "Data folder"), self.data_folder)
        layout.addLayout(form)

        # e.g. why the vault could not be remembered on this computer
        self.note = body_label("", "homeNote", "Note")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.note.hide()
        layout.addWidget(self.note)
        layout.addSpacing(6)

        self.meetings_model = MeetingsModel(self)
        self.meeting_list = named(QTableView(), "meetingList", "Meetings",
                                  "The meetings in the vault, newest first")
        self.meeting_list.setModel(self.meetings_model)
        self.meeting_list.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.meeting_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.meeting_list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.meeting_list.setAlternatingRowColors(True)
        self.meeting_list.setWordWrap(False)
        self.meeting_list.verticalHeader().hide()
        header = self.meeting_list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        layout.addWidget(field_label("&Meetings", "meetingListLabel", self.meeting_list))
        layout.addWidget(self.meeting_list, 1)
        self.list_error = error_label("meetingListError")
        layout.addWidget(self.list_error)

        self.generate_button = named(QPushButton("Generate documents…"), "generateDocumentsButton",
                                     "Generate documents", "Writes the selected meeting's documents to a folder")
        self.generate_button.setEnabled(False)
        self.lock_button = named(QPushButton("Lock"), "lockButton", "Lock",
                                 "Close the vault; the passphrase is needed to open it again")
        buttons = QHBoxLayout()
        buttons.addWidget(self.generate_button)
        buttons.addStretch(1)
        buttons.addWidget(self.lock_button)
        layout.addLayout(buttons)

        self.lock_button.clicked.connect(self.sig_lock_requested)
        self.generate_button.clicked.connect(self._on_generate_clicked)
        self.meeting_list.doubleClicked.connect(self._on_generate_clicked)
        self.meeting_list.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.meetings_model.modelReset.connect(self._on_selection_changed)

    def show_summary(self, counts: dict, data_folder: str, note: str = "") -> None:
        self.individuals_count.setText(str(counts.get("individuals", 0)))
        self.meetings_count.setText(str(counts.get("meetings", 0)))
        self.data_folder.setText(data_folder)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def show_meetings(self, rows: list[MeetingRow]) -> None:
        self.list_error.hide()
        self.meetings_model.set_rows(rows)

    def show_list_error(self, text: str) -> None:
        self.list_error.setText(text)
        self.list_error.show()

    def selected_meeting(self) -> MeetingRow | None:
        rows = self.meeting_list.selectionModel().selectedRows()
        return self.meetings_model.row_at(rows[0].row()) if rows else None

    def clear(self) -> None:
        for label in (self.individuals_count, self.meetings_count, self.data_folder, self.note):
            label.clear()
        self.note.hide()
        self.list_error.clear()
        self.list_error.hide()
        self.meetings_model.set_rows([])

    def _on_selection_changed(self, *_args) -> None:
        self.generate_button.setEnabled(self.selected_meeting() is not None)

    def _on_generate_clicked(self, *_args) -> None:
        meeting = self.selected_meeting()
        if meeting is not None:
            self.sig_generate_requested.emit(meeting)
