"""Runs the cockpit: loads the meeting, turns every edit into an undoable command saved at once, keeps time."""

from __future__ import annotations

import datetime as _dt
import time
from functools import partial
from typing import Any, Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QUndoStack
from PySide6.QtWidgets import QApplication, QScrollArea, QWidget

from mappa_desk.domain import consistency_meeting, dates, record, rules
from mappa_desk.domain.record import Ref
from mappa_desk.errors import UserFacingError
from mappa_desk.services import cockpit as cockpit_service
from mappa_desk.services import read_back
from mappa_desk.services.cockpit import CockpitData
from mappa_desk.services.editing import MeetingEditor
from mappa_desk.services.session import Session
from ui.cockpit import panels_outcome, panels_record
from ui.cockpit.cards import PanelContext, declared_rows, reads_edit
from ui.cockpit.step_notes import add_step_notes
from ui.cockpit.commands import SetValue
from ui.cockpit.fields import FieldHub
from ui.cockpit.history import UndoHistory
from ui.cockpit.read_back import READ_BACK_KEY, ReadBackDialog
from ui.cockpit.steps import AgendaSteps
from ui.cockpit.view import CockpitView
from ui.ops import Generation, Op
from ui.projector.window import Projector
from ui.tasks import TaskRunner

PANELS: dict[str, Callable[[PanelContext], QWidget]] = {
    "opening": panels_record.opening, "previous_actions": panels_record.previous_actions,
    "information": panels_record.information, "risks": panels_record.risks, "rmp": panels_record.rmp,
    "housing": panels_record.housing,
    "decisions": panels_outcome.decisions, "disclosure": panels_outcome.disclosure, "level": panels_outcome.level,
    "actions": panels_outcome.actions, "review": panels_outcome.ReviewPanel,
}
CHECK_PAUSE_MS = 400


