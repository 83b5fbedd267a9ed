"""Lines in scripts DejaVu Sans cannot draw: reportlab markup that sets each run in the font that can.

Each line is first made ready to draw (Arabic joined and set right to left, render_pdf_arabic), then
cut into runs by fonts.font_for; a run DejaVu draws stays as it is, any other is wrapped in a
<font face="..."> tag naming the fallback face, registered with reportlab the first time it is used.
A Devanagari, Bengali or Gurmukhi run is shaped (render_pdf_indic: conjuncts, reph, vowel signs before
their consonants), and a run shaping changed is wrapped in a span giving the text as typed (/ActualText),
opened and closed by an <onDraw> callback each canvas that draws these paragraphs has (add_callbacks).
A character no shipped font draws (only in records made before the entry check refused them) is
printed as its code, "[U+1F600]", so it is never lost without a trace.

Thai is drawn letter by letter, without a shaping engine: see resources/README.md.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.pdfbase import pdfmetrics

from . import fonts
from . import render_pdf_indic as indic
from .render_pdf_arabic import RIGHT_TO_LEFT, visual

_lock = threading.Lock()
_registered: set[str] = set()


def register(name: str) -> str:
    """Registers a face with reportlab once per process (as its own family: bold and italic are the same face)."""
    if name not in _registered:
        with _lock:
            if name not in _registered:
                pdfmetrics.registerFont(fonts.font(name))
                pdfmetrics.registerFontFamily(name, normal=name, bold=name, italic=name, boldItalic=name)
                _registered.add(name)
    return name


@lru_cache(maxsize=1)
def _outside_main() -> re.Pattern:
    """A pattern matching any character DejaVu Sans does not draw, or a fallback face draws in its place, or
    that is read from the right (Hebrew, which DejaVu draws), but for line breaks (one search in C)."""
    codes = sorted(code for code in fonts.main_chars() | {0x0A, 0x0D} if code in (0x0A, 0x0D) or (
        fonts.font_for(chr(code)) == fonts.FONT and not RIGHT_TO_LEFT.match(chr(code))))
    spans, start = [], codes[0]
    for prev, code in zip(codes, codes[1:] + [-1]):
        if code != prev + 1:
            spans.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
            start = code
    return re.compile(f"[^{''.join(spans)}]")


@lru_cache(maxsize=1)
def _search() -> tuple:
    """(the search of _outside_main, whether DejaVu Sans draws every printable ASCII character)."""
    pattern = _outside_main()
    return pattern.search, pattern.search("".join(map(chr, range(0x20, 0x7F)))) is None


def needs_fallback(text: str) -> bool:
    """Does `text` take the slower way: a character (other than a line break) drawn by a face other than
    DejaVu Sans, or read from the right?"""
    search, ascii_drawn = _search()
    # Most text is printable ASCII, told in C at once; the search compares each character with the hundreds
    # of ranges DejaVu Sans draws.
    if ascii_drawn and text.isascii() and text.isprintable():
        return False
    return search(text) is not None


def _unprintable(run: str) -> str:
    return "".join(f"[U+{ord(c):04X}]" for c in run)


def _runs(text: str) -> list[tuple[str | None, str]]:
    """fonts.runs, with a joiner or non-joiner typed after a letter of a shaped script kept in that letter's run."""
    found = fonts.runs(text)
    if indic.JOINERS.isdisjoint(text):
        return found
    merged: list[tuple[str | None, str]] = []
    for name, run in found:
        if merged and merged[-1][0] in indic.SHAPED_FACES and (name == merged[-1][0] or indic.JOINERS.issuperset(run)):
            merged[-1] = (merged[-1][0], merged[-1][1] + run)
        else:
            merged.append((name, run))
    return merged


def _pieces(line: str) -> list[tuple[str, str, str | None]]:
    """(face name, drawn text, the text as typed where shaping changed the run, else None)."""
    out: list[tuple[str, str, str | None]] = []
    for name, run in _runs(visual(line)):
        if name is None:
            name, run = fonts.FONT, _unprintable(run)
        if name != fonts.FONT:
            register(name)
        out.extend((name, drawn, typed) for drawn, typed in indic.segments(run, name))
    return out


def line_runs(line: str) -> list[tuple[str, str]]:
    """(face name, text) runs of one line, ready to draw: every run has a face that draws it."""
    out: list[tuple[str, str]] = []
    for name, drawn, _typed in _pieces(line):
        if out and out[-1][0] == name:
            out[-1] = (name, out[-1][1] + drawn)
        else:
            out.append((name, drawn))
    return out


# The reportlab callback (<onDraw>) that opens and closes a span of "actual text" around a shaped run,
# drawn as other glyphs and in another order than typed, so the PDF copies out as typed (render_pdf_indic).
ACTUAL_TEXT = "mappaActualText"
_END = "end"


def _on_draw(canvas, _kind: str, label: str) -> None:
    # reportlab has no public way to add an operator to a paragraph's text object: its code list, in order
    code = canvas._curr_tx_info["tx"]._code
    if label == _END:
        code.append(indic.END_ACTUAL_TEXT)
    else:
        code.append(indic.actual_text(bytes.fromhex(label).decode("utf-16-be")))


def add_callbacks(canvas) -> None:
    """Lets a canvas draw paragraphs made by `markup` (called by the renderer's canvas)."""
    canvas.setNamedCB(ACTUAL_TEXT, _on_draw)


def _piece_markup(drawn: str, typed: str | None) -> str:
    if typed is None:
        return escape(drawn)
    return (f'<onDraw name="{ACTUAL_TEXT}" label="{typed.encode("utf-16-be").hex()}"/>{escape(drawn)}'
            f'<onDraw name="{ACTUAL_TEXT}" label="{_END}"/>')


def markup(text: str) -> str:
    """reportlab markup of plain text (already XML-safe), lines joined by <br/>, each run in its face."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out = []
    for line in lines:
        parts = []
        for name, drawn, typed in _pieces(line):
            piece = _piece_markup(drawn, typed)
            parts.append(piece if name == fonts.FONT else f'<font face="{name}">{piece}</font>')
        out.append("".join(parts))
    return "<br/>".join(out)


def draw(canvas, x: float, y: float, line: str, font: str, size: float) -> None:
    """One line drawn on a canvas from x, each run in its face (`font` for DejaVu's), as typed in the text layer."""
    for name, drawn, typed in _pieces(line):
        face = font if name == fonts.FONT else name
        canvas.setFont(face, size)
        if typed is not None:
            canvas.addLiteral(indic.actual_text(typed))
        canvas.drawString(x, y, drawn)
        if typed is not None:
            canvas.addLiteral(indic.END_ACTUAL_TEXT)
        x += pdfmetrics.stringWidth(drawn, face, size)
    canvas.setFont(font, size)


def width(word: str, main_font: str, size: float) -> float:
    """The width in points of a word as drawn: each run in its face."""
    return sum(pdfmetrics.stringWidth(run, main_font if name == fonts.FONT else name, size)
               for name, run in line_runs(word))
