"""Small building blocks shared by the screens: named widgets, page layout, titles, error text."""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

W = TypeVar("W", bound=QWidget)

# The only colour of our own: a muted red for error sentences.
ERROR_RED = "#a4262c"

PAGE_MARGINS = (36, 28, 36, 24)


def named(widget: W, object_name: str, accessible_name: str, description: str = "") -> W:
    """Tests, screen readers and automation all find a control by these names."""
    widget.setObjectName(object_name)
    widget.setAccessibleName(accessible_name)
    if description:
        widget.setAccessibleDescription(description)
    return widget


def page_layout(page: QWidget) -> QVBoxLayout:
    layout = QVBoxLayout(page)
    layout.setContentsMargins(*PAGE_MARGINS)
    layout.setSpacing(8)
    return layout


def title_label(text: str, object_name: str) -> QLabel:
    label = named(QLabel(text), object_name, text)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * 1.45)
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def body_label(text: str, object_name: str, accessible_name: str) -> QLabel:
    label = named(QLabel(text), object_name, accessible_name)
    label.setWordWrap(True)
    return label


def error_label(object_name: str) -> QLabel:
    """Hidden until there is something to say; the text is plain, never rich text."""
    label = named(QLabel(), object_name, "Error message")
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(ERROR_RED))
    label.setPalette(palette)
    label.hide()
    return label


def password_field(object_name: str, accessible_name: str) -> QLineEdit:
    field = named(QLineEdit(), object_name, accessible_name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def shows_whole_items(combo: QComboBox) -> QComboBox:
    """A drop-down never narrower than its longest item at the current text size, so larger text does not cut a
    choice short (the layout may still widen it)."""
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
    policy = combo.sizePolicy()
    policy.setHorizontalPolicy(policy.Policy.MinimumExpanding)
    combo.setSizePolicy(policy)
    return combo


def field_label(text: str, object_name: str, buddy: QWidget) -> QLabel:
    label = named(QLabel(text), object_name, text)
    label.setBuddy(buddy)
    return label


def enter_never_accepts(dialog: QDialog, accept_button: QPushButton) -> None:
    """Enter in an entry field never accepts ``dialog``; its button or Ctrl+Enter does.

    A dialog's default (or first auto-default) button is pressed by Enter in any line edit, so Enter in
    the New meeting dialog's "Person" field created the meeting and dropped the person typed. Call this
    once every button of the dialog is built.
    """
    for button in dialog.findChildren(QPushButton):
        button.setDefault(False)
        button.setAutoDefault(False)
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        shortcut = QShortcut(QKeySequence(keys), dialog)
        shortcut.activated.connect(lambda: accept_button.isEnabled() and accept_button.click())


def cancel_and_confirm(object_name: str, confirm: str, suffix: str = "Confirm"
                       ) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """A dialog's bottom row, right-aligned: Cancel, then the button that confirms (named `<object_name><suffix>`)."""
    row = QHBoxLayout()
    row.addStretch(1)
    cancel = named(QPushButton("Cancel"), f"{object_name}Cancel", "Cancel")
    confirm_button = named(QPushButton(confirm), f"{object_name}{suffix}", confirm.replace("&", ""))
    row.addWidget(cancel)
    row.addWidget(confirm_button)
    return row, cancel, confirm_button


class BusyConfirm:
    """For a form dialog with `confirm_button`, `error` and `sig_confirmed`: while its work runs (`set_busy`), the
    confirm button is disabled and a click does nothing; otherwise a click clears the error and confirms."""

    _busy = False

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.confirm_button.setEnabled(not busy)

    def is_busy(self) -> bool:
        return self._busy

    def _on_confirm_clicked(self) -> None:
        if not self._busy:
            self.error.hide()
            self.sig_confirmed.emit()


class TextQuestion(QDialog):
    """One short answer typed in a box (a reason, a passphrase): OK or Ctrl+Enter answers; Enter alone does not."""

    def __init__(self, parent: QWidget | None, object_name: str, title: str, question: str, text: str = "",
                 *, password: bool = False, answer: str = "OK", prose: bool = False):
        super().__init__(parent)
        named(self, object_name, title)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(420)
        box = QVBoxLayout(self)
        self.field = named(QLineEdit(text), f"{object_name}Field", question.rstrip(":?"))
        if password:
            self.field.setEchoMode(QLineEdit.EchoMode.Password)
        elif prose:
            from ui.spelling import check_spelling  # here: ui.spelling's own imports (ops, crash) use this module
            check_spelling(self.field)
        box.addWidget(field_label(question, f"{object_name}Label", self.field))
        box.addWidget(self.field)
        row, self.cancel_button, self.answer_button = cancel_and_confirm(object_name, answer, "Answer")
        box.addLayout(row)
        self.cancel_button.clicked.connect(self.reject)
        self.answer_button.clicked.connect(self.accept)
        enter_never_accepts(self, self.answer_button)
        self.field.selectAll()
        self.field.setFocus()

    def answer(self) -> str:
        return self.field.text()


def ask_text(parent: QWidget | None, object_name: str, title: str, question: str, text: str = "",
             *, password: bool = False, answer: str = "OK", prose: bool = False) -> str | None:
    """What the user typed, or None when they cancelled. A prose answer (a reason) is spell checked."""
    dialog = TextQuestion(parent, object_name, title, question, text, password=password, answer=answer,
                          prose=prose)
    try:
        return dialog.answer() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.field.clear()
        dialog.deleteLater()


class MadeWhenFirstRead:
    """An attribute made the first time it is read, by the owner's method named `make` (which sets it, and may
    set others made with it): the record side of the app, and the pages it drives, are not made before the
    first page is on screen."""

    def __init__(self, make: str):
        self.make = make

    def __set_name__(self, owner, name: str) -> None:
        self.key = "_" + name

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if instance.__dict__.get(self.key) is None:
            getattr(instance, self.make)()
        return instance.__dict__[self.key]

    def __set__(self, instance, value) -> None:
        instance.__dict__[self.key] = value
