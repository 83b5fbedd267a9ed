"""Devanagari, Bengali and Gurmukhi made ready to draw letter by letter: each vowel sign in the place it is seen.

reportlab draws characters one after another from the left. A few vowel signs are written (in
Unicode, and in the DOCX) after the consonant they follow in speech but are printed before it: the
"pre-base" signs, such as Devanagari ि, Bengali ি, ে, ৈ and Gurmukhi ਿ. So, before a line is drawn,
each such sign is moved before its consonant cluster (a consonant, its nukta, and any further
consonants joined to it by a virama), and a Bengali two-part vowel (ো, ৌ) is split into its parts,
the first before the cluster and the second after it, where the font has both parts. Text in other
scripts is untouched. The DOCX keeps the text as it was typed.

Not done (stated in resources/README.md): conjuncts keep their visible virama (the fonts shipped
have no conjunct glyphs), a Devanagari reph (र् before a consonant) is drawn as र with its virama
(the fonts have no reph glyph), and marks sit where the font puts them by default.

The PDF's text layer would follow the drawing order (a moved sign copied out before its consonant),
so each moved cluster is drawn inside a marked-content span whose /ActualText is the cluster as
typed: a PDF reader copies, searches and reads out the name as it was entered (`segments`,
`begin_actual_text`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from . import fonts

ZWJ = "\u200d"


@dataclass(frozen=True)
class _Script:
    face: str  # the fonts.py face that draws it
    consonants: str  # a regular-expression character class body
    nukta: str
    virama: str
    pre_base: str  # vowel signs printed before their cluster
    two_part: str  # vowel signs printed in two parts, the first before the cluster


SCRIPTS = (
    _Script("MappaDeskDevanagari", "\u0915-\u0939\u0958-\u095f\u0978-\u097f", "\u093c", "\u094d",
            "\u093f\u094e", ""),
    _Script("MappaDeskBengali", "\u0995-\u09b9\u09dc\u09dd\u09df\u09f0\u09f1", "\u09bc", "\u09cd",
            "\u09bf\u09c7\u09c8", "\u09cb\u09cc"),
    _Script("MappaDeskGurmukhi", "\u0a15-\u0a39\u0a59-\u0a5e", "\u0a3c", "\u0a4d", "\u0a3f", ""),
)


def _pattern(script: _Script) -> str:
    """A cluster (consonant, nukta, then any virama-joined consonants) followed by a vowel sign to move."""
    consonant = f"[{script.consonants}]{script.nukta}?"
    cluster = f"{consonant}(?:{script.virama}{ZWJ}?{consonant})*"
    return f"({cluster})([{script.pre_base}{script.two_part}])"


@lru_cache(maxsize=1)
def _compiled() -> tuple[re.Pattern, re.Pattern]:
    """(any character of these scripts, a cluster with a vowel sign to move in any of them)."""
    ranges = "\u0900-\u097f\u0980-\u09ff\u0a00-\u0a7f"
    return re.compile(f"[{ranges}]"), re.compile("|".join(f"(?:{_pattern(s)})" for s in SCRIPTS))


@lru_cache(maxsize=None)
def _parts(sign: str) -> tuple[str, str] | None:
    """A two-part vowel sign's (first, second) parts, if the face drawing it draws both; else None."""
    decomposed = unicodedata.decomposition(sign).split()
    if len(decomposed) != 2:
        return None
    first, second = (chr(int(code, 16)) for code in decomposed)
    face = fonts.font_for(sign)
    if face is None or fonts.font_for(first) != face or fonts.font_for(second) != face:
        return None
    return first, second


def _drawn(match: re.Match) -> str:
    groups = [g for g in match.groups() if g is not None]
    cluster, sign = groups
    parts = _parts(sign)
    if parts is not None:
        return parts[0] + cluster + parts[1]
    if unicodedata.decomposition(sign):
        return match.group()  # a two-part sign the font cannot split: drawn as it is
    return sign + cluster


def visual(line: str) -> str:
    """One line with each pre-base vowel sign of Devanagari, Bengali or Gurmukhi drawn before its cluster."""
    anything, cluster = _compiled()
    if not anything.search(line):
        return line
    return cluster.sub(_drawn, line)


def segments(line: str) -> list[tuple[str, str | None]]:
    """`visual(line)` in pieces: (drawn text, the text as typed where a sign was moved in it, else None)."""
    anything, cluster = _compiled()
    if not anything.search(line):
        return [(line, None)] if line else []
    out: list[tuple[str, str | None]] = []
    start = 0
    for match in cluster.finditer(line):
        if match.start() > start:
            out.append((line[start:match.start()], None))
        drawn = _drawn(match)
        out.append((drawn, match.group()) if drawn != match.group() else (drawn, None))
        start = match.end()
    if start < len(line):
        out.append((line[start:], None))
    return out


def actual_text(typed: str) -> str:
    """The PDF operator opening a span whose text is `typed` (closed by END_ACTUAL_TEXT)."""
    hex_text = "FEFF" + typed.encode("utf-16-be").hex().upper()
    return f"/Span <</ActualText <{hex_text}>>> BDC"


END_ACTUAL_TEXT = "EMC"
