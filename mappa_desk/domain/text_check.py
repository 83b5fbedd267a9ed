"""The one check on text as it enters the record: every character must be one the documents can print.

Refused, with a sentence naming the character by its code (never silently dropped):
- control characters (C0 and C1, and DEL), but for tab, line feed and carriage return;
- the direction embeddings, overrides and isolates (U+202A-U+202E, U+2066-U+2069): they would turn
  the text around them backwards. The renderers also drop them from anything stored before this
  check (documents.text.xml_safe);
- any other character no shipped font draws (emoji among them: no emoji font is shipped), as
  documents.fonts.font_for decides for the PDF renderer too.
The zero-width non-joiner and joiner (U+200C, U+200D), which Indic and Persian spelling needs, pass.

Called from every place a field's value enters the record: the meeting editor (services.editing),
the individual form (services.individuals), the interchange import (interchange.files) and the
cockpit's fields (ui.cockpit.fields), which say the sentence where the text was typed.
"""

from __future__ import annotations

import unicodedata

from mappa_desk.documents.fonts import font_for
from mappa_desk.documents.text import DIRECTION_CONTROLS
from mappa_desk.errors import InvalidInput

ALLOWED_CONTROLS = "\t\n\r"
JOINERS = "\u200c\u200d"  # zero-width non-joiner, zero-width joiner
_LATIN1_PRINTABLE = frozenset(chr(c) for c in range(0x20, 0x7F))


class UnprintableText(InvalidInput):
    """Text holds a character MAPPA Desk cannot keep or print; the sentence names it."""


def _code(char: str) -> str:
    return f"U+{ord(char):04X}"


def _name(char: str) -> str:
    name = unicodedata.name(char, "")
    return f" ({name.lower()})" if name else ""


def problem(text: str) -> str | None:
    """The sentence refusing the first character of `text` the documents cannot hold, or None if all can."""
    if _LATIN1_PRINTABLE.issuperset(text):  # the common case, without a look-up per character
        return None
    for char in text:
        if char in _LATIN1_PRINTABLE or char in ALLOWED_CONTROLS or char in JOINERS:
            continue
        if unicodedata.category(char) == "Cc":
            return (f"MAPPA Desk cannot keep the control character {_code(char)} in the record; "
                    "please leave it out (it may have come with pasted text).")
        if char in DIRECTION_CONTROLS:
            return (f"MAPPA Desk cannot keep the text direction control {_code(char)}: it would make the "
                    "text around it read backwards. Please leave it out (it may have come with pasted text).")
        if font_for(char) is None:
            return (f"MAPPA Desk cannot print the character {_code(char)}{_name(char)} in its documents; "
                    "please leave it out.")
    return None


def check(text: str) -> str:
    """`text` itself, or UnprintableText with the sentence from `problem`."""
    sentence = problem(text)
    if sentence is not None:
        raise UnprintableText(sentence)
    return text


def check_value(value):
    """`check` for a field's value: text is checked, anything else (a number, None, a flag) passes."""
    return check(value) if isinstance(value, str) else value
