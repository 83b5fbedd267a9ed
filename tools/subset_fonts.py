"""Make the fallback fonts in resources/fonts: each cut down to the characters of its script.

A build-time tool, run by hand when the set of scripts changes; the app only reads its output.
It needs fontTools, which is not one of the app's dependencies: install it somewhere apart and
point PYTHONPATH at it, e.g.

    pip download fonttools -d /tmp/ft && (cd /tmp/ft && unzip -qo fonttools-*.whl)
    PYTHONPATH=/tmp/ft python tools/subset_fonts.py

The source fonts are Debian's fonts-noto-core (SIL Open Font License 1.1) and fonts-droid-fallback
(Apache License 2.0). The glyphs kept are those the font maps a character of its script to; the
layout tables (GSUB/GPOS) and hinting go, as the PDFs are drawn without a shaping engine (see
resources/README.md). The CJK font, the largest, is stored gzip-compressed; the app unpacks it as it
loads it (mappa_desk/documents/fonts.py).
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


# (output file, source font, the characters kept)
FONTS = [
    ("NotoSansDevanagari.ttf", NOTO / "NotoSansDevanagari-Regular.ttf", _span(0x0900, 0x097F) | _span(0xA8E0, 0xA8FF)),
    ("NotoSansBengali.ttf", NOTO / "NotoSansBengali-Regular.ttf", _span(0x0980, 0x09FF)),
    ("NotoSansGurmukhi.ttf", NOTO / "NotoSansGurmukhi-Regular.ttf", _span(0x0A00, 0x0A7F)),
    ("NotoSansThai.ttf", NOTO / "NotoSansThai-Regular.ttf", _span(0x0E00, 0x0E7F)),
    ("NotoNaskhArabic.ttf", NOTO / "NotoNaskhArabic-Regular.ttf",
     _span(0x0600, 0x06FF) | _span(0x0750, 0x077F) | _span(0xFB50, 0xFDFF) | _span(0xFE70, 0xFEFF)),
    ("DroidSansFallbackCJK.ttf.gz", DROID / "DroidSansFallbackFull.ttf", _cjk()),
]


def cut(source: Path, keep: set[int]) -> bytes:
    font = TTFont(str(source))
    options = subset.Options()
    options.hinting = False
    options.layout_features = []
    options.notdef_outline = True
    options.name_IDs = ["*"]  # keep the copyright, licence and version records
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
        data = cut(source, keep)
        if name.endswith(".gz"):
            data = gzip.compress(data, compresslevel=9, mtime=0)
        (OUT / name).write_bytes(data)
        total += len(data)
        print(f"{name}: {len(data):,} bytes")
    print(f"total: {total:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())
