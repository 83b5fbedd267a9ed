"""The roll-call: attendance as one compact table, one line per attendee, marked from the keyboard.

Every column has a fixed width, so marking someone never moves anything under the pointer. In the attendance
cell the first letter of a status marks that line (P present, A apologies, D did not attend, I invited); Up and
Down move to the same cell of the line above or below (they never change a drop-down's value here)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from mappa_desk.domain.enums import ATTENDANCE_STATUSES
from ui.cockpit.cards import PanelContext, remove_button
from ui.cockpit.fields import Binding, agency_field, check_field, text_field, time_field, vocabulary_field
from ui.common import named

# (heading, width in pixels); None: the last column takes what is left.
COLUMNS = (("Name", 150), ("Designation", 120), ("Agency", 170), ("Attendance", 125), ("Arrived", 58),
           ("Left", 58), ("Report", 52), ("Limitation", None), ("", 72))
MARK_KEYS = {getattr(Qt.Key, f"Key_{words[0].upper()}"): status for status, words in ATTENDANCE_STATUSES.items()}


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


def _fix(widget: QWidget, width: int | None) -> QWidget:
    if width is not None:
        widget.setFixedWidth(width)
    if isinstance(widget, QComboBox):
        widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        widget.setMinimumContentsLength(4)
    return widget


def _line(*widgets: QWidget) -> tuple[QWidget, QHBoxLayout]:
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(6)
    for (_heading, width), widget in zip(COLUMNS, widgets):
        row.addWidget(_fix(widget, width), 0 if width is not None else 1)
    return holder, row


def roll_call(ctx: PanelContext, rows: list[dict]) -> QWidget:
    table = named(QWidget(), "rollCall", "Roll-call")
    layout = QVBoxLayout(table)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(3)
    headings = []
    for heading, _width in COLUMNS:
        label = QLabel(heading)
        font = label.font()
        font.setBold(True)
        label.setFont(font)
        headings.append(label)
    layout.addWidget(_line(*headings)[0])
    lines: list[list[QWidget]] = []
    keys = _RowKeys(lines, table)
    for n, row in enumerate(rows, 1):
        b = lambda col, r=row: Binding("attendance", r["id"], col)  # noqa: E731
        report = check_field(ctx.hub, b("report_received"), row["report_received"],
                             f"Attendee {n} written report received")
        report.setText("")
        report.setToolTip("Written report received")
        cells = [
            text_field(ctx.hub, b("person_name"), row["person_name"], f"Attendee {n} name"),
            text_field(ctx.hub, b("capacity"), row["capacity"], f"Attendee {n} designation"),
            agency_field(ctx.hub, b("agency_id"), row["agency_id"], f"Attendee {n} agency", ctx.data.agencies),
            vocabulary_field(ctx.hub, b("status"), row["status"], f"Attendee {n} attendance", ATTENDANCE_STATUSES),
            time_field(ctx.hub, b("arrived_at"), row["arrived_at"], f"Attendee {n} arrived at"),
            time_field(ctx.hub, b("left_at"), row["left_at"], f"Attendee {n} left at"),
            report,
            text_field(ctx.hub, b("limitation"), row["limitation"], f"Attendee {n} limitation",
                       placeholder="If absent: does it limit the plan?"),
        ]
        cells[3].setToolTip("P present, A apologies, D did not attend; Up and Down move between attendees")
        for cell in cells:
            cell.installEventFilter(keys)
        lines.append(cells)
        holder, _row = _line(*cells, remove_button(ctx, "attendance", row["id"], f"attendee {n}"))
        named(holder, f"attendance:{row['id']}", f"Attendee {n}")
        layout.addWidget(holder)
    return table
