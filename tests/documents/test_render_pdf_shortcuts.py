"""The PDF renderer's speed shortcuts change nothing: the parser's fragments, reportlab's codes, the same bytes."""

from __future__ import annotations

import functools
import io
import re
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st
from reportlab.lib.abag import ABag
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable
from reportlab.platypus import Paragraph as RLParagraph

from mappa_desk.documents import render_pdf as rp
from mappa_desk.documents import render_pdf_para as para
from mappa_desk.documents import render_pdf_scripts as scripts
from mappa_desk.documents.model import Document, Fields, Heading, Paragraph, Table
from mappa_desk.documents.render_pdf_font import SubsetFont
from mappa_desk.documents.text import markup_safe, xml_safe
from tests.documents.test_render_pdf import DRAFT, TRICKY, long_document

STYLES = ["body", "cell", "cell_bold", "cell_head", "h1", "h2", "title", "statement", "note", "empty", "bullet"]
text = st.one_of(
    st.text(),
    st.sampled_from(TRICKY + ["\u3000", "\xa0", "\u2028", " \u200b ", "&nbsp;", "<![CDATA[", "<!--"]),
    st.lists(st.one_of(st.sampled_from(TRICKY + [" ", "\xa0", "\u3000"]), st.text(max_size=8)),
             max_size=12).map("".join),
)


def parsed(text: str, style: str, bold: bool, italic: bool) -> RLParagraph:
    """What the renderer made of a paragraph before the shortcut: markup through reportlab's parser (for text
    in scripts DejaVu Sans lacks, the markup naming the face of each run, which takes no shortcut)."""
    plain = xml_safe(text)
    body = scripts.markup(plain) if scripts.needs_fallback(plain) else markup_safe(text)
    body = f"<i>{body}</i>" if italic else body
    body = f"<b>{body}</b>" if bold else body
    return rp._Para(body, rp._styles()[style])


def _fields(frag) -> dict:
    """A fragment's attributes, a callback's (an ABag, which compares by identity) by its own attributes."""
    return {key: value.__dict__ if isinstance(value, ABag) else value for key, value in frag.__dict__.items()}


@settings(deadline=None, max_examples=300)
@given(s=text, style=st.sampled_from(STYLES), bold=st.booleans(), italic=st.booleans())
def test_a_paragraph_without_the_parser_has_the_parsers_fragments(s, style, bold, italic):
    rp._register_fonts()
    fast, slow = rp._para(s, style, bold, italic), parsed(s, style, bold, italic)
    assert [_fields(f) for f in fast.frags] == [_fields(f) for f in slow.frags]
    assert (fast.text, fast.style, fast.bulletText) == (slow.text, slow.style, slow.bulletText)


def test_a_paragraph_wrapped_again_at_the_same_width_keeps_its_lines_and_rebreaks_at_another():
    paragraph = rp._para("word " * 200, "body")
    first = paragraph.wrap(300, 800)
    lines = paragraph.blPara
    assert paragraph.wrap(300, 10) == first and paragraph.blPara is lines
    wider = paragraph.wrap(400, 800)
    assert wider[1] < first[1] and paragraph.blPara is not lines


def _documents() -> list[Document]:
    words = "Lorem ipsum & dolor <sit> amet, consectetur adipiscing elit. "
    rows = tuple((f"Row {i}", words * (i % 7), words * 30 if i % 9 == 0 else "") for i in range(120))
    tables = Document("Tables", "Tables", DRAFT, (
        Heading("Long rows over pages"), Table(("A", "B", "C"), rows, widths=(1, 3, 3)),
        Fields(tuple((f"Label {i}", words * (i % 40)) for i in range(60))),
        Paragraph((words + "\n") * 400), Paragraph(words * 300, style="statement", bold=True)))
    return [long_document(), tables]


