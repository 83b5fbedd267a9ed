"""The fonts MAPPA Desk draws its PDFs with, and which one draws each character.

`font_for` is the one answer to "can a document show this character, and in which font": the
PDF renderer splits each line into runs by it, and the entry check (domain.text_check) refuses a
character it has no font for. DejaVu Sans (the main face, which the DOCX embeds too) draws Latin
with its diacritics, Greek and Cyrillic; the fallback faces each draw one script. A fallback face
draws every letter of its own script, even one DejaVu also has (DejaVu's Arabic lacks letters Urdu
needs), so a word is never set in two designs; anything else stays in DejaVu where DejaVu has it.

Fallback faces are read from disk the first time a character of their script is met, and only
then: a record in Latin script never loads them. They have no bold face; bold text in these
scripts is set in the regular weight. No emoji font is shipped, and no character beyond U+FFFF is
printed (see font_for). See resources/README.md for the files and their licences.
"""

from __future__ import annotations

import gzip
import io
import threading
from dataclasses import dataclass
from functools import lru_cache

from .. import paths

FONT = "MappaDeskSans"
BOLD_FONT = "MappaDeskSans-Bold"


@dataclass(frozen=True)
class Face:
    name: str  # the font's name in the PDF
    file: str  # in resources/fonts; a name ending .gz is gzip-compressed
    script: str  # what it draws, in plain words
    ranges: tuple[tuple[int, int], ...]  # the code points it draws in preference to DejaVu


MAIN = Face(FONT, "DejaVuSans.ttf", "Latin, Greek and Cyrillic", ())
MAIN_BOLD = Face(BOLD_FONT, "DejaVuSans-Bold.ttf", "Latin, Greek and Cyrillic", ())
FALLBACKS = (
    Face("MappaDeskArabic", "NotoNaskhArabic.ttf", "Arabic and Urdu",
         ((0x0600, 0x06FF), (0x0750, 0x077F), (0xFB50, 0xFDFF), (0xFE70, 0xFEFF))),
    Face("MappaDeskDevanagari", "NotoSansDevanagari.ttf", "Devanagari", ((0x0900, 0x097F), (0xA8E0, 0xA8FF))),
    Face("MappaDeskBengali", "NotoSansBengali.ttf", "Bengali", ((0x0980, 0x09FF),)),
    Face("MappaDeskGurmukhi", "NotoSansGurmukhi.ttf", "Gurmukhi", ((0x0A00, 0x0A7F),)),
    Face("MappaDeskThai", "NotoSansThai.ttf", "Thai", ((0x0E00, 0x0E7F),)),
    Face("MappaDeskCJK", "DroidSansFallbackCJK.ttf.gz", "Chinese",
         ((0x2E80, 0x2FDF), (0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF),
          (0xFF00, 0xFFEF))),
)
BY_NAME = {face.name: face for face in (MAIN, MAIN_BOLD, *FALLBACKS)}

_lock = threading.Lock()


@lru_cache(maxsize=None)
def font(name: str):
    """The reportlab font (render_pdf_font.SubsetFont) of a face, read from resources/fonts once per process.
    reportlab is imported here, when first needed, not when the entry check is imported."""
    from .render_pdf_font import SubsetFont

    face = BY_NAME[name]
    with _lock:
        path = paths.fonts_dir() / face.file
        if face.file.endswith(".gz"):
            source = io.BytesIO(gzip.decompress(path.read_bytes()))
            source.name = face.file
            return SubsetFont(face.name, source)
        return SubsetFont(face.name, str(path))


@lru_cache(maxsize=None)
def _chars(name: str) -> frozenset[int]:
    # Private-use code points are never a face's own: shaping gives them to glyphs no character maps to
    # (render_pdf_indic), in the font's table, for the process.
    return frozenset(code for code in font(name).face.charToGlyph if not 0xE000 <= code <= 0xF8FF)


def main_chars() -> frozenset[int]:
    """The code points DejaVu Sans draws (regular and bold cover the same ones)."""
    return _chars(FONT)


def _preferred(code: int) -> Face | None:
    for face in FALLBACKS:
        if any(first <= code <= last for first, last in face.ranges):
            return face
    return None


@lru_cache(maxsize=4096)
def font_for(char: str) -> str | None:
    """The name of the face that draws `char` (FONT for the main face), or None if no shipped font can."""
    code = ord(char)
    if code > 0xFFFF:
        # Beyond the Basic Multilingual Plane (emoji, rare ideographs): reportlab records such a character
        # in the PDF's text layer as another one (U+1F600 is copied out as U+1F60), so none is printed.
        return None
    preferred = _preferred(code)
    if preferred is not None and code in _chars(preferred.name):
        return preferred.name
    if code in main_chars():
        return FONT
    for face in FALLBACKS:
        if face is not preferred and code in _chars(face.name):
            return face.name
    return None


def runs(text: str) -> list[tuple[str | None, str]]:
    """`text` cut into runs of characters drawn by one face: (face name or None, the run), in order."""
    found: list[tuple[str | None, str]] = []
    start, current = 0, None
    for i, char in enumerate(text):
        name = font_for(char)
        if i and name != current:
            found.append((current, text[start:i]))
            start = i
        current = name
    if text:
        found.append((current, text[start:]))
    return found
