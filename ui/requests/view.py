"""The Requests tab of an individual's record, and the small forms it opens.

The tab lists the requests for the individual's Minute or RMP and the chair's approvals of onward
sharing (guidance 11.19-11.25), newest first. Its buttons ask the controller for a form: record a
request, the chair's decision, the reply letter and Executive Summary, mark sent, approve sharing,
export the log.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QFormLayout, QHBoxLayout, QHeaderView,
                               QLineEdit, QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from mappa_desk.domain import dates
from mappa_desk.domain.enums import MEETING_STATUSES, REQUEST_DOCUMENTS, REQUEST_KINDS
from ui.common import (BusyConfirm, body_label, cancel_and_confirm, enter_never_accepts, error_label, field_label,
                       named, title_label)
from ui.home.model import MeetingRow
from ui.requests.model import RequestLogModel, describe
from ui.spelling import check_spelling

if TYPE_CHECKING:
    from mappa_desk.services.requests import LogEntry

EMPTY_LOG = "No requests for this individual's Minute or RMP, and no approvals of onward sharing, are recorded."
NO_MEETINGS = "This individual has no meetings yet, so there is no Minute or RMP to ask for or share."
DECISIONS = {"executive_summary": "Answer with the Executive Summary", "released": "Release the record",
             "refused": "Refuse", "pending": "Not decided yet"}


def _date_field(object_name: str, accessible_name: str) -> QDateEdit:
    field = named(QDateEdit(), object_name, accessible_name)
    field.setDisplayFormat("dd/MM/yyyy")
    field.setCalendarPopup(True)
    field.setMaximumDate(QDate.currentDate())  # these dates record what has happened
    field.setDate(QDate.currentDate())
    return field


def meeting_text(row: MeetingRow) -> str:
    return f"{dates.short(row.date)} · {row.kind} · {row.status}"


class ChoiceList(QWidget):
    """Several words of a closed list, each a check box (`<object_name>_<code>`); `codes()` the ticked ones."""

    def __init__(self, object_name: str, accessible_name: str, words: dict[str, str], chosen=()):
        super().__init__()
        named(self, object_name, accessible_name)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        self._boxes: dict[str, QCheckBox] = {}
        for code, text in words.items():
            tick = named(QCheckBox(text), f"{object_name}_{code}", text)
            tick.setChecked(code in chosen)
            box.addWidget(tick)
            self._boxes[code] = tick

    def codes(self) -> tuple[str, ...]:
        return tuple(code for code, tick in self._boxes.items() if tick.isChecked())

    def setFocus(self, reason=Qt.FocusReason.OtherFocusReason) -> None:  # noqa: N802 (Qt's name)
        first = next(iter(self._boxes.values()), None)
        if first is not None:
            first.setFocus(reason)


class FormDialog(QDialog, BusyConfirm):
    """A titled form with one error line and Cancel / confirm; fields are found by the name the service uses."""

    sig_confirmed = Signal()

    def __init__(self, parent: QWidget | None, object_name: str, title: str, intro: str, confirm: str):
        super().__init__(parent)
        named(self, object_name, title)
        self.setWindowTitle(title)
        self.setMinimumWidth(520)
        self._fields: dict[str, QWidget] = {}
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 12)
        heading = title_label(title, f"{object_name}Title")
        heading.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(heading)
        if intro:
            note = body_label(intro, f"{object_name}Intro", "About this form")
            note.setTextFormat(Qt.TextFormat.PlainText)
            box.addWidget(note)
            box.addSpacing(6)
        self.form = QFormLayout()
        box.addLayout(self.form)
        self.error = error_label(f"{object_name}Error")
        box.addWidget(self.error)
        buttons, self.cancel_button, self.confirm_button = cancel_and_confirm(object_name, confirm)
        box.addLayout(buttons)
        enter_never_accepts(self, self.confirm_button)  # Enter in a field never creates; the button or Ctrl+Enter does
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_button.clicked.connect(self._on_confirm_clicked)

    def add(self, field: str, label: str, widget: QWidget) -> QWidget:
        self.form.addRow(field_label(label, f"{widget.objectName()}Label", widget), widget)
        self._fields[field] = widget
        return widget

    def field(self, name: str) -> QWidget:
        return self._fields[name]

    def has(self, name: str) -> bool:
        return name in self._fields

    def value(self, name: str):
        """Text as typed, a combo's data, a date as ISO, the ticked codes of a choice list."""
        widget = self._fields[name]
        if isinstance(widget, ChoiceList):
            return widget.codes()
        if isinstance(widget, QComboBox):
            return widget.currentData()
        if isinstance(widget, QDateEdit):
            return widget.date().toString("yyyy-MM-dd")
        if isinstance(widget, QPlainTextEdit):
            return widget.toPlainText()
        return widget.text()

    def show_error(self, text: str, field: str | None = None) -> None:
        self.error.setText(text)
        self.error.show()
        if field in self._fields:
            self._fields[field].setFocus(Qt.FocusReason.OtherFocusReason)


