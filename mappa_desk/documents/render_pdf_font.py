"""A TrueType font for reportlab that encodes a line of text without a Python loop over its characters, and
measures each distinct word once per document."""

from __future__ import annotations

from weakref import WeakKeyDictionary

from reportlab.pdfbase.ttfonts import TTFont

NBSP, SPACE = 0xA0, 0x20
# (font, text, size) -> width in points, for the document being rendered (forget_widths)
_widths: dict[tuple[str, str, float], float] = {}


class SubsetFont(TTFont):
    """reportlab's TTFont, with a short cut in splitString, which encodes every line drawn.

    TTFont gives each character a code in a subset of the font as it first meets it, one
    character at a time in Python: a tenth of the time of a long PDF. Once every character
    of a line has a code in the first subset, the line is one str.translate; otherwise, or
    for anything unusual, TTFont's own code runs. The result is the same (tested).
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # document -> (how many codes were given, the characters that have one, their translate table)
        self._first_subset: WeakKeyDictionary = WeakKeyDictionary()

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 - reportlab's name
        # reportlab measures every word of a paragraph as it breaks its lines, in C but a character at a time
        # through a dict (a tenth of the time of a long PDF), and most words recur. The width is TTFont's own.
        key = (self.fontName, text, size)
        width = _widths.get(key)
        if width is None:
            width = super().stringWidth(text, size, encoding)
            if encoding == "utf8" and isinstance(text, str):
                _widths[key] = width
        return width

    def splitString(self, text, doc, encoding="utf-8"):  # noqa: N802 - reportlab's name
        if isinstance(text, str):
            state = self.state.get(doc)
            if state is not None:
                known = self._first_subset.get(doc)
                if known is None or known[0] != len(state.assignments):
                    known = self._first_subset[doc] = _first_subset(state.assignments)
                if known[1].issuperset(text):
                    return [(0, text.translate(known[2]).encode("latin-1"))] if text else []
        return super().splitString(text, doc, encoding)


def _first_subset(assignments: dict[int, int]) -> tuple[int, frozenset[str], dict[int, int]]:
    """The characters coded in subset 0, as TTFont.splitString codes them (a no-break space as a space)."""
    table = {char: code for char, code in assignments.items() if code < 256}
    table.pop(NBSP, None)
    if table.get(SPACE) is not None:
        table[NBSP] = table[SPACE]
    return len(assignments), frozenset(map(chr, table)), table


def forget_widths() -> None:
    """Start measuring afresh: called as each PDF starts, so what is kept is one document's words."""
    _widths.clear()
