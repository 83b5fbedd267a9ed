"""Make the fallback fonts in resources/fonts: each cut down to the characters of its script.

A build-time tool, run by hand when the set of scripts changes; the app only reads its output.
It needs fontTools, which is not one of the app's dependencies: install it somewhere apart and
point PYTHONPATH at it, e.g.

    pip download fonttools -d /tmp/ft && (cd /tmp/ft && unzip -qo fonttools-*.whl)
    PYTHONPATH=/tmp/ft python tools/subset_fonts.py

The source fonts are Debian's fonts-noto-core (SIL Open Font License 1.1), fonts-droid-fallback
(Apache License 2.0) and fonts-dejavu-core (the Bitstream Vera licence). The glyphs kept are those the
font maps a character of its scripts to, and, for the Devanagari, Bengali and Gurmukhi fonts, the
conjuncts, half forms, reph and other glyphs their layout tables (GSUB/GPOS/GDEF, kept) reach from
those: the PDFs shape these scripts with HarfBuzz (mappa_desk/documents/render_pdf_indic.py). The
other fallback fonts lose their layout tables and all lose their hinting (see resources/README.md).
DejaVu, the main face, keeps its hinting and layout tables: it is embedded in the DOCX too, where a
word processor draws it on screen. The CJK font, the largest, is stored gzip-compressed; the app unpacks it as it loads it
(mappa_desk/documents/fonts.py).
"""

from __future__ import annotations

import gzip
import io
import sys
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "fonts"
NOTO = Path("/usr/share/fonts/truetype/noto")
DROID = Path("/usr/share/fonts/truetype/droid")
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")

MARKS = {0x200C, 0x200D, 0x25CC}  # zero-width non-joiner and joiner, the dotted circle


def _span(first: int, last: int) -> set[int]:
    return set(range(first, last + 1))


def _double_byte(codec: str, rows: range, cells: range) -> set[int]:
    """The characters of a double-byte character set's rows (GB 2312, Big5) as code points."""
    found = set()
    for row in rows:
        for cell in cells:
            try:
                text = bytes([row, cell]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(text) == 1:
                found.add(ord(text))
    return found


def _cjk() -> set[int]:
    """The 3,755 commonest simplified characters (GB 2312 level 1), the 5,401 commonest traditional ones
    (Big5 level 1), CJK punctuation and the full-width forms."""
    simplified = _double_byte("gb2312", range(0xB0, 0xD8), range(0xA1, 0xFF))
    traditional = _double_byte("big5", range(0xA4, 0xC7), range(0x40, 0xFF))
    return simplified | traditional | _span(0x3000, 0x303F) | _span(0xFF00, 0xFF60)


def _dejavu() -> set[int]:
    """What the main face draws: Latin with all its diacritics and extensions (and IPA), Greek, Cyrillic,
    Armenian, Hebrew, Georgian, Lao, punctuation, currency, letterlike and number forms, arrows,
    mathematical and technical signs, enclosed numbers, box drawing, shapes, symbols and dingbats. Left
    out: what the fallback fonts draw (Arabic), and what no name or minute of a Scottish meeting is
    written in (Braille, Canadian syllabics, Tifinagh, N'Ko, Ogham, Yijing, mahjong tiles, private use).
    A character left out is refused where it is typed (domain/text_check.py)."""
    spans = [(0x0020, 0x007E), (0x00A0, 0x036F), (0x0370, 0x03FF), (0x0400, 0x052F), (0x0530, 0x058F),
             (0x0590, 0x05FF), (0x0E80, 0x0EFF), (0x10A0, 0x10FF), (0x1D00, 0x1DBF), (0x1E00, 0x1FFF),
             (0x2000, 0x23FF), (0x2460, 0x27BF), (0x2C60, 0x2C7F), (0x2DE0, 0x2DFF), (0xA640, 0xA69F),
             (0xA720, 0xA7FF), (0xAB30, 0xAB6F), (0xFB00, 0xFB4F), (0xFE20, 0xFE2F), (0xFFFC, 0xFFFD)]
    return set().union(*(_span(first, last) for first, last in spans))


# (output file, source font, the characters kept)
FONTS = [
    ("NotoSansDevanagari.ttf", NOTO / "NotoSansDevanagari-Regular.ttf", _span(0x0900, 0x097F) | _span(0xA8E0, 0xA8FF)),
    ("NotoSansBengali.ttf", NOTO / "NotoSansBengali-Regular.ttf", _span(0x0980, 0x09FF)),
    ("NotoSansGurmukhi.ttf", NOTO / "NotoSansGurmukhi-Regular.ttf", _span(0x0A00, 0x0A7F)),
    ("NotoSansThai.ttf", NOTO / "NotoSansThai-Regular.ttf", _span(0x0E00, 0x0E7F)),
    ("NotoNaskhArabic.ttf", NOTO / "NotoNaskhArabic-Regular.ttf",
     _span(0x0600, 0x06FF) | _span(0x0750, 0x077F) | _span(0xFB50, 0xFDFF) | _span(0xFE70, 0xFEFF)),
    ("DroidSansFallbackCJK.ttf.gz", DROID / "DroidSansFallbackFull.ttf", _cjk()),
    ("DejaVuSans.ttf", DEJAVU / "DejaVuSans.ttf", _dejavu()),
    ("DejaVuSans-Bold.ttf", DEJAVU / "DejaVuSans-Bold.ttf", _dejavu()),
]
HINTED = {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf"}  # kept with hinting and layout tables (see above)
SHAPED = {"NotoSansDevanagari.ttf", "NotoSansBengali.ttf", "NotoSansGurmukhi.ttf"}  # layout tables kept


def cut(source: Path, keep: set[int], hinted: bool = False, shaped: bool = False) -> bytes:
    font = TTFont(str(source), recalcTimestamp=False)  # the source's date: the same file at every run
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]  # keep the copyright, licence and version records
    if hinted:
        options.name_languages = ["*"]
        options.layout_features = ["*"]
    elif shaped:
        options.hinting = False
        options.layout_features = ["*"]
        options.drop_tables += ["DSIG"]
    else:
        options.hinting = False
        options.layout_features = []
        options.drop_tables += ["DSIG", "GSUB", "GPOS", "GDEF"]
    cutter = subset.Subsetter(options)
    cutter.populate(unicodes=keep | MARKS)
    cutter.subset(font)
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def main() -> int:
    total = 0
    for name, source, keep in FONTS:
        data = cut(source, keep, hinted=name in HINTED, shaped=name in SHAPED)
        if name.endswith(".gz"):
            data = gzip.compress(data, compresslevel=9, mtime=0)
        (OUT / name).write_bytes(data)
        total += len(data)
        print(f"{name}: {len(data):,} bytes")
    print(f"total: {total:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
