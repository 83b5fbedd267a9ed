"""Presenting on one screen (or a mirrored one): the main window itself becomes the projector view.

The cockpit page is only hidden behind this page, so Stop presenting shows it again exactly where it was.
The control strip holds nothing of the record: the next step, a new action typed here (actions are on the
shared screen anyway) and Stop presenting.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from ui.common import named
from ui.spelling import check_spelling

STRIP_NOTE = "Presenting: this window is the shared screen."


class PresentingPage(QWidget):
    def __init__(self, projector_view: QWidget, parent: QWidget | None = None):
        super().__init__(parent)
        named(self, "presentingPage", "Presenting", "The shared screen, with a small control strip")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        strip = named(QWidget(), "presentingStrip", "Presenting controls")
        row = QHBoxLayout(strip)
        row.setContentsMargins(8, 4, 8, 4)
        row.addWidget(named(QLabel(STRIP_NOTE), "presentingNote", "About presenting"))
        self.message = named(QLabel(""), "presentingMessage", "Message")
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        row.addWidget(self.message, 1)
        self.next_button = named(QPushButton("Next step"), "presentingNextButton", "Next step")
        self.action_field = check_spelling(named(QLineEdit(), "presentingActionField", "New action",
                                                 "What the new action is; Return adds it"))
        self.action_field.setPlaceholderText("New action")
        self.action_field.setMinimumWidth(280)
        self.action_button = named(QPushButton("New action"), "presentingActionButton", "New action")
        self.stop_button = named(QPushButton("Stop presenting"), "presentingStopButton", "Stop presenting")
        for w in (self.next_button, self.action_field, self.action_button, self.stop_button):
            row.addWidget(w)
        layout.addWidget(strip)
        self.projector_view = projector_view
        layout.addWidget(projector_view, 1)