class CockpitController(UndoHistory, AgendaSteps, QObject):
    sig_loaded = Signal()  # the meeting is on screen (after open and after every reload)
    sig_saved = Signal()  # a piece of database work finished
    sig_checked = Signal(object)  # the latest findings (cockpit_service.Check)
    sig_home_requested = Signal()
    sig_generate_requested = Signal(int)  # meeting id
    sig_step_changed = Signal(int)  # the step now on screen (0-based)
    sig_closed = Signal()  # the meeting left the screen (home, Lock, quit, another meeting)
    sig_step_shown = Signal(int, str)  # meeting id, step key: where the chair is (kept for resuming)

    def __init__(self, view: CockpitView, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.view, self.runner = view, runner
        self.hub = FieldHub(self)
        self.stack = QUndoStack(self)
        self.session: Session | None = None
        self.editor: MeetingEditor | None = None
        self.data: CockpitData | None = None
        self.meeting_id: int | None = None
        self.steps: list[dict] = []
        self.current = 0
        self._generation = Generation()  # results for a meeting since closed are dropped
        self._step_started = time.monotonic()
        self._timing = False
        self._paused = False  # the chair paused the clocks (kept across reloads, not across opening again)
        self._pending_focus: Callable[[], str | None] | None = None
        self.check = None
        self._ctx: PanelContext | None = None
        self._fresh: set[str] = set()
        self._start_panel: str | None = None
        self._start_step: str | None = None
        self.read_back_dialog = None
        self.hub.sig_edited.connect(self._on_edited)
        self.hub.sig_refused.connect(lambda _ref, sentence: self.view.show_message(sentence))
        self.tick = QTimer(self)
        self.tick.setInterval(1000)
        self.tick.timeout.connect(self._on_tick)
        self.check_timer = QTimer(self)
        self.check_timer.setSingleShot(True)
        self.check_timer.setInterval(CHECK_PAUSE_MS)
        self.check_timer.timeout.connect(self.refresh_check)
        self._wire_view()
        self.projector = Projector(self)

    def _wire_view(self) -> None:
        v = self.view
        # "Undo: remove Risk 1". The platform's own keys only: they already hold Ctrl+Shift+Z where it is usual,
        # and a second copy of a sequence makes Qt refuse it as ambiguous.
        self._undo_actions: list = []
        self._use_stack(self.stack)
        v.removal_undo.clicked.connect(self._undo_announced)
        self._announced = None  # the removal the status line offers to undo
        self.kept_history: tuple[int, QUndoStack] | None = None  # given back after unlock (ui/app.py)
        self.kept_paused: int | None = None  # the meeting whose clocks were paused at Lock (ui/app.py)
        v.sig_step_chosen.connect(self.go_to_step)
        v.sig_home_requested.connect(self._on_home)
        v.done_button.clicked.connect(self.step_done)
        v.start_button.clicked.connect(self.start_meeting)
        v.pause_button.clicked.connect(self.toggle_pause)
        v.allowance.editingFinished.connect(lambda: self.set_allowance(v.allowance.value()))
        v.skip_button.clicked.connect(self.skip_step)
        v.larger_text_button.setCheckable(True)
        v.larger_text_button.clicked.connect(lambda: v.set_text_scale((v.text_scale + 1) % 4))
        shortcuts = {
            "Ctrl+PgDown": lambda: self.go_to_step(self.current + 1),
            "Ctrl+PgUp": lambda: self.go_to_step(self.current - 1),
            "Ctrl+Return": self.step_done,
            "Ctrl+Shift+A": lambda: self.add_to_step("actions", "actions", {}, "description"),
            "Ctrl+Shift+R": lambda: self.add_to_step("risks", "risks", {}, "kind"),
            "Ctrl+Shift+S": self.add_scenario_here,
            "Ctrl+Shift+I": lambda: self.add_to_step("information", "information_items", {}, "source_agency_id"),
            "Ctrl+Shift+P": self.mark_present_here,
            READ_BACK_KEY: self.show_read_back,
            "Ctrl+Shift+T": self.toggle_pause,
            # Ctrl+= / Ctrl+- / Ctrl+0 are the main window's, for every page (ui/main_window.py)
        }
        for n in range(1, 10):
            shortcuts[f"Ctrl+{n}"] = partial(self.go_to_step, n - 1)
        self.shortcuts = {}
        for keys, slot in shortcuts.items():
            shortcut = QShortcut(QKeySequence(keys), v)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
            self.shortcuts[keys] = shortcut

    # -- opening and loading --------------------------------------------------------------
    def open(self, session: Session, meeting_id: int, start_panel: str | None = None,
             start_step: str | None = None) -> None:
        """Opens a meeting at the step in progress, or at the step recording `start_panel`,
        or at the step with the key `start_step` (back after Lock or a crash)."""
        self.close()
        self.session, self.meeting_id = session, meeting_id
        self._start_panel, self._start_step = start_panel, start_step
        self._generation.bump()
        self.current = 0

        def work():
            cockpit_service.prepare_case(session, meeting_id)  # a planned meeting stays planned: see start_meeting
            self.editor = MeetingEditor(session, meeting_id)
            return cockpit_service.load(session, meeting_id)
        self._op(work).on_success(self._on_opened).run()

    def _op(self, work: Callable[[], Any]) -> Op:
        """Work for the meeting on screen: dropped once it has closed (or another has opened). A failure is said
        on the cockpit's message line (or goes to the crash dialog), and the meeting is shown as saved."""
        return Op(self.runner, work, crash_parent=self.view.window).stale_unless(self._generation.current()) \
            .on_user_error(lambda err: self.view.show_message(str(err))).on_failure(self._on_failed)

    def _on_opened(self, data: CockpitData) -> None:
        self._show(data)
        self._adopt_history()
        in_progress = next((i for i, s in enumerate(self.steps) if s["state"] == "in_progress"), None)
        first_open = next((i for i, s in enumerate(self.steps) if s["state"] == "not_started"), 0)
        wanted = self._step_of_panel(self._start_panel) if self._start_panel else None
        if self._start_step is not None:
            wanted = next((i for i, s in enumerate(self.steps) if s["step_key"] == self._start_step), wanted)
        self.go_to_step(next(i for i in (wanted, in_progress, first_open) if i is not None), force=True)
        self._timing = data.meeting["status"] == "in_progress"
        # Clocks the chair paused stay paused across Lock: after unlock they never run again unseen.
        self._paused = self._timing and self.kept_paused == self.meeting_id
        self.kept_paused = None
        self._step_started = time.monotonic()
        if self._timing:
            self.tick.start()
        self._show_steps()
        self.refresh_check()
        self.sig_loaded.emit()

    def set_allowance(self, minutes: int) -> None:
        """The chair sets the time allowed for this case; its steps share it (saved at once)."""
        if self.data is None or minutes == round(sum(s["allocated_seconds"] for s in self.steps) / 60):
            return
        self.structural(lambda editor: cockpit_service.set_case_allowance(editor, minutes))

    def start_meeting(self) -> None:
        """The chair starts a planned meeting: its start time is stored now and its clocks run from now."""
        if self.data is None or self.data.meeting["status"] != "planned":
            return
        self.flush()
        session, meeting_id = self.session, self.meeting_id

        def work():
            cockpit_service.start_case(session, meeting_id)
            return cockpit_service.load(session, meeting_id)

        def on_started(data):
            self._timing = True
            self._step_started = time.monotonic()
            self.tick.start()
            self._on_reloaded(data)
        self._op(work).on_success(on_started).run()

    def reload(self) -> None:
        session, meeting_id = self.session, self.meeting_id
        self._op(lambda: cockpit_service.load(session, meeting_id)).on_success(self._on_reloaded).run()

    def _on_reloaded(self, data: CockpitData) -> None:
        focused = QApplication.focusWidget()
        focus_name = focused.objectName() if focused is not None and self.view.isAncestorOf(focused) else ""
        self._show(data)
        target = self._pending_focus() if self._pending_focus else None
        self._pending_focus = None
        self._focus(target or focus_name)
        self.sig_loaded.emit()

    def _show(self, data: CockpitData) -> None:
        self.data = data
        self.hub.profile = data.profile
        ind, meeting = data.individual, data.meeting
        name = f"{ind['given_names']} {ind['family_name']}".strip()
        self.view.title.setText(f"{name} ({ind['visor_ref']})" if ind["visor_ref"] else name)
        chair = ""
        if data.chair:
            chair = f" · Chair: {data.chair['full_name']}" + (f" ({data.chair['rank']})" if data.chair["rank"] else "")
        date = dates.numeric(meeting["meeting_date"])
        self.view.subtitle.setText(f"{meeting['kind'].capitalize()} meeting · Level {meeting['level']} · {date}{chair}")
        self.steps = [dict(item) for item in data.rows["agenda_items"]]
        self.view.show_allowance(sum(s["allocated_seconds"] for s in self.steps),
                                 editable=meeting["status"] in ("planned", "in_progress"))
        # Panels are built when first shown, and only the one on screen is rebuilt after a change:
        # a large meeting's ten panels take about half a second to build.
        self._ctx = PanelContext(self.hub, data, self)
        self._fresh = set()
        if self.steps and 0 <= self.current < len(self.steps):
            self.ensure_panel(self._panel_of(self.steps[self.current]))
        self._show_steps()
        if meeting["status"] == "final":
            self.view.show_message("This record is final: it can be read here but not changed.")

    def ensure_panel(self, key: str) -> None:
        """Builds a step's panel from the meeting as last loaded, unless it is up to date."""
        if self.data is None or key in self._fresh:
            return
        self._ctx.cards.clear()
        page = PANELS[key](self._ctx)
        declared_rows(self._ctx, key, page)
        add_step_notes(self._ctx, key, page)  # issue 17 item 2
        self.view.set_panel(key, page)
        self._fresh.add(key)
        if key == "review":
            self._wire_review_panel()

    def _wire_review_panel(self) -> None:
        review = self.view.panel("review")
        review.gap_list.itemActivated.connect(self._on_gap_activated)
        review.gap_list.itemClicked.connect(self._on_gap_activated)
        review.close_button.clicked.connect(self.close_case)
        review.read_back_button.clicked.connect(self.show_read_back)
        review.generate_button.clicked.connect(lambda: self.sig_generate_requested.emit(self.meeting_id))
        open_case = self.data.meeting["status"] in ("planned", "in_progress")
        review.generate_button.setEnabled(not open_case)
        review.close_button.setEnabled(open_case)
        if not open_case:
            review.close_button.setText("Case closed")
        if self.check is not None:
            self._show_check(self.check)

    def _focus(self, object_name: str | None) -> None:
        widget = self.view.findChild(QWidget, object_name) if object_name else None
        if widget is None or not widget.isEnabled():
            if self.view.isVisible() and not self.view.isAncestorOf(QApplication.focusWidget()):
                self.view.rail.setFocus()  # keep the focus, and with it the shortcuts, in the cockpit
            return
        if widget is not None:
            key = next((k for k in PANELS if self.view.panel(k) and self.view.panel(k).isAncestorOf(widget)), None)
            step = next((i for i, s in enumerate(self.steps) if self._panel_of(s) == key), None)
            if step is not None and step != self.current:
                self.go_to_step(step)  # may rebuild that panel: find the widget again
                widget = self.view.findChild(QWidget, object_name)
                if widget is None:
                    return
            if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
                # A row's card (a row put back by undo): its first field takes the focus.
                widget = next((w for w in widget.findChildren(QWidget)
                               if w.focusPolicy() & Qt.FocusPolicy.TabFocus and w.isEnabled()), widget)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if key is not None:
                self.view.scroll_to(key, widget)
            if not self.view.isAncestorOf(QApplication.focusWidget()):
                self.view.rail.setFocus()

    def go_to_step(self, index: int, force: bool = False) -> None:
        super().go_to_step(index, force)
        position = self.position()
        if position is not None:
            self.sig_step_shown.emit(*position)

    def position(self) -> tuple[int, str] | None:
        """(meeting id, step key) on screen, or None when no meeting is open."""
        if self.data is None or not 0 <= self.current < len(self.steps):
            return None
        return self.meeting_id, self.steps[self.current]["step_key"]

    def close(self) -> None:
        """Leaves the meeting: commits the field being typed in and saves the time on the step."""
        self.sig_closed.emit()  # the shared screen goes blank first
        self._drop_read_back()  # nothing of the meeting stays on screen (Lock, home, quit)
        if self.data is None:
            return
        self.flush()
        self._save_step_time()
        self.tick.stop()
        self._timing = self._paused = False
        self._generation.bump()
        self.stack.clear()
        self._announced = None
        self.view.show_removal("")
        self.hub.clear()
        self.view.clear()
        self._fresh.clear()
        self.data = None
        self.check = None

    def flush(self) -> None:
        """Commits what is being typed: the focused field commits when it loses focus."""
        focused = QApplication.focusWidget()
        if focused is not None and self.view.isAncestorOf(focused):
            focused.clearFocus()
        self._save_step_time()

    def _on_failed(self, _err: BaseException) -> None:
        if self.data is not None:
            self.reload()  # show what the database really holds (the failure is said after)

    # -- edits ---------------------------------------------------------------------------------
    def _on_edited(self, ref: Ref, old: Any, new: Any) -> None:
        extra = self._follow_ups(ref, new)
        label = self._label(ref)
        if extra:
            self.stack.beginMacro(f"change {label}")
        self.stack.push(SetValue(self, ref, old, new, f"change {label}"))
        for other, other_old, other_new in extra:
            self.stack.push(SetValue(self, other, other_old, other_new, f"change {self._label(other)}"))
            self.hub.show_value(other, other_new)
        if extra:
            self.stack.endMacro()

    def _follow_ups(self, ref: Ref, new: Any) -> list[tuple[Ref, Any, Any]]:
        """Values that go with an edit, by the record's rules (domain.rules, which the editor's `write` applies
        too): the time the statement was agreed; the level a decision leads to."""
        part = ref.part
        row = self.data.meeting if part is record.MEETING else next(
            (r for r in self.data.rows.get(part.table, []) if r["id"] == ref.row_id), {})
        current = {name: row.get(part[name].column) for name in rules.fields_read(part.name)}
        follow = rules.follow_ups(part.name, ref.field.name, new, current, _dt.datetime.now())
        return [(part.ref(ref.row_id, name), current[name], value) for name, value in follow.items()] + \
            self._agreement_follow_ups(ref, new)

    def _agreement_follow_ups(self, ref: Ref, new: Any) -> list[tuple[Ref, Any, Any]]:
        """issue 18 item 2: the confidentiality ticks of the meeting and of each person present kept together
        (domain.consistency_meeting.agreement_follow_ups)."""
        attendance = self.data.rows.get("attendance", [])
        rows = {r["id"]: (r["status"], bool(r["confidentiality_agreed"])) for r in attendance}
        meeting_agreed = bool(self.data.meeting["confidentiality_agreed"])
        people, flag = consistency_meeting.agreement_follow_ups(ref.part.name, ref.field.name, new, meeting_agreed,
                                                               rows, ref.row_id)
        extra = [(record.ATTENDANCE.ref(rid, "confidentiality_agreed"), rows[rid][1], agreed)
                 for rid, agreed in people.items()]
        if flag is not None:
            extra.append((record.MEETING.ref(self.meeting_id, "confidentiality_agreed"), meeting_agreed, flag))
        return extra

    def _label(self, ref: Ref) -> str:
        widget = self.hub.widget(ref)
        return (widget.accessibleName() if widget is not None else ref.column.replace("_", " ")).lower()

    def write(self, ref: Ref, value: Any, *, show: bool) -> None:
        """Saves one value (called by SetValue); `show` puts it on screen too (undo and redo)."""
        self._remember(ref, value)
        if show:
            self.hub.show_value(ref, value)
        # Saved is saved: it is said even once the meeting has closed (Lock commits the field being typed in).
        self._op(lambda: cockpit_service.save_field(self.editor, ref, value)) \
            .on_success(lambda _r: self._on_saved(ref)).on_stale(lambda _r: self._on_saved(ref)).run()

    def _remember(self, ref: Ref, value: Any) -> None:
        """Keeps the loaded rows in step with what was saved (follow-ups and hints read them)."""
        if self.data is None:
            return
        key = ref.field.row_key
        if ref.part is record.MEETING:
            self.data.meeting[key] = value
            return
        if ref.part is record.AGENDA_ITEM:
            for step in self.steps:
                if step["id"] == ref.row_id:
                    step[key] = value
        for row in self.data.rows.get(ref.table, []) + self.data.previous_actions:
            if row["id"] == ref.row_id and key in row:
                row[key] = value

    def _on_saved(self, ref: Ref | None = None) -> None:
        if self.data is not None and self.data.meeting["status"] != "final":
            self.view.show_message("")
        self.sig_saved.emit()
        if ref is not None and ref.part is record.AGENDA_ITEM:
            self._show_steps()
        if ref is not None and self.data is not None:
            self._rebuild_panels_reading(ref)
        self.check_timer.start()

    def _rebuild_panels_reading(self, ref: Ref) -> None:
        """Panels whose titles or hints show the value just saved (cards.reads) are built again from the rows as
        kept in step (`_remember`): the one on screen now, the others when next shown."""
        stale = {key for key, build in PANELS.items() if reads_edit(build, ref)} & self._fresh
        if not stale:
            return
        self._fresh -= stale
        on_screen = self._panel_of(self.steps[self.current]) if 0 <= self.current < len(self.steps) else None
        if on_screen in stale:
            focused = QApplication.focusWidget()
            focus_name = focused.objectName() if focused is not None and self.view.isAncestorOf(focused) else ""
            self.ensure_panel(on_screen)
            self._focus(focus_name)

    def structural(self, work: Callable[[MeetingEditor], Any], focus: Callable[[], str | None] | None = None,
                   after: Callable[[], None] | None = None) -> None:
        """Adds, removes or links rows (called by the commands), then shows the meeting as saved; `after` runs
        once the work is done (an announcement)."""
        focused = QApplication.focusWidget()
        here = focused.objectName() if focused is not None and self.view.isAncestorOf(focused) else ""
        self.flush()

        def on_done(_result):
            self._pending_focus = focus or (lambda: here)
            self._on_saved()
            self.reload()
            if after is not None:
                after()
        self._op(lambda: work(self.editor)).on_success(on_done).run()

    # -- what panels ask for (cards.RowActions; adding and removing rows is in history.py) ----------
    def mark_present(self, attendance_id: int) -> None:
        row = next((r for r in self.data.rows["attendance"] if r["id"] == attendance_id), None)
        if row is not None and row["status"] != "present":
            status = record.ATTENDANCE.ref(attendance_id, "status")
            self._on_edited(status, row["status"], "present")
            self.hub.show_value(status, "present")

    def mark_present_here(self) -> None:
        """Ctrl+Shift+P: the attendee whose card has the focus if not yet marked, or else the next one not yet
        marked; then scrolls to them. Someone who sent apologies or did not attend is never made present."""
        rows = self.data.rows["attendance"]
        focused = self._row_in_focus("attendance")
        waiting = next((r for r in rows if r["id"] == focused and r["status"] == "invited"), None)
        if waiting is None:
            waiting = next((r for r in rows if r["status"] == "invited"), None)
        if waiting is None:
            return
        if focused is None:
            self.go_to_step(self._step_of_panel("opening"))
        self.mark_present(waiting["id"])
        self._scroll_to_card(waiting["id"])

    def _scroll_to_card(self, attendance_id: int) -> None:
        card = self.view.findChild(QWidget, f"attendance:{attendance_id}")
        area = card.parentWidget() if card is not None else None
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:
            area.ensureWidgetVisible(card)

    def _row_in_focus(self, table: str) -> int | None:
        """The id of the `table` row that holds the focus: a field named "<table>:<id>:<column>", or one inside
        a card or roll-call line named "<table>:<id>"."""
        widget = QApplication.focusWidget()
        while widget is not None:
            parts = widget.objectName().split(":")
            if len(parts) >= 2 and parts[0] == table and parts[1].isdigit():
                return int(parts[1])
            widget = widget.parentWidget()
        return None

    def add_scenario_here(self) -> None:
        """Ctrl+Shift+S: a new scenario for the risk whose card has the focus, else for the last risk (the one
        just added); its first field takes the focus. With no risk yet, nothing is added and the risk step says why."""
        if self.data is None:
            return
        risks = self.data.rows["risks"]
        focused = self._row_in_focus("risks")
        risk = next((r for r in risks if r["id"] == focused), risks[-1] if risks else None)
        if risk is None:
            self.go_to_step(self._step_of_panel("risks"))
            self.announce("There is no risk yet to add a scenario to: add the risk first (Ctrl+Shift+R).")
            return
        self.add_to_step("risks", "risk_scenarios", {"risk_id": risk["id"]}, "context")

    def add_to_step(self, panel: str, table: str, values: dict, focus_column: str) -> None:
        step = self._step_of_panel(panel)
        if step is not None:
            self.go_to_step(step)
        self.add_row(table, values, focus_column)

    # -- findings and closing the case --------------------------------------------------------------
    def refresh_check(self) -> None:
        if self.session is None or self.meeting_id is None:
            return
        session, meeting_id = self.session, self.meeting_id
        self._op(lambda: cockpit_service.check(session, meeting_id)).on_success(self._on_checked).run()

    def _on_checked(self, check) -> None:
        self.check = check
        self._show_check(check)
        self.sig_checked.emit(check)

    def _show_check(self, check) -> None:
        review = self.view.panel("review") if "review" in self._fresh else None
        if review is None:
            return
        review.latest.setText(check.latest_review_sentence)
        review.problem.setText(check.review_problem)
        review.problem.setVisible(bool(check.review_problem))
        review.gap_list.clear()
        for gap in check.gaps:
            mark = "Needed" if gap.blocking else "Check"
            review.gap_list.addItem(f"{mark}: {gap.text}")
            review.gap_list.item(review.gap_list.count() - 1).setData(Qt.ItemDataRole.UserRole, gap.step)
        if not check.gaps:
            review.gap_list.addItem("Nothing is missing.")

    def _on_gap_activated(self, item) -> None:
        key = item.data(Qt.ItemDataRole.UserRole)
        index = next((i for i, s in enumerate(self.steps) if s["step_key"] == key), None)
        if index is not None:
            self.go_to_step(index)

    def show_read_back(self) -> None:
        """Reads the record afresh (after the field being typed in is saved) and shows it to be read aloud."""
        if self.session is None or self.meeting_id is None:
            return
        self.flush()
        session, meeting_id = self.session, self.meeting_id

        def on_loaded(content):
            self._drop_read_back()  # one read-back at a time: the newest reading replaces it
            self.read_back_dialog = ReadBackDialog(content, self.view)
            self.read_back_dialog.open()

        self._op(lambda: read_back.load(session, meeting_id)).on_success(on_loaded).run()

    def _drop_read_back(self) -> None:
        if self.read_back_dialog is not None:
            self.read_back_dialog.close()
            self.read_back_dialog.deleteLater()
            self.read_back_dialog = None

    def close_case(self) -> None:
        self.flush()
        session, meeting_id = self.session, self.meeting_id
        review = self.view.panel("review")
        review.close_error.hide()

        def work():
            cockpit_service.close_case(session, meeting_id)
            return cockpit_service.load(session, meeting_id)

        def on_closed(data):
            self._save_step_time()
            self.tick.stop()
            self._timing = self._paused = False
            self._on_reloaded(data)
            self.refresh_check()

        def refused(err: UserFacingError) -> None:  # said beside the Close button; nothing to reload
            self.view.panel("review").close_error.setText(str(err))
            self.view.panel("review").close_error.show()

        self._op(work).on_success(on_closed).on_user_error(refused) \
            .on_failure(lambda err: None if isinstance(err, UserFacingError) else self._on_failed(err)).run()

    def _on_home(self) -> None:
        self.flush()
        self.sig_home_requested.emit()

