"""Arabic-script text (Arabic, Urdu), and Hebrew, made ready to draw left to right: joined, then in visual order.

reportlab draws characters one after another from the left, each in its own form. Arabic letters
take a different form by whether they join the letter before and after them, and a line of Arabic
reads from the right. So, before a line is drawn, each letter is given its contextual form (the
Unicode presentation forms, which the shipped Arabic font draws), lam followed by alef becomes
their ligature, and each run of Arabic words (with the spaces between them) is reversed, keeping
each letter's marks after it. Text in other scripts is untouched.

Limits (stated in resources/README.md): a run of Arabic that wraps onto a second line keeps its
words in reading order per line only as far as reportlab breaks it; digits inside an Arabic run are
reversed with it; marks are placed by the font's default, not positioned per letter.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

ZWNJ, ZWJ, TATWEEL = "\u200c", "\u200d", "\u0640"
_ARABIC = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
_HEBREW = "\u0590-\u05ff\ufb1d-\ufb4f"  # no joining, but read from the right too (DejaVu draws it)
# A run of right-to-left words and the spaces (and joiners) between them.
_RTL = f"{_ARABIC}{_HEBREW}\u200c\u200d"
_RUN = re.compile(f"[{_RTL}]+(?:[ \u00a0]+[{_RTL}]+)*")
RIGHT_TO_LEFT = re.compile(f"[{_ARABIC}{_HEBREW}]")  # a character `visual` may move
_FORMS = ("<isolated>", "<final>", "<initial>", "<medial>")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, dict[str, str]], dict[tuple[str, str], dict[str, str]]]:
    """(letter -> its forms, (lam, alef) -> the ligature's forms), read from the Unicode data of the
    presentation forms."""
    forms: dict[str, dict[str, str]] = {}
    ligatures: dict[tuple[str, str], dict[str, str]] = {}
    for code in (*range(0xFB50, 0xFE00), *range(0xFE70, 0xFF00)):
        parts = unicodedata.decomposition(chr(code)).split()
        if not parts or parts[0] not in _FORMS:
            continue
        letters = tuple(chr(int(p, 16)) for p in parts[1:])
        if len(letters) == 1:
            forms.setdefault(letters[0], {}).setdefault(parts[0], chr(code))
        elif len(letters) == 2 and letters[0] == "\u0644":
            ligatures.setdefault(letters, {}).setdefault(parts[0], chr(code))
    return forms, ligatures


def _transparent(char: str) -> bool:
    return unicodedata.category(char) in ("Mn", "Me", "Cf") and char not in (ZWNJ, ZWJ)


def _joins_after(char: str | None) -> bool:
    """Does `char` join the letter after it (a dual-joining letter, tatweel or ZWJ)?"""
    if char in (TATWEEL, ZWJ):
        return True
    return char is not None and "<initial>" in _tables()[0].get(char, {})


def _joins_before(char: str | None) -> bool:
    """Does `char` join the letter before it?"""
    if char in (TATWEEL, ZWJ):
        return True
    return char is not None and "<final>" in _tables()[0].get(char, {})


def joined(word: str) -> str:
    """Arabic text with each letter in its contextual presentation form, in logical order."""
    forms, ligatures = _tables()
    letters = [i for i, c in enumerate(word) if not _transparent(c)]
    out = list(word)
    skip = set()
    for k, i in enumerate(letters):
        if i in skip:
            continue
        char = word[i]
        before = word[letters[k - 1]] if k else None
        after_index = letters[k + 1] if k + 1 < len(letters) else None
        after = word[after_index] if after_index is not None else None
        joins_prev = _joins_after(before) and _joins_before(char)
        ligature = ligatures.get((char, after)) if after is not None else None
        if ligature:
            # lam-alef: one glyph that joins only the letter before it
            out[i] = ligature.get("<final>" if joins_prev else "<isolated>", out[i])
            out[after_index] = ""
            skip.add(after_index)
            continue
        joins_next = _joins_after(char) and _joins_before(after)
        if joins_prev:
            form = "<medial>" if joins_next else "<final>"
        else:
            form = "<initial>" if joins_next else "<isolated>"
        out[i] = forms.get(char, {}).get(form) or forms.get(char, {}).get("<isolated>") or char
    return "".join(out)


def _reversed(run: str) -> str:
    """A run reversed by clusters (a letter with the marks after it), so each mark stays after its letter."""
    clusters: list[str] = []
    for char in run:
        if clusters and _transparent(char):
            clusters[-1] += char
        else:
            clusters.append(char)
    return "".join(reversed(clusters))


def visual(line: str) -> str:
    """One line with each run of Arabic-script (or Hebrew) words joined and set right to left."""
    if not _RUN.search(line):
        return line
    return _RUN.sub(_drawn, line)


def _drawn(match: re.Match) -> str:
    run = match.group()
    if not RIGHT_TO_LEFT.search(run):
        return run  # joiners alone (in a Devanagari word, say): theirs to shape
    return _reversed(joined(run)).replace(ZWNJ, "").replace(ZWJ, "")
