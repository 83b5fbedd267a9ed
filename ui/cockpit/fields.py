"""Edit controls bound to one declared field of one row (a `domain.record.Ref`): they report the user's edits
and show undo/redo.

Text is committed when the user pauses (COMMIT_PAUSE_MS) or leaves the field,
so a dead battery loses at most the last moment of typing; choices are committed
at once. A value set by the program (undo, redo, reload) never reports an edit.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QRegularExpressionValidator
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QVBoxLayout,
                               QWidget)

from mappa_desk.domain import dates, text_check, vocabularies
from mappa_desk.domain.record import Ref
from ui.common import error_label, named
from ui.spelling import check_spelling

COMMIT_PAUSE_MS = 700


class FieldHub(QObject):
    """Where bound controls report edits, and where undo/redo set them back."""

    sig_edited = Signal(object, object, object)  # Ref, old value, new value
    sig_refused = Signal(object, str)  # Ref, the sentence: typed text not saved (domain.text_check)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._setters: dict[Ref, Callable[[Any], None]] = {}
        self._widgets: dict[Ref, QWidget] = {}
        self.profile = None  # the open vault's profile (its vocabularies' words), set when a meeting loads

    def register(self, ref: Ref, widget: QWidget, setter: Callable[[Any], None]) -> None:
        self._setters[ref] = setter
        self._widgets[ref] = widget
        widget.destroyed.connect(lambda *_a, r=ref, w=widget: self._forget(r, w))
        if isinstance(widget, (QLineEdit, QPlainTextEdit)):
            widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """A text field keeps Undo and Redo while it has typing of its own to undo or redo; otherwise the keys go
        to the cockpit's undo history (a text field would take them and do nothing)."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            for key, own in ((QKeySequence.StandardKey.Undo, _own_undo), (QKeySequence.StandardKey.Redo, _own_redo)):
                if event.matches(key) and not own(watched):
                    event.ignore()
                    return True
        return super().eventFilter(watched, event)

    def _forget(self, ref: Ref, widget) -> None:
        if self._widgets.get(ref) is widget:
            self._setters.pop(ref, None)
            self._widgets.pop(ref, None)

    def clear(self) -> None:
        self._setters.clear()
        self._widgets.clear()

    def show_value(self, ref: Ref, value: Any) -> None:
        setter = self._setters.get(ref)
        if setter is not None:
            setter(value)

    def widget(self, ref: Ref) -> QWidget | None:
        return self._widgets.get(ref)


def _own_undo(widget) -> bool:
    return widget.isUndoAvailable() if isinstance(widget, QLineEdit) else widget.document().isUndoAvailable()


def _own_redo(widget) -> bool:
    return widget.isRedoAvailable() if isinstance(widget, QLineEdit) else widget.document().isRedoAvailable()


class _TextCommitter(QObject):
    """Commits a text control's value after a pause in typing or when focus leaves it."""

    def __init__(self, hub: FieldHub, ref: Ref, value: str, read: Callable[[], str]):
        super().__init__()
        self.hub, self.ref, self.committed, self.read = hub, ref, value, read
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(COMMIT_PAUSE_MS)
        self.timer.timeout.connect(self.commit)

    def changed(self) -> None:
        self.timer.start()

    def commit(self) -> None:
        self.timer.stop()
        value = self.read()
        sentence = text_check.problem(value)
        self._mark(sentence)
        if sentence is not None:  # nothing is saved; the text stays as typed, to be corrected
            self.hub.sig_refused.emit(self.ref, sentence)
            return
        if value != self.committed:
            old, self.committed = self.committed, value
            self.hub.sig_edited.emit(self.ref, old, value)

    def set_committed(self, value: str) -> None:
        self.timer.stop()
        self.committed = value
        self._mark(None)

    def _mark(self, sentence: str | None) -> None:
        """The field marked as refused, saying why in its tooltip and accessible description (None: unmarked)."""
        widget = self.parent()
        if widget is not None and (bool(widget.property("invalid")) != (sentence is not None)
                                   or (sentence is not None and widget.toolTip() != sentence)):
            widget.setProperty("invalid", sentence is not None)
            widget.setToolTip(sentence or "")
            widget.setAccessibleDescription(sentence or "")


class _PlainText(QPlainTextEdit):
    """A multi-line field that grows with its text (within limits) and commits when focus leaves it."""

    sig_focus_out = Signal()

    def __init__(self, lines: int):
        super().__init__()
        self.setTabChangesFocus(True)
        self._min_lines = lines
        self.document().contentsChanged.connect(self._fit)
        self._fit()

    def _fit(self) -> None:
        line = self.fontMetrics().lineSpacing()
        lines = max(self._min_lines, min(12, int(self.document().size().height())))
        height = int(lines * line + 2 * self.frameWidth() + 2 * self.document().documentMargin() + 4)
        if height != self.height():
            self.setFixedHeight(height)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()  # the text wraps anew at the new width

    def focusOutEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.sig_focus_out.emit()
        super().focusOutEvent(event)


