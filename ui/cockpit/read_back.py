"""The read-back: one read-only screen the chair reads aloud at the close, with last meeting's plan beside it.

Built from what mappa_desk.services.read_back reads from the record when it is opened; never edited here.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (QDialog, QDialogButtonBox, QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout,
                               QWidget)

from mappa_desk.services.read_back import ReadBack
from ui.common import named

READ_BACK_KEY = "F6"  # beside the projector's F5
TEXT_SCALE = 1.4  # large enough to read aloud from across a table


def _section(layout: QVBoxLayout, heading: str, lines: list[str], object_name: str, empty: str,
             between: str = "\n") -> None:
    title = QLabel(heading)
    title.setWordWrap(True)
    font = QFont(title.font())
    font.setBold(True)
    title.setFont(font)
    layout.addWidget(title)
    body = named(QLabel(between.join(lines) if lines else empty), object_name, heading)
    body.setTextFormat(Qt.TextFormat.PlainText)
    body.setWordWrap(True)
    body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    layout.addWidget(body)


def _column(sections) -> QScrollArea:
    inner = QWidget()
    layout = QVBoxLayout(inner)
    for section in sections:
        _section(layout, *section)
    layout.addStretch(1)
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long lines wrap instead
    scroll.setWidget(inner)
    return scroll


class ReadBackDialog(QDialog):
    def __init__(self, content: ReadBack, parent: QWidget | None = None):
        super().__init__(parent)
        named(self, "readBackDialog", "Read-back")
        self.setWindowTitle("Read-back")
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * TEXT_SCALE)
        self.setFont(font)
        outer = QVBoxLayout(self)
        columns = QHBoxLayout()
        columns.addWidget(_column((
            ("Decisions", content.decisions, "readBackDecisions", "No decisions recorded."),
            ("Actions", content.actions, "readBackActions", "No actions recorded."),
            ("Disclosure", content.disclosures, "readBackDisclosure", "No disclosure decision recorded."),
            ("Level", [content.level], "readBackLevel", ""),
            ("Review date", [content.review_date] if content.review_date else [], "readBackReviewDate",
             "No review date recorded."),
        )), 3)
        heading = (f"Risk management plan against the meeting of {content.previous_date}" if content.previous_date
                   else "Risk management plan (no previous meeting to compare with)")
        columns.addWidget(_column((
            (heading, [line.sentence() for line in content.plan], "readBackPlan", "No measures recorded.",
             "\n\n"),
        )), 2)
        outer.addLayout(columns, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        outer.addWidget(buttons)
        self.resize(1200, 800)
