"""Making any user text safe to put into XML-based formats (DOCX, reportlab's paragraph markup)."""

from __future__ import annotations

import re

from mappa_desk.domain import dates

# XML 1.0 allows tab, newline, carriage return and these ranges; anything else
# (NUL, other C0 controls, lone surrogates, U+FFFE/U+FFFF) is replaced.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"
# The direction embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069). Left in a name they
# would turn the text after it backwards; both documents drop them (the entry check refuses them, but
# records kept or imported before it may still hold them).
DIRECTION_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
_DIRECTION = re.compile(f"[{DIRECTION_CONTROLS}]")


# Either, as one class (what XML allows, less the direction controls): almost no text has one, and one class
# is searched three times faster than the two as alternatives (the same characters: tests/documents/test_text.py).
_UNSAFE = re.compile("[^\u0009\u000a\u000d\u0020-\u2029\u202f-\u2065\u206a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


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
