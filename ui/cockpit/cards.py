"""Building blocks of the cockpit panels: the context they are built from, cards for rows, add buttons."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (QComboBox, QFormLayout, QFrame, QGroupBox, QHBoxLayout, QLabel, QLineEdit,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from mappa_desk.domain import record
from mappa_desk.domain.record import Part, Ref
from mappa_desk.services.cockpit import CockpitData
from ui.cockpit.fields import FieldHub, declared_field
from ui.common import named, shows_whole_items


MUTED_GREY = "#505050"  # 8:1 against the window background


class RowActions(Protocol):
    """What a panel asks of the controller; every call becomes an undoable command."""

    def add_row(self, table: str, values: dict, focus_column: str | None = None) -> None: ...
    def remove_row(self, table: str, row_id: int, what: str) -> None: ...
    def link_risk(self, measure_id: int, risk_number: int, linked: bool) -> None: ...
    def carry_forward(self, action_id: int) -> None: ...
    def mark_present(self, attendance_id: int) -> None: ...
    def add_rows(self, table: str, rows: list[dict]) -> None: ...
    def add_position(self, decision_id: int) -> None: ...
    def add_every_agency_present(self, decision_id: int) -> None: ...


@dataclass
class PanelContext:
    hub: FieldHub
    data: CockpitData
    actions: RowActions
    cards: list = field(default_factory=list)  # (table, row id, title, form) of each card of the panel being built

    @property
    def meeting_id(self) -> int:
        return self.data.meeting["id"]

    def meeting(self, name: str) -> Ref:
        return record.MEETING.ref(self.meeting_id, name)

    def value(self, name: str) -> Any:
        return self.data.meeting[record.MEETING[name].row_key]


def reads(*fields: tuple[Part, str]) -> Callable:
    """Marks a panel with the fields of the record its titles and hints show (besides its own fields): after an
    edit of one of them, the cockpit builds the panel again. Each is (part, field name), and must be declared."""
    keys = frozenset((part.name, part[name].name) for part, name in fields)

    def mark(panel):
        panel.reads = keys
        return panel
    return mark


def reads_edit(panel, ref: Ref) -> bool:
    """Whether the panel shows the value `ref` names in a title or a hint (see `reads`)."""
    return (ref.part.name, ref.field.name) in getattr(panel, "reads", frozenset())


def form_row(form: QFormLayout, ref: Ref, widget: QWidget) -> None:
    """A field on its own line of a form, labelled with the words its declaration gives it (domain.record): its
    short words where it has them, as its card or group names the subject."""
    form.addRow(ref.field.short_label, widget)


def plain_label(text: str, object_name: str, accessible: str | None = None, *, muted: bool = False) -> QLabel:
    """User text shown as it is: never interpreted as rich text."""
    label = named(QLabel(text), object_name, accessible or text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    if muted:  # secondary, but still legible on a projector (a disabled label is too faint)
        palette = label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, QColor(MUTED_GREY))
        label.setPalette(palette)
    return label


def panel_page() -> tuple[QWidget, QVBoxLayout]:
    """The body of one step's panel (it scrolls inside the cockpit)."""
    page = QWidget()
    layout = QVBoxLayout(page)
    layout.setContentsMargins(0, 0, 8, 0)
    layout.setSpacing(10)
    return page, layout


def group(title: str, object_name: str) -> tuple[QGroupBox, QVBoxLayout]:
    box = named(QGroupBox(title), object_name, title)
    layout = QVBoxLayout(box)
    layout.setSpacing(6)
    return box, layout


def card(ctx: PanelContext, table: str, row_id: int, title: str, what: str) -> tuple[QFrame, QFormLayout]:
    """A framed row with its title and a Remove button; returns the frame and a form for its fields."""
    frame = named(QFrame(), f"{table}:{row_id}", title)
    frame.setFrameShape(QFrame.Shape.StyledPanel)
    outer = QVBoxLayout(frame)
    outer.setContentsMargins(8, 6, 8, 8)
    outer.setSpacing(4)
    top = QHBoxLayout()
    heading = named(QLabel(title), f"{table}:{row_id}:title", title)
    heading.setTextFormat(Qt.TextFormat.PlainText)
    font = heading.font()
    font.setBold(True)
    heading.setFont(font)
    top.addWidget(heading, 1)
    remove = remove_button(ctx, table, row_id, what)
    top.addWidget(remove)
    outer.addLayout(top)
    form = QFormLayout()
    form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
    form.setVerticalSpacing(4)
    outer.addLayout(form)
    ctx.cards.append((table, row_id, title, form))
    return frame, form


