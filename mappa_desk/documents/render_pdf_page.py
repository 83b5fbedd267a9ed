"""What stands on every PDF page: protective marking, identity line, draft mark and "Page X of Y"."""

from __future__ import annotations

import re

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas as rl_canvas
from reportlab.pdfgen.canvas import Canvas

from . import render_pdf_para
from . import render_pdf_scripts as scripts
from .model import PageMarks
from .text import xml_safe

PAGE_WIDTH, PAGE_HEIGHT = A4
SIDE_MARGIN = 20 * mm
# The frame starts below the header and ends above the footer, so the two never meet.
TOP_MARGIN = 30 * mm
BOTTOM_MARGIN = 28 * mm

MARKING_SIZE = 11
SMALL_SIZE = 8
RULE_COLOUR = colors.HexColor("#9a9a9a")
MUTED = colors.HexColor("#404040")
DRAFT_GREY = colors.Color(0.55, 0.55, 0.55, alpha=0.22)

_LINE_BREAKS = re.compile(r"[\r\n\t\u2028\u2029]+")


def one_line(text: str) -> str:
    """User text fit for a single canvas line: XML-safe, line breaks folded to spaces."""
    return _LINE_BREAKS.sub(" ", xml_safe(text)).strip()


def _width(text: str, font: str, size: float) -> float:
    """The width of a line drawn by draw_line (in `font`, or the faces of other scripts)."""
    if scripts.needs_fallback(text):
        return scripts.width(text, font, size)
    return stringWidth(text, font, size)


def draw_line(canvas: Canvas, x: float, y: float, text: str, font: str, size: float) -> None:
    """One line of user text from x, each run of a script DejaVu has not in the face that draws it."""
    if not scripts.needs_fallback(text):
        canvas.drawString(x, y, text)
        return
    scripts.draw(canvas, x, y, text, font, size)


def fit(text: str, font: str, size: float, width: float) -> str:
    """`text`, cut short with an ellipsis if it is wider than `width`."""
    stringWidth = _width  # noqa: N806 - the width of the line as drawn
    if stringWidth(text, font, size) <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if stringWidth(text[:mid] + "\u2026", font, size) <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + "\u2026"


def shrink_to_fit(text: str, font: str, size: float, width: float, smallest: float) -> tuple[str, float]:
    """The largest font size down to `smallest` at which `text` fits, cutting it short if it never does."""
    natural = stringWidth(text, font, size)
    if natural <= width:
        return text, size
    size = max(smallest, size * width / natural)
    return fit(text, font, size, width), size


class PageDecorator:
    """The onPage callback: draws the marks for one document on each page, before its content."""

    def __init__(self, marks: PageMarks, font: str, bold_font: str):
        self.font = font
        self.bold_font = bold_font
        self.marking = one_line(marks.marking)
        self.identity = one_line(marks.identity)
        self.meeting_date = one_line(marks.meeting_date)
        self.draft_label = one_line(marks.draft_label) if marks.draft_label is not None else None

    def __call__(self, canvas: Canvas, _doc) -> None:
        canvas.saveState()
        if self.draft_label:
            self._draw_draft(canvas)
        self._draw_header(canvas)
        self._draw_footer(canvas)
        canvas.restoreState()

    def _draw_marking(self, canvas: Canvas, y: float) -> None:
        text, size = shrink_to_fit(self.marking, self.bold_font, MARKING_SIZE, PAGE_WIDTH - 2 * SIDE_MARGIN, 6)
        canvas.setFont(self.bold_font, size)
        canvas.setFillColor(colors.black)
        canvas.drawCentredString(PAGE_WIDTH / 2, y, text)

    def _draw_header(self, canvas: Canvas) -> None:
        self._draw_marking(canvas, PAGE_HEIGHT - 12 * mm)
        usable = PAGE_WIDTH - 2 * SIDE_MARGIN
        y = PAGE_HEIGHT - 19 * mm
        canvas.setFont(self.font, SMALL_SIZE)
        canvas.setFillColor(MUTED)
        date = fit(self.meeting_date, self.font, SMALL_SIZE, usable * 0.38)
        date_width = stringWidth(date, self.font, SMALL_SIZE)
        identity = fit(self.identity, self.font, SMALL_SIZE, usable - date_width - 6 * mm)
        draw_line(canvas, SIDE_MARGIN, y, identity, self.font, SMALL_SIZE)
        canvas.drawRightString(PAGE_WIDTH - SIDE_MARGIN, y, date)
        canvas.setStrokeColor(RULE_COLOUR)
        canvas.setLineWidth(0.5)
        canvas.line(SIDE_MARGIN, y - 2.5 * mm, PAGE_WIDTH - SIDE_MARGIN, y - 2.5 * mm)

    def _draw_footer(self, canvas: Canvas) -> None:
        canvas.setStrokeColor(RULE_COLOUR)
        canvas.setLineWidth(0.5)
        canvas.line(SIDE_MARGIN, 22 * mm, PAGE_WIDTH - SIDE_MARGIN, 22 * mm)
        self._draw_marking(canvas, 10 * mm)

    def _draw_draft(self, canvas: Canvas) -> None:
        # Diagonal across the page; sized so the whole label stays on the paper.
        diagonal = (PAGE_WIDTH**2 + PAGE_HEIGHT**2) ** 0.5 * 0.7
        text, size = shrink_to_fit(self.draft_label, self.bold_font, 110, diagonal, 10)
        canvas.saveState()
        canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
        canvas.rotate(45)
        canvas.setFillColor(DRAFT_GREY)
        canvas.setFont(self.bold_font, size)
        canvas.drawCentredString(0, -size * 0.35, text)
        canvas.restoreState()


class NumberedCanvas(Canvas):
    """A canvas that holds every page until save(), so each can say "Page X of Y" with the true total."""

    font = "Helvetica"  # set by the renderer to its embedded font
    page_number = "{number}/{total}"  # set by the renderer to the document's words (PageMarks.page_number)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages: list[dict] = []
        scripts.add_callbacks(self)

    def translate(self, dx, dy):
        # Every table cell and paragraph is drawn at its place by a translation, whose six numbers reportlab
        # formats through C's sprintf each time (a fortieth of a long PDF). The operator is Canvas.transform's,
        # kept by its offsets, which repeat from row to row; the matrix kept is computed as transform does.
        code = self._code
        if (not render_pdf_para.ACTIVE or not rl_canvas.ENABLE_TRACKING  # reportlab's insides as checked
                or (code and code[-1][-3:] == " cm")):  # transform joins the two
            super().translate(dx, dy)
            return
        a, b, c, d, e, f = 1, 0, 0, 1, dx, dy
        a0, b0, c0, d0, e0, f0 = self._currentMatrix
        self._currentMatrix = (a0*a+c0*b, b0*a+d0*b, a0*c+c0*d, b0*c+d0*d, a0*e+c0*f+e0, b0*e+d0*f+f0)
        code.append(render_pdf_para.numbers("1 0 0 1 {} {} cm", dx, dy))

    def showPage(self):  # noqa: N802 - reportlab's name
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._pages)
        for number, state in enumerate(self._pages, start=1):
            self.__dict__.update(state)
            self._draw_page_number(number, total)
            super().showPage()
        super().save()

    def _draw_page_number(self, number: int, total: int) -> None:
        self.saveState()
        self.setFont(self.font, SMALL_SIZE)
        self.setFillColor(MUTED)
        self.drawRightString(PAGE_WIDTH - SIDE_MARGIN, 17 * mm, self.page_number.format(number=number, total=total))
        self.restoreState()
