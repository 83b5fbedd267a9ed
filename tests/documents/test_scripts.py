"""Names in the scripts people in Scotland write are printed in the PDF as in the DOCX, in embedded fonts;
a direction control in a name turns nothing around it; a character no font draws is never lost silently."""

from __future__ import annotations

import shutil
import subprocess
import unicodedata

import pytest

from mappa_desk.documents import fonts
from mappa_desk.documents.model import Document, Fields, PageMarks, Paragraph, Table
from mappa_desk.documents.render_docx import render_docx
from mappa_desk.documents.render_pdf import render_pdf
from tests.documents.pdf_text import docx_text

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils (pdftotext, pdffonts)")

# Fictional names, one per script, and the font each needs embedded in the PDF.
NAMES = {
    "Latin": ("Siobhán Ó Dálaigh-Żółć", "DejaVuSans"),
    "Greek": ("Γιώργος Παπαδόπουλος", "DejaVuSans"),
    "Cyrillic": ("Ольга Смирнова", "DejaVuSans"),
    "Arabic": ("محمد علی", "NotoNaskhArabic"),
    "Urdu": ("عائشہ خان", "NotoNaskhArabic"),
    "Devanagari": ("प्रिया शर्मा", "NotoSansDevanagari"),
    "Gurmukhi": ("ਗੁਰਪ੍ਰੀਤ ਸਿੰਘ", "NotoSansGurmukhi"),
    "Bengali": ("রহিম উদ্দিন", "NotoSansBengali"),
    "Chinese (simplified)": ("王小明", "DroidSansFallback"),
    "Chinese (traditional)": ("陳大文", "DroidSansFallback"),
    "Thai": ("สมชาย ใจดี", "NotoSansThai"),
}
MARKS = PageMarks("OFFICIAL", "陳大文 محمد علی", "1 December 2026")


def _document(*blocks) -> Document:
    return Document("Names", "Names", MARKS, tuple(blocks))


def _names_document() -> Document:
    return _document(
        *(Paragraph(f"{script}: {name} (the name)") for script, (name, _font) in NAMES.items()),
        Fields(tuple((script, name) for script, (name, _font) in NAMES.items())),
        Table(("Script", "Name"), tuple((script, name) for script, (name, _font) in NAMES.items())))


def _pdf_text(data: bytes, tmp_path) -> str:
    """The PDF's text as pdftotext reads it, with Arabic presentation forms read as their letters (NFKC)."""
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return unicodedata.normalize("NFKC", text)


def _embedded_fonts(data: bytes, tmp_path) -> set[str]:
    """The base names of the fonts embedded in the PDF (pdffonts; "AAAAAA+Name" subsets)."""
    path = tmp_path / "fonts.pdf"
    path.write_bytes(data)
    lines = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True).stdout.splitlines()
    found = set()
    for line in lines[2:]:
        parts = line.split()
        if parts and parts[-5] == "yes":  # the "emb" column
            found.add(parts[0].split("+")[-1].split("-")[0])
    return found


def test_a_name_in_each_script_is_printed_in_the_pdf_in_an_embedded_font(tmp_path):
    data = render_pdf(_names_document())
    text = _pdf_text(data, tmp_path)
    for script, (name, _font) in NAMES.items():
        # in a paragraph, a field and a table: three times, besides the page header's
        assert text.count(name) >= 3, f"{script}: {name} is not printed"
    assert "[U+" not in text
    embedded = _embedded_fonts(data, tmp_path)
    assert {font for _name, font in NAMES.values()} <= embedded


def test_the_page_header_prints_the_identity_in_its_scripts(tmp_path):
    text = _pdf_text(render_pdf(_document(Paragraph("Body"))), tmp_path)
    assert "陳大文" in text and "محمد علی" in text


def test_the_same_names_are_in_the_docx():
    text = docx_text(render_docx(_names_document()))
    for script, (name, _font) in NAMES.items():
        assert name in text, script


def test_a_latin_only_document_embeds_no_other_script_font(tmp_path):
    embedded = _embedded_fonts(render_pdf(Document("Plain", "Plain", PageMarks("OFFICIAL", "Ann Smith", "1 May"),
                                                   (Paragraph("Only Latin: Siobhán"),))), tmp_path)
    assert embedded == {"DejaVuSans"}