def declared_rows(ctx: PanelContext, key: str, page: QWidget) -> None:
    """Adds the fields declared to show in panel `key` (`Field.panel`) that no hand-built row of it shows: a
    meeting's fields in a group at the panel's foot, a listed row's at the foot of its card. So a new field of
    the record appears in the cockpit from its declaration, with the editor its kind calls for."""
    agencies = ctx.data.agencies
    for table, row_id, title, form in ctx.cards:
        part = record.BY_TABLE[table]
        row = next((r for r in ctx.data.rows.get(table, []) if r["id"] == row_id), None)
        for f in part.fields:
            ref = part.ref(row_id, f.name)
            if f.panel == key and row is not None and page.findChild(QWidget, ref.object_name) is None:
                _add_row(form, ref, declared_field(ctx.hub, ref, row.get(f.row_key), f"{title} {f.label.lower()}",
                                                   agencies))
    own = [f for f in record.MEETING.fields
           if f.panel == key and page.findChild(QWidget, ctx.meeting(f.name).object_name) is None]
    if not own:
        return
    box, inner = group("Further details", f"declaredGroup_{key}")
    form = QFormLayout()
    for f in own:
        ref = ctx.meeting(f.name)
        _add_row(form, ref, declared_field(ctx.hub, ref, ctx.value(f.name), f.label, agencies))
    inner.addLayout(form)
    layout = page.layout()
    last = layout.itemAt(layout.count() - 1) if layout is not None and layout.count() else None
    if last is not None and last.spacerItem() is not None:  # the panel's closing stretch stays last
        layout.insertWidget(layout.count() - 1, box)
    elif layout is not None:
        layout.addWidget(box)


def _add_row(form: QFormLayout, ref: Ref, widget: QWidget) -> None:
    if ref.field.kind == "flag":  # a check box carries its own words
        form.addRow("", widget)
    else:
        form_row(form, ref, widget)


def remove_button(ctx: PanelContext, table: str, row_id: int, what: str) -> QPushButton:
    """Remove, out of the Tab order: Tab then Space from a text field must never delete a row. The removal is
    announced on the cockpit with its Undo."""
    remove = named(QPushButton("Remove"), f"{table}:{row_id}:remove", f"Remove {what}")
    remove.setToolTip(f"Remove {what} (Undo puts it back)")
    remove.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    remove.clicked.connect(lambda: ctx.actions.remove_row(table, row_id, what))
    return remove


def side_by_side(*pairs: tuple[str, QWidget], stretch_last: bool = True) -> QWidget:
    """Several short labelled fields on one line of a form. Text fields share the width; buttons, ticks and
    narrow fields keep their size."""
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    stretched = False
    for text, widget in pairs:
        if text:
            label = QLabel(text)
            label.setBuddy(widget)
            row.addWidget(label)
        grows = isinstance(widget, (QLineEdit, QComboBox, QPlainTextEdit)) and widget.maximumWidth() > 1000
        if isinstance(widget, QComboBox):  # the longest agency whole at every text size
            shows_whole_items(widget)
        row.addWidget(widget, 1 if grows else 0)
        stretched = stretched or grows
    if not stretched or not stretch_last:
        row.addStretch(1)
    return holder


def add_button(ctx: PanelContext, text: str, object_name: str, table: str, values: dict,
               focus_column: str | None, tip: str = "") -> QPushButton:
    button = named(QPushButton(text), object_name, text.rstrip("…"))
    if tip:
        button.setToolTip(tip)
    button.clicked.connect(lambda: ctx.actions.add_row(table, dict(values), focus_column))
    return button


def empty_note(text: str, object_name: str) -> QLabel:
    return plain_label(text, object_name, muted=True)


def line_row(ctx: PanelContext, table: str, row_id: int, what: str, *pairs: tuple[str, QWidget]) -> QWidget:
    """A small row on one line (an agency's position, an option not taken) with its Remove button."""
    remove = remove_button(ctx, table, row_id, what)
    holder = side_by_side(*pairs, ("", remove))
    holder.setObjectName(f"{table}:{row_id}")
    return holder


def button_row(*buttons: QWidget) -> QWidget:
    """Buttons at their natural size, from the left."""
    return side_by_side(*(("", b) for b in buttons))
