"""The cockpit's undo history: rows added and removed as undoable commands, every removal said on the status line
with its Undo, and the history carried across the page that Lock destroys and rebuilds."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QUndoStack

from mappa_desk.services.editing import MeetingEditor
from ui.cockpit.commands import AddRows, CarryForward, LinkRisk, RemoveRow

# What an undo label calls a new row of each list ("Undo: add a risk").
_ROW_NOUNS = {"attendance": "an attendee", "information_items": "an information item", "risks": "a risk",
              "risk_scenarios": "a scenario", "rmp_measures": "a measure", "contingencies": "a contingency",
              "decisions": "a decision", "decision_positions": "a position", "options_not_taken": "an option not taken",
              "disclosures": "a disclosure", "actions": "an action", "circulation": "a circulation line",
              "protected_persons": "a protected person or place"}


class UndoHistory:
    """Part of CockpitController (it provides view, stack and data)."""

    def _use_stack(self, stack: QUndoStack) -> None:
        """The undo history the Undo and Redo buttons and keys work on."""
        v = self.view
        for action in self._undo_actions:
            v.removeAction(action)
            action.deleteLater()
        self.stack = stack
        stack.setParent(self)
        # "Undo: remove Risk 1". The platform's own keys only: they already hold Ctrl+Shift+Z where it is usual,
        # and a second copy of a sequence makes Qt refuse it as ambiguous.
        undo = stack.createUndoAction(self, "Undo:")
        undo.setShortcuts(QKeySequence.StandardKey.Undo)
        redo = stack.createRedoAction(self, "Redo:")
        redo.setShortcuts(QKeySequence.StandardKey.Redo)
        for action in (undo, redo):
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            v.addAction(action)
        v.undo_button.setDefaultAction(undo)
        v.redo_button.setDefaultAction(redo)
        self._undo_actions = [undo, redo]
        stack.indexChanged.connect(self._on_stack_moved)

    def take_history(self) -> tuple[int, QUndoStack] | None:
        """At Lock: the open meeting's undo history, taken out of this page (which Lock destroys). It is kept in
        memory only, and given back when the same meeting opens after unlock."""
        if self.meeting_id is None or self.data is None or self.stack.count() == 0:
            return None
        kept = (self.meeting_id, self.stack)
        self.stack.indexChanged.disconnect(self._on_stack_moved)
        self._use_stack(QUndoStack(self))
        kept[1].setParent(None)
        return kept

    def _adopt_history(self) -> None:
        """Back after unlock at the same meeting: its undo history works again, on this page."""
        kept, self.kept_history = self.kept_history, None
        if kept is None:
            return
        meeting_id, stack = kept
        if meeting_id != self.meeting_id:
            stack.deleteLater()
            return
        for i in range(stack.count()):
            _rebind(stack.command(i), self)
        old = self.stack
        self._use_stack(stack)
        old.deleteLater()

    def add_row(self, table: str, values: dict, focus_column: str | None = None) -> None:
        self.stack.push(AddRows(self, [(table, values)], focus_column, f"add {_ROW_NOUNS.get(table, 'a row')}"))

    def add_rows(self, table: str, rows: list[dict]) -> None:
        if rows:
            self.stack.push(AddRows(self, [(table, r) for r in rows], None, f"add {_ROW_NOUNS.get(table, 'rows')}"))

    def add_every_agency_present(self, decision_id: int) -> None:
        """A position (Agree) for each agency present without one, read from the record when pressed."""
        def compute(editor: MeetingEditor) -> list[tuple[str, dict]]:
            return [("decision_positions", {"decision_id": decision_id, "agency_id": a, "stance": "agree"})
                    for a in editor.agencies_without_position(decision_id)]
        n = next((i for i, r in enumerate(self.data.rows["decisions"], 1) if r["id"] == decision_id), "")
        self.stack.push(AddRows(self, [], None, f"add a position for every agency present to decision {n}",
                                compute=compute, none_left="Every agency present already has a position."))

    def add_position(self, decision_id: int) -> None:
        """One position, for the first agency present without one (read from the record when pressed); the
        focus goes to its reason, since agency and stance start filled in."""
        def compute(editor: MeetingEditor) -> list[tuple[str, dict]]:
            return [("decision_positions", {"decision_id": decision_id,
                                            "agency_id": editor.agency_for_new_position(decision_id)})]
        self.stack.push(AddRows(self, [], "reason", "add a position", compute=compute))

    def remove_row(self, table: str, row_id: int, what: str) -> None:
        self.stack.push(RemoveRow(self, table, row_id, what[:1].upper() + what[1:]))

    def link_risk(self, measure_id: int, risk_number: int, linked: bool) -> None:
        verb = "link" if linked else "unlink"
        self.stack.push(LinkRisk(self, measure_id, risk_number, linked, f"{verb} Risk {risk_number} and a measure"))

    def carry_forward(self, action_id: int) -> None:
        self.stack.push(CarryForward(self, action_id, "carry an action forward"))

    # -- the status line: every removal said in words, with its Undo ----------------------------------
    def announce(self, sentence: str, undoable: Any = None) -> None:
        self._announced = undoable
        self.view.show_removal(sentence, undo=undoable is not None)

    def _undo_announced(self) -> None:
        if self._announced is not None and self.stack.command(self.stack.index() - 1) is self._announced:
            self.stack.undo()
        self._on_stack_moved()

    def _on_stack_moved(self, _index: int = 0) -> None:
        """The Undo beside a removal is offered only while that removal is the last thing done."""
        if self._announced is not None and self.stack.command(self.stack.index() - 1) is not self._announced:
            self._announced = None
            self.view.removal_undo.hide()


def _rebind(command, ctl) -> None:
    """A kept command (and the steps inside a macro) now works through the new page's controller."""
    if hasattr(command, "ctl"):
        command.ctl = ctl
    for j in range(command.childCount()):
        _rebind(command.child(j), ctl)
