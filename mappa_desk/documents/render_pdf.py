"""Render a document model as an A4 PDF with embedded fonts (reportlab platypus)."""

from __future__ import annotations

import io
import threading
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.lib.pagesizes import A4
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, KeepTogether, PageTemplate, Spacer, TableStyle
from reportlab.platypus import PageBreak as RLPageBreak
from reportlab.platypus import Paragraph as RLParagraph
from reportlab.platypus import Table as RLTable

from .. import paths
from .model import Block, Bullets, Document, Fields, Heading, PageBreak, Paragraph, Signatures, Table
from .render_pdf_page import BOTTOM_MARGIN, SIDE_MARGIN, TOP_MARGIN, NumberedCanvas, PageDecorator
from .text import markup_safe, xml_safe

FONT = "MappaDeskSans"
BOLD_FONT = "MappaDeskSans-Bold"
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

_font_lock = threading.Lock()
_fonts_ready = False


def _register_fonts() -> None:
    """Register the DejaVu faces once per process, as one family so <b> picks the bold face."""
    global _fonts_ready
    with _font_lock:
        if _fonts_ready:
            return
        folder = paths.fonts_dir()
        pdfmetrics.registerFont(TTFont(FONT, str(folder / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont(BOLD_FONT, str(folder / "DejaVuSans-Bold.ttf")))
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


def markup(text: str) -> str:
    """Any user text as reportlab paragraph markup that shows it literally."""
    return markup_safe(text)


class _Para(RLParagraph):
    """A paragraph that joins the fragments reportlab's parser leaves at every entity.

    Without this, text with thousands of "&" or "<" lays out in quadratic time.
    """

    def __init__(self, text, style, bulletText=None, frags=None, **kwargs):  # noqa: N803 - reportlab's names
        super().__init__(text, style, bulletText, frags, **kwargs)
        if frags is None:
            self.frags = _joined(self.frags)


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


def _para(text: str, style: str, bold: bool = False, italic: bool = False) -> RLParagraph:
    body = markup(text)
    if italic:
        body = f"<i>{body}</i>"
    if bold:
        body = f"<b>{body}</b>"
    return _Para(body, _styles()[style])


def _grid(extra: list | None = None) -> TableStyle:
    return TableStyle([
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("FONTNAME", (0, 0), (-1, -1), FONT),  # else reportlab names Helvetica, which is not embedded
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 5),
        ("RIGHTPADDING", (0, 0), (-1, -1), 5),
        ("TOPPADDING", (0, 0), (-1, -1), 3.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 4.5),
        *(extra or []),
    ])


def _table(data: list[list], widths: list[float], header: bool, extra: list | None = None) -> RLTable:
    style = [("BACKGROUND", (0, 0), (-1, 0), HEADER_FILL)] if header else []
    # splitInRow lets a row taller than a page continue on the next one.
    table = RLTable(data, colWidths=widths, repeatRows=1 if header else 0, splitByRow=1, splitInRow=1,
                    hAlign="LEFT", style=_grid(style + (extra or [])))
    table.spaceBefore, table.spaceAfter = 4, 10
    return table


def _fields(pairs, width: float) -> list[Flowable]:
    if not pairs:
        return []
    data = [[_para(label, "cell_bold"), _para(value, "cell")] for label, value in pairs]
    return [_table(data, [width * 0.32, width * 0.68], header=False)]


def _column_widths(relative: tuple[float, ...], columns: int, total: float) -> list[float] | None:
    """Widths in points from relative widths (equal if unusable), or None if the columns cannot fit."""
    if columns * MIN_COLUMN > total:
        return None
    if len(relative) != columns or not all(0 < w < float("inf") for w in relative):
        relative = (1.0,) * columns
    widths = [w * total / sum(relative) for w in relative]
    # Raise narrow columns to the minimum, taking the room from the wide ones in proportion.
    narrow = [False] * columns
    while True:
        narrow = [n or w < MIN_COLUMN for w, n in zip(widths, narrow)]
        spare = total - MIN_COLUMN * sum(narrow)
        wide_total = sum(w for w, n in zip(widths, narrow) if not n)
        widths = [MIN_COLUMN if n else w * spare / wide_total for w, n in zip(widths, narrow)]
        if all(w >= MIN_COLUMN - 1e-6 for w in widths):
            return widths


def _table_block(block: Table, width: float) -> list[Flowable]:
    columns = max([len(block.header), *(len(row) for row in block.rows)], default=0)
    if columns == 0:
        return []
    widths = _column_widths(block.widths, columns, width)
    if widths is None:
        # Too many columns for the page: each row becomes label/value pairs under its header.
        labels = [*block.header, *[""] * (columns - len(block.header))]
        return [f for row in block.rows for f in _fields(tuple(zip(labels, row)), width)]

    def cells(row: tuple[str, ...], style: str) -> list[RLParagraph]:
        return [_para(text, style) for text in row] + [_para("", style) for _ in range(columns - len(row))]

    data = ([cells(block.header, "cell_head")] if block.header else []) + [cells(r, "cell") for r in block.rows]
    return [_table(data, widths, header=bool(block.header))]


def _flowables(block: Block, width: float, height: float) -> list[Flowable]:
    if isinstance(block, Heading):
        style = "h1" if block.level <= 1 else "h2"
        heading = _para(block.text, style)
        # reportlab loops for ever keeping a heading that spills over a page with
        # what follows; only a heading of ordinary size is kept with the next block.
        if heading.wrap(width, height)[1] > height / 3:
            heading = _para(block.text, style + "_long")
        return [heading]
    if isinstance(block, Paragraph):
        style = block.style if block.style in ("statement", "note", "empty") else "body"
        return [_para(block.text, style, block.bold, italic=style == "empty")]
    if isinstance(block, Fields):
        return _fields(block.pairs, width)
    if isinstance(block, Table):
        return _table_block(block, width)
    if isinstance(block, Bullets):
        return [_Para(markup(item), _styles()["bullet"], bulletText="\u2022") for item in block.items]
    if isinstance(block, Signatures):
        head = [_para(text, "cell_head") for text in ("Role", "Name", "Date", "Signature")]
        # The empty signature cell holds the row open high enough to sign by hand.
        rows = [[_para(role, "cell"), _para(name, "cell"), _para(date, "cell"), Spacer(1, 13 * mm)]
                for role, name, date in block.rows]
        if not rows:
            return []
        table = _table([head, *rows], [width * f for f in (0.27, 0.27, 0.16, 0.30)], header=True)
        return [KeepTogether([table])] if len(rows) <= 6 else [table]
    if isinstance(block, PageBreak):
        return [RLPageBreak()]
    raise TypeError(f"unknown block type {type(block).__name__}")


def render_pdf(doc: Document) -> bytes:
    """The document as PDF bytes; the same document always gives the same bytes."""
    _register_fonts()
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

    # The title heads the first page, as in the DOCX (which uses the reference's Title style).
    story: list[Flowable] = [_para(doc.title, "title")] if doc.title.strip() else []
    for index, block in enumerate(doc.blocks):
        try:
            story.extend(_flowables(block, template.width, template.height))
        except Exception as exc:  # pragma: no cover - a bug in this module, named for the caller
            raise ValueError(f"cannot lay out block {index} ({type(block).__name__}): {exc}") from exc
    if not story:
        story.append(Spacer(1, 1))

    class _Canvas(NumberedCanvas):
        font = FONT

    try:
        template.build(story, canvasmaker=_Canvas)
    except Exception as exc:
        raise ValueError(f"the PDF could not be laid out: {exc}") from exc
    return out.getvalue()
