"""Table column widths shared by the PDF and DOCX renderers: a column is at least as wide as the widest word
of its short values (in the PDF a date counts as one word), where the table has room for that, so a date or a
short value wraps only at its spaces, or not at all, and is never broken inside a word ("6 Novem|ber")."""

from __future__ import annotations

import re
from collections.abc import Callable

from .text import unbroken_dates

SHORT_VALUE = 120  # characters: a line of a cell this long or shorter is a short value, whose words set its column's
#                   width (a cell of several short lines, such as a measure's timescale, frequency and dates, counts)
ROOM = 0.9  # the least widths are kept only if together they leave this share of the table or less
_BREAKS = re.compile(r"[ \t\r\n]+")  # where a line may break (not at a no-break space)

Measure = Callable[[str, bool], float]  # (word, bold) -> width in points


def least_widths(header: tuple[str, ...], rows: tuple[tuple[str, ...], ...], columns: int, measure: Measure,
                 padding: float, whole_dates: bool = True) -> list[float]:
    """Per column, the width in points its widest word in a short value needs, with the cell's padding.
    `whole_dates`: a date is one word (the renderer joins it with no-break spaces); else it may wrap at its
    spaces."""
    least = [0.0] * columns
    for bold, cells in ((True, (header,)), (False, rows)):
        # A table repeats its words (dates, levels, agencies): each column's are gathered, each measured once.
        words: list[set[str]] = [set() for _ in range(columns)]
        for row in cells:
            for i, text in enumerate(row[:columns]):
                for line in text.splitlines():
                    if len(line) <= SHORT_VALUE:
                        words[i].update(_BREAKS.split(unbroken_dates(line) if whole_dates else line))
        measured: dict[str, float] = {}
        for i, column in enumerate(words):
            column.discard("")
            for word in column:
                width = measured.get(word)
                if width is None:
                    width = measured[word] = measure(word, bold)
                least[i] = max(least[i], width + padding)
    return least


def widths(relative: tuple[float, ...], columns: int, total: float, least: list[float],
           minimum: float = 0.0) -> list[float]:
    """Widths in points from relative widths (equal if unusable), each raised to its least width (and
    `minimum`), taking the room from the wider columns in proportion; if the least widths do not fit, the
    widest columns keep only `minimum`, one by one from the widest, until they do."""
    if len(relative) != columns or not all(0 < w < float("inf") for w in relative):
        relative = (1.0,) * columns
    floors = [max(minimum, w) for w in least]
    # Where the least widths together leave too little room, the widest columns (by their relative widths: the
    # prose, which wraps at its spaces anyway) give theirs up first, so the narrow ones keep their dates whole.
    for i in sorted(range(columns), key=lambda c: -relative[c]):
        if sum(floors) <= total * ROOM:
            break
        floors[i] = minimum
    out = [w * total / sum(relative) for w in relative]
    narrow = [False] * columns
    while True:
        narrow = [n or w < f - 1e-6 for w, f, n in zip(out, floors, narrow)]
        spare = total - sum(f for f, n in zip(floors, narrow) if n)
        wide_total = sum(w for w, n in zip(out, narrow) if not n)
        if wide_total <= 0:
            return floors
        out = [f if n else w * spare / wide_total for w, f, n in zip(out, floors, narrow)]
        if all(w >= f - 1e-6 for w, f in zip(out, floors)):
            return out
