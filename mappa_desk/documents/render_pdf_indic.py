"""Devanagari, Bengali and Gurmukhi shaped before they are drawn: conjuncts, half forms, the reph, and vowel
signs printed before their consonants, as the fonts' layout tables ask.

The shaping engine is HarfBuzz, through reportlab's TrueType shaping (uharfbuzz). reportlab draws a line as
characters, each mapped by the font to a glyph; a shaped run is a sequence of glyphs, some of which no
character maps to (प्र, a reph, a half form). reportlab gives each of those a private-use code point in the
font for the process (TTFont.hbAddPrivate), so a shaped run is again a string, drawn the same way in a
paragraph, a table cell or a page header. Each glyph takes its own advance: HarfBuzz's fine mark offsets
(GPOS) are not applied, so a mark sits where the font puts it by default (see resources/README.md).

The PDF's text layer would read a shaped run's glyphs in the order they are drawn, some as private-use
characters. So each run that shaping changed is drawn inside a marked-content span whose /ActualText is the
run as typed: a PDF reader copies, searches and reads out the name as it was entered (`segments`,
`actual_text`). The DOCX keeps the text as typed and is shaped by the word processor.
"""

from __future__ import annotations

import threading
from functools import lru_cache

# The faces shaped (fonts.py names); their files keep their layout tables (tools/subset_fonts.py SHAPED).
SHAPED_FACES = frozenset({"MappaDeskDevanagari", "MappaDeskBengali", "MappaDeskGurmukhi"})
# A joiner or non-joiner typed inside a word of these scripts asks for a half form or stops a conjunct: it
# belongs to the run it sits in (render_pdf_scripts keeps it there).
JOINERS = frozenset("\u200c\u200d")

_lock = threading.Lock()  # shaping adds private-use codes to the font: one run at a time


@lru_cache(maxsize=4096)
def _shaped(run: str, face: str) -> str:
    from reportlab.pdfbase.ttfonts import shapeStr

    with _lock:
        # The size does not change which glyphs are chosen; the string is the glyphs as characters.
        return str(shapeStr(run, face, 10))


def shaped(run: str, face: str) -> str:
    """A run of one face as the characters that draw its shaped glyphs (the run itself if the face is not shaped)."""
    return _shaped(run, face) if face in SHAPED_FACES and run else run


def segments(run: str, face: str) -> list[tuple[str, str | None]]:
    """The run ready to draw: [(drawn text, the run as typed if shaping changed it, else None)]."""
    if not run:
        return []
    drawn = shaped(run, face)
    return [(drawn, run if drawn != run else None)]


def actual_text(typed: str) -> str:
    """The PDF operator opening a span whose text is `typed` (closed by END_ACTUAL_TEXT)."""
    hex_text = "FEFF" + typed.encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{hex_text}>>> BDC"


END_ACTUAL_TEXT = "EMC"
