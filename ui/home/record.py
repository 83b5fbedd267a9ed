"""The right half of home: one individual's header, then tabs for meetings, details, the current RMP and requests.

The header is filled at once from the list row; the tabs wait for the record read on the
database lane. Open and Generate act only on a meeting of the individual whose record is shown.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QPushButton, QTableView,
                               QTabWidget, QTextBrowser, QVBoxLayout, QWidget)

from ui.common import ERROR_RED, body_label, error_label, named
from ui.home.detail import details_html, rmp_html
from ui.home.model import MeetingRow, MeetingsModel, meeting_rows, review_sentence
from ui.requests.view import RequestsPanel

NO_ONE_SELECTED = "Choose an individual from the list."


def table_view(object_name: str, accessible_name: str, description: str) -> QTableView:
    """A read-only table of whole rows, one selected at a time."""
    table = named(QTableView(), object_name, accessible_name, description)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)  # Tab leaves the table, as everywhere else on the page
    table.verticalHeader().hide()
    table.horizontalHeader().setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    table.setStyleSheet("QTableView::item { padding: 0px 4px; }")  # room between a cell's text and the next
    return table


def _browser(object_name: str, accessible_name: str) -> QTextBrowser:
    browser = named(QTextBrowser(), object_name, accessible_name)
    browser.setOpenLinks(False)
    browser.setOpenExternalLinks(False)
    return browser


class RecordPanel(QWidget):
    sig_generate_requested = Signal(object)  # MeetingRow
    sig_open_meeting_requested = Signal(int)  # meeting id
    sig_new_meeting_requested = Signal(int)  # individual id
    sig_edit_individual_requested = Signal(int)  # individual id

    def __init__(self):
        super().__init__()
        self.name_label = named(QLabel(), "individualName", "Individual")
        self.name_label.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.name_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setWeight(QFont.Weight.DemiBold)
        self.name_label.setFont(font)
        self.facts_label = body_label("", "individualFacts", "Key facts")
        self.facts_label.setTextFormat(Qt.TextFormat.PlainText)
        self.review_label = body_label("", "individualReview", "Review")
        self.review_label.setTextFormat(Qt.TextFormat.PlainText)

        self.tabs = named(QTabWidget(), "individualTabs", "Individual's record")
        self.tabs.addTab(self._build_meetings_tab(), "&Meetings")
        self.details_text = _browser("individualDetails", "Details, orders and conditions")
        self.tabs.addTab(self._build_details_tab(), "&Details, orders and conditions")
        self.rmp_text = _browser("individualRmp", "Current risk management plan")
        self.tabs.addTab(self.rmp_text, "Current &RMP")
        self.requests_panel = RequestsPanel()  # driven by ui/requests/controller.py
        self.tabs.addTab(self.requests_panel, "Re&quests")
        self.error = error_label("individualDetailError")

        box = QVBoxLayout(self)
        box.setContentsMargins(8, 0, 0, 0)
        box.setSpacing(4)
        box.addWidget(self.name_label)
        box.addWidget(self.facts_label)
        box.addWidget(self.review_label)
        box.addSpacing(4)
        box.addWidget(self.tabs, 1)
        box.addWidget(self.error)

        self._row: dict | None = None  # the individual in the header
        self._shown_id: int | None = None  # whose record the tabs hold
        self._keep_meeting: int | None = None  # the meeting to select again when the same record comes back
        self.show_header(None)

    def _build_meetings_tab(self) -> QWidget:
        self.meetings_model = MeetingsModel(self)
        self.meeting_list = table_view("meetingList", "Meetings", "The individual's meetings, newest first")
        self.meeting_list.setModel(self.meetings_model)
        header = self.meeting_list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.open_button = named(QPushButton("&Open meeting"), "openMeetingButton", "Open meeting",
                                 "Opens the selected meeting")
        self.new_button = named(QPushButton("&New meeting…"), "newMeetingButton", "New meeting",
                                "Starts a new meeting for this individual")
        self.generate_button = named(QPushButton("&Generate documents…"), "generateDocumentsButton",
                                     "Generate documents", "Writes the selected meeting's documents to a folder")
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.generate_button)

        tab = QWidget()
        box = QVBoxLayout(tab)
        box.setContentsMargins(8, 8, 8, 8)
        box.addWidget(self.meeting_list, 1)
        box.addLayout(buttons)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.new_button.clicked.connect(self._on_new_clicked)
        self.generate_button.clicked.connect(self._on_generate_clicked)
        self.meeting_list.activated.connect(self._on_open_clicked)  # double-click or Enter
        self.meeting_list.selectionModel().selectionChanged.connect(self._update_buttons)
        self.meetings_model.modelReset.connect(self._update_buttons)
        return tab

    def _build_details_tab(self) -> QWidget:
        self.edit_button = named(QPushButton("&Edit details…"), "editIndividualButton", "Edit details",
                                 "Changes the individual's details; every change is kept in the audit trail")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        tab = QWidget()
        box = QVBoxLayout(tab)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.details_text, 1)
        box.addLayout(buttons)
        self.edit_button.clicked.connect(self._on_edit_clicked)
        return tab

    # -- what the page shows -------------------------------------------------------------
    def show_header(self, row: dict | None, placeholder: str = "") -> None:
        """The individual's name and key facts from the list row; the tabs empty until `show_detail`."""
        same = row is not None and self._shown_id == row["id"]
        meeting = self.selected_meeting()
        self._keep_meeting = meeting.meeting_id if same and meeting else None
        self._row, self._shown_id = row, None
        self.meetings_model.set_rows([])
        self.details_text.clear()
        self.rmp_text.clear()
        self.requests_panel.clear()
        self.error.hide()
        if row is None:
            self.name_label.setText(placeholder)
            self.facts_label.clear()
            self.review_label.clear()
        else:
            self.name_label.setText(row["name"])
            facts = [row["visor_ref"] or "No ViSOR reference", f"Category {row['category']}",
                     f"Level {row['level']}", f"Lead agency: {row['lead_agency'] or 'not recorded'}"]
            if row["aliases"]:
                facts.append("Also known as " + "; ".join(row["aliases"]))
            self.facts_label.setText(" · ".join(facts))
            self.review_label.setText(review_sentence(row))
        # Overdue is in the words; the colour only helps the eye.
        self.review_label.setStyleSheet(f"color: {ERROR_RED};" if row and row["overdue"] else "")
        self.tabs.setEnabled(row is not None)
        self._update_buttons()

    def show_detail(self, detail: dict) -> None:
        self.error.hide()
        self._shown_id = detail["id"]
        rows = meeting_rows(detail)
        self.meetings_model.set_rows(rows)
        keep = next((n for n, r in enumerate(rows) if r.meeting_id == self._keep_meeting), None)
        if keep is not None:
            self.meeting_list.selectRow(keep)
        self.details_text.setHtml(details_html(detail))
        self.rmp_text.setHtml(rmp_html(detail["rmp"]))
        self.requests_panel.set_record(detail["id"], detail.get("visor_ref") or "", rows)
        self._update_buttons()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def shown_individual_id(self) -> int | None:
        return self._shown_id

    def selected_meeting(self) -> MeetingRow | None:
        rows = self.meeting_list.selectionModel().selectedRows()
        return self.meetings_model.row_at(rows[0].row()) if rows else None

    def focus_meetings(self) -> None:
        self.tabs.setCurrentIndex(0)
        self.meeting_list.setFocus(Qt.FocusReason.OtherFocusReason)
        if self.selected_meeting() is None and self.meetings_model.rowCount():
            self.meeting_list.selectRow(0)

    # -- inside --------------------------------------------------------------------------
    def _ready(self) -> bool:
        """The tabs hold the record of the individual in the header."""
        return self._row is not None and self._shown_id == self._row["id"]

    def _update_buttons(self, *_args) -> None:
        meeting = self._ready() and self.selected_meeting() is not None
        self.open_button.setEnabled(meeting)
        self.generate_button.setEnabled(meeting)
        self.new_button.setEnabled(self._row is not None)
        self.edit_button.setEnabled(self._ready())

    def _on_open_clicked(self, *_args) -> None:
        meeting = self.selected_meeting()
        if meeting is not None and self._ready():
            self.sig_open_meeting_requested.emit(meeting.meeting_id)

    def _on_new_clicked(self) -> None:
        if self._row is not None:
            self.sig_new_meeting_requested.emit(self._row["id"])

    def _on_edit_clicked(self) -> None:
        if self._ready():
            self.sig_edit_individual_requested.emit(self._row["id"])

    def _on_generate_clicked(self) -> None:
        meeting = self.selected_meeting()
        if meeting is not None and self._ready():
            self.sig_generate_requested.emit(meeting)
