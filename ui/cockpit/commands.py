"""Undoable cockpit edits (QUndoCommand). Each runs its database work on the database lane, in order.

The work itself runs later, on the lane's one thread; anything a later undo or
redo needs (a new row's id, a removed row's snapshot) is stored by that work
on the command, and the lane's order guarantees it is there when needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Callable

from PySide6.QtGui import QUndoCommand

from mappa_desk.domain.record import Ref

if TYPE_CHECKING:
    from ui.cockpit.controller import CockpitController

_SET_VALUE_ID = 1


class SetValue(QUndoCommand):
    """One value of one row; consecutive edits of the same field merge into one undo step."""

    def __init__(self, ctl: "CockpitController", ref: Ref, old: Any, new: Any, text: str):
        super().__init__(text)
        self.ctl, self.ref, self.old, self.new = ctl, ref, old, new
        self._first = True

    def id(self) -> int:  # noqa: A003 - Qt API
        return _SET_VALUE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:  # noqa: N802 - Qt API
        if isinstance(other, SetValue) and other.ref == self.ref:
            self.new = other.new
            return True
        return False

    def redo(self) -> None:
        self.ctl.write(self.ref, self.new, show=not self._first)
        self._first = False

    def undo(self) -> None:
        self.ctl.write(self.ref, self.old, show=True)


class AddRows(QUndoCommand):
    """New rows (a risk, an action, every agency's position, ...). Undo removes them; redo puts them back."""

    def __init__(self, ctl: "CockpitController", rows: list[tuple[str, dict]], focus_column: str | None, text: str,
                 compute: Callable[[Any], list[tuple[str, dict]]] | None = None, none_left: str = ""):
        super().__init__(text)
        self.ctl, self.rows, self.focus_column = ctl, rows, focus_column
        self.compute, self.none_left = compute, none_left  # rows read from the record when first done
        self.ids: list[int] = []
        self.removed: list = []

    def redo(self) -> None:
        def work(editor):
            if self.removed:
                for snapshot in self.removed:
                    editor.restore(snapshot)
                self.removed = []
            elif not self.ids:
                if self.compute is not None:
                    self.rows = self.compute(editor)
                self.ids = [editor.add(table, values) for table, values in self.rows]
        focus = None
        if self.focus_column is not None:
            focus = lambda: f"{self.rows[0][0]}:{self.ids[0]}:{self.focus_column}" if self.ids else None  # noqa: E731
        self.ctl.structural(work, focus=focus, after=self._after)

    def _after(self) -> None:
        if not self.ids and self.none_left:
            self.ctl.announce(self.none_left)

    def undo(self) -> None:
        def work(editor):
            self.removed = [editor.remove(table, row_id) for (table, _v), row_id in reversed(list(zip(self.rows, self.ids)))]
            self.removed.reverse()
        self.ctl.structural(work)


# What a removed row's children are called in the announcement (links to the plan are not named).
_CHILD_NAMES = {"risk_scenarios": ("scenario", "scenarios"), "decision_positions": ("position", "positions"),
                "options_not_taken": ("option not taken", "options not taken")}


def removal_sentence(what: str, rows: list[tuple[str, dict]]) -> str:
    """'Risk 1 and its 2 scenarios removed.' from the rows a removal took away."""
    counts: dict[str, int] = {}
    for table, _row in rows[1:]:
        if table in _CHILD_NAMES:
            counts[table] = counts.get(table, 0) + 1
    parts = [f"{n} {_CHILD_NAMES[t][0] if n == 1 else _CHILD_NAMES[t][1]}" for t, n in counts.items()]
    children = f" and its {' and '.join(parts)}" if parts else ""
    return f"{what}{children} removed."


class RemoveRow(QUndoCommand):
    """Removes a row with its children, and says so on the cockpit with an Undo beside the sentence."""

    def __init__(self, ctl: "CockpitController", table: str, row_id: int, what: str):
        super().__init__(f"remove {what}")
        self.ctl, self.table, self.row_id, self.what = ctl, table, row_id, what
        self.removed = None

    def redo(self) -> None:
        def work(editor):
            self.removed = editor.remove(self.table, self.row_id)
        self.ctl.structural(work, after=lambda: self.ctl.announce(removal_sentence(self.what, self.removed.rows),
                                                                  undoable=self))

    def undo(self) -> None:
        def work(editor):
            editor.restore(self.removed)
        self.ctl.structural(work, focus=lambda: f"{self.table}:{self.row_id}",
                            after=lambda: self.ctl.announce(f"{self.what} put back."))


class LinkRisk(QUndoCommand):
    def __init__(self, ctl: "CockpitController", measure_id: int, number: int, linked: bool, text: str):
        super().__init__(text)
        self.ctl, self.measure_id, self.number, self.linked = ctl, measure_id, number, linked

    def redo(self) -> None:
        self.ctl.structural(lambda editor: editor.link_risk(self.measure_id, self.number, self.linked))

    def undo(self) -> None:
        self.ctl.structural(lambda editor: editor.link_risk(self.measure_id, self.number, not self.linked))


class CarryForward(QUndoCommand):
    """A carried action copied as a new action of this meeting."""

    def __init__(self, ctl: "CockpitController", action_id: int, text: str):
        super().__init__(text)
        self.ctl, self.action_id = ctl, action_id
        self.new_id: int | None = None
        self.removed = None

    def redo(self) -> None:
        def work(editor):
            if self.removed is not None:
                editor.restore(self.removed)
                self.removed = None
            else:
                self.new_id = editor.carry_forward(self.action_id)
        self.ctl.structural(work)

    def undo(self) -> None:
        def work(editor):
            self.removed = editor.remove("actions", self.new_id)
        self.ctl.structural(work)