OVERRIDES = ["\u202e", "\u202d", "\u202b", "\u202a", "\u2067", "\u2066", "\u2068"]


@pytest.mark.parametrize("control", OVERRIDES, ids=[f"U+{ord(c):04X}" for c in OVERRIDES])
def test_a_direction_control_in_a_name_turns_nothing_around_it(control, tmp_path):
    name = f"Ann {control}Smith"
    # Latin only: pdftotext marks right-to-left text it finds with these controls itself.
    doc = Document("Minutes", "Minutes", PageMarks("OFFICIAL", name, "1 May"),
                   (Paragraph(f"Chair: {name} agreed."), Fields((("Name", name),))))
    pdf = _pdf_text(render_pdf(doc), tmp_path)
    docx = docx_text(render_docx(doc))
    for text in (pdf, docx):
        assert "Chair: Ann Smith agreed." in text
        assert control not in text


def test_a_stored_character_no_font_draws_is_printed_as_its_code_not_dropped(tmp_path):
    # The entry check refuses it; a record kept before that check may still hold one.
    text = _pdf_text(render_pdf(_document(Paragraph("Ann \U0001F600 Smith"))), tmp_path)
    assert "Ann [U+1F600] Smith" in text


def test_every_character_of_a_script_face_is_drawn_by_that_face():
    for script, (name, face_file) in NAMES.items():
        for char in name.replace(" ", "").replace("-", ""):
            face = fonts.BY_NAME[fonts.font_for(char)]
            assert face.file.startswith(face_file.replace("DejaVuSans", "DejaVuSans.")), (script, char)


def test_arabic_letters_take_their_joined_forms_and_read_from_the_right():
    from mappa_desk.documents.render_pdf_arabic import joined, visual
    forms = [unicodedata.name(c).rsplit(" ", 2)[-2] for c in joined("محمد")]
    assert forms == ["INITIAL", "MEDIAL", "MEDIAL", "FINAL"]
    assert joined("سلام") == "\ufeb3\ufefc\ufee1"  # seen, the lam-alef ligature joined to it, meem alone
    assert visual("Dr محمد علی x") == "Dr " + joined("علی")[::-1] + " " + joined("محمد")[::-1] + " x"


# Names in the shaped scripts, as typed, and the glyphs drawn, in order: as the character that maps to the glyph, or
# "*" for a glyph no character does (a conjunct, half form or reph, or a vowel sign's form for its place or width).
SHAPED = {
    "Devanagari conjunct and pre-base ि": ("प्रिया", "**या"),  # ि (the width that spans प्र) before प्र, one glyph
    "Devanagari reph": ("धर्म", "धम*"),  # र् over म as the reph, no र and no virama drawn
    "Devanagari reph and ा": ("शर्मा", "शमा*"),
    "Devanagari क्ष and त्र": ("क्षत्रिय", "***य"),
    "Devanagari pre-base ि": ("किरण", "*करण"),
    "Devanagari half form (ZWJ)": ("क्\u200dष", "*ष"),
    "Devanagari explicit virama (ZWNJ)": ("क्\u200cष", "क्ष"),
    "Gurmukhi subjoined ਰ": ("ਗੁਰਪ੍ਰੀਤ", "ਗੁਰਪ*ੀਤ"),
    "Gurmukhi pre-base ਿ": ("ਕਿਰਨ", "ਿਕਰਨ"),
    "Bengali conjunct and pre-base ি": ("উদ্দিন", "উ**ন"),
    "Bengali two-part ো": ("শোভা", "*শাভা"),  # ে (its glyph before a consonant) before, া after
    "Bengali two-part ৌ": ("গৌতম", "*গৗতম"),  # ে before, ৗ after
    "Bengali conjunct ষ্ণ": ("কৃষ্ণ", "কৃ*"),
}
VIRAMAS = "\u094d\u09cd\u0a4d"


def _pattern(drawn: str) -> str:
    """The drawn text with each private-use code (a glyph no character maps to) as "*"."""
    return "".join("*" if "\ue000" <= c <= "\uf8ff" else c for c in drawn)


