"""Breaking and drawing a paragraph of one font and one colour, set left, as reportlab does, in fewer steps.

reportlab's Paragraph.drawPara makes a text object for every paragraph and passes each line through
five layers of general code (alignment, justification, underlines, links, bullets) to write a few
operators. Nearly every paragraph of a long document (a table cell each) is the simplest kind: one
fragment, set left, no bullet, box, underline or link. For those, `draw_simple` writes the same
operators in the same order through the same canvas, font and escaping calls; anything else is
left to reportlab. `break_simple` likewise breaks the lines of such a paragraph as breakLines does, when no
word needs hyphenating or splitting. The bytes are the same either way (tests/documents/
test_render_pdf_shortcuts.py).

Both follow reportlab's own code, and use its canvas's insides, as they are in the version they were checked
against (TESTED_REPORTLAB, the bundle's), as does the page canvas's translation (render_pdf_page). With any
other version reportlab breaks, places and draws every paragraph itself: the same documents, only slower, until
the tests above have been run against it and it is added.
"""

from __future__ import annotations

import reportlab
from reportlab.lib.colors import Color
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase.pdfmetrics import getAscentDescent, getFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.rl_config import paraFontSizeHeightOffset

TESTED_REPORTLAB = ("5.1",)  # major.minor versions whose breaking and drawing these follow, byte for byte
ACTIVE = ".".join(reportlab.Version.split(".")[:2]) in TESTED_REPORTLAB
NBSP = "\xa0"
KEPT = 4096  # operators kept by their numbers (numbers): one document has a few hundred

# (format, numbers) -> the operator: reportlab's fp_str formats a number through C's sprintf, thousands of
# instructions each; a document's paragraphs repeat a few font sizes, colours and offsets.
_operators: dict[tuple, str] = {}


def break_simple(paragraph, widths):
    """The lines breakLines makes of a paragraph of one plain fragment, no bullet, no hyphenation, whose every
    word fits a line; None for any other (breakLines then breaks it).

    The same steps in the same order, so the same numbers: each word's width added to the line's, which
    ends where the next word would make it wider than the line, allowing each space to shrink a little.
    """
    style, frags = paragraph.style, paragraph.frags
    if (not ACTIVE or len(frags) != 1 or paragraph.bulletText or style.wordWrap or style.shaping or style.endDots
            or getattr(style, "hyphenationLang", "") or style.uriWasteReduce or style.embeddedHyphenation):
        return None
    frag = frags[0]
    text = getattr(frag, "text", None)
    if (not isinstance(text, str) or rl_paragraph._shy in text or hasattr(frag, "cbDefn")
            or hasattr(frag, "backColor") or rl_paragraph._processed_frags(frags)):
        return None
    widths = list(widths) if isinstance(widths, (tuple, list)) else [widths]
    size, name, encoding = frag.fontSize, frag.fontName, paragraph.encoding
    font = getFont(name)
    text = rl_paragraph.strip(text)
    words = rl_paragraph.split(text) if text else []
    measured = [font.stringWidth(word, size, encoding) for word in words]
    if style.splitLongWords and measured and max(measured) > min(widths):
        return None  # a word to be split across lines
    ascent, descent = getAscentDescent(name, size)
    paragraph.height = paragraph._width_max = paragraph._splitLongWordCount = paragraph._hyphenations = 0
    if not words:
        return frag.clone(kind=0, lines=[], ascent=ascent, descent=descent, fontSize=size)
    space = font.stringWidth(" ", size, encoding)
    shrink = style.spaceShrinkage * space
    last = len(widths) - 1
    lines, line, line_no, width_max = [], [], 0, 0
    line_width, most = -space, widths[0]
    for word, word_width in zip(words, measured):
        new_width = line_width + space + word_width
        if new_width <= most + shrink * len(line) or not line:
            line.append(word)
            line_width = new_width
        else:
            if line_width > width_max:
                width_max = line_width
            lines.append((most - line_width, line))
            line, line_width = [word], word_width
            line_no += 1
            most = widths[min(last, line_no)]
    if line_width > width_max:
        width_max = line_width
    lines.append((most - line_width, line))
    paragraph._width_max = width_max
    return frag.clone(kind=0, lines=lines, ascent=ascent, descent=descent, fontSize=size)


