"""Any text a user can type renders in both formats: control characters, emoji, RTL, markup, 100 KB fields."""

import pytest
from hypothesis import given, settings, strategies as st

from mappa_desk.documents import model as dm
from mappa_desk.documents.render_docx import render_docx
from mappa_desk.documents.render_pdf import render_pdf
from tests.documents.pdf_text import docx_text, pdf_pages_text

NASTY = ["\x00", "\x0b", "\x1f", "\ufffe", "\u202e", "🙂", "שלום", "مرحبا", "<b>x", "&amp;", "<para>", "</td>",
         "]]>", "<br/>", "a\nb", "\r\n", "\t", "{field}", "%s", "\\"]
_text = st.one_of(st.sampled_from(NASTY), st.text(max_size=60),
                  st.lists(st.sampled_from(NASTY + ["word", " "]), max_size=8).map("".join))


def _document(texts, draft=True) -> dm.Document:
    a, b, c, d = texts
    return dm.Document(
        title=a or "T", subject=b, marks=dm.PageMarks("OFFICIAL-SENSITIVE", c, "21 November 2026",
                                                       "DRAFT v1" if draft else None),
        blocks=(dm.Heading(a), dm.Heading(b, level=2), dm.Paragraph(c), dm.Paragraph(d, style="statement"),
                dm.Paragraph(a, style="empty"), dm.Fields(((a, b), (c, d))), dm.Table((a, b), ((c, d), (d, c))),
                dm.Bullets((a, d)), dm.Signatures(((a, b, c),)), dm.PageBreak(), dm.Paragraph(d, style="note")))


@settings(max_examples=60, deadline=None)
@given(st.tuples(_text, _text, _text, _text))
def test_any_text_renders_in_both_formats(texts):
    document = _document(texts)
    pdf = render_pdf(document)
    pages = pdf_pages_text(pdf)
    assert pdf.startswith(b"%PDF") and len(pages) >= 2
    for i, page in enumerate(pages, 1):
        assert f"Page {i} of {len(pages)}" in page and page.count("OFFICIAL-SENSITIVE") >= 2
    docx_text(render_docx(document))  # reopens with python-docx


def test_markup_is_shown_literally_not_obeyed():
    document = _document(("<b>bold?</b>", "&amp; stays", "x < y > z", "]]> end"))
    text = "".join(pdf_pages_text(render_pdf(document)))
    for literal in ("<b>bold?</b>", "&amp; stays", "x < y > z"):
        assert literal in text
    assert "&amp; stays" in docx_text(render_docx(document))


@pytest.mark.parametrize("where", ["paragraph", "fields", "table"])
def test_a_100_kb_field_renders_over_many_pages(where):
    big = ("Lorem ipsum dolor sit amet, consectetur adipiscing elit. " * 1800)[:100_000]
    block = {"paragraph": dm.Paragraph(big), "fields": dm.Fields((("Notes", big),)),
             "table": dm.Table(("A", "B"), (("short", big),))}[where]
    document = dm.Document("Big", "Big", dm.PageMarks("OFFICIAL-SENSITIVE", "DEMO/0001", "21 November 2026"), (block,))
    pages = pdf_pages_text(render_pdf(document))
    assert len(pages) > 10
    assert all(f"Page {i} of {len(pages)}" in p for i, p in enumerate(pages, 1))
    assert big[:200] in docx_text(render_docx(document)).replace("\n", "")
