"""Making any user text safe to put into XML-based formats (DOCX, reportlab's paragraph markup)."""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

# XML 1.0 allows tab, newline, carriage return and these ranges; anything else
# (NUL, other C0 controls, lone surrogates, U+FFFE/U+FFFF) is replaced.
_NOT_XML = re.compile("[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
REPLACEMENT = "\ufffd"


def xml_safe(text: str) -> str:
    """Text with every character XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub(REPLACEMENT, text)


def markup_safe(text: str) -> str:
    """Plain text for reportlab's mini-markup: XML-safe, &<> escaped, line breaks kept."""
    return escape(xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")).replace("\n", "<br/>")
