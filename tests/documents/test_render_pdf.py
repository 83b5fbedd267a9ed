"""The PDF renderer: marks and numbers on every page, embedded fonts, same bytes, and any text survives."""

from __future__ import annotations

import hashlib
import io
import math
import re
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from pypdf import PdfReader

from mappa_desk.documents.model import (
    Bullets, Document, Fields, Heading, PageBreak, PageMarks, Paragraph, Signatures, Table,
)
from mappa_desk.documents.render_pdf import render_pdf

ROOT = Path(__file__).resolve().parents[2]
PAGE_HEIGHT = 841.89  # A4 in points
MARKING = "OFFICIAL-SENSITIVE"
IDENTITY = "Jane DOE (ViSOR 12/345678)"
DATE = "21 November 2026"
LABEL = "DRAFT v3"
DRAFT = PageMarks(MARKING, IDENTITY, DATE, LABEL)
FINAL = replace(DRAFT, draft_label=None)
PAGE_NUMBER = re.compile(r"Page (\d+) of (\d+)")


def long_document(marks: PageMarks = DRAFT) -> Document:
    """Several pages of every kind of block, with no page mark words in the body."""
    rows = tuple((f"Member {i:02d}", f"Agency {i % 5}", "Present" if i % 4 else "Apologies") for i in range(70))
    blocks = [Heading("Meeting details"), Paragraph("Fixed wording for the record.", style="statement"),
              Fields((("Individual", "A. N. Other"), ("Venue", "Room 4"))), Heading("Attendance"),
              Table(("Attendee name", "Agency", "Attendance"), rows, widths=(3, 3, 2))]
    for n in range(12):
        blocks += [Heading(f"Item {n}", level=2), Paragraph("Discussion text for the item. " * 25),
                   Bullets(("First action.", "Second action."))]
    blocks += [Paragraph("None recorded", style="empty"), Paragraph("A note.", style="note"),
               Signatures((("Chair", "C. Hair", "21/11/2026"), ("Minute taker", "M. Taker", "")))]
    return Document("Minute of the meeting", "Review meeting", marks, tuple(blocks), author="Test Author")


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def runs(page) -> list[tuple[str, float, float, tuple, dict]]:
    """(text, x, y, matrix, font) for each piece of text on the page, in page coordinates."""
    found = []

    def visit(text, cm, tm, font, _size):
        if text.strip():
            matrix = (tm[0] * cm[0] + tm[1] * cm[2], tm[0] * cm[1] + tm[1] * cm[3])
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((text.strip(), x, y, matrix, font or {}))

    page.extract_text(visitor_text=visit)
    return found


def all_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in reader(pdf).pages)


@pytest.fixture(scope="module")
def draft_pdf() -> bytes:
    return render_pdf(long_document(DRAFT))


def test_every_page_carries_marking_top_and_bottom_identity_date_and_its_number(draft_pdf):
    pages = reader(draft_pdf).pages
    assert len(pages) >= 4
    for number, page in enumerate(pages, start=1):
        found = runs(page)
        markings = [y for text, _x, y, _m, _f in found if text == MARKING]
        assert any(y > PAGE_HEIGHT - 60 for y in markings), f"no marking at the top of page {number}"
        assert any(y < 60 for y in markings), f"no marking at the bottom of page {number}"
        assert all(font.get("/BaseFont", "").endswith("DejaVuSans-Bold")
                   for text, *_rest, font in found if text == MARKING)
        identity = [(x, y) for text, x, y, _m, _f in found if text == IDENTITY]
        date = [(x, y) for text, x, y, _m, _f in found if text == DATE]
        assert identity and date, f"identity line missing on page {number}"
        (ix, iy), (dx, dy) = identity[0], date[0]
        assert iy > PAGE_HEIGHT - 80 and abs(iy - dy) < 1 and ix < 100 < 300 < dx  # one line: left and right
        numbers = PAGE_NUMBER.findall(page.extract_text())
        assert numbers == [(str(number), str(len(pages)))]


def test_a_draft_is_marked_diagonally_on_every_page_and_a_final_nowhere(draft_pdf):
    for page in reader(draft_pdf).pages:
        labels = [matrix for text, _x, _y, matrix, _f in runs(page) if text == LABEL]
        assert len(labels) == 1
        assert math.degrees(math.atan2(labels[0][1], labels[0][0])) == pytest.approx(45, abs=0.5)
    final = reader(render_pdf(long_document(FINAL)))
    assert len(final.pages) >= 4
    for page in final.pages:
        assert "DRAFT" not in page.extract_text()


