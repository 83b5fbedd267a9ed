"""The cockpit's agenda: moving between steps, marking them done or skipped, and the time spent on each."""

from __future__ import annotations

import time
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton, QScrollBar, QWidget

from mappa_desk.domain import agenda, record
from ui.cockpit.commands import SetValue
from ui.common import ask_text

TIME_SAVE_SECONDS = 30  # time spent on a step is saved this often, and whenever the step changes


class AgendaSteps:
    """Mixed into CockpitController: needs its view, data, steps, current, stack, flush() and write()."""

    def _panel_of(self, step: dict) -> str:
        return agenda.panel_for(step["step_key"], self.data.steps if self.data else {})

    def _step_of_panel(self, panel: str) -> int | None:
        return next((i for i, s in enumerate(self.steps) if self._panel_of(s) == panel), None)

    def go_to_step(self, index: int, force: bool = False) -> None:
        if self.data is None or not self.steps or index is None:
            return
        index = max(0, min(len(self.steps) - 1, index))
        if index == self.current and not force:
            return
        on_rail = self.view.rail.hasFocus()
        self.flush()  # commits the field being typed in on the step being left, and its time
        self.current = index
        step = self.steps[index]
        if step["state"] == "not_started" and self.data.meeting["status"] in ("planned", "in_progress"):
            self._set_quietly(record.AGENDA_ITEM.ref(step["id"], "state"), "in_progress")
        template = self.data.steps.get(step["step_key"])
        self.view.show_step(index + 1, step["title"], template.prompts if template else (), step["skip_reason"])
        self.ensure_panel(self._panel_of(step))
        self.view.show_panel(self._panel_of(step))
        self._step_started = time.monotonic()
        self._show_steps()
        if on_rail:
            self.view.rail.setFocus()
        elif self.view.isVisible():
            self._focus_first_field(self._panel_of(step))
        self.sig_step_changed.emit(index)

    def _focus_first_field(self, key: str) -> None:
        """Keyboard-first: a new step starts with the focus on its first field."""
        panel = self.view.panel(key)
        if panel is None:
            return
        for widget in panel.findChildren(QWidget):
            if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and widget.isEnabled() and widget.isVisibleTo(panel) \
                    and not isinstance(widget, (QPushButton, QScrollBar)):
                widget.setFocus(Qt.FocusReason.OtherFocusReason)
                return
        self.view.rail.setFocus()  # nothing to type in yet: keep the focus (and the shortcuts) in the cockpit

    def step_done(self) -> None:
        if self.data is None:
            return
        step = self.steps[self.current]
        if step["state"] != "done":
            self._on_edited(record.AGENDA_ITEM.ref(step["id"], "state"), step["state"], "done")
        self.go_to_step(self.current + 1)

    def skip_step(self) -> None:
        if self.data is None:
            return
        step = self.steps[self.current]
        reason = ask_text(self.view, "skipStepDialog", "Skip this step", f"Why is “{step['title']}” skipped?",
                          step["skip_reason"] or "", answer="&Skip", prose=True)
        reason = " ".join((reason or "").split())
        if not reason:
            return
        self.skip_current(reason)

    def skip_current(self, reason: str) -> None:
        step = self.steps[self.current]
        self.stack.beginMacro("Skip a step")
        ref = lambda name: record.AGENDA_ITEM.ref(step["id"], name)  # noqa: E731
        self.stack.push(SetValue(self, ref("skip_reason"), step["skip_reason"], reason, "Skip reason"))
        self.stack.push(SetValue(self, ref("state"), step["state"], "skipped", "Skip"))
        self.stack.endMacro()
        self.go_to_step(self.current + 1)

    def _set_quietly(self, ref: record.Ref, value: Any) -> None:
        """A value the app records by itself (a step started, time spent): saved, but not an undo step."""
        self.write(ref, value, show=False)

    def _spent(self, index: int) -> int:
        step = self.steps[index]
        running = (time.monotonic() - self._step_started
                   if (self._timing and not self._paused and index == self.current) else 0)
        return int(step["seconds_spent"] + running)

    def _save_step_time(self) -> None:
        if not self._timing or self.data is None or not self.steps:
            return
        spent = self._spent(self.current)
        step = self.steps[self.current]
        self._step_started = time.monotonic()
        if spent != step["seconds_spent"]:
            self._set_quietly(record.AGENDA_ITEM.ref(step["id"], "seconds_spent"), spent)

    def _on_tick(self) -> None:
        if self.data is None:
            return
        if time.monotonic() - self._step_started >= TIME_SAVE_SECONDS:
            self._save_step_time()
        self._show_steps()

    def _show_steps(self) -> None:
        if not self.steps:
            return
        shown = [{"title": s["title"], "state": s["state"], "spent": self._spent(i), "allocated": s["allocated_seconds"],
                  "skip_reason": s["skip_reason"]} for i, s in enumerate(self.steps)]
        self.view.set_steps(shown, self.current)
        step = shown[self.current]
        self.view.set_times(step["spent"], step["allocated"], sum(s["spent"] for s in shown),
                            sum(s["allocated"] for s in shown), paused=self._paused)
        self.view.show_clock_controls(planned=self.data is not None and self.data.meeting["status"] == "planned",
                                      running=self._timing, paused=self._paused)

    def paused_meeting(self) -> int | None:
        """The open meeting, if its clocks are paused (kept across Lock)."""
        return self.meeting_id if self._timing and self._paused else None

    def toggle_pause(self) -> None:
        """Pauses the clocks (time paused is not counted), or resumes them."""
        if not self._timing:
            return
        if self._paused:
            self._paused = False
            self._step_started = time.monotonic()
        else:
            self._save_step_time()
            self._paused = True
        self._show_steps()
