"""Render a document model as an A4 PDF with embedded fonts (reportlab platypus)."""

from __future__ import annotations

import io
import threading
from functools import lru_cache
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer, TableStyle
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import paragraph as rl_paragraph
from reportlab.platypus.tables import CellStyle

from . import columns as columns_
from . import fonts
from . import render_pdf_font, render_pdf_para
from . import render_pdf_scripts as scripts
from .model import Block, Bullets, Document, Fields, Heading, PageBreak, Paragraph, Signatures, Table, leads_in
from .render_pdf_page import BOTTOM_MARGIN, SIDE_MARGIN, TOP_MARGIN, NumberedCanvas, PageDecorator
from .render_pdf_split import SPLIT_MIN, KeepWithStart
from .render_pdf_split import Table as SplitTable
from .text import markup_safe, unbroken_dates, xml_safe

FONT = fonts.FONT
BOLD_FONT = fonts.BOLD_FONT
CREATOR = "MAPPA Desk"

INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
GRID = colors.HexColor("#b4b4b4")
HEADER_FILL = colors.HexColor("#e6e6e6")
STATEMENT_FILL = colors.HexColor("#f2f2f2")
STATEMENT_BORDER = colors.HexColor("#8c8c8c")

# Below this a column cannot hold a wrapped word; a table that cannot give every
# column this much is drawn one record per row instead.
MIN_COLUMN = 14 * mm
# Lines of one table cell per sub-row (see _table).
CHUNK_LINES = 25
CELL_PADDING = 10  # points: left and right padding of a table cell together
# The characters reportlab strips as white space; without them the parser is always used.
_BLANK = getattr(rl_paragraph, "_wsc", None)

_font_lock = threading.Lock()
_fonts_ready = False


def _register_fonts() -> None:
    """Register the DejaVu faces once per process, as one family so <b> picks the bold face.
    The other scripts' faces are registered as a text first needs them (render_pdf_scripts)."""
    global _fonts_ready
    if _fonts_ready:  # set once, after both faces are registered
        return
    with _font_lock:
        if _fonts_ready:
            return
        pdfmetrics.registerFont(fonts.font(FONT))
        pdfmetrics.registerFont(fonts.font(BOLD_FONT))
        # No oblique face is shipped: italic falls back to the upright faces.
        pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD_FONT, italic=FONT, boldItalic=BOLD_FONT)
        _fonts_ready = True


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle(
        "body", fontName=FONT, bulletFontName=FONT, fontSize=10, leading=13.5, textColor=INK, alignment=TA_LEFT,
        spaceAfter=6, splitLongWords=1, allowWidows=1, allowOrphans=0,
    )
    cell = ParagraphStyle("cell", parent=base, fontSize=9, leading=11.5, spaceAfter=0)
    h1 = ParagraphStyle("h1", parent=base, fontName=BOLD_FONT, fontSize=14, leading=18,
                        spaceBefore=14, spaceAfter=6, keepWithNext=1)
    h2 = ParagraphStyle("h2", parent=base, fontName=BOLD_FONT, fontSize=11.5, leading=15,
                        spaceBefore=10, spaceAfter=4, keepWithNext=1)
    return {
        "body": base,
        "title": ParagraphStyle("title", parent=base, fontName=BOLD_FONT, fontSize=17, leading=21, spaceAfter=8),
        "h1": h1,
        "h2": h2,
        "h1_long": ParagraphStyle("h1_long", parent=h1, keepWithNext=0),
        "h2_long": ParagraphStyle("h2_long", parent=h2, keepWithNext=0),
        "statement": ParagraphStyle("statement", parent=base, backColor=STATEMENT_FILL,
                                    borderColor=STATEMENT_BORDER, borderWidth=0.75, borderPadding=(7, 8, 7, 8),
                                    leftIndent=8, rightIndent=8, spaceBefore=10, spaceAfter=14),
        "note": ParagraphStyle("note", parent=base, fontSize=8.5, leading=11, textColor=MUTED),
        "empty": ParagraphStyle("empty", parent=base, textColor=MUTED),
        "bullet": ParagraphStyle("bullet", parent=base, leftIndent=14, bulletIndent=3, bulletFontName=FONT,
                                 spaceAfter=3),
        "cell": cell,
        "cell_bold": ParagraphStyle("cell_bold", parent=cell, fontName=BOLD_FONT),
        "cell_head": ParagraphStyle("cell_head", parent=cell, fontName=BOLD_FONT),
    }