def test_metadata_names_the_document(draft_pdf):
    meta = reader(draft_pdf).metadata
    assert meta.title == "Minute of the meeting"
    assert meta.subject == "Review meeting"
    assert meta.author == "Test Author"
    assert meta.creator == "MAPPA Desk"


def test_every_font_is_embedded_dejavu_and_bold_text_uses_the_bold_face(draft_pdf):
    pdf = render_pdf(Document("t", "s", FINAL, (Paragraph("Plain words"), Paragraph("Emphasised", bold=True))))
    for page in [*reader(pdf).pages, *reader(draft_pdf).pages]:
        fonts = page["/Resources"]["/Font"]
        assert fonts
        for font in fonts.values():
            font = font.get_object()
            assert "DejaVuSans" in font["/BaseFont"]
            assert "/FontFile2" in font["/FontDescriptor"].get_object()
    fonts = {text: font["/BaseFont"] for text, *_rest, font in runs(reader(pdf).pages[0])}
    assert fonts["Emphasised"].endswith("+DejaVuSans-Bold") and fonts["Plain words"].endswith("+DejaVuSans")


def test_identical_input_gives_identical_bytes_even_in_a_fresh_process(draft_pdf):
    assert render_pdf(long_document(DRAFT)) == draft_pdf
    assert render_pdf(long_document(FINAL)) != draft_pdf
    script = ("import hashlib; from tests.documents.test_render_pdf import long_document; "
              "from mappa_desk.documents.render_pdf import render_pdf; "
              "print(hashlib.sha256(render_pdf(long_document())).hexdigest())")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == hashlib.sha256(draft_pdf).hexdigest()


def test_markup_is_shown_literally_in_every_kind_of_block():
    nasty = "<b>x</b> &amp; <para> </td> ]]> <br/> a < b > c"
    blocks = (Heading(nasty), Paragraph(nasty), Paragraph(nasty, style="statement"), Fields(((nasty, nasty),)),
              Table((nasty,), ((nasty,),)), Bullets((nasty,)), Signatures(((nasty, "n", "d"),)))
    pages = reader(render_pdf(Document("t", "s", FINAL, blocks))).pages
    # Narrow columns wrap at spaces, which the extracted text gives back as line breaks.
    text = " ".join(page.extract_text() for page in pages).replace("\n", " ")
    assert text.count(nasty) == 9  # heading, paragraph, statement, label, value, header, cell, bullet, role


def test_control_characters_become_replacement_characters_and_newlines_break_lines():
    pdf = render_pdf(Document("t", "s", FINAL, (Paragraph("a\x00b\x0bc\x1fd"), Paragraph("first line\nsecond line"))))
    assert "a\ufffdb\ufffdc\ufffdd" in all_text(pdf)
    found = {text: y for text, _x, y, _m, _f in runs(reader(pdf).pages[0])}
    assert found["first line"] - found["second line"] > 8


def test_table_header_repeats_on_every_page_and_widths_follow_the_model(draft_pdf):
    pages = reader(draft_pdf).pages
    with_rows = [page for page in pages if "Member " in page.extract_text()]
    assert len(with_rows) >= 2
    assert all("Attendee name" in page.extract_text() for page in with_rows)
    found = runs(with_rows[0])
    x = {text: x for text, x, *_rest in found if text in ("Attendee name", "Agency", "Attendance")}
    # widths 3:3:2 -> columns start at 0, 3/8 and 6/8 of the text width
    width = x["Agency"] - x["Attendee name"]
    assert x["Attendance"] - x["Agency"] == pytest.approx(width, abs=1)
    assert width == pytest.approx(3 / 8 * (595.28 - 2 * 56.69), abs=2)


def test_signature_rows_leave_room_to_sign(draft_pdf):
    found = runs(reader(draft_pdf).pages[-1])
    assert {"Role", "Name", "Date", "Signature"} <= {text for text, *_rest in found}
    chair = [y for text, _x, y, *_r in found if text == "Chair"][0]
    taker = [y for text, _x, y, *_r in found if text == "Minute taker"][0]
    assert chair - taker > 36  # at least 13 mm for a pen


