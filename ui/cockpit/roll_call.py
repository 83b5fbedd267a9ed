"""The roll-call: attendance as one compact table, one line per attendee, marked from the keyboard.

Every line is laid out alike and each drop-down is as wide as its longest choice, whatever is chosen, so marking
someone never moves anything under the pointer, and the columns line up at any text size. In the attendance
cell the first letter of a status marks that line (P present, A apologies, D did not attend, I invited); Up and
Down move to the same cell of the line above or below (they never change a drop-down's value here)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (QComboBox, QGridLayout, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout,
                               QWidget)

from mappa_desk.domain import record, vocabularies
from ui.cockpit.cards import PanelContext, remove_button
from ui.cockpit.fields import agency_field, check_field, text_field, time_field, vocabulary_field
from ui.common import named

# Each attendee is one line of two rows, laid out the same way for every line and the headings, so the columns
# line up at any text size: (name, designation, agency, attendance, Remove), then the organisation behind the
# agency, the times, the confidentiality agreement, report and limitation.
HEADINGS = tuple(record.ATTENDANCE[name].label for name in ("person", "capacity", "agency", "status"))
STATUSES = vocabularies.words(record.ATTENDANCE["status"].vocabulary)
MARK_KEYS = {getattr(Qt.Key, f"Key_{words[0].upper()}"): status for status, words in STATUSES.items()}


class _RowKeys(QObject):
    """Up/Down between lines, and the status letters in the attendance cell."""

    def __init__(self, lines: list[list[QWidget]], parent: QObject):
        super().__init__(parent)
        self.lines = lines

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() != QEvent.Type.KeyPress or event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier:
            return False
        where = next(((r, c) for r, line in enumerate(self.lines) for c, w in enumerate(line) if w is watched), None)
        if where is None:
            return False
        r, c = where
        status = isinstance(watched, QComboBox) and watched.objectName().endswith(":status")
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and (status or not isinstance(watched, QComboBox)):
            target = r + (1 if event.key() == Qt.Key.Key_Down else -1)
            if 0 <= target < len(self.lines):
                self.lines[target][c].setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if status and event.key() in MARK_KEYS:
            index = watched.findData(MARK_KEYS[event.key()])
            if index >= 0 and index != watched.currentIndex():
                watched.setCurrentIndex(index)
                watched.activated.emit(index)  # committed as a choice from the list: one undoable edit
            return True
        return False


def _whole(combo: QComboBox) -> QComboBox:
    """As wide as its longest choice at the current text size, whatever is chosen: marking never resizes it."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    combo.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
    return combo


def _sizer(widget: QWidget) -> QWidget:
    """An invisible twin that keeps a heading's column exactly as wide as the lines' widget below it."""
    policy = widget.sizePolicy()
    policy.setRetainSizeWhenHidden(True)
    widget.setSizePolicy(policy)
    widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    widget.hide()
    return widget


def _grid(holder: QWidget) -> QGridLayout:
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setHorizontalSpacing(6)
    grid.setVerticalSpacing(2)
    grid.setColumnStretch(0, 3)
    grid.setColumnStretch(1, 2)
    return grid


def _inline(label: str, widget: QWidget) -> QLabel:
    text = QLabel(label)
    text.setBuddy(widget)
    return text


def roll_call(ctx: PanelContext, rows: list[dict]) -> QWidget:
    table = named(QWidget(), "rollCall", "Roll-call")
    layout = QVBoxLayout(table)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    heading_line = QWidget()
    grid = _grid(heading_line)
    for column, heading in enumerate(HEADINGS):
        label = QLabel(heading)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        grid.addWidget(label, 0, column)
    agency_choices = ["(no agency)"] + [a["name"] for a in ctx.data.agencies]  # as agency_field offers them
    for column, choices in ((2, agency_choices), (3, list(STATUSES.values()))):
        twin = QComboBox()
        twin.addItems(choices)
        grid.addWidget(_sizer(_whole(twin)), 0, column)
    grid.addWidget(_sizer(QPushButton("Remove")), 0, 4)
    layout.addWidget(heading_line)
    lines: list[list[QWidget]] = []
    keys = _RowKeys(lines, table)
    for n, row in enumerate(rows, 1):
        b = lambda name, r=row: record.ATTENDANCE.ref(r["id"], name)  # noqa: E731
        name = text_field(ctx.hub, b("person"), row["person_name"], f"Attendee {n} name")
        designation = text_field(ctx.hub, b("capacity"), row["capacity"], f"Attendee {n} designation")
        agency = _whole(agency_field(ctx.hub, b("agency"), row["agency_id"], f"Attendee {n} agency",
                                     ctx.data.agencies))
        status = _whole(vocabulary_field(ctx.hub, b("status"), row["status"], f"Attendee {n} attendance"))
        status.setToolTip("P present, A apologies, D did not attend; Up and Down move between attendees")
        arrived = time_field(ctx.hub, b("arrived_at"), row["arrived_at"], f"Attendee {n} arrived at")
        left = time_field(ctx.hub, b("left_at"), row["left_at"], f"Attendee {n} left at")
        report = check_field(ctx.hub, b("report_received"), row["report_received"],
                             f"Attendee {n} written report received")
        report.setText(b("report_received").field.label)
        # issue 18 item 2: who of those present agreed the confidentiality statement (the meeting's tick is theirs)
        agreed = check_field(ctx.hub, b("confidentiality_agreed"), row["confidentiality_agreed"],
                             f"Attendee {n} agreed to confidentiality")
        agreed.setText(b("confidentiality_agreed").field.short_label)  # its accessible name says the whole
        limitation = text_field(ctx.hub, b("limitation"), row["limitation"], f"Attendee {n} limitation",
                                placeholder="If absent: does it limit the plan?")
        # issue 17 item 2: the organisation behind the agency (e.g. a named women's aid group)
        organisation = text_field(ctx.hub, b("organisation"), row["organisation"], f"Attendee {n} organisation")
        cells = [name, designation, agency, status, organisation, arrived, left, agreed, report, limitation]
        for cell in cells:
            cell.installEventFilter(keys)
        lines.append(cells)
        holder = named(QWidget(), f"attendance:{row['id']}", f"Attendee {n}")
        grid = _grid(holder)
        for column, cell in enumerate(cells[:4]):
            grid.addWidget(cell, 0, column)
        grid.addWidget(remove_button(ctx, "attendance", row["id"], f"attendee {n}"), 0, 4)
        second = QHBoxLayout()
        second.setSpacing(6)
        second.addWidget(_inline(b("organisation").field.label, organisation))
        second.addWidget(organisation, 1)
        for widget in (_inline(b("arrived_at").field.label, arrived), arrived, _inline(b("left_at").field.label, left),
                       left, agreed, report, _inline(b("limitation").field.label, limitation)):
            second.addWidget(widget)
        second.addWidget(limitation, 1)
        grid.addLayout(second, 1, 0, 1, 5)
        layout.addWidget(holder)
    return table