class _Para(RLParagraph):
    """A paragraph that joins the fragments reportlab's parser leaves at every entity.

    Without this, text with thousands of "&" or "<" lays out in quadratic time.
    """

    height_free = True  # its size depends on the width alone (render_pdf_split.Table keeps it per cell)

    def __init__(self, text, style, bulletText=None, frags=None, **kwargs):  # noqa: N803 - reportlab's names
        super().__init__(text, style, bulletText, frags, **kwargs)
        if frags is None:
            self.frags = _joined(self.frags)

    def wrap(self, availWidth, availHeight):  # noqa: N803 - reportlab's names
        # A table wraps each cell again when it computes its heights after a split, and
        # again to draw it: the lines at one width never change, so break them once.
        memo = self.__dict__.get("_wrapped")
        if memo is not None and memo[0] == availWidth and self.__dict__.get("blPara") is memo[1]:
            self.width, self.height = availWidth, memo[2]
            return availWidth, memo[2]
        size = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.__dict__.get("blPara"), self.height)
        return size

    def breakLines(self, width):  # noqa: N802 - reportlab's name
        # Most paragraphs are one plain run of text: broken in fewer steps, to the same lines.
        lines = render_pdf_para.break_simple(self, width)
        return super().breakLines(width) if lines is None else lines

    def drawOn(self, canvas, x, y, _sW=0):  # noqa: N802, N803 - reportlab's names
        # The same for the paragraph's place on the page, which reportlab sets saving the whole graphics state.
        if not render_pdf_para.draw_on(self, canvas, x, y, _sW):
            super().drawOn(canvas, x, y, _sW)

    def drawPara(self, debug=0):  # noqa: N802 - reportlab's name
        # Most paragraphs (a table cell each) are of the simplest kind: drawn in fewer steps, to the same bytes.
        if debug or not render_pdf_para.draw_simple(self):
            super().drawPara(debug)


def _joined(frags: list) -> list:
    out, texts, key = [], [], None
    for frag in frags:
        attrs = dict(frag.__dict__)
        text = attrs.pop("text", "")
        mergeable = "lineBreak" not in attrs and "cbDefn" not in attrs and isinstance(text, str)
        if mergeable and out and key == attrs:
            texts.append(text)
            continue
        if out and texts:
            out[-1].text = "".join(texts)
        out.append(frag)
        texts, key = ([text], attrs) if mergeable else ([], None)
    if out and texts:
        out[-1].text = "".join(texts)
    return out


def _para(text: str, style: str | ParagraphStyle, bold: bool = False, italic: bool = False,
          bullet: str | None = None) -> RLParagraph:
    style = _styles()[style] if isinstance(style, str) else style
    text = unbroken_dates(text)
    head = ("<b>" if bold else "") + ("<i>" if italic else "")
    tail = ("</i>" if italic else "") + ("</b>" if bold else "")
    plain = xml_safe(text)
    if scripts.needs_fallback(plain):
        return _Para(head + scripts.markup(plain) + tail, style, bulletText=bullet)
    if "\n" not in plain and "\r" not in plain:
        paragraph = _one_line(plain, style, head, tail, bullet)
        if paragraph is not None:
            return paragraph
    return _Para(head + markup_safe(text) + tail, style, bulletText=bullet)


def _one_line(plain: str, style: ParagraphStyle, head: str, tail: str, bullet: str | None) -> RLParagraph | None:
    """The paragraph reportlab's parser makes of one line of text, without running the parser.

    Parsing is a third of the time of a long document. Once escaped, a line holds no
    markup but `head` and `tail`, so the parser makes one fragment in one font: the
    one it made of a sample, holding the text with its spaces cleaned as reportlab does.
    None when the parser would make no fragment (blank text) or the sample was not one.
    """
    if _BLANK is None:
        return None
    cleaned = _clean_line(head + plain + tail)
    text = cleaned[len(head):len(cleaned) - len(tail)]
    sample = _sample_frag(style, head, tail)
    if sample is None or not text.strip(_BLANK):
        return None
    frag, lists = sample
    frag = frag.clone(text=text, **{name: [] for name in lists})
    # The parser's caller cleans the escaped text; escaping touches no white space, so that is this.
    return _Para(head + escape(text) + tail, style, bulletText=bullet, frags=[frag])


