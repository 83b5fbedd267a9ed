"""The cockpit: the screen a chair runs one case from. Agenda rail, the step's prompts and timer, its panel."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import (QFrame, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QScrollArea,
                               QSizePolicy, QSpinBox, QSplitter, QStackedWidget, QToolButton, QVBoxLayout, QWidget)

from mappa_desk.domain.agenda import CASE_MINUTES_RANGE
from ui.common import error_label, named

TEXT_SCALES = (1.0, 1.25, 1.5, 1.75)  # the larger-text mode for a projector
STATE_MARKS = {"not_started": "○", "in_progress": "▶", "done": "✓", "skipped": "–"}


AMBER_SECONDS = 5 * 60  # the case timer turns amber this close to the time allowed, and red past it
TIMER_STATES = {"normal": "", "amber": "Nearly at the time allowed", "red": "Over the time allowed"}
_TIMER_STYLE = """
    QLabel#caseTimer { padding: 2px 10px; border-radius: 4px; }
    QLabel#caseTimer[state="amber"] { background: #f0b400; color: #1a1a1a; }
    QLabel#caseTimer[state="red"] { background: #b3261e; color: #ffffff; }
"""


def timer_state(spent: int, allowed: int) -> str:
    """normal, amber (within AMBER_SECONDS of the time allowed) or red (past it); no allowance: normal."""
    if not allowed:
        return "normal"
    if spent > allowed:
        return "red"
    return "amber" if spent >= allowed - AMBER_SECONDS else "normal"


def clock(seconds: int) -> str:
    seconds = max(0, int(seconds))
    return f"{seconds // 60}:{seconds % 60:02d}"


class CockpitView(QWidget):
    sig_step_chosen = Signal(int)  # row in the rail
    sig_message = Signal(str)  # the status line's sentence (also shown while presenting)
    sig_home_requested = Signal()

    def __init__(self):
        super().__init__()
        named(self, "cockpitView", "Meeting cockpit")
        self._base_font = QFont(self.font())
        self.text_scale = 0
        outer = QVBoxLayout(self)
        outer.setContentsMargins(12, 8, 12, 8)
        outer.setSpacing(6)

        top = QHBoxLayout()
        titles = QVBoxLayout()
        self.title = named(QLabel(), "cockpitTitle", "Individual")
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        font = QFont(self.title.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setWeight(QFont.Weight.DemiBold)
        self.title.setFont(font)
        self.subtitle = named(QLabel(), "cockpitSubtitle", "Meeting")
        self.subtitle.setTextFormat(Qt.TextFormat.PlainText)
        for label in (self.title, self.subtitle):  # at larger text a long name or meeting line wraps, never cut
            label.setWordWrap(True)
        titles.addWidget(self.title)
        titles.addWidget(self.subtitle)
        top.addLayout(titles, 1)
        self.case_timer = named(QLabel(), "caseTimer", "Time on this case")
        big = QFont(self.case_timer.font())
        big.setPointSizeF(big.pointSizeF() * 1.8)
        big.setBold(True)
        self.case_timer.setFont(big)
        self.case_timer.setProperty("state", "normal")
        self.case_timer.setStyleSheet(_TIMER_STYLE)
        self.case_timer.setSizePolicy(QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Preferred)  # never cut
        top.addWidget(self.case_timer)
        self.allowance = named(QSpinBox(), "caseAllowance", "Time allowed for this case, in minutes",
                               "The time allowed for this case; a typical case takes 15 to 30 minutes. Proposed "
                               "from the template's agenda; the steps share it in proportion.")
        self.allowance.setRange(*CASE_MINUTES_RANGE)
        self.allowance.setSuffix(" min allowed")
        self.allowance.setKeyboardTracking(False)
        top.addWidget(self.allowance)
        self.start_button = named(QPushButton("Start meeting"), "startMeetingButton", "Start meeting",
                                  "Notes the start time and starts the clocks; until then the meeting is planned")
        self.start_button.hide()
        top.addWidget(self.start_button)
        self.pause_button = named(QPushButton("Pause clock"), "pauseClockButton", "Pause the clocks",
                                  "Stops the clocks until you resume them; the time paused is not counted "
                                  "(Ctrl+Shift+T)")
        self.pause_button.hide()
        top.addWidget(self.pause_button)
        self.undo_button = named(QToolButton(), "undoButton", "Undo")
        self.redo_button = named(QToolButton(), "redoButton", "Redo")
        self.larger_text_button = named(QToolButton(), "largerTextButton", "Larger text",
                                        "Cycles the text size for a projector (Ctrl+= larger, Ctrl+- smaller)")
        self.larger_text_button.setText("A+")
        self.projector_button = named(QPushButton("Projector view"), "projectorButton", "Projector view",
                                      "Shows the step, the plan and the actions on a second screen, without victim "
                                      "details (F5)")
        self.home_button = named(QPushButton("Home"), "cockpitHomeButton", "Back to the home screen")
        for button in (self.undo_button, self.redo_button, self.larger_text_button, self.projector_button,
                       self.home_button):
            top.addWidget(button)
        outer.addLayout(top)
        self.message = error_label("cockpitMessage")
        outer.addWidget(self.message)
        # The status line: what was just removed, in words, with its Undo.
        status = QHBoxLayout()
        self.removal_note = named(QLabel(), "removalNote", "Last removal")
        self.removal_note.setTextFormat(Qt.TextFormat.PlainText)
        self.removal_undo = named(QPushButton("Undo"), "removalUndoButton", "Undo the removal")
        status.addWidget(self.removal_note)
        status.addWidget(self.removal_undo)
        status.addStretch(1)
        outer.addLayout(status)
        self.show_removal("")

        splitter = named(QSplitter(Qt.Orientation.Horizontal), "cockpitSplitter", "Agenda and step")
        self.rail = named(QListWidget(), "agendaRail", "Agenda", "The steps of this case; Ctrl+Page Down for the next")
        self.rail.setWordWrap(True)
        self.rail.setSpacing(2)
        splitter.addWidget(self.rail)

        right = QWidget()
        column = QVBoxLayout(right)
        column.setContentsMargins(8, 0, 0, 0)
        step_row = QHBoxLayout()
        self.step_title = named(QLabel(), "stepTitle", "Step")
        self.step_title.setTextFormat(Qt.TextFormat.PlainText)
        bold = QFont(self.step_title.font())
        bold.setPointSizeF(bold.pointSizeF() * 1.15)
        bold.setBold(True)
        self.step_title.setFont(bold)
        step_row.addWidget(self.step_title, 1)
        self.step_timer = named(QLabel(), "stepTimer", "Time on this step")
        step_row.addWidget(self.step_timer)
        self.skip_button = named(QPushButton("Skip…"), "stepSkipButton", "Skip this step",
                                 "Skips the step; you are asked for the reason")
        self.done_button = named(QPushButton("Done, next step"), "stepDoneButton", "Mark this step done",
                                 "Ctrl+Return")
        step_row.addWidget(self.skip_button)
        step_row.addWidget(self.done_button)
        column.addLayout(step_row)
        self.prompts = named(QLabel(), "stepPrompts", "Prompts for this step")
        self.prompts.setTextFormat(Qt.TextFormat.PlainText)
        self.prompts.setWordWrap(True)
        self.prompts.setFrameShape(QFrame.Shape.StyledPanel)
        self.prompts.setMargin(6)
        column.addWidget(self.prompts)
        self.stack = named(QStackedWidget(), "panelStack", "Step record")
        column.addWidget(self.stack, 1)
        splitter.addWidget(right)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([250, 900])
        outer.addWidget(splitter, 1)
        # The case timer is already large (1.8 times) and keeps that size: scaled as well, it left the top row no
        # room for the name and meeting at the largest text on a 1366x768 laptop.
        self._headings = {self.title: QFont(self.title.font()), self.step_title: QFont(self.step_title.font())}
        self.rail.currentRowChanged.connect(self._on_rail_row_changed)
        self.home_button.clicked.connect(self.sig_home_requested)
        self._scrolls: dict[str, QScrollArea] = {}

    # -- agenda -------------------------------------------------------------------------
    def set_steps(self, steps: list[dict], current: int) -> None:
        """steps: title, state, spent, allocated (seconds), skip_reason."""
        self.rail.blockSignals(True)
        if self.rail.count() != len(steps):
            self.rail.clear()
            for _ in steps:
                self.rail.addItem(QListWidgetItem())
        for row, step in enumerate(steps):
            item = self.rail.item(row)
            state = step["state"].replace("_", " ")
            text = (f"{STATE_MARKS[step['state']]}  {row + 1}. {step['title']}\n"
                    f"      {state} · {clock(step['spent'])} of {clock(step['allocated'])}")
            item.setText(text)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"Step {row + 1}, {step['title']}: {state}")
        self.rail.setCurrentRow(current)
        self.rail.blockSignals(False)

    def _on_rail_row_changed(self, row: int) -> None:
        if row >= 0:
            self.sig_step_chosen.emit(row)

    def show_step(self, number: int, title: str, prompts: tuple[str, ...], skip_reason: str = "") -> None:
        self.step_title.setText(f"{number}. {title}")
        lines = [f"• {p}" for p in prompts]
        if skip_reason:
            lines.append(f"Skipped: {skip_reason}")
        self.prompts.setText("\n".join(lines))
        self.prompts.setVisible(bool(lines))

    def show_allowance(self, seconds: int, editable: bool) -> None:
        """The case's time allowed (whole minutes), unless the chair is typing in it."""
        if not self.allowance.hasFocus():
            self.allowance.blockSignals(True)
            self.allowance.setValue(round(seconds / 60))
            self.allowance.blockSignals(False)
        self.allowance.setEnabled(editable)

    def show_clock_controls(self, planned: bool, running: bool, paused: bool) -> None:
        self.start_button.setVisible(planned)
        self.pause_button.setVisible(running)
        self.pause_button.setText("Resume clock" if paused else "Pause clock")
        self.pause_button.setAccessibleName("Resume the clocks" if paused else "Pause the clocks")

    def set_times(self, step_spent: int, step_allocated: int, case_spent: int, case_allocated: int,
                  paused: bool = False) -> None:
        over = step_allocated and step_spent > step_allocated
        self.step_timer.setText(f"{clock(step_spent)} of {clock(step_allocated)}" + ("  (over time)" if over else ""))
        self.case_timer.setText(f"Case {clock(case_spent)} of {clock(case_allocated)}" + ("  (paused)" if paused else ""))
        state = timer_state(case_spent, case_allocated)
        if self.case_timer.property("state") != state:
            self.case_timer.setProperty("state", state)
            self.case_timer.setAccessibleDescription(TIMER_STATES[state])
            self.case_timer.style().unpolish(self.case_timer)
            self.case_timer.style().polish(self.case_timer)

    # -- panels -------------------------------------------------------------------------
    def set_panel(self, key: str, widget: QWidget) -> None:
        """Puts (or replaces) a step's panel, keeping the reader's place on the page."""
        scroll = self._scrolls.get(key)
        if scroll is None:
            scroll = named(QScrollArea(), f"panel_{key}", key)
            scroll.setWidgetResizable(True)
            scroll.setFrameShape(QFrame.Shape.NoFrame)
            self._scrolls[key] = scroll
            self.stack.addWidget(scroll)
        position = scroll.verticalScrollBar().value()
        old = scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        widget.setObjectName(f"panelBody_{key}")
        scroll.setWidget(widget)
        scroll.verticalScrollBar().setValue(position)

    def show_panel(self, key: str) -> None:
        self.stack.setCurrentWidget(self._scrolls[key])

    def panel(self, key: str) -> QWidget | None:
        scroll = self._scrolls.get(key)
        return scroll.widget() if scroll else None

    def scroll_to(self, key: str, widget: QWidget) -> None:
        scroll = self._scrolls.get(key)
        if scroll is not None:
            scroll.ensureWidgetVisible(widget, 10, 40)

    def clear(self) -> None:
        for scroll in self._scrolls.values():
            self.stack.removeWidget(scroll)
            scroll.deleteLater()
        self._scrolls.clear()
        self.rail.blockSignals(True)  # removing items moves the current row: that is not the user choosing a step
        self.rail.clear()
        self.rail.blockSignals(False)
        self.message.hide()
        self.start_button.hide()
        self.pause_button.hide()
        for label in (self.title, self.subtitle, self.case_timer, self.step_title, self.step_timer, self.prompts):
            label.clear()

    # -- text size ------------------------------------------------------------------------
    def set_text_scale(self, index: int) -> None:
        self.text_scale = max(0, min(len(TEXT_SCALES) - 1, index))
        scale = TEXT_SCALES[self.text_scale]
        font = QFont(self._base_font)
        font.setPointSizeF(self._base_font.pointSizeF() * scale)
        self.setFont(font)
        for label, base in self._headings.items():  # headings set their own size, so scale them too
            heading = QFont(base)
            heading.setPointSizeF(base.pointSizeF() * scale)
            label.setFont(heading)
        self.larger_text_button.setChecked(self.text_scale > 0)
        # The spin box sits in the top row, which the page squeezes first: keep room for its text.
        self.allowance.setMinimumHeight(QFontMetrics(font).height() + 14)

    def show_removal(self, sentence: str, undo: bool = False) -> None:
        self.removal_note.setText(sentence)
        self.removal_note.setVisible(bool(sentence))
        self.removal_undo.setVisible(bool(sentence) and undo)

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.setVisible(bool(text))
        self.sig_message.emit(text)