def test_page_breaks_and_an_empty_document():
    pages = reader(render_pdf(Document("t", "s", FINAL, (Paragraph("one"), PageBreak(), Paragraph("two"))))).pages
    assert len(pages) == 2 and "two" in pages[1].extract_text() and "two" not in pages[0].extract_text()
    empty = reader(render_pdf(Document("", "", FINAL, ()))).pages
    assert len(empty) == 1 and "Page 1 of 1" in empty[0].extract_text()


def test_header_strings_too_long_for_the_line_are_cut_short_not_overlapping():
    marks = PageMarks("M" * 300, "identity " * 100, "a date " * 40, "DRAFT " * 100)
    page = reader(render_pdf(Document("t", "s", marks, (Paragraph("x"),)))).pages[0]
    found = runs(page)
    top_line = sorted((x, text) for text, x, y, *_r in found if PAGE_HEIGHT - 70 < y < PAGE_HEIGHT - 45)
    assert len(top_line) == 2 and all(text.endswith("\u2026") for _x, text in top_line)
    assert top_line[0][0] == pytest.approx(56.69, abs=0.5) and top_line[1][0] > 300
    assert all(x >= 0 for _t, x, *_r in found)  # the shrunk draft label too starts on the page


def _pages_numbered(pdf: bytes) -> int:
    assert pdf.startswith(b"%PDF")
    pages = reader(pdf).pages
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page.extract_text()
    return len(pages)


def test_100_kb_texts_in_a_paragraph_fields_and_table_run_over_many_pages():
    words = ("Lorem ipsum & dolor <sit> amet,\nconsectetur adipiscing elit. " * 1800)[:100_000]
    unbroken = "x" * 100_000
    blocks = (Paragraph(words), Paragraph(unbroken), Fields((("Notes", words), ("Reference", unbroken))),
              Table(("A", "B"), (("short", words), ("long", unbroken))), Bullets((words,)))
    pages = _pages_numbered(render_pdf(Document("Big", "Big", DRAFT, blocks)))
    assert pages > 60


TRICKY = ["<b>x", "</b>", "&amp;", "&", "<para>", "</td>", "]]>", "<br/>", "\x00", "\x0b", "\x1f", "\r\n", "\n",
          "\t", "\u202e", "\u200b", "\ufffe", "\ud800", "🙂", "👩‍👩‍👧", "שלום", "مرحبا", "e\u0301", "漢字", "\u00ad"]
text = st.one_of(
    st.text(),
    st.sampled_from(TRICKY),
    st.lists(st.one_of(st.sampled_from(TRICKY), st.text(max_size=8)), max_size=12).map("".join),
)


@settings(deadline=None, max_examples=60)
@given(s=text)
def test_any_text_in_every_kind_of_block_and_mark_renders(s):
    marks = PageMarks(s, s, s, s)
    blocks = (Heading(s), Heading(s, level=2), Paragraph(s), Paragraph(s, style="statement", bold=True),
              Paragraph(s, style="note"), Paragraph(s, style="empty"), Fields(((s, s), (s, ""))),
              Table((s, s), ((s, s), (s,)), widths=(1, 2)), Bullets((s, s)), PageBreak(), Signatures(((s, s, s),)))
    assert _pages_numbered(render_pdf(Document(s, s, marks, blocks, author=s))) >= 2


blocks = st.lists(st.one_of(
    st.builds(Heading, text, st.sampled_from([1, 2, 3])),
    st.builds(Paragraph, text, st.sampled_from(["body", "statement", "note", "empty", "unknown"]), st.booleans()),
    st.builds(Fields, st.lists(st.tuples(text, text), max_size=3).map(tuple)),
    st.builds(Table, st.lists(text, max_size=4).map(tuple),
              st.lists(st.lists(text, max_size=5).map(tuple), max_size=3).map(tuple),
              st.lists(st.floats(allow_nan=True), max_size=4).map(tuple)),
    st.builds(Bullets, st.lists(text, max_size=3).map(tuple)),
    st.builds(Signatures, st.lists(st.tuples(text, text, text), max_size=2).map(tuple)),
    st.just(PageBreak()),
), max_size=8).map(tuple)


@settings(deadline=None, max_examples=60)
@given(title=text, marks=st.builds(PageMarks, text, text, text, st.none() | text), content=blocks)
def test_any_document_renders_and_pypdf_reads_it(title, marks, content):
    _pages_numbered(render_pdf(Document(title, title, marks, content)))
