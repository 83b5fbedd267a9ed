"""Making any user text safe to put into XML-based formats (DOCX, reportlab's paragraph markup)."""

from __future__ import annotations

import re

from mappa_desk.domain import dates

# XML 1.0 allows tab, newline, carriage return and these ranges; anything else
# (NUL, other C0 controls, lone surrogates, U+FFFE/U+FFFF) is replaced.
_XML_ALLOWS = ((0x9, 0x9), (0xA, 0xA), (0xD, 0xD), (0x20, 0xD7FF), (0xE000, 0xFFFD), (0x10000, 0x10FFFF))


def _none_of(ranges) -> re.Pattern:
    """A search for any character outside the (first, last) code point ranges."""
    return re.compile("[^" + "".join(chr(a) if a == b else f"{chr(a)}-{chr(b)}" for a, b in ranges) + "]")


def _less(ranges, characters: str) -> list[tuple[int, int]]:
    """The ranges without those characters' code points."""
    for point in sorted(map(ord, characters)):
        ranges = [part for a, b in ranges
                  for part in (((a, point - 1), (point + 1, b)) if a <= point <= b else ((a, b),))
                  if part[0] <= part[1]]
    return ranges


_NOT_XML = _none_of(_XML_ALLOWS)
REPLACEMENT = "\ufffd"
# The direction embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069). Left in a name they
# would turn the text after it backwards; both documents drop them (the entry check refuses them, but
# records kept or imported before it may still hold them).
DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DIRECTION = re.compile(f"[{DIRECTION_CONTROLS}]")


# Either, as one class (what XML allows, less the direction controls): almost no text has one, and one class
# is searched three times faster than the two as alternatives (the same characters: tests/documents/test_text.py).
_UNSAFE = _none_of(_less(_XML_ALLOWS, DIRECTION_CONTROLS))


def xml_safe(text: str) -> str:
    """Text with the direction controls removed and every character XML cannot hold replaced by U+FFFD."""
    if (text.isascii() and text.isprintable()) or _UNSAFE.search(text) is None:  # printable ASCII: all safe
        return text
    return _NOT_XML.sub(REPLACEMENT, _DIRECTION.sub("", text))


def markup_safe(text: str) -> str:
    """Plain text for reportlab's mini-markup: XML-safe, &<> escaped, line breaks kept."""
    from xml.sax.saxutils import escape  # here, not at start-up: it imports urllib, http and email with it

    return escape(xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br/>")


NO_BREAK = "\u00a0"  # a no-break space: a line may not break at it
_MONTH_NAMES = "|".join(sorted({*dates.MONTHS, *(m[:3] for m in dates.MONTHS)}, key=len, reverse=True))
_DATE = re.compile(rf"\b(\d{{1,2}}) ({_MONTH_NAMES})\b(?: (\d{{4}})\b)?|\b({_MONTH_NAMES}) (\d{{4}})\b")
_DIGIT = re.compile(r"\d")  # every date holds one: text without is returned as it is (one search in C)


def unbroken_dates(text: str) -> str:
    """Text with the spaces inside each written date ("6 November 2026", "6 Nov 2026", "6 November",
    "November 2026") made no-break spaces, so a date is never broken across two lines."""
    if _DIGIT.search(text) is None:
        return text
    return _DATE.sub(lambda m: NO_BREAK.join(part for part in m.groups() if part), text)