def _clean_line(line: str) -> str:
    """reportlab's cleanBlockQuotedText of a line: white space cut at both ends, and each run made one space."""
    if "\xa0" in line:  # reportlab splits it apart from other white space
        return rl_paragraph.cleanBlockQuotedText(line)
    return " ".join(line.strip(_BLANK).split())


@lru_cache(maxsize=None)
def _sample_frag(style: ParagraphStyle, head: str, tail: str):
    """(the one fragment the parser makes of a word between `head` and `tail` in `style`, the names of its
    list attributes, each empty), or None if it makes anything else."""
    frags = _Para(f"{head}x{tail}", style).frags
    if len(frags) != 1 or getattr(frags[0], "text", None) != "x":
        return None
    lists = tuple(name for name, value in frags[0].__dict__.items() if isinstance(value, list))
    return (frags[0], lists) if not any(getattr(frags[0], name) for name in lists) else None


def _lines(text: str, style: str, bold: bool = False, bullet: str | None = None) -> list[RLParagraph]:
    """One paragraph per line of `text`, spaced as one paragraph.

    A single reportlab paragraph with thousands of line breaks is re-wrapped in
    full at every page it spills over, which takes minutes at 100 KB.
    """
    lines = xml_safe(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    if len(lines) == 1:
        return [_para(text, style, bold, italic=style == "empty", bullet=bullet)]
    last = len(lines) - 1
    return [
        _para(line or "\u00a0", _joined_style(style, first=i == 0, last=i == last), bold, italic=style == "empty",
              bullet=bullet if i == 0 else None)
        for i, line in enumerate(lines)
    ]


@lru_cache(maxsize=None)
def _joined_style(name: str, first: bool, last: bool) -> ParagraphStyle:
    style = _styles()[name]
    return ParagraphStyle(f"{name}-{first:d}{last:d}", parent=style, spaceBefore=style.spaceBefore if first else 0,
                          spaceAfter=style.spaceAfter if last else 0)


def _cell(text: str, style: str) -> RLParagraph | list[RLParagraph]:
    paragraphs = _lines(text, style)
    return paragraphs[0] if len(paragraphs) == 1 else paragraphs


def _chunks(text: str) -> list[str]:
    lines = xml_safe(text).replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return ["\n".join(lines[i:i + CHUNK_LINES]) for i in range(0, len(lines), CHUNK_LINES)]


def _table(rows: list[list], widths: list[float], header: bool) -> SplitTable:
    """A ruled table from rows of cells, each (text, style name) or a flowable.

    reportlab re-wraps a whole cell at every page a row spills over, so a cell
    with many lines is cut into sub-rows drawn without a rule between them.
    """
    data: list[list] = []
    commands: list[tuple] = [
        ("BOX", (0, 0), (-1, -1), 0.5, GRID),
        ("LINEAFTER", (0, 0), (-2, -1), 0.5, GRID),
    ]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL))
    continued: list[bool] = []  # per row of data: is the next row its continuation?
    for row in rows:
        parts = [_chunks(cell[0]) if isinstance(cell, tuple) else [cell] for cell in row]
        count = max(len(p) for p in parts)
        for k in range(count):
            data.append([("" if k >= len(p) else _cell(p[k], cell[1]) if isinstance(cell, tuple) else p[k])
                         for cell, p in zip(row, parts)])
            continued.append(k < count - 1)
    # A continued row has no rule below it and no padding between it and its continuation.
    for first, last, is_continued in _runs(continued):
        if not is_continued:
            commands.append(("LINEBELOW", (0, first), (-1, last), 0.5, GRID))
    # Where it may break across pages: render_pdf_split.
    table = SplitTable(data, colWidths=widths, repeatRows=1 if header else 0, splitByRow=0, splitInRow=SPLIT_MIN,
                       hAlign="LEFT", style=TableStyle(commands), cellStyles=_cell_styles(continued, len(widths)))
    table.continued = continued
    table.spaceBefore, table.spaceAfter = 4, 10
    return table