def text_field(hub: FieldHub, ref: Ref, value: str | None, label: str, *, lines: int = 0,
               placeholder: str = "") -> QWidget:
    """One line (lines=0) or a growing multi-line field, spell checked where the record declares it (a name, a
    place or a time never is: `Field.spell_checked`)."""
    value = value or ""
    if lines:
        widget = _PlainText(lines)
        widget.setPlainText(value)
        read = widget.toPlainText
    else:
        widget = QLineEdit(value)
        widget.setCursorPosition(0)  # a text longer than the field shows its beginning, not its end
        read = widget.text
    named(widget, ref.object_name, label)
    widget.setPlaceholderText(placeholder)
    committer = _TextCommitter(hub, ref, value, read)
    committer.setParent(widget)
    if lines:
        widget.textChanged.connect(committer.changed)
        widget.sig_focus_out.connect(committer.commit)
        setter_text = widget.setPlainText
    else:
        widget.textEdited.connect(lambda _t: committer.changed())
        widget.editingFinished.connect(committer.commit)
        setter_text = widget.setText

    def setter(new):
        new = new or ""
        committer.set_committed(new)
        if read() != new:
            widget.blockSignals(True)
            setter_text(new)
            widget.blockSignals(False)
            if lines:
                widget._fit()
            else:
                widget.setCursorPosition(0)
    hub.register(ref, widget, setter)
    if ref.field.spell_checked:
        check_spelling(widget)
    return widget


def time_field(hub: FieldHub, ref: Ref, value: str | None, label: str) -> QLineEdit:
    widget = text_field(hub, ref, value, label, placeholder="hh:mm")
    widget.setValidator(QRegularExpressionValidator(QRegularExpression(r"^$|^([01]?\d|2[0-3]):[0-5]\d$"), widget))
    widget.setMaximumWidth(widget.fontMetrics().horizontalAdvance("00:00") + 40)
    return widget


def choice_field(hub: FieldHub, ref: Ref, value: Any, label: str, options: list[tuple[Any, str]]) -> QComboBox:
    """A list of (stored value, words shown). A value not in the list is shown as it is, never lost."""
    widget = named(QComboBox(), ref.object_name, label)
    for stored, shown in options:
        widget.addItem(shown, stored)
    if widget.findData(value) < 0:
        widget.addItem(str(value), value)
    widget.setCurrentIndex(widget.findData(value))
    state = {"committed": value}

    def on_activated(_index: int) -> None:
        new = widget.currentData()
        if new != state["committed"]:
            old, state["committed"] = state["committed"], new
            hub.sig_edited.emit(ref, old, new)

    def setter(new):
        state["committed"] = new
        widget.blockSignals(True)
        index = widget.findData(new)
        if index < 0:
            widget.addItem(str(new), new)
            index = widget.findData(new)
        widget.setCurrentIndex(index)
        widget.blockSignals(False)
    widget.activated.connect(on_activated)
    hub.register(ref, widget, setter)
    return widget


def agency_field(hub: FieldHub, ref: Ref, value: int | None, label: str, agencies: list[dict],
                 blank: str = "(no agency)") -> QComboBox:
    options = [(None, blank)] + [(a["id"], a["name"]) for a in agencies]
    return choice_field(hub, ref, value, label, options)


def vocabulary_field(hub: FieldHub, ref: Ref, value: Any, label: str, blank: str | None = None) -> QComboBox:
    """A field over the closed vocabulary its declaration names (domain.vocabularies: a jurisdiction's words from
    the open vault's profile, which the hub holds); `blank`: the words shown for no value, where it may have
    none."""
    words = vocabularies.words(ref.field.vocabulary, hub.profile)
    options = ([(None, blank)] if blank is not None else []) + list(words.items())
    return choice_field(hub, ref, value, label, options)


def check_field(hub: FieldHub, ref: Ref, value: Any, label: str) -> QCheckBox:
    widget = named(QCheckBox(label), ref.object_name, label)
    widget.setChecked(bool(value))

    def on_toggled(checked: bool) -> None:
        hub.sig_edited.emit(ref, not checked, checked)

    def setter(new):
        widget.blockSignals(True)
        widget.setChecked(bool(new))
        widget.blockSignals(False)
    widget.toggled.connect(on_toggled)
    hub.register(ref, widget, setter)
    return widget


class _TickLabel(QLabel):
    """The words of a tick box, wrapped; a click on them ticks or unticks the box, as a box's own text does."""

    def __init__(self, text: str, box: QCheckBox):
        super().__init__(text)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setBuddy(box)
        self._box = box

    def mouseReleaseEvent(self, event) -> None:  # noqa: N802 - Qt override
        if event.button() == Qt.MouseButton.LeftButton:
            self._box.click()
        super().mouseReleaseEvent(event)


