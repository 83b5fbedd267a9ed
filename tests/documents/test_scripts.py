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


# Indic vowel signs printed before the consonant they follow when typed: (as typed, as drawn).
PRE_BASE = {
    "Devanagari ि": ("किरण", "\u093f\u0915\u0930\u0923"),
    "Gurmukhi ਿ": ("ਕਿਰਨ", "\u0a3f\u0a15\u0a30\u0a28"),
    "Bengali ি": ("কিরণ", "\u09bf\u0995\u09b0\u09a3"),
    "Bengali ো": ("শোভা", "\u09c7\u09b6\u09be\u09ad\u09be"),  # ে before, া after
    "Bengali ৌ": ("গৌতম", "\u09c7\u0997\u09d7\u09a4\u09ae"),  # ে before, ৗ after
    "Devanagari conjunct": ("प्रिया", "\u093f\u092a\u094d\u0930\u092f\u093e"),  # before the whole of प्र
    "Devanagari nukta": ("\u0915\u093c\u093f\u0932\u093e", "\u093f\u0915\u093c\u0932\u093e"),  # क़िला
    "Bengali conjunct": ("উদ্দিন", "\u0989\u09bf\u09a6\u09cd\u09a6\u09a8"),
}


@pytest.mark.parametrize("typed, drawn", PRE_BASE.values(), ids=PRE_BASE.keys())
def test_an_indic_vowel_sign_printed_before_its_consonants_is_drawn_before_them(typed, drawn):
    from mappa_desk.documents.render_pdf_indic import segments, visual
    assert visual(typed) == drawn
    assert "".join(d for d, _typed in segments(typed)) == drawn
    # each piece drawn in another order carries the text as typed, for the PDF's text layer
    assert "".join(t if t is not None else d for d, t in segments(typed)) == typed


@pytest.mark.parametrize("text", ["Ann Smith", "राम", "\u093fक", "ਸਿੰਘ"[1:], "রহম"])
def test_text_with_no_sign_to_move_is_drawn_as_typed(text):
    from mappa_desk.documents.render_pdf_indic import visual
    assert visual(text) == text


def test_a_two_part_vowel_the_font_cannot_split_is_drawn_whole(monkeypatch):
    from mappa_desk.documents import render_pdf_indic
    real = fonts.font_for
    # a font without ৗ (the second part of ৌ)
    monkeypatch.setattr(render_pdf_indic.fonts, "font_for", lambda c: None if c == "\u09d7" else real(c))
    render_pdf_indic._parts.cache_clear()
    try:
        assert render_pdf_indic.visual("গৌতম") == "গৌতম"
        assert render_pdf_indic.visual("শোভা") == "\u09c7\u09b6\u09be\u09ad\u09be"  # া is there: split
    finally:
        render_pdf_indic._parts.cache_clear()


def _indic_document() -> Document:
    names = [typed for typed, _drawn in PRE_BASE.values()]
    long = " ".join(names * 12)  # wraps over several lines
    return Document("Names", "Names", PageMarks("OFFICIAL", "किरण ਕਿਰਨ কিরণ শোভা", "1 May"), (
        *(Paragraph(f"Name: {name}.") for name in names),
        Paragraph(long),
        Fields(tuple((f"Name {i}", name) for i, name in enumerate(names))),
        Table(("Name",), tuple((name,) for name in names))))


def test_the_pdf_draws_each_vowel_sign_before_its_consonants(tmp_path):
    from tests.documents.pdf_text import pdf_pages_text
    # pypdf reads the glyphs in the order they are drawn (it does not read /ActualText)
    drawn = "\n".join(pdf_pages_text(render_pdf(_indic_document())))
    for typed, visual in PRE_BASE.values():
        assert drawn.count(visual) >= 3 + 12, typed
        assert typed not in drawn
    lines = drawn.splitlines()
    header = "".join(lines[1:lines.index("1 May")])  # drawn on the canvas piece by piece
    assert header == " ".join(visual for _t, visual in list(PRE_BASE.values())[:4])


def test_the_pdf_copies_out_each_name_as_typed(tmp_path):
    # pdftotext, like PDF readers, reads the /ActualText of each cluster drawn in another order
    data = render_pdf(_indic_document())
    text = _pdf_text(data, tmp_path)
    for typed, visual in PRE_BASE.values():
        assert text.count(typed) >= 3 + 12, typed
        assert visual not in text
    assert "किरण ਕਿਰਨ কিরণ শোভা" in text  # the page header, drawn on the canvas


def test_the_docx_keeps_each_name_as_typed():
    text = docx_text(render_docx(_indic_document()))
    for typed, visual in PRE_BASE.values():
        assert text.count(typed) >= 3 + 12, typed
        assert visual not in text