def _cell_styles(continued: list[bool], columns: int) -> list[list[CellStyle]]:
    """Each cell's style: the font (else reportlab names Helvetica, which is not embedded), top alignment and
    padding, with none between a continued row and its continuation.

    Given as style commands, reportlab set these one cell and one attribute at a time (13,000 calls for the
    large Minute); here the cells of a table share the few styles there are, which reportlab only reads.
    """
    styles: dict[tuple[bool, bool], CellStyle] = {}

    def style(after_continued: bool, is_continued: bool) -> CellStyle:
        key = (after_continued, is_continued)
        if key not in styles:
            cell = styles[key] = CellStyle(repr(key))
            cell.fontname, cell.valign = FONT, "TOP"
            cell.leftPadding = cell.rightPadding = CELL_PADDING / 2
            cell.topPadding = 0 if after_continued else 3.5
            cell.bottomPadding = 0 if is_continued else 4.5
        return styles[key]

    return [[style(i > 0 and continued[i - 1], flag)] * columns for i, flag in enumerate(continued)]


def _runs(flags: list[bool]) -> list[tuple[int, int, bool]]:
    """(first, last, flag) for each run of equal flags."""
    runs: list[tuple[int, int, bool]] = []
    for i, flag in enumerate(flags):
        if runs and runs[-1][2] == flag:
            runs[-1] = (runs[-1][0], i, flag)
        else:
            runs.append((i, i, flag))
    return runs


def _fields(pairs, width: float) -> list[Flowable]:
    if not pairs:
        return []
    rows = [[(label, "cell_bold"), (value, "cell")] for label, value in pairs]
    return [_table(rows, [width * 0.32, width * 0.68], header=False)]


def _column_widths(relative: tuple[float, ...], columns: int, total: float,
                   least: list[float] | None = None) -> list[float] | None:
    """Widths in points from relative widths (equal if unusable), or None if the columns cannot fit.

    `least` gives each column the width its widest word or date needs (see columns.py).
    """
    if columns * MIN_COLUMN > total:
        return None
    return columns_.widths(relative, columns, total, least or [0.0] * columns, MIN_COLUMN)


def word_width(word: str, bold: bool, size: float) -> float:
    """The width in points of a word set in the DejaVu face (the DOCX embeds the same one), or in the
    faces that draw the characters DejaVu has not."""
    _register_fonts()
    if scripts.needs_fallback(word):
        return scripts.width(word, BOLD_FONT if bold else FONT, size)
    return pdfmetrics.stringWidth(word, BOLD_FONT if bold else FONT, size)


def _word_width(word: str, bold: bool) -> float:
    return word_width(word, bold, _styles()["cell"].fontSize)


def _table_block(block: Table, width: float) -> list[Flowable]:
    columns = max([len(block.header), *(len(row) for row in block.rows)], default=0)
    if columns == 0:
        return []
    least = columns_.least_widths(block.header, block.rows, columns, _word_width, CELL_PADDING + 0.5)
    widths = _column_widths(block.widths, columns, width, least)
    if widths is None:
        # Too many columns for the page: each row becomes label/value pairs under its header.
        labels = [*block.header, *[""] * (columns - len(block.header))]
        return [f for row in block.rows for f in _fields(tuple(zip(labels, row)), width)]

    def cells(row: tuple[str, ...], style: str) -> list[tuple[str, str]]:
        return [(text, style) for text in row] + [("", style)] * (columns - len(row))

    rows = ([cells(block.header, "cell_head")] if block.header else []) + [cells(r, "cell") for r in block.rows]
    return [_table(rows, widths, header=bool(block.header))]


def _flowables(block: Block, width: float, height: float) -> list[Flowable]:
    if isinstance(block, Heading):
        style = "h1" if block.level <= 1 else "h2"
        heading = _para(block.text, style)
        # reportlab loops for ever keeping a heading that spills over a page with
        # what follows; only a heading of ordinary size is kept with the next block.
        if heading.wrap(width, height)[1] > height / 3:
            return _lines(block.text, style + "_long")
        return [heading]
    if isinstance(block, Paragraph):
        style = block.style if block.style in ("statement", "note", "empty") else "body"
        if style == "statement":  # one box, however many lines
            return [_para(block.text, style, block.bold)]
        return _lines(block.text, style, block.bold)
    if isinstance(block, Fields):
        return _fields(block.pairs, width)
    if isinstance(block, Table):
        return _table_block(block, width)
    if isinstance(block, Bullets):
        return [p for item in block.items for p in _lines(item, "bullet", bullet="\u2022")]
    if isinstance(block, Signatures):
        head = [(text, "cell_head") for text in ("Role", "Name", "Date", "Signature")]
        # The empty signature cell holds the row open high enough to sign by hand.
        rows = [[(role, "cell"), (name, "cell"), (date, "cell"), Spacer(1, 13 * mm)] for role, name, date in block.rows]
        if not rows:
            return []
        table = _table([head, *rows], [width * f for f in (0.27, 0.27, 0.16, 0.30)], header=True)
        return [KeepTogether([table])] if len(rows) <= 6 else [table]
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    raise TypeError(f"unknown block type {type(block).__name__}")