def _meeting_combo(object_name: str, meetings: list[MeetingRow]) -> QComboBox:
    """The individual's meetings, newest first; the newest final record chosen, as requests are usually for it."""
    combo = named(QComboBox(), object_name, "Meeting")
    for row in meetings:
        combo.addItem(meeting_text(row), row.meeting_id)
    final = next((n for n, row in enumerate(meetings) if row.status == MEETING_STATUSES["final"]), 0)
    combo.setCurrentIndex(final)
    return combo


def request_dialog(parent, meetings: list[MeetingRow]) -> FormDialog:
    dialog = FormDialog(parent, "requestDialog", "Record a request",
                        "A request for the Minute or RMP is recorded before the chair decides on it "
                        "(guidance 11.23).", "&Record request")
    dialog.add("requester", "&Who asked", named(QLineEdit(), "requestRequester", "Who asked"))
    dialog.add("organisation", "&Organisation", named(QLineEdit(), "requestOrganisation", "Organisation"))
    kind = dialog.add("kind", "&Kind", named(QComboBox(), "requestKind", "Kind of request"))
    for code, text in REQUEST_KINDS.items():
        kind.addItem(text, code)
    documents = dialog.add("documents", "&Asked for", named(QComboBox(), "requestDocuments", "Asked for"))
    for code, text in REQUEST_DOCUMENTS.items():
        documents.addItem(text, code)
    dialog.add("meeting_id", "&Meeting", _meeting_combo("requestMeeting", meetings))
    dialog.add("received_on", "&Received on", _date_field("requestReceived", "Received on"))
    return dialog


def decision_dialog(parent, entry: LogEntry, chair: str = "", withheld_words: dict[str, str] | None = None
                    ) -> FormDialog:
    """`withheld_words`: the jurisdiction's reasons a reply letter may give for withholding the full Minute
    (document 9); the chair ticks those that apply when answering with the Executive Summary. None are ticked
    until the chair ticks them."""
    dialog = FormDialog(parent, "decisionDialog", "The chair's decision", describe(entry), "&Record decision")
    decision = dialog.add("decision", "&Decision", named(QComboBox(), "requestDecision", "Decision"))
    for code, text in DECISIONS.items():
        decision.addItem(text, code)
    decision.setCurrentIndex(max(0, decision.findData(entry.decision if entry.decision != "pending"
                                                      else "executive_summary")))
    reason = dialog.add("reason", "R&eason", check_spelling(named(QPlainTextEdit(entry.reason), "requestDecisionReason",
                                                                         "Reason")))
    reason.setTabChangesFocus(True)
    reason.setFixedHeight(72)
    approver = named(QLineEdit(entry.approved_by or chair), "requestApprovedBy", "Approved by (chair)")
    dialog.add("approved_by", "Approved &by (chair)", approver)
    approved_on = dialog.add("approved_on", "Approved &on", _date_field("requestApprovedOn", "Approved on"))
    if entry.approved_on:
        approved_on.setDate(QDate.fromString(entry.approved_on, "yyyy-MM-dd"))
    withheld = dialog.add("withheld", "The full Minute holds",
                          ChoiceList("requestWithheld", "The full Minute holds (the reply letter says so)",
                                     withheld_words or {}, entry.withheld))
    withheld.setToolTip("Answering with the Executive Summary: the reply letter gives these as the reason the full "
                        "Minute cannot be released. Tick at least one.")

    def follow(*_args) -> None:
        withheld.setEnabled(decision.currentData() == "executive_summary")
    decision.currentIndexChanged.connect(follow)
    follow()
    return dialog