def draw_on(paragraph, canvas, x, y, free_width=0) -> bool:
    """Flowable.drawOn for a paragraph draw_simple draws: True once drawn, False (nothing drawn) for any other.

    drawOn saves the whole graphics state, moves the origin to the paragraph and draws it; of the state only
    the matrix changes here (draw_simple puts back what it changes), so only the matrix is put back.
    """
    if getattr(paragraph, "_showBoundary", None) or not isinstance(canvas, Canvas):
        return False
    texts = _texts(paragraph, canvas)
    if texts is None:
        return False
    x = paragraph._hAlignAdjust(x, free_width)
    code_out, matrix, extgstate = canvas._code, canvas._currentMatrix, canvas._extgstate
    code_out.append("q")  # canvas.saveState()
    canvas._extgstate = extgstate.pushCopy()
    canvas.translate(x, y)
    _draw(paragraph, canvas, texts)
    code_out.append("Q")  # canvas.restoreState()
    canvas._currentMatrix, canvas._extgstate = matrix, extgstate
    return True


def draw_simple(paragraph) -> bool:
    """Draw a wrapped paragraph on its canvas as drawPara would, and say True; or draw nothing and say False
    when it is not the simple kind."""
    texts = _texts(paragraph, paragraph.canv)
    if texts is None:
        return False
    _draw(paragraph, paragraph.canv, texts)
    return True


def _texts(paragraph, canvas) -> list[str] | None:
    """The text of each line of a wrapped paragraph of the simple kind, or None for any other."""
    bl_para, style = paragraph.blPara, paragraph.style
    if (not ACTIVE or bl_para.kind != 0 or paragraph.debug or paragraph.bulletText or style.alignment != TA_LEFT
            or style.firstLineIndent or style.wordWrap or style.backColor
            or (getattr(style, "borderColor", None) and getattr(style, "borderWidth", None))
            or getattr(bl_para, "us_lines", None) or getattr(bl_para, "link", None)
            or "_offsets" in paragraph.__dict__ or "preformatted" in type(paragraph).__name__.lower()
            or getattr(paragraph, "autoLeading", getattr(style, "autoLeading", "")) in ("max", "min")):
        return None
    if not getFont(bl_para.fontName)._dynamicFont or not canvas.bottomup:
        return None
    texts = []
    for extra, words in bl_para.lines:
        text = " ".join(words)
        # A line reportlab would spread (its words wider than the line): its spacing is left to reportlab.
        if not extra > -1e-8 and len(words) + text.count(NBSP) - 1 > 0:
            return None
        texts.append(text)
    return texts


def _draw(paragraph, canvas, texts: list[str]) -> None:
    """What drawPara writes for a paragraph of these lines (none: nothing, as there is no box to draw)."""
    if not texts:
        return
    bl_para, style = paragraph.blPara, paragraph.style
    font = getFont(bl_para.fontName)
    top = bl_para.fontSize if paraFontSizeHeightOffset else getattr(bl_para, "ascent", bl_para.fontSize)
    # canvas.saveState(), less the copy of every attribute of the graphics state: of those, only the fill
    # colour and its alpha (in _extgstate, which saveState copies) change here, and are put back below.
    code_out, fill, extgstate = canvas._code, canvas._fillColorObj, canvas._extgstate
    code_out.append("q")
    canvas._extgstate = extgstate.pushCopy()
    _set_fill_colour(canvas, bl_para.textColor)
    doc, escape = canvas._doc, canvas._escape
    code = ["BT", numbers("1 0 0 1 {} {} Tm", style.leftIndent, paragraph.height - top)]
    subset_now, font_setting = -1, None
    for text in texts:  # as PDFTextObject._formatText, with the text object's font set to this one
        parts = []
        for subset, run in font.splitString(text, doc):
            if subset != subset_now:
                if font_setting is None:
                    font_setting = numbers("{} Tf {} TL", bl_para.fontSize, style.leading)
                parts.append(f"{font.getSubsetInternalName(subset, doc)} {font_setting}")
                subset_now = subset
            parts.append(f"({escape(run)}) Tj")
        code.append(" ".join(parts) + " T*")
    code.append("ET")
    code_out.append(" ".join(code))
    code_out.append("Q")  # canvas.restoreState()
    canvas._fillColorObj, canvas._extgstate = fill, extgstate


def numbers(template: str, *values) -> str:
    """`template` with each {} one of `values` as reportlab writes it (fp_str); kept for the operators that
    repeat (here, and the page canvas's translations in render_pdf_page)."""
    key = (template, *values)
    operator = _operators.get(key)
    if operator is None:
        if len(_operators) >= KEPT:
            _operators.clear()
        operator = _operators[key] = template.format(*(fp_str(n) for n in values))
    return operator


def _set_fill_colour(canvas, colour) -> None:
    """canvas.setFillColor(colour), its operator written as reportlab writes it for an RGB colour."""
    if type(colour) is not Color or getattr(canvas, "_enforceColorSpace", None):
        canvas.setFillColor(colour)
        return
    canvas._fillColorObj = colour
    canvas._code.append(numbers("{} {} {} rg", colour.red, colour.green, colour.blue))
    if getattr(colour, "alpha", None) is not None:
        canvas.setFillAlpha(colour.alpha)