def choices_field(hub: FieldHub, ref: Ref, value: str | None, label: str) -> QWidget:
    """A "choices" field (any of a closed vocabulary's words, domain/fields.py): one tick box per word, in the
    vocabulary's order, each ticked from the keyboard (Tab to it, Space) and never by the wheel. A tick or an
    untick is one edit of the whole field, stored as the ticked codes in the vocabulary's order. A stored code
    the vocabulary no longer holds is kept, never lost."""
    words = vocabularies.words(ref.field.vocabulary, hub.profile)
    holder = named(QWidget(), ref.object_name, label)
    column = QVBoxLayout(holder)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(2)
    state = {"committed": value or ""}
    boxes: dict[str, QCheckBox] = {}

    def joined() -> str:
        kept = [c for c in ref.field.ticked(state["committed"]) if c not in words]  # not ours to drop
        return ",".join([code for code, box in boxes.items() if box.isChecked()] + kept)

    def on_toggled(_checked: bool) -> None:
        new = joined()
        if new != state["committed"]:
            old, state["committed"] = state["committed"], new
            hub.sig_edited.emit(ref, old, new)

    for code, shown in words.items():
        box = named(QCheckBox(), f"{ref.object_name}:{code}", shown)
        box.setChecked(code in ref.field.ticked(value))
        box.toggled.connect(on_toggled)
        boxes[code] = box
        line = QHBoxLayout()
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(box, 0, Qt.AlignmentFlag.AlignTop)
        line.addWidget(_TickLabel(shown, box), 1)  # the words wrap at any text size; a click on them ticks
        column.addLayout(line)
    if boxes:
        holder.setFocusProxy(next(iter(boxes.values())))

    def setter(new):
        state["committed"] = new or ""
        ticked = ref.field.ticked(new)
        for code, box in boxes.items():
            box.blockSignals(True)
            box.setChecked(code in ticked)
            box.blockSignals(False)
    hub.register(ref, holder, setter)
    return holder


def declared_field(hub: FieldHub, ref: Ref, value: Any, label: str, agencies: list[dict]) -> QWidget:
    """The editor a declared field's kind calls for, for a field the cockpit shows by its declaration alone
    (`Field.panel`): the same editors the hand-built rows use."""
    f = ref.field
    if f.kind == "choices":
        return choices_field(hub, ref, value, label)
    if f.kind in ("choice", "level"):
        return vocabulary_field(hub, ref, value, label, blank=None if f.required else "Not stated")
    if f.kind == "agency":
        return agency_field(hub, ref, value, label, agencies)
    if f.kind == "flag":
        return check_field(hub, ref, value, f.label)
    if f.kind == "date":
        return date_field(hub, ref, value, label)
    if f.kind == "time":
        return time_field(hub, ref, value, label)
    return text_field(hub, ref, value, label, lines=1 if f.kind == "prose" else 0)


def not_a_date_message(text: str) -> str:
    """The one sentence said beside a date field whose text cannot be a date."""
    return (f"{text.strip()} is not a date. Nothing was saved: type it as day/month/year, e.g. 13/02/2027, "
            "or clear the field.")


def date_field(hub: FieldHub, ref: Ref, value: str | None, label: str) -> QWidget:
    """A date typed and shown the British way (dd/mm/yyyy), stored ISO; empty when not set.

    Text that cannot be a date (31/02/2026, "next week") is never saved, not even as empty: the stored date stays
    what it was and a plain sentence beside the field says so at once, keeping what the user typed. Clearing the
    field on purpose stores empty. Returns the field with its error sentence; the field has the reference's name.
    """
    holder = QWidget()
    row = QHBoxLayout(holder)
    row.setContentsMargins(0, 0, 0, 0)
    widget = named(QLineEdit(dates.numeric(value)), ref.object_name, label)
    widget.setPlaceholderText("dd/mm/yyyy")
    widget.setMaximumWidth(widget.fontMetrics().horizontalAdvance("00/00/00000") + 30)
    problem = error_label(f"{ref.object_name}:error")
    problem.setAccessibleName(f"{label}: error")
    row.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)  # at the start of its row, error or no error
    row.addWidget(problem, 1)
    holder.setFocusProxy(widget)
    state = {"committed": value or None}

    def show_problem(text: str | None) -> None:
        widget.setProperty("invalid", text is not None)
        widget.setAccessibleDescription(text or "")
        problem.setText(text or "")
        problem.setVisible(text is not None)

    def judge() -> str | None:
        """The ISO date typed, or None for an empty field; ValueError (and the sentence shown) for anything else."""
        try:
            new = dates.parse(widget.text())
        except ValueError:
            show_problem(not_a_date_message(widget.text()))
            raise
        show_problem(None)
        return new

    def as_typed(text: str) -> None:
        if not text.strip() or dates.looks_complete(text):
            try:
                judge()
            except ValueError:
                pass
        elif problem.isVisible():  # being corrected: the sentence waits for the date to be complete again
            show_problem(None)

    def commit() -> None:
        try:
            new = judge()
        except ValueError:
            return
        if new != state["committed"]:
            old, state["committed"] = state["committed"], new
            hub.sig_edited.emit(ref, old, new)
    widget.textEdited.connect(as_typed)
    widget.editingFinished.connect(commit)

    def setter(new):
        state["committed"] = new or None
        widget.blockSignals(True)
        widget.setText(dates.numeric(new))
        widget.blockSignals(False)
        show_problem(None)
    hub.register(ref, widget, setter)
    return holder