def sent_dialog(parent, entry: LogEntry, suggestion: str) -> FormDialog:
    dialog = FormDialog(parent, "sentDialog", "Mark as sent", describe(entry), "&Mark sent")
    dialog.add("sent_what", "&What was sent", check_spelling(named(QLineEdit(suggestion), "requestSentWhat",
                                                                                "What was sent")))
    dialog.add("sent_on", "&Sent on", _date_field("requestSentOn", "Sent on"))
    return dialog


def sharing_dialog(parent, meetings: list[MeetingRow], chair: str = "") -> FormDialog:
    dialog = FormDialog(parent, "sharingDialog", "Approve onward sharing",
                        "The Minute and RMP are never shared or copied without the chair's approval (guidance "
                        "11.19). Record who may have what, and why.", "&Record approval")
    dialog.add("meeting_id", "&Meeting", _meeting_combo("sharingMeeting", meetings))
    dialog.add("shared_with", "&Shared with", named(QLineEdit(), "sharingWith", "Shared with"))
    dialog.add("what", "W&hat", check_spelling(named(QLineEdit(), "sharingWhat", "What may be shared")))
    reason = dialog.add("reason", "R&eason", check_spelling(named(QPlainTextEdit(), "sharingReason", "Reason")))
    reason.setTabChangesFocus(True)
    reason.setFixedHeight(72)
    dialog.add("approved_by", "Approved &by (chair)", named(QLineEdit(chair), "sharingApprovedBy",
                                                            "Approved by (chair)"))
    dialog.add("approved_on", "Approved &on", _date_field("sharingApprovedOn", "Approved on"))
    return dialog


