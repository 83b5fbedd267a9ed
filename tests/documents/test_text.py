"""The one search that tells whether a text needs making XML-safe finds exactly the characters xml_safe changes."""

from __future__ import annotations

import re

from mappa_desk.documents import text


def test_the_search_for_unsafe_characters_finds_each_one_xml_safe_changes_and_no_other():
    either = re.compile(f"{text._NOT_XML.pattern}|{text._DIRECTION.pattern}")
    everything = "".join(map(chr, range(0x110000)))
    found = {m.start() for m in text._UNSAFE.finditer(everything)}
    assert found == {m.start() for m in either.finditer(everything)}
    assert found == {i for i, c in enumerate(everything) if text._NOT_XML.sub("", text._DIRECTION.sub("", c)) != c}


def test_printable_ascii_is_safe_as_it_is():
    printable = "".join(map(chr, range(0x20, 0x7F)))
    assert printable.isascii() and printable.isprintable()
    assert text._UNSAFE.search(printable) is None and text.xml_safe(printable) == printable
    assert all(not chr(c).isprintable() for c in range(0x80) if not 0x20 <= c < 0x7F)
