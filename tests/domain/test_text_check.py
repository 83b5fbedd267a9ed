"""The entry check: a character the documents cannot print is refused with a sentence naming it."""

from __future__ import annotations

import re

import pytest

from mappa_desk.documents import fonts
from mappa_desk.domain import text_check
from mappa_desk.errors import UserFacingError

PRINTABLE = ["Ann Smith", "Siobhán Ó Dálaigh", "Łukasz Żółć", "Γιώργος", "Ольга", "محمد علی", "عائشہ",
             "प्रिया", "ਗੁਰਪ੍ਰੀਤ", "রহিম", "陳大文", "王小明", "สมชาย", "שלום", "e\u0301", "line one\nline two\tend",
             "می\u200cخواهم"]  # a zero-width non-joiner, which Persian spelling needs


@pytest.mark.parametrize("text", PRINTABLE)
def test_text_in_the_scripts_the_documents_print_passes(text):
    assert text_check.problem(text) is None
    assert text_check.check(text) == text


@pytest.mark.parametrize("text, code", [
    ("Ann \U0001F600", "U+1F600"),  # an emoji: no emoji font is shipped
    ("Kim \uc548", "U+C548"),  # Hangul: no Korean font is shipped
    ("Ann \ue000", "U+E000"),  # private use
])
def test_a_character_no_font_draws_is_refused_with_a_sentence_naming_it(text, code):
    sentence = text_check.problem(text)
    assert sentence.startswith(f"MAPPA Desk cannot print the character {code}")
    assert sentence.endswith("in its documents; please leave it out.")
    with pytest.raises(UserFacingError, match=re.escape(code)):
        text_check.check(text)


@pytest.mark.parametrize("char", ["\x00", "\x07", "\x1b", "\x7f", "\x85", "\x9b"])
def test_a_control_character_is_refused(char):
    sentence = text_check.problem(f"Ann{char}Smith")
    assert sentence.startswith(f"MAPPA Desk cannot keep the control character U+{ord(char):04X} in the record")


@pytest.mark.parametrize("char", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068",
                                  "\u2069"])
def test_a_direction_control_is_refused(char):
    sentence = text_check.problem(f"Ann {char}Smith")
    assert f"direction control U+{ord(char):04X}" in sentence and "backwards" in sentence


def test_the_check_and_the_pdf_renderer_ask_the_same_question():
    # What the check lets through, the renderer has a face for, and the reverse.
    for text in PRINTABLE:
        for char in text:
            if char not in "\n\t\u200c":
                assert fonts.font_for(char) is not None, char
    assert fonts.font_for("\U0001F600") is None and fonts.font_for("\uc548") is None


def test_non_text_values_pass():
    assert text_check.check_value(3) == 3 and text_check.check_value(None) is None


@pytest.mark.parametrize("text", ["Արամ Պետրոսյան", "ნინო ბერიძე", "ສົມສັກ", "≥ 3 visits", "✓ done", "№ 5",
                                  "Łódź Ærøskøbing Ŵrexham Ǆ", "Ὀδυσσεύς", "Ёлка Ґанна"])
def test_the_main_face_still_draws_the_scripts_it_was_cut_to(text):
    """The main face is cut to its scripts (tools/subset_fonts.py): Armenian, Georgian, Lao, Latin with every
    diacritic, polytonic Greek, Cyrillic and the common signs stay printable."""
    assert text_check.problem(text) is None


@pytest.mark.parametrize("char", ["\u2801", "\u1401", "\u2D30"])
def test_what_the_main_face_was_cut_from_is_refused_with_a_sentence(char):
    """Braille, Canadian syllabics and Tifinagh were cut from the main face: refused where typed, never
    printed as an empty box."""
    assert f"U+{ord(char):04X}" in text_check.problem(f"Name {char}")