class RequestsPanel(QWidget):
    """The tab. Knows the individual whose record is shown, their meetings, and the log once it arrives."""

    sig_log_wanted = Signal(object)  # individual id, or None when the record is cleared
    sig_record_requested = Signal()
    sig_sharing_requested = Signal()
    sig_decision_requested = Signal(object)  # LogEntry
    sig_reply_requested = Signal(object)  # LogEntry
    sig_sent_requested = Signal(object)  # LogEntry
    sig_export_requested = Signal()

    def __init__(self):
        super().__init__()
        named(self, "requestsPanel", "Requests and disclosure log")
        from ui.home.record import table_view  # the home tables' look; imported late (record.py imports us)
        self.model = RequestLogModel(self)
        self.table = table_view("requestLog", "Requests and sharing approvals",
                                "Requests for the Minute or RMP and approvals of onward sharing, newest first")
        self.table.setModel(self.model)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RequestLogModel.WHO, QHeaderView.ResizeMode.Stretch)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.empty = body_label(EMPTY_LOG, "requestLogEmpty", "About the log")
        self.detail = body_label("", "requestDetail", "The selected entry")
        self.detail.setTextFormat(Qt.TextFormat.PlainText)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = body_label("", "requestStatus", "Result")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.error = error_label("requestError")

        def button(text, name, description):
            return named(QPushButton(text), name, text.replace("&", "").rstrip("…"), description)

        self.record_button = button("Record a req&uest…", "recordRequestButton",
                                    "Records a request for this individual's Minute or RMP")
        self.sharing_button = button("Approve s&haring…", "recordSharingButton",
                                     "Records the chair's approval of sharing a Minute or RMP onwards")
        self.export_button = button("E&xport log…", "exportRequestLogButton",
                                    "Writes this log to a CSV file you choose (OFFICIAL-SENSITIVE)")
        self.decision_button = button("De&cision…", "requestDecisionButton",
                                      "Records the chair's decision on the selected request")
        self.reply_button = button("Reply &letter…", "generateReplyButton",
                                   "Writes the reply letter and Executive Summary for the selected request")
        self.sent_button = button("Mark &sent…", "markSentButton", "Records what was sent for the selected request")
        top, bottom = QHBoxLayout(), QHBoxLayout()
        for widget in (self.record_button, self.sharing_button):
            top.addWidget(widget)
        top.addStretch(1)
        top.addWidget(self.export_button)
        for widget in (self.decision_button, self.reply_button, self.sent_button):
            bottom.addWidget(widget)
        bottom.addStretch(1)

        box = QVBoxLayout(self)
        box.setContentsMargins(8, 8, 8, 8)
        box.addWidget(self.table, 1)
        box.addWidget(self.empty)
        box.addWidget(self.detail)
        box.addLayout(bottom)
        box.addLayout(top)
        box.addWidget(self.status)
        box.addWidget(self.error)

        self.individual_id: int | None = None
        self.visor_ref = ""
        self.meetings: list[MeetingRow] = []
        self._loaded = False
        self._last: tuple[int | None, tuple[str, int] | None] = (None, None)
        self.record_button.clicked.connect(self.sig_record_requested)
        self.sharing_button.clicked.connect(self.sig_sharing_requested)
        self.export_button.clicked.connect(self.sig_export_requested)
        self.decision_button.clicked.connect(lambda: self._emit_for_selected(self.sig_decision_requested))
        self.reply_button.clicked.connect(lambda: self._emit_for_selected(self.sig_reply_requested))
        self.sent_button.clicked.connect(lambda: self._emit_for_selected(self.sig_sent_requested))
        self.table.selectionModel().selectionChanged.connect(self._update)
        self.model.modelReset.connect(self._update)
        self.clear()

    # -- what the record panel and the controller show ------------------------------------------
    def set_record(self, individual_id: int, visor_ref: str, meetings: list[MeetingRow]) -> None:
        """The individual's record has arrived: ask for their log."""
        self.individual_id, self.visor_ref, self.meetings = individual_id, visor_ref or "", list(meetings)
        self._loaded = False
        self.model.set_rows([])
        self.sig_log_wanted.emit(individual_id)

    def show_log(self, entries: list[LogEntry], select: tuple[str, int] | None = None) -> None:
        """The log; `select` (else the entry selected before, for the same individual) is selected again."""
        last_id, last_key = self._last
        keep = select or self.selected_key() or (last_key if last_id == self.individual_id else None)
        self._loaded = True
        self.model.set_rows(entries)
        row = self.model.row_of(*keep) if keep else None
        if row is not None:
            self.table.selectRow(row)
        self._update()

    def clear(self) -> None:
        """The record is being replaced or locked away: nothing of it stays here."""
        self._last = (self.individual_id, self.selected_key())  # ids only: the selection comes back on a reload
        self.individual_id, self.visor_ref, self.meetings = None, "", []
        self._loaded = False
        self.model.set_rows([])
        self.status.clear()
        self.error.hide()
        self.sig_log_wanted.emit(None)

    def show_status(self, text: str) -> None:
        self.error.hide()
        self.status.setText(text)

    def show_error(self, text: str) -> None:
        self.status.clear()
        self.error.setText(text)
        self.error.show()

    def selected(self) -> LogEntry | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_key(self) -> tuple[str, int] | None:
        entry = self.selected()
        return (entry.entry, entry.id) if entry else None

    # -- inside ------------------------------------------------------------------------------------
    def _emit_for_selected(self, signal) -> None:
        entry = self.selected()
        if entry is not None:
            signal.emit(entry)

    def _update(self, *_args) -> None:
        shown = self.individual_id is not None and self._loaded
        entry = self.selected() if shown else None
        request = entry is not None and entry.entry == "request"
        self.record_button.setEnabled(shown and bool(self.meetings))
        self.sharing_button.setEnabled(shown and bool(self.meetings))
        self.export_button.setEnabled(shown and self.model.rowCount() > 0)
        self.decision_button.setEnabled(request and not entry.sent_on)
        self.reply_button.setEnabled(request and entry.decision == "executive_summary")
        self.sent_button.setEnabled(request and entry.decision != "pending" and not entry.sent_on)
        self.empty.setText(EMPTY_LOG if self.meetings else NO_MEETINGS)
        self.empty.setVisible(shown and self.model.rowCount() == 0)
        self.detail.setText(describe(entry) if entry else "")
        self.detail.setVisible(entry is not None)
