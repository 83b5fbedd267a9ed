"""The "New meeting" dialog: kind, level, when and where, the chair, who is invited, and the pre-read papers."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QDate, QSize, Qt, QTime, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLabel,
                               QLineEdit, QListWidget, QListWidgetItem, QPushButton, QSizePolicy, QStyle, QTimeEdit,
                               QVBoxLayout, QWidget)

from mappa_desk.domain import record
from mappa_desk.domain.enums import LEVELS, MEETING_KINDS, MEETING_LEVELS
from mappa_desk.services.new_meeting import Invitee
from ui.common import shows_whole_items, body_label, enter_never_accepts, error_label, field_label, named, title_label

ITEM_DATA = Qt.ItemDataRole.UserRole  # an invitee's Invitee, a pre-read's path


def invitee_text(invitee: Invitee, agency_name: str) -> str:
    """'Police Scotland: Lewis Haldenby (SOPU offender manager)'; the agency alone when no one is named yet."""
    text = agency_name
    if invitee.person_name:
        text += f": {invitee.person_name}"
    if invitee.capacity and invitee.capacity.casefold() != agency_name.casefold():  # no "Police (Police)"
        text += f" ({invitee.capacity})"
    return text


def size_text(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / 1024 / 1024:.1f} MB"
    return f"{max(1, round(size / 1024))} KB"


class NewMeetingDialog(QDialog):
    sig_create_requested = Signal()
    sig_chair_changed = Signal()  # agency, rank or level changed: the seniority check runs again
    sig_chair_agency_changed = Signal()  # the rank list follows the agency
    sig_add_pre_read_requested = Signal()

    def __init__(self, parent: QWidget | None, agencies: list[tuple[str, str]]):
        """`agencies`: (code, name) pairs of the profile, in its order."""
        super().__init__(parent)
        named(self, "newMeetingDialog", "New meeting")
        self.setWindowTitle("New meeting")
        self._agency_names = dict(agencies)
        self._busy = False
        self._previous = ""  # the earlier meeting's date as shown, or "" when there is none
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 12)
        outer.setSpacing(8)
        self.title = title_label("New meeting", "newMeetingTitle")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        outer.addWidget(self.title)
        self.status = body_label("", "newMeetingStatus", "Progress")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        # Only work that takes longer than this says so; quicker work would just flicker.
        self._status_text = ""

        columns = QHBoxLayout()
        columns.setSpacing(16)
        # The meeting and its chair on the left; who is invited and the papers they read on the right: two
        # columns of like height, so the dialog fits a 1366x768 laptop at the largest text size in any UI font.
        left = QVBoxLayout()
        left.addWidget(self._meeting_group())
        left.addWidget(self._chair_group(agencies))
        left.addStretch(1)
        right = QVBoxLayout()
        right.addWidget(self._invitee_group(agencies), 2)
        right.addWidget(self._pre_read_group(), 1)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        outer.addLayout(columns, 1)

        self.error = error_label("newMeetingError")
        outer.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        self.cancel_button = named(QPushButton("Cancel"), "cancelNewMeetingButton", "Cancel")
        self.create_button = named(QPushButton("Create meeting"), "createMeetingButton", "Create meeting")
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)
        outer.addLayout(buttons)
        enter_never_accepts(self, self.create_button)  # Enter in a field never creates; the button or Ctrl+Enter does

        self.cancel_button.clicked.connect(self.reject)
        self.create_button.clicked.connect(self.sig_create_requested)
        self.add_pre_read_button.clicked.connect(self.sig_add_pre_read_requested)
        self.remove_pre_read_button.clicked.connect(self._on_remove_pre_read)
        self.pre_read_list.itemSelectionChanged.connect(self._update_enabled)
        self.add_invitee_button.clicked.connect(self._on_add_invitee)
        self.chair_agency.currentIndexChanged.connect(self.sig_chair_agency_changed)
        self.chair_agency.currentIndexChanged.connect(self.sig_chair_changed)
        self.chair_rank.currentTextChanged.connect(self.sig_chair_changed)
        self.chair_name.textChanged.connect(self.sig_chair_changed)
        self.level.currentIndexChanged.connect(self.sig_chair_changed)
        self._inputs = [self.kind, self.emergency, self.level, self.date, self.time, self.location, self.chair_name,
                        self.chair_agency, self.chair_rank, self.minute_taker, self.coordinator, self.invitee_list,
                        self.add_invitee_agency, self.add_invitee_name, self.add_invitee_button,
                        self.pre_read_list, self.add_pre_read_button, self.create_button]
        self.set_loading(True)
        self.resize(self._first_size())

    def _first_size(self) -> QSize:
        """Roomy enough for the invitee list, within the screen (a 1366x768 laptop is the smallest we plan for)."""
        wanted = QSize(1000, 680)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            wanted = wanted.boundedTo(QSize(screen.width() - 40, screen.height() - 60))
        return wanted.expandedTo(self.minimumSizeHint())

    # -- building --------------------------------------------------------------------
    def _meeting_group(self) -> QGroupBox:
        group = named(QGroupBox("Meeting"), "meetingGroup", "Meeting")
        form = QFormLayout(group)
        self.kind = named(QComboBox(), "meetingKind", "Initial or review")
        for code, text in MEETING_KINDS.items():
            self.kind.addItem(text, code)
        self.kind_note = named(QLabel(), "meetingKindNote", "About the kind of meeting")
        self.kind_note.setTextFormat(Qt.TextFormat.PlainText)
        self.kind_note.setWordWrap(True)
        emergency = record.MEETING["emergency"].label  # issue 17 item 2: set when the meeting is planned
        self.emergency = named(QCheckBox(emergency), "meetingEmergency", emergency)
        self.level = named(QComboBox(), "meetingLevel", "MAPPA level")
        for level in MEETING_LEVELS:
            self.level.addItem(LEVELS[level], level)
        self.date = named(QDateEdit(), "meetingDate", "Meeting date")
        self.date.setDisplayFormat("dd/MM/yyyy")
        self.date.setCalendarPopup(True)
        self.date.setDate(QDate.currentDate())
        self.time = named(QTimeEdit(), "meetingTime", "Start time")
        self.time.setDisplayFormat("HH:mm")
        self.time.setTime(QTime(10, 0))
        when = QHBoxLayout()
        when.addWidget(self.date, 1)
        when.addWidget(field_label("at", "meetingTimeLabel", self.time))
        when.addWidget(self.time)
        self.location = named(QLineEdit(), "meetingLocation", "Place")
        kind = QHBoxLayout()
        kind.addWidget(self.kind, 1)
        kind.addWidget(self.emergency)
        form.addRow(field_label("&Kind", "meetingKindLabel", self.kind), kind)
        form.addRow("", self.kind_note)
        form.addRow(field_label("&Level", "meetingLevelLabel", self.level), self.level)
        form.addRow(field_label("&Date", "meetingDateLabel", self.date), when)
        form.addRow(field_label("&Place", "meetingLocationLabel", self.location), self.location)
        self.kind.currentIndexChanged.connect(self._update_kind_note)
        return group

    def _chair_group(self, agencies: list[tuple[str, str]]) -> QGroupBox:
        group = named(QGroupBox("Chair and minute-taker"), "chairGroup", "Chair and minute-taker")
        form = QFormLayout(group)
        self.chair_name = named(QLineEdit(), "chairName", "Chair's name")
        self.chair_agency = named(QComboBox(), "chairAgency", "Chair's agency")
        for code, name in agencies:
            self.chair_agency.addItem(name, code)
        self.chair_rank = named(QComboBox(), "chairRank", "Chair's rank",
                                "The ranks listed for the agency; type another if it is not there")
        self.chair_rank.setEditable(True)
        self.chair_rank.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.warning_row = QWidget()
        row = QHBoxLayout(self.warning_row)
        row.setContentsMargins(0, 0, 0, 0)
        icon = QLabel()
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon.setPixmap(self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning).pixmap(QSize(size, size)))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.seniority_warning = named(QLabel(), "seniorityWarning", "Chair seniority warning")
        self.seniority_warning.setTextFormat(Qt.TextFormat.PlainText)
        self.seniority_warning.setWordWrap(True)
        row.addWidget(icon)
        row.addWidget(self.seniority_warning, 1)
        self.warning_row.hide()
        self.minute_taker = named(QLineEdit(), "minuteTakerName", "Minute-taker's name")
        self.minute_taker.setPlaceholderText("Optional")
        self.coordinator = named(QLineEdit(), "coordinatorName", "MAPPA co-ordinator's name",
                                 "Proposed from the last meeting; printed on the Minute and the covering note")
        self.coordinator.setPlaceholderText("Optional")
        form.addRow(field_label("&Name", "chairNameLabel", self.chair_name), self.chair_name)
        form.addRow(field_label("A&gency", "chairAgencyLabel", self.chair_agency), self.chair_agency)
        form.addRow(field_label("&Rank", "chairRankLabel", self.chair_rank), self.chair_rank)
        form.addRow("", self.warning_row)
        form.addRow(field_label("&Minute-taker", "minuteTakerLabel", self.minute_taker), self.minute_taker)
        form.addRow(field_label("MAPPA &co-ordinator", "coordinatorLabel", self.coordinator), self.coordinator)
        return group

    def _invitee_group(self, agencies: list[tuple[str, str]]) -> QGroupBox:
        group = named(QGroupBox("Invited"), "inviteeGroup", "Invited")
        column = QVBoxLayout(group)
        column.addWidget(body_label("Suggested from the last meeting and the agencies involved. Untick anyone "
                                    "not needed.", "inviteeHint", "About the invitations"))
        self.invitee_list = named(QListWidget(), "inviteeList", "Invitees",
                                  "Ticked agencies and people are invited")
        self.invitee_list.setWordWrap(True)
        column.addWidget(self.invitee_list, 1)
        add = QHBoxLayout()
        self.add_invitee_agency = named(QComboBox(), "addInviteeAgency", "Agency to invite")
        for code, name in agencies:
            self.add_invitee_agency.addItem(name, code)
        shows_whole_items(self.add_invitee_agency)
        self.add_invitee_name = named(QLineEdit(), "addInviteeName", "Person to invite")
        self.add_invitee_name.setPlaceholderText("Person (optional)")
        self.add_invitee_button = named(QPushButton("Add"), "addInviteeButton", "Add invitee")
        # Two rows: beside a long agency name the person's field would shrink to nothing.
        column.addWidget(self.add_invitee_agency)
        add.addWidget(self.add_invitee_name, 1)
        add.addWidget(self.add_invitee_button)
        column.addLayout(add)
        return group

    def _pre_read_group(self) -> QGroupBox:
        group = named(QGroupBox("Pre-read papers (kept only inside the encrypted vault)"), "preReadGroup",
                      "Pre-read papers")
        row = QHBoxLayout(group)
        self.pre_read_list = named(QListWidget(), "preReadList", "Pre-read papers")
        self.pre_read_list.setMinimumHeight(56)
        self.pre_read_list.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Ignored)
        row.addWidget(self.pre_read_list, 1)
        buttons = QVBoxLayout()
        self.add_pre_read_button = named(QPushButton("Attach…"), "addPreReadButton", "Attach a pre-read paper")
        self.remove_pre_read_button = named(QPushButton("Remove"), "removePreReadButton",
                                            "Remove the chosen pre-read paper")
        buttons.addWidget(self.add_pre_read_button)
        buttons.addWidget(self.remove_pre_read_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        return group

    # -- filling ---------------------------------------------------------------------
    def show_individual(self, name: str) -> None:
        self.title.setText(f"New meeting: {name}")
        self.setWindowTitle(f"New meeting: {name}")

    def set_loading(self, loading: bool, text: str = "Loading the last meeting…", at_once: bool = False) -> None:
        """Inputs off while the form waits; `text` appears if the wait goes on (show_status_line), or at once
        for a dead end."""
        self._status_text = text if loading else ""
        self.status.setText(self._status_text if at_once else "")
        self._set_inputs_enabled(not loading)

    def show_status_line(self) -> None:
        """The wait has gone on past ui.ops.PROGRESS_DELAY_MS: say what the form waits for."""
        self.status.setText(self._status_text)

    def set_previous(self, previous_date_text: str) -> None:
        """'' when there is no earlier meeting: a review then has nothing to review."""
        self._previous = previous_date_text
        self._update_kind_note()

    def set_kind(self, kind: str) -> None:
        self.kind.setCurrentIndex(max(0, self.kind.findData(kind)))

    def set_level(self, level: int) -> None:
        self.level.setCurrentIndex(max(0, self.level.findData(level)))

    def set_when(self, date_iso: str, time_hhmm: str) -> None:
        date = QDate.fromString(date_iso, "yyyy-MM-dd")
        if date.isValid():
            self.date.setDate(date)
        time = QTime.fromString(time_hhmm, "HH:mm")
        if time.isValid():
            self.time.setTime(time)

    def set_chair(self, name: str, agency: str | None, rank: str) -> None:
        self.chair_name.setText(name)
        if agency is not None and self.chair_agency.findData(agency) >= 0:
            self.chair_agency.setCurrentIndex(self.chair_agency.findData(agency))
        self.chair_rank.setCurrentText(rank)

    def set_rank_choices(self, ranks: tuple[str, ...]) -> None:
        """Keeps what is typed: a rank from another list, or one the profile does not know."""
        typed = self.chair_rank.currentText()
        self.chair_rank.blockSignals(True)
        self.chair_rank.clear()
        self.chair_rank.addItems(list(ranks))
        self.chair_rank.setCurrentText(typed)
        self.chair_rank.blockSignals(False)

    def show_warning(self, text: str | None) -> None:
        self.seniority_warning.setText(text or "")
        self.warning_row.setVisible(bool(text))

    def add_invitee(self, invitee: Invitee, checked: bool = True) -> None:
        item = QListWidgetItem(invitee_text(invitee, self._agency_names.get(invitee.agency, invitee.agency)))
        item.setData(ITEM_DATA, invitee)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        self.invitee_list.addItem(item)

    def add_pre_read(self, path: Path, size: int) -> bool:
        """False when that file is already on the list."""
        if path in self.pre_reads():
            return False
        item = QListWidgetItem(f"{path.name} ({size_text(size)})")
        item.setData(ITEM_DATA, str(path))
        item.setToolTip(str(path))
        self.pre_read_list.addItem(item)
        self._update_enabled()
        return True

    # -- reading ---------------------------------------------------------------------
    def kind_value(self) -> str:
        return self.kind.currentData()

    def level_value(self) -> int:
        return self.level.currentData()

    def date_iso(self) -> str:
        return self.date.date().toString("yyyy-MM-dd")

    def time_hhmm(self) -> str:
        return self.time.time().toString("HH:mm")

    def chair_agency_code(self) -> str | None:
        return self.chair_agency.currentData()

    def invitees(self) -> tuple[Invitee, ...]:
        """The ticked ones, in list order."""
        items = (self.invitee_list.item(row) for row in range(self.invitee_list.count()))
        return tuple(item.data(ITEM_DATA) for item in items if item.checkState() == Qt.CheckState.Checked)

    def pre_reads(self) -> tuple[Path, ...]:
        return tuple(Path(self.pre_read_list.item(row).data(ITEM_DATA)) for row in range(self.pre_read_list.count()))

    # -- state -----------------------------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        if busy:
            self.clear_error()
        self.set_loading(busy, "Creating the meeting…")
        self.cancel_button.setEnabled(not busy)

    def is_busy(self) -> bool:
        return self._busy

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.show()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def reject(self) -> None:
        if not self._busy:  # Escape while the meeting is being written would hide the outcome
            super().reject()

    def _set_inputs_enabled(self, enabled: bool) -> None:
        for widget in self._inputs:
            widget.setEnabled(enabled)
        self._update_enabled()

    def _update_enabled(self) -> None:
        self.remove_pre_read_button.setEnabled(self.create_button.isEnabled()
                                               and bool(self.pre_read_list.selectedItems()))

    def _update_kind_note(self) -> None:
        previous = self._previous
        if self.kind_value() == "review":
            self.kind_note.setText(f"Carries forward the plan of the meeting on {previous}; its actions are "
                                   "reviewed in this meeting." if previous else
                                   "No earlier meeting has taken place, so there is nothing to review yet.")
        else:
            self.kind_note.setText("")
        self.kind_note.setVisible(bool(self.kind_note.text()))

    def _on_add_invitee(self) -> None:
        code = self.add_invitee_agency.currentData()
        if code is None:
            return
        self.add_invitee(Invitee(code, " ".join(self.add_invitee_name.text().split())))
        self.add_invitee_name.clear()
        self.invitee_list.scrollToBottom()

    def _on_remove_pre_read(self) -> None:
        for item in self.pre_read_list.selectedItems():
            self.pre_read_list.takeItem(self.pre_read_list.row(item))
        self._update_enabled()