def _kept_with_heading(story: list[Flowable], flowables: list[Flowable]) -> list[Flowable]:
    """`flowables`, with the headings that end `story` taken into a block kept together that starts them.

    reportlab keeps a heading with the flowable after it, but not with one kept together (the sign-off):
    the heading then stood alone at the foot of a page. Such headings move inside that block.
    """
    if not flowables or not isinstance(flowables[0], KeepTogether):
        return flowables
    headings: list[Flowable] = []
    while story and isinstance(story[-1], RLParagraph) and story[-1].getKeepWithNext():
        headings.insert(0, story.pop())
    if not headings:
        return flowables
    kept = KeepTogether([*headings, *flowables[0]._content])
    kept._mappa_block = flowables[0]._mappa_block
    return [kept, *flowables[1:]]


def _keep_with_next(flowable: Flowable, width: float, height: float) -> None:
    """Keep a line that introduces the next block (model.leads_in) on the page that block starts on, as a
    heading is; not a paragraph so long that reportlab could loop for ever keeping it."""
    if isinstance(flowable, RLParagraph) and flowable.wrap(width, height)[1] <= height / 3:
        flowable.keepWithNext = 1


def render_pdf(doc: Document) -> bytes:
    """The document as PDF bytes; the same document always gives the same bytes."""
    _register_fonts()
    render_pdf_font.forget_widths()
    out = io.BytesIO()
    template = BaseDocTemplate(
        out, pagesize=A4, leftMargin=SIDE_MARGIN, rightMargin=SIDE_MARGIN, topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN, title=xml_safe(doc.title), subject=xml_safe(doc.subject),
        author=xml_safe(doc.author), creator=CREATOR, invariant=1, lang="en-GB", initialFontName=FONT,
    )
    # No frame padding: the content lines up with the header and footer rules.
    frame = Frame(template.leftMargin, template.bottomMargin, template.width, template.height, id="body",
                  leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    decorate = PageDecorator(doc.marks, FONT, BOLD_FONT)
    template.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=decorate)])
    template.keepTogetherClass = KeepWithStart  # a heading kept with a table's first rows, not the whole table

    # The title heads the first page, as in the DOCX (which uses the reference's Title style).
    story: list[Flowable] = _lines(doc.title, "title") if doc.title.strip() else []
    for index, block in enumerate(doc.blocks):
        try:
            flowables = _flowables(block, template.width, template.height)
            following = doc.blocks[index + 1] if index + 1 < len(doc.blocks) else None
            if flowables and leads_in(block, following):
                _keep_with_next(flowables[-1], template.width, template.height)
        except Exception as exc:  # a bug here; the message must not carry the user's text
            raise ValueError(f"cannot lay out block {index} ({type(block).__name__}): {type(exc).__name__}") from None
        for flowable in flowables:
            flowable._mappa_block = index
        story.extend(_kept_with_heading(story, flowables))
    if not story:
        story.append(Spacer(1, 1))

    class _Canvas(NumberedCanvas):
        font = FONT
        page_number = doc.marks.page_number

    reached = [-1]  # the last block a whole flowable of which was placed
    template.afterFlowable = lambda flowable: reached.__setitem__(0, getattr(flowable, "_mappa_block", reached[0]))
    try:
        template.build(story, canvasmaker=_Canvas)
    except Exception as exc:
        # reportlab's messages quote the text being laid out: name the block, not its content.
        raise ValueError(f"the PDF could not be laid out at or after block {max(reached[0], 0)} "
                         f"({type(exc).__name__})") from None
    return out.getvalue()
