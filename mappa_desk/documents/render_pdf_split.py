"""Where a PDF table may break across pages, and keeping a heading or an introducing line with its start.

The rules (issue 17, item 8):
- A table breaks between whole rows, leaving at least KEEP_ROWS rows at each side of the break; a table
  too short for that moves whole to the next page (and if even there no such break fits, one row a side).
- A row that fits on a page is never cut: the column headings repeated on the next page are followed by a
  whole row, never by the rest of one. A row taller than a page (however it is placed it must be cut)
  starts where it falls and is cut at the foot of the page, at least SPLIT_MIN of it each side; its
  rest follows the repeated headings. A cell of many lines is drawn as sub-rows (render_pdf._table):
  the sub-rows of one row count as one row here.
- A heading, or a line that introduces a table ("Contingency plan:"), stays on the page of the table's
  first rows, not of the whole table: a long table after a heading starts on the page the heading is on.
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4
from reportlab.platypus import KeepTogether
from reportlab.platypus import Table as RLTable

from .render_pdf_page import BOTTOM_MARGIN, TOP_MARGIN

KEEP_ROWS = 2
SPLIT_MIN = 30  # points: the least of a cut row worth leaving at either side of the page break
FRAME_HEIGHT = A4[1] - TOP_MARGIN - BOTTOM_MARGIN  # the body frame of every page (render_pdf)


class Table(RLTable):
    """A reportlab table that breaks only where the rules above allow.

    `continued[i]` is true when row i+1 is the rest of row i (a cut long cell); set after construction.
    """

    continued: list[bool] | None = None

    def _calc(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        # reportlab measures every cell of a table each time it is wrapped or split, two or three times
        # at each page it meets. Without spanned cells or set row heights the result depends only on the
        # width and the cells (never on the height: rows are measured to the end), so measure once.
        key = (availWidth, id(self), id(self._cellvalues), len(self._cellvalues), id(self._cellStyles),
               id(self._argW), id(self._argH))
        if self.__dict__.get("_measured") == key:
            return
        super()._calc(availWidth, availHeight)
        if not self._spanCmds and None not in self._colWidths and all(h is None for h in self._argH):
            self._measured = key

    def _listCellGeom(self, V, w, s, W=None, H=None, aH=72000):  # noqa: N802, N803 - reportlab's names
        # reportlab measures a cell's flowables again to draw it, after measuring them for its height. Where
        # their size depends on the width alone (render_pdf's paragraphs: `height_free`), the first measure
        # is kept, on the cell's first flowable, for these same flowables at this width and padding.
        if not isinstance(V, (list, tuple)) or not V:
            return super()._listCellGeom(V, w, s, W, H, aH)
        first, rest = V[0], tuple(V[1:])
        key = (w, s.leftPadding, s.rightPadding)
        kept = getattr(first, "__dict__", {}).get("_cell_geometry")  # kept only for flowables all height_free
        if kept is None or kept[0] != key or len(kept[1]) != len(rest) \
                or (rest and any(a is not b for a, b in zip(kept[1], rest))):
            if not all(getattr(v, "height_free", False) for v in V):
                return super()._listCellGeom(V, w, s, W, H, aH)
            widths, heights = [], []
            size = super()._listCellGeom(V, w, s, widths, heights, aH)
            kept = first._cell_geometry = (key, rest, size, widths, heights)
        if W is not None:
            W.extend(kept[3])
        if H is not None:
            H.extend(kept[4])
        return kept[2]

    def split(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        self._calc(availWidth, availHeight)
        parts = self._split_planned(availHeight)
        if not parts and availHeight > FRAME_HEIGHT * 0.9:
            # Nothing allowed fits even a whole page: reportlab's own split, rather than no document.
            parts = super().split(availWidth, availHeight)
        return parts

    def _split_planned(self, height: float) -> list:
        plan = self._plan(height)
        if plan is None:
            return []
        kind, n = plan
        flags = self._flags()
        heads = flags[:self._heads()]
        if kind == "rows":
            parts = self._splitRows(sum(self._rowHeights[:n]) + 0.01, doInRowSplit=0)
            pieces = (flags[:n], heads + flags[n:])
        else:  # row n is cut at the foot of the page
            parts = self._splitRows(height, doInRowSplit=1)
            pieces = (flags[:n] + [True], heads + flags[n:])
        if len(parts) == 2:
            for part, piece in zip(parts, pieces):
                if len(piece) == len(part._rowHeights):
                    part.continued = piece
        return parts

    def least_start(self) -> float:
        """The height of the smallest first part a break may leave (the whole table if it cannot break)."""
        above = self._above()
        starts = [above[p] for p in self._points()] + [above[i] + SPLIT_MIN for i in self._tall_rows()]
        return min(starts, default=above[-1])

    def _above(self) -> list[float]:
        """above[i]: the height of the rows before row i (above[-1]: the whole table)."""
        above = [0.0]
        for height in self._rowHeights:
            above.append(above[-1] + height)
        return above

    def _heads(self) -> int:
        return self.repeatRows if isinstance(self.repeatRows, int) else max(self.repeatRows) + 1

    def _flags(self) -> list[bool]:
        flags = self.continued
        rows = len(self._rowHeights)
        return list(flags) if flags is not None and len(flags) == rows else [False] * rows

    def _groups(self) -> list[tuple[int, int]]:
        """(first, last) row of each whole row below the headings, its sub-rows joined."""
        flags, groups = self._flags(), []
        for i in range(self._heads(), len(self._rowHeights)):
            if groups and flags[i - 1]:
                groups[-1] = (groups[-1][0], i)
            else:
                groups.append((i, i))
        return groups

    def _is_tall(self, group: tuple[int, int]) -> bool:
        heads = sum(self._rowHeights[:self._heads()])
        return sum(self._rowHeights[group[0]:group[1] + 1]) > FRAME_HEIGHT - heads

    def _tall_rows(self) -> list[int]:
        """The sub-rows that may be cut inside: those of a row taller than a page."""
        return [i for g in self._groups() if self._is_tall(g) for i in range(g[0], g[1] + 1)]

    def _points(self, keep: int = KEEP_ROWS) -> list[int]:
        """The rows a part after a break may start with, leaving `keep` rows at each side."""
        groups = self._groups()
        points = []
        for g, group in enumerate(groups):
            tall = self._is_tall(group)
            if g >= 1 and ((g >= keep and len(groups) - g >= keep) or tall or self._is_tall(groups[g - 1])):
                points.append(group[0])
            if tall:
                points += range(group[0] + 1, group[1] + 1)
        return points

    def _plan(self, height: float) -> tuple[str, int] | None:
        """("rows", n): break before row n; ("cut", n): cut row n at the foot; None: move the table whole."""
        heights, above = self._rowHeights, self._above()
        crossing = next((i for i in range(len(heights)) if above[i + 1] > height), None)
        if crossing is None:
            return None  # it fits: reportlab does not ask
        fitting = [p for p in self._points() if above[p] <= height]
        if not fitting and height > FRAME_HEIGHT * 0.9:
            # On a page of its own it still cannot keep two rows a side: one row a side, then.
            fitting = [p for p in self._points(keep=1) if above[p] <= height]
        room = height - above[crossing]
        if crossing >= self._heads() and room >= SPLIT_MIN and heights[crossing] - room >= SPLIT_MIN \
                and crossing in set(self._tall_rows()):
            return ("cut", crossing)
        return ("rows", max(fitting)) if fitting else None


class KeepWithStart(KeepTogether):
    """reportlab's group of a heading (or introducing line) with the flowable after it: when that is a
    table, only the table's first rows need to fit on the page, not the whole table."""

    def split(self, aW, aH):  # noqa: N803 - reportlab's names
        if getattr(self, "_wrapInfo", None) != (aW, aH):
            self.wrap(aW, aH)
        last = self._content[-1]
        if self._H > aH and isinstance(last, Table) and getattr(last, "_rowHeights", None):
            if self._H - last._height + last.least_start() <= aH:
                return self._content[:]
        return super().split(aW, aH)