@pytest.mark.parametrize("document", _documents(), ids=["long", "tables"])
def test_the_shortcuts_give_the_same_bytes_as_plain_reportlab(document, monkeypatch):
    fast = rp.render_pdf(document)
    monkeypatch.setattr(rp._Para, "wrap", RLParagraph.wrap)
    monkeypatch.setattr(rp, "_one_line", lambda *args: None)
    monkeypatch.setattr(SubsetFont, "splitString", TTFont.splitString)
    monkeypatch.setattr(SubsetFont, "stringWidth", TTFont.stringWidth)
    monkeypatch.setattr(rp._Para, "drawPara", RLParagraph.drawPara)
    monkeypatch.setattr(rp._Para, "breakLines", RLParagraph.breakLines)
    assert rp.render_pdf(document) == fast


@settings(deadline=None, max_examples=400)
@given(s=st.one_of(text, st.lists(st.sampled_from(["a", "word", "longer words", "\xa0", " ", "  ", "6\xa0May", "W" * 30,
                                                   "\t", "\xad", "\u2003"]), max_size=40).map("".join)),
       style=st.sampled_from(STYLES), bold=st.booleans(), bullet=st.sampled_from([None, "\u2022"]),
       widths=st.lists(st.sampled_from([8, 30, 41.5, 120, 300, 480]), min_size=1, max_size=2))
def test_a_paragraph_broken_the_short_way_has_reportlabs_lines(s, style, bold, bullet, widths):
    rp._register_fonts()
    results = []
    for break_lines in (rp._Para.breakLines, RLParagraph.breakLines):
        paragraph = rp._para(s, style, bold, bullet=bullet)
        lines = break_lines(paragraph, list(widths))
        results.append((repr(lines.__dict__), paragraph._width_max, paragraph.height, paragraph._splitLongWordCount,
                        paragraph._hyphenations))
    assert results[0] == results[1]


@settings(deadline=None, max_examples=300)
@given(s=text, style=st.sampled_from(STYLES), bold=st.booleans(), width=st.sampled_from([40, 120, 300, 480]),
       bullet=st.sampled_from([None, "\u2022"]), alpha=st.sampled_from([None, 0.22]))
def test_a_paragraph_drawn_the_short_way_writes_what_reportlab_writes(s, style, bold, width, bullet, alpha):
    """The same operators and graphics state for any paragraph, whichever way it is drawn (or left to
    reportlab), on a page whose font subsets already hold many characters (a line may change subset in the
    middle), and whose fill may already be translucent (as under the draft mark)."""
    rp._register_fonts()
    codes = []
    for short in (True, False):
        canvas = Canvas(io.BytesIO())
        if alpha is not None:
            canvas.setFillAlpha(alpha)
        for warm in (MANY_GLYPHS, s):
            paragraph = rp._para(warm, style, bold, bullet=bullet)
            paragraph.wrap(width, 10_000)
            paragraph.canv = canvas
            (rp._Para.drawPara if short else RLParagraph.drawPara)(paragraph)
            if not short:  # reportlab's own drawOn and drawPara
                paragraph.drawPara = functools.partial(RLParagraph.drawPara, paragraph)
            (paragraph.drawOn if short else functools.partial(Flowable.drawOn, paragraph))(canvas, 56.7, 230.5)
        state = {name: getattr(canvas, name) for name in Canvas.STATE_ATTRIBUTES if name != "_extgstate"}
        codes.append((list(canvas._code), canvas.__dict__.get("state_stack"), state, canvas._extgstate._d,
                      canvas._extgstate._c))
    assert codes[0] == codes[1]


MANY_GLYPHS = "".join(map(chr, range(0x100, 0x250))) + " \xa0abc"  # Latin Extended: more than one subset


class _Doc:
    """Stands for a reportlab document: the fonts keep their codes per document."""


@settings(deadline=None, max_examples=200)
@given(lines=st.lists(st.one_of(text, st.text(alphabet="ab \xa0\u00e9\u0100\u4e00\U0001f642", max_size=12),
                                st.text(alphabet=MANY_GLYPHS, min_size=100, max_size=400)), max_size=12))
