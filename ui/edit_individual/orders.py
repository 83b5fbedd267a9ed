"""The "Orders and licences" tab of the Edit details dialog: the individual's orders, each with its kind (the
jurisdiction's order kinds), description, dates and conditions (one per line).

The list holds the orders as typed; nothing is checked here. The controller hands the whole list to
services/individuals.update_individual, which refuses a bad one with a sentence naming it ("order 2"), so each
order is numbered in the list. A date is read as the form's other dates are (dd/mm/yyyy); one that cannot be read
is handed on as typed, for the service to refuse: a guess is never stored.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetrics, QKeySequence, QShortcut
from PySide6.QtWidgets import (QComboBox, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit, QListWidget, QPushButton,
                               QVBoxLayout, QWidget)

from mappa_desk.domain import dates, record, vocabularies
from mappa_desk.domain.model import Order
from ui.common import field_label, named, shows_whole_items
from ui.new_individual.view import DATE_HINT, _plain_text

_CONDITION_LINES = 4
_NO_KIND = "Choose the kind of order…"


def _draft(order: Order | None = None) -> dict:
    """An order as the form shows it: the dates and the conditions as text."""
    if order is None:
        return {"kind": None, "description": "", "start_date": "", "end_date": "", "conditions": ""}
    return {"kind": order.kind, "description": order.description, "start_date": dates.numeric(order.start_date),
            "end_date": dates.numeric(order.end_date), "conditions": "\n".join(order.conditions)}


def _read_date(text: str) -> str | None:
    """ISO for a date typed as the form's other dates are; otherwise the text as typed (the service refuses it
    with a sentence naming the order)."""
    try:
        return dates.parse(text)
    except ValueError:
        return text.strip()


class OrdersEditor(QWidget):
    sig_changed = Signal()

    def __init__(self, orders: list[Order], profile=None):
        super().__init__()
        self._profile = profile
        self._words = vocabularies.words(record.ORDER["kind"].vocabulary, profile)
        self._drafts = [_draft(o) for o in orders]
        self._loading = False
        self._busy = False
        self._changed = False

        self.list = named(QListWidget(), "individualOrdersList", "Orders and licences",
                          "The individual's orders and licences; choose one to change it")
        self.list.setWordWrap(True)  # each order read whole, never scrolled sideways
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setResizeMode(QListWidget.ResizeMode.Adjust)
        self.add_button = named(QPushButton("Add orde&r"), "addOrderButton", "Add order",
                                "Adds an order or licence to the list")
        self.remove_button = named(QPushButton("Remo&ve order"), "removeOrderButton", "Remove order",
                                   "Takes the chosen order off the list (nothing is written until you save)")
        for button in (self.add_button, self.remove_button):
            button.setAutoDefault(False)  # Enter in a field never presses them
        left = QVBoxLayout()
        left.addWidget(self.list, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        left.addLayout(buttons)

        box = QHBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(left, 2)
        box.addWidget(self._order_group(), 3)

        for _ in self._drafts:
            self.list.addItem("")
        self._relabel()
        self.list.currentRowChanged.connect(self._show_row)
        self.list.itemActivated.connect(lambda _item: self.kind.setFocus())  # Enter on an order: change it
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.list)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self.remove_order)
        self.add_button.clicked.connect(self.add_order)
        self.remove_button.clicked.connect(self.remove_order)
        self.kind.currentIndexChanged.connect(self._typed)
        for field in (self.description, self.start_date, self.end_date):
            field.textChanged.connect(self._typed)
        self.conditions.textChanged.connect(self._typed)
        for first, second in zip(self.inputs(), self.inputs()[1:]):
            QWidget.setTabOrder(first, second)
        self.list.setCurrentRow(0 if self._drafts else -1)
        self._show_row(self.list.currentRow())

    def _order_group(self) -> QGroupBox:
        group = named(QGroupBox("The order"), "individualOrderGroup", "The order")
        form = QFormLayout(group)
        fields = record.ORDER
        self.kind = named(QComboBox(), "orderKind", fields["kind"].label, fields["kind"].help)
        self.kind.addItem(_NO_KIND, None)
        for code, text in self._words.items():
            self.kind.addItem(text, code)
        shows_whole_items(self.kind)
        self.description = named(QLineEdit(), "orderDescription", fields["description"].label,
                                 fields["description"].help)
        self.start_date = self._date_field("orderStartDate", fields["start_date"].label,
                                           "Day, month and year the order began, e.g. 23/04/2026; leave empty if "
                                           "not known")
        self.end_date = self._date_field("orderEndDate", fields["end_date"].label,
                                         "Day, month and year the order ends; leave empty if it has no end date "
                                         "or it is not known")
        self.conditions = _plain_text("orderConditions", "Conditions", "The order's conditions, one per line",
                                      _CONDITION_LINES)
        self.conditions.setPlaceholderText("One condition per line")
        form.addRow(field_label("&Order", "orderKindLabel", self.kind), self.kind)
        form.addRow(field_label("D&escription", "orderDescriptionLabel", self.description), self.description)
        form.addRow(field_label("&From", "orderStartDateLabel", self.start_date), self.start_date)
        form.addRow(field_label("&Until", "orderEndDateLabel", self.end_date), self.end_date)
        form.addRow(field_label("Co&nditions", "orderConditionsLabel", self.conditions), self.conditions)
        return group

    def _date_field(self, object_name: str, label: str, description: str) -> QLineEdit:
        field = named(QLineEdit(), object_name, label, description)
        field.setPlaceholderText(DATE_HINT)
        field.setMaxLength(10)
        field.setMaximumWidth(QFontMetrics(field.font()).horizontalAdvance("00/00/00000") + 24)
        return field

    def inputs(self) -> list[QWidget]:
        """Every control, in Tab order."""
        return [self.list, self.add_button, self.remove_button, self.kind, self.description, self.start_date,
                self.end_date, self.conditions]

    # -- the list --------------------------------------------------------------------
    def _label(self, n: int, draft: dict) -> str:
        kind = draft["kind"]
        words = "Kind not chosen" if not kind else self._words.get(kind, kind)
        text = f"{n}. {words}"
        if draft["description"].strip():
            text += f": {draft['description'].strip()}"
        return text

    def _relabel(self) -> None:
        for i, draft in enumerate(self._drafts):
            self.list.item(i).setText(self._label(i + 1, draft))

    def _show_row(self, row: int) -> None:
        self._loading = True
        try:
            draft = self._drafts[row] if 0 <= row < len(self._drafts) else _draft()
            kind = self.kind.findData(draft["kind"])
            if kind < 0:  # a kind this jurisdiction does not list: shown as stored, for the service to judge
                self.kind.addItem(f"{draft['kind']} (not in this jurisdiction's list)", draft["kind"])
                kind = self.kind.count() - 1
            self.kind.setCurrentIndex(kind)
            self.description.setText(draft["description"])
            self.description.setCursorPosition(0)  # its beginning, not its end
            self.start_date.setText(draft["start_date"])
            self.end_date.setText(draft["end_date"])
            self.conditions.setPlainText(draft["conditions"])
        finally:
            self._loading = False
        self._update_enabled()

    def _typed(self) -> None:
        row = self.list.currentRow()
        if self._loading or not 0 <= row < len(self._drafts):
            return
        self._drafts[row] = {"kind": self.kind.currentData(), "description": self.description.text(),
                             "start_date": self.start_date.text(), "end_date": self.end_date.text(),
                             "conditions": self.conditions.toPlainText()}
        self.list.item(row).setText(self._label(row + 1, self._drafts[row]))
        self._changed = True
        self.sig_changed.emit()

    def add_order(self) -> None:
        self._drafts.append(_draft())
        self.list.addItem("")
        self._relabel()
        self._changed = True
        self.list.setCurrentRow(len(self._drafts) - 1)
        self.kind.setFocus(Qt.FocusReason.OtherFocusReason)
        self.sig_changed.emit()

    def remove_order(self) -> None:
        row = self.list.currentRow()
        if self._busy or not 0 <= row < len(self._drafts):
            return
        del self._drafts[row]
        self.list.takeItem(row)  # the next order becomes the current one
        self._relabel()
        self._changed = True
        self._show_row(self.list.currentRow())
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)
        self.sig_changed.emit()

    # -- state -----------------------------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self._update_enabled()

    def _update_enabled(self) -> None:
        chosen = 0 <= self.list.currentRow() < len(self._drafts)
        self.list.setEnabled(not self._busy)
        self.add_button.setEnabled(not self._busy)
        for widget in (self.remove_button, self.kind, self.description, self.start_date, self.end_date,
                       self.conditions):
            widget.setEnabled(chosen and not self._busy)

    def changed(self) -> bool:
        """Whether an order was added, changed or removed since the dialog opened."""
        return self._changed

    def orders(self) -> list[dict]:
        """The orders for services/individuals.update_individual, in the list's order."""
        return [{"kind": d["kind"], "description": d["description"], "start_date": _read_date(d["start_date"]),
                 "end_date": _read_date(d["end_date"]), "conditions": d["conditions"].splitlines()}
                for d in self._drafts]