@pytest.mark.parametrize("typed, expected", SHAPED.values(), ids=SHAPED.keys())
def test_an_indic_name_is_drawn_shaped_with_its_conjuncts_and_signs_in_place(typed, expected):
    from mappa_desk.documents.render_pdf_scripts import _pieces
    pieces = [(drawn, as_typed) for _face, drawn, as_typed in _pieces(typed)]
    drawn = "".join(d for d, _t in pieces)
    assert _pattern(drawn) == expected
    if "\u200c" not in typed:
        assert not set(drawn) & set(VIRAMAS)  # a conjunct never shows its virama
    # what was drawn differently carries the text as typed, for the PDF's text layer
    assert "".join(t if t is not None else d for d, t in pieces) == typed


@pytest.mark.parametrize("text", ["Ann Smith", "राम", "রহম", "ਸੰਤ"])
def test_text_shaping_leaves_alone_is_drawn_as_typed_with_no_span(text):
    from mappa_desk.documents.render_pdf_scripts import _pieces
    assert all(typed is None for _f, _d, typed in _pieces(text))
    assert "".join(drawn for _f, drawn, _t in _pieces(text)) == text


def test_a_joiner_in_an_indic_word_is_kept_for_shaping_and_arabic_still_drops_its_own():
    from mappa_desk.documents.render_pdf_arabic import visual
    assert visual("क्\u200dष") == "क्\u200dष"
    assert "\u200c" not in visual("می\u200cخواهم")


def _indic_document() -> Document:
    names = [typed for typed, _drawn in SHAPED.values()]
    long = " ".join(names * 12)  # wraps over several lines
    return Document("Names", "Names", PageMarks("OFFICIAL", "प्रिया ਗੁਰਪ੍ਰੀਤ উদ্দিন শোভা", "1 May"), (
        *(Paragraph(f"Name: {name}.") for name in names),
        Paragraph(long),
        Fields(tuple((f"Name {i}", name) for i, name in enumerate(names))),
        Table(("Name",), tuple((name,) for name in names))))


def test_the_pdf_draws_each_name_shaped(tmp_path):
    from tests.documents.pdf_text import pdf_pages_text
    # pypdf reads the glyphs in the order they are drawn (it does not read /ActualText)
    drawn = "\n".join(pdf_pages_text(render_pdf(_indic_document())))
    for typed, expected in SHAPED.values():
        assert _pattern(drawn).count(expected) >= 3 + 12, typed
        assert typed not in drawn
    assert not set(drawn) & set(VIRAMAS.replace("\u094d", ""))  # only the ZWNJ name shows a virama
    assert drawn.count("\u094d") == drawn.count("क\u094dष")
    lines = drawn.splitlines()
    header = _pattern("".join(lines[1:lines.index("1 May")]))  # drawn on the canvas piece by piece
    assert header == " ".join(SHAPED[key][1] for key in ("Devanagari conjunct and pre-base ि",
                                                         "Gurmukhi subjoined ਰ", "Bengali conjunct and pre-base ি",
                                                         "Bengali two-part ো"))


def test_the_pdf_copies_out_each_name_as_typed(tmp_path):
    # pdftotext, like PDF readers, reads the /ActualText of each shaped run
    data = render_pdf(_indic_document())
    text = _pdf_text(data, tmp_path)
    for typed, _expected in SHAPED.values():
        assert text.count(typed) >= 3 + 12, typed
    assert not any("\ue000" <= c <= "\uf8ff" for c in text)  # no private-use glyph code leaks into the copy
    assert "प्रिया ਗੁਰਪ੍ਰੀਤ উদ্দিন শোভা" in text  # the page header, drawn on the canvas


def test_the_docx_keeps_each_name_as_typed():
    text = docx_text(render_docx(_indic_document()))
    for typed, _expected in SHAPED.values():
        assert text.count(typed) >= 3 + 12, typed


def test_the_shortcut_for_printable_ascii_tells_what_the_search_tells():
    from mappa_desk.documents import render_pdf_scripts
    search = render_pdf_scripts._outside_main().search
    samples = [chr(c) for c in range(0x100)] + ["plain words 12 May 2026", "a\tb", "line\nbreak", "caf\u00e9", ""]
    for sample in samples:
        assert render_pdf_scripts.needs_fallback(sample) == (search(sample) is not None), repr(sample)