def test_a_font_encodes_any_line_as_reportlab_does(lines):
    """Lines in and beyond the font's first subset of 256 codes, with and without glyphs, give the same codes."""
    rp._register_fonts()
    font = pdfmetrics.getFont(rp.FONT)
    fast, plain = _Doc(), _Doc()
    for line in lines:
        line = xml_safe(line)
        assert font.splitString(line, fast) == TTFont.splitString(font, line, plain)
    codes = [getattr(font.state.get(doc), "assignments", None) for doc in (fast, plain)]
    assert codes[0] == codes[1]


@settings(deadline=None, max_examples=200)
@given(words=st.lists(st.one_of(text, st.sampled_from(["the", "The", "the ", "\xa0", ""])), max_size=20),
       size=st.sampled_from([8, 9, 9.5, 10, 11.5]))
def test_a_word_measured_again_has_the_width_reportlab_measures(words, size):
    rp._register_fonts()
    for name in (rp.FONT, rp.BOLD_FONT):
        font = pdfmetrics.getFont(name)
        for word in words + words:
            assert font.stringWidth(word, size) == TTFont.stringWidth(font, word, size)
            assert pdfmetrics.stringWidth(word, name, size) == TTFont.stringWidth(font, word, size)


@pytest.mark.parametrize("squeeze", [0.0, 0.1, 0.5, 1.0, 3.0])
@pytest.mark.parametrize("count", [2, 5, 9])
def test_a_line_a_little_too_long_for_its_words_is_broken_as_reportlab_breaks_it(count, squeeze):
    """reportlab lets each space of a line shrink a little: a line just too wide may still be one line."""
    rp._register_fonts()
    style = rp._styles()["body"]
    words = ["word"] * count
    natural = pdfmetrics.stringWidth(" ".join(words), style.fontName, style.fontSize)
    results = []
    for break_lines in (rp._Para.breakLines, RLParagraph.breakLines):
        paragraph = rp._para(" ".join(words), "body")
        lines = break_lines(paragraph, [natural - squeeze, natural - squeeze])
        results.append((repr(lines.__dict__), paragraph._width_max))
    assert results[0] == results[1]


@settings(deadline=None, max_examples=200)
@given(moves=st.lists(st.tuples(st.sampled_from(["translate", "rotate", "saveState", "restoreState", "rect"]),
                                st.floats(-1000, 1000, allow_nan=False), st.sampled_from([0, -0.0, 1, 2.5, 230.5])),
                      max_size=20))
def test_a_translation_writes_what_reportlab_writes(moves):
    """The page canvas's translation: the same operators and the same matrix as reportlab's Canvas."""
    from mappa_desk.documents.render_pdf_page import NumberedCanvas
    results = []
    for canvas in (NumberedCanvas(io.BytesIO()), Canvas(io.BytesIO())):
        depth = 0
        for move, x, y in moves + moves:
            if move == "translate":
                canvas.translate(x, y)
            elif move == "rotate":
                canvas.rotate(x)
            elif move == "rect":
                canvas.rect(x, y, 10, 10)
            elif move == "saveState":
                canvas.saveState()
                depth += 1
            elif depth:
                canvas.restoreState()
                depth -= 1
            results.append((list(canvas._code), canvas._currentMatrix))
    half = len(results) // 2
    assert results[:half] == results[half:]


def test_the_shortcuts_follow_the_reportlab_the_bundle_ships_and_step_aside_for_any_other(monkeypatch):
    """They copy reportlab's own steps as they are in one version: the bundle's. With another version installed,
    reportlab breaks and draws every paragraph itself (the same documents, slower)."""
    pins = (Path(__file__).resolve().parents[2] / "tools" / "bundle-constraints.txt").read_text(encoding="utf-8")
    shipped = re.search(r"^reportlab==(\d+)\.(\d+)\.", pins, re.MULTILINE)
    assert shipped and f"{shipped[1]}.{shipped[2]}" in para.TESTED_REPORTLAB
    paragraph = rp._Para("One plain run of words, set left.", rp._styles()["body"])
    assert para.break_simple(paragraph, 200) is not None
    monkeypatch.setattr(para, "ACTIVE", False)
    assert para.break_simple(paragraph, 200) is None
    paragraph.wrap(200, 800)
    paragraph.canv = Canvas(io.BytesIO())
    assert para.draw_simple(paragraph) is False
