"""Render a document model to DOCX on a reference document's styles, page set-up and header/footer layout."""

from __future__ import annotations

import functools
import io
import math
import os
import re
import string
import zipfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Emu, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph
from lxml import etree
from lxml.etree import SubElement

from mappa_desk import paths
from mappa_desk.documents import columns as columns_
from mappa_desk.documents import render_docx_ooxml as ooxml
from mappa_desk.documents.model import (
    Bullets,
    Document,
    Fields,
    Heading,
    PageBreak,
    PageMarks,
    Paragraph,
    Signatures,
    Table,
    leads_in,
)
from mappa_desk.documents.text import xml_safe

FONT_FAMILY = "DejaVu Sans"
FONT_ALTERNATIVE = "Arial"
FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")

# Style names the renderer relies on; a reference.docx may restyle them freely.
STYLE_STATEMENT = "Statement"
STYLE_NOTE = "Note"
STYLE_EMPTY = "Empty Entry"
STYLE_MARKING = "Protective Marking"
PARAGRAPH_STYLES = {"body": "Normal", "statement": STYLE_STATEMENT, "note": STYLE_NOTE, "empty": STYLE_EMPTY}

MUTED = RGBColor(0x59, 0x59, 0x59)
RULE_GREY = "808080"
HEADER_FILL = "D9D9D9"
LABEL_FILL = "F2F2F2"
STATEMENT_FILL = "F2F2F2"
LABEL_SHARE = 0.32
SIGNATURE_HEADER = ("Role", "Name", "Date", "Signature")
SIGNATURE_WIDTHS = (2.4, 2.8, 3.0, 3.8)  # the date column holds "21 November 2026" on one line
SIGNATURE_ROW_HEIGHT = Mm(14)
CELL_SPACING = Pt(2)
CELL_POINTS = 11  # the size of table text, at most (the reference's Normal is 10.5 points, python-docx's 11)
CELL_MARGINS = 10.8  # points: Word's default left and right cell margins together (0.19 cm each)


def render_docx(doc: Document, reference: Path | None = None) -> bytes:
    """The document as DOCX bytes, built on `reference` (default: the document's own, its jurisdiction's)."""
    base = _base(reference if reference is not None else doc.reference)
    document = etree.fromstring(base.document_xml, _PLAIN_PARSER)
    body = document.find(_W_BODY)
    section_properties = [child for child in body if child.tag == _W_SECTPR]
    writer = _BodyWriter(body, base)
    if doc.title.strip():
        writer.paragraph(base.style_id("Title"), doc.title)
    for index, block in enumerate(doc.blocks):
        _RENDERERS[type(block)](writer, block)
        if leads_in(block, doc.blocks[index + 1] if index + 1 < len(doc.blocks) else None):
            writer.keep_with_next()  # as a heading is: on the page the block after it starts on
    for child in section_properties:
        body.append(child)  # moves the page set-up back to the end of the body

    parts = {base.document_name: etree.tostring(document, encoding="UTF-8", standalone=True)}
    for header_name, header_xml, footer_name, footer_xml in base.sections:
        header, footer = parse_xml(header_xml), parse_xml(footer_xml)
        _page_marks(base, header, footer, doc.marks)
        parts[header_name] = serialize_part_xml(header)
        parts[footer_name] = serialize_part_xml(footer)
    parts[base.core_name] = _core_properties(base.core_xml, doc)
    return ooxml.write_zip(
        ooxml.zip_entry(entry, parts[entry], DYNAMIC_ZIP_LEVEL) if isinstance(entry, str) else entry
        for entry in base.entries
    )


# -- what does not depend on the document, prepared once per reference --------

# Parts that change with every document are deflated at this level; the rest
# (styles, fonts, theme, ...) are deflated once, when a reference is first used.
DYNAMIC_ZIP_LEVEL = ooxml.ZIP_LEVEL
_PLAIN_PARSER = etree.XMLParser(remove_blank_text=True, resolve_entities=False)


@dataclass(frozen=True)
class _Base:
    """A reference document made ready for rendering: every part that does not depend on the document
    (deflated), the empty body, headers, footers and core properties to fill in, and the style ids."""

    entries: tuple  # per zip entry, in order: a ZipEntry, or the name of a part rendered per document
    document_name: str
    document_xml: bytes
    sections: tuple[tuple[str, bytes, str, bytes], ...]  # (header name, header xml, footer name, footer xml)
    core_name: str
    core_xml: bytes
    styles: dict  # style name -> style id (None for the default paragraph style), or the error using it raises
    table_style: object  # id of "Table Grid" (None: absent or the default table style), or an error
    bullets_numbered: bool
    width: int  # text width, EMU
    header_tabs_to_clear: tuple[int, ...]
    footer_tabs_to_clear: tuple[int, ...]

    def style_id(self, name: str) -> str | None:
        return _found(self.styles[name])


def _found(style_id):
    """A resolved style id, or (for a style the reference defines unusably) the error python-docx raised."""
    if isinstance(style_id, Exception):
        raise type(style_id)(*style_id.args)  # a fresh one each time: the cached one stays clean
    return style_id


def _base(reference: Path | None) -> _Base:
    fonts = tuple(paths.fonts_dir() / name for name in FONT_FILES)
    # Keyed by the files' versions, so an edited reference.docx (or font) is picked up.
    stamp = tuple(_file_version(path) for path in ((reference,) if reference is not None else ()) + fonts)
    return _prepare(None if reference is None else str(reference), tuple(map(str, fonts)), stamp)


def _file_version(path: Path) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None  # docx.Document() reports a missing reference; a missing font is not embedded
    return stat.st_mtime_ns, stat.st_size


@functools.lru_cache(maxsize=8)
def _prepare(reference: str | None, fonts: tuple[str, ...], _stamp) -> _Base:
    out = docx.Document(reference) if reference is not None else docx.Document()
    _clear_body(out)
    ensure_styles(out)
    ooxml.set_default_font(out, FONT_FAMILY)
    regular, bold = (Path(font) for font in fonts)
    if regular.is_file():
        ooxml.embed_fonts(out, FONT_FAMILY, regular, bold if bold.is_file() else None, FONT_ALTERNATIVE)
    width = _text_width(out.sections[-1])
    out.settings.odd_and_even_pages_header_footer = False
    sections = []
    for section in out.sections:
        section.different_first_page_header_footer = False
        header, footer = section.header, section.footer
        header.is_linked_to_previous = False
        footer.is_linked_to_previous = False
        for part in (header, footer):
            for child in list(part._element):
                part._element.remove(child)
        sections.append((header.part, footer.part))
    props = out.core_properties
    keep = {qn("dc:title"), qn("dc:subject"), qn("dc:creator"), qn("cp:revision")}
    for child in list(props._element):
        if child.tag not in keep:
            props._element.remove(child)

    defaults = {}

    def resolve(name: str, fallback: str = "Normal", kind=WD_STYLE_TYPE.PARAGRAPH):
        """What python-docx's paragraph.style = name (or table.style) writes: None for the default style."""
        try:
            style = _style(out, name, fallback)
        except KeyError as error:
            return error
        if style.type != kind:
            return ValueError(f"assigned style is type {style.type}, need type {kind}")
        if kind not in defaults:
            defaults[kind] = out.styles.default(kind)
        return None if style == defaults[kind] else style.style_id

    names = {"Title", "Heading 1", "Heading 2", "Normal", "List Bullet", "Header", "Footer",
             *PARAGRAPH_STYLES.values()}
    styles = {name: resolve(name) for name in names}
    styles[STYLE_MARKING] = resolve(STYLE_MARKING, "Header")
    table_style = (
        resolve("Table Grid", kind=WD_STYLE_TYPE.TABLE) if "Table Grid" in out.styles else None
    )

    # Before saving: reading a style's tab stops gives it a (harmless, empty) w:pPr, as rendering always did.
    header_tabs = _tabs_to_clear(_style(out, "Header"), width)
    footer_tabs = _tabs_to_clear(_style(out, "Footer"), width)
    bullets_numbered = ooxml.style_has_numbering(_style(out, "List Bullet"))

    buffer = io.BytesIO()
    out.save(buffer)
    document_name = out.part.partname.membername
    core_name = next(
        part.partname.membername for part in out.part.package.iter_parts()
        if part.content_type == CT.OPC_CORE_PROPERTIES
    )
    dynamic = {document_name, core_name}
    for header_part, footer_part in sections:
        dynamic |= {header_part.partname.membername, footer_part.partname.membername}
    saved = buffer.getvalue()
    with zipfile.ZipFile(io.BytesIO(saved)) as package:
        kept = {name: package.read(name) for name in dynamic}
    # python-docx deflates at zlib's default level, like ooxml.zip_entry: its compressed data is kept as is.
    entries = [entry.name if entry.name in dynamic else entry for entry in ooxml.zip_entries(saved)]
    return _Base(
        entries=tuple(entries),
        document_name=document_name,
        document_xml=kept[document_name],
        sections=tuple(
            (h.partname.membername, kept[h.partname.membername], f.partname.membername, kept[f.partname.membername])
            for h, f in sections
        ),
        core_name=core_name,
        core_xml=kept[core_name],
        styles=styles,
        table_style=table_style,
        bullets_numbered=bullets_numbered,
        width=int(width),
        header_tabs_to_clear=header_tabs,
        footer_tabs_to_clear=footer_tabs,
    )


def _clear_body(out) -> None:
    """Drop the reference's own text; keep only the final section properties (page set-up)."""
    body = out.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


def ensure_styles(out) -> None:
    """Add any style this renderer uses that the reference lacks (Word only saves styles in use)."""
    styles = out.styles

    def add(name, *, size=None, bold=None, italic=None, color=None, before=None, after=None, keep=False):
        if name in styles:
            return None
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles["Normal"]
        style.font.size, style.font.bold, style.font.italic = size, bold, italic
        if color is not None:
            style.font.color.rgb = color
        fmt = style.paragraph_format
        fmt.space_before, fmt.space_after, fmt.keep_with_next = before, after, keep or None
        return style

    add("Title", size=Pt(18), bold=True, after=Pt(12))
    add("Heading 1", size=Pt(13), bold=True, before=Pt(14), after=Pt(6), keep=True)
    add("Heading 2", size=Pt(11), bold=True, before=Pt(10), after=Pt(4), keep=True)
    add("Header", size=Pt(9))
    add("Footer", size=Pt(9))
    marking = add(STYLE_MARKING, size=Pt(10), bold=True, before=Pt(0), after=Pt(0))
    if marking is not None:
        marking.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    add(STYLE_NOTE, size=Pt(9), color=MUTED)
    add(STYLE_EMPTY, italic=True, color=MUTED)
    bullet = add("List Bullet")
    if bullet is not None:
        bullet.paragraph_format.left_indent = Mm(6)
        bullet.paragraph_format.first_line_indent = Mm(-4)
    statement = add(STYLE_STATEMENT, before=Pt(6), after=Pt(8))
    if statement is not None:
        # Indented by the border's gap, so the box lines up with the margins and the tables.
        statement.paragraph_format.left_indent = statement.paragraph_format.right_indent = Pt(5)
        ooxml.box_style(statement, RULE_GREY, STATEMENT_FILL)
    for name in ("Heading 1", "Heading 2"):
        ooxml.set_outline_level(styles[name], int(name[-1]) - 1)


def _style(out, name: str, fallback: str = "Normal"):
    return out.styles[name] if name in out.styles else out.styles[fallback]


def _text_width(section) -> Emu:
    if section.page_width and section.left_margin is not None and section.right_margin is not None:
        return Emu(section.page_width - section.left_margin - section.right_margin)
    return Emu(Mm(170))


def _tabs_to_clear(style, width: int) -> tuple[int, ...]:
    """The style's tab stops (e.g. Word's centre tab), so a header line's one tab goes to the right margin."""
    seen: list[int] = []
    while style is not None:
        for stop in style.paragraph_format.tab_stops:
            if stop.position not in seen and abs(stop.position - width) > Mm(1):
                seen.append(stop.position)
        style = style.base_style
    return tuple(seen)


def _clean(text: str) -> str:
    return xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")


def _add_text(paragraph, text: str, *, bold: bool = False):
    """Append user text as one run; python-docx turns \\n into <w:br/> and \\t into <w:tab/>."""
    run = paragraph.add_run()
    run.text = _clean(text)
    if bold:
        run.bold = True
    return run


# -- every page ---------------------------------------------------------------


def _page_marks(base: _Base, header, footer, marks: PageMarks) -> None:
    """Fill a section's (empty) header and footer elements."""
    width = Emu(base.width)
    marking_style = base.style_id(STYLE_MARKING)
    top = _header_paragraph(header, marking_style)
    top.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(top, marks.marking, bold=True)
    if marks.draft_label:
        ooxml.add_watermark(
            top, _clean(marks.draft_label), text_width_pt=width / 12700, font=FONT_FAMILY
        )

    line = _header_paragraph(header, base.style_id("Header"))
    _only_right_tab(line, base.header_tabs_to_clear, width)
    line.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _add_text(line, _one_line(marks.identity))
    line.add_run("\t")
    _add_text(line, _one_line(marks.meeting_date))
    ooxml.rule_below(line, RULE_GREY)

    # The draft label is also written as text: the watermark is a drawing, invisible to text search.
    numbers = _header_paragraph(footer, base.style_id("Footer"))
    _only_right_tab(numbers, base.footer_tabs_to_clear, width)
    numbers.alignment = WD_ALIGN_PARAGRAPH.LEFT
    if marks.draft_label:
        _add_text(numbers, _one_line(marks.draft_label), bold=True)
    tab = "\t"
    for literal, name, _, _ in string.Formatter().parse(marks.page_number):  # {number} and {total} become fields
        if tab + literal:
            numbers.add_run(tab + literal)
        tab = ""
        if name is not None:
            ooxml.add_field(numbers, {"number": "PAGE", "total": "NUMPAGES"}[name], "1")
    bottom = _header_paragraph(footer, marking_style)
    bottom.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _add_text(bottom, marks.marking, bold=True)


def _header_paragraph(part_element, style_id: str | None) -> DocxParagraph:
    p = part_element.add_p()
    p.style = style_id
    return DocxParagraph(p, None)


def _one_line(text: str) -> str:
    return " ".join(_clean(text).replace("\t", " ").split("\n"))


def _only_right_tab(paragraph, to_clear: tuple[int, ...], width: Emu) -> None:
    """Clear the style's tab stops (e.g. Word's centre tab) so the one tab goes to the right margin."""
    stops = paragraph.paragraph_format.tab_stops
    for position in to_clear:
        stops.add_tab_stop(Emu(position), WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)


# -- blocks -------------------------------------------------------------------
#
# The body is written straight into the document element with lxml, as the
# same WordprocessingML python-docx would write (its paragraph and table API
# looks styles up by name and finds cells by scanning, which is slow).

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_W_BODY, _W_SECTPR = _W + "body", _W + "sectPr"
_W_P, _W_PPR, _W_PSTYLE, _W_SPACING = _W + "p", _W + "pPr", _W + "pStyle", _W + "spacing"
_W_R, _W_RPR, _W_B, _W_T, _W_TAB, _W_BR = _W + "r", _W + "rPr", _W + "b", _W + "t", _W + "tab", _W + "br"
_W_TBL, _W_TBLPR, _W_TBLGRID, _W_GRIDCOL = _W + "tbl", _W + "tblPr", _W + "tblGrid", _W + "gridCol"
_W_TR, _W_TRPR, _W_TC, _W_TCPR, _W_TCW, _W_SHD = _W + "tr", _W + "trPr", _W + "tc", _W + "tcPr", _W + "tcW", _W + "shd"
_W_VAL, _W_W, _W_TYPE = _W + "val", _W + "w", _W + "type"
_W_BEFORE, _W_AFTER = _W + "before", _W + "after"
_XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
_BREAKS = re.compile("([\t\r\n])")


def _twips(length: int) -> str:
    return str(Emu(length).twips)


class _BodyWriter:
    """Appends paragraphs and tables to the body element."""

    def __init__(self, body, base: _Base):
        self.body = body
        self.base = base
        self.width = base.width
        self.cell_spacing = _twips(CELL_SPACING)
        self._cell_templates: dict = {}
        self._tbl_pr = None

    def paragraph(self, style_id: str | None, text: str, *, bold: bool = False, prefix: str = ""):
        """A paragraph as python-docx's add_paragraph(style=...) makes it, with one run of user text."""
        p = SubElement(self.body, _W_P)
        p_pr = SubElement(p, _W_PPR)
        if style_id is not None:
            SubElement(p_pr, _W_PSTYLE).set(_W_VAL, style_id)
        if prefix:
            _append_text(SubElement(p, _W_R), prefix)
        _run(p, _clean(text), bold)
        return p

    def keep_with_next(self) -> None:
        """Keep the paragraph just written on the page of what follows (python-docx's
        paragraph_format.keep_with_next; before a table Word keeps it with the table's first row)."""
        p_pr = self.body[-1].find(_W_PPR)
        if p_pr is not None and p_pr.find(_W + "keepNext") is None:
            p_pr.insert(1 if p_pr.find(_W_PSTYLE) is not None else 0, etree.Element(_W + "keepNext"))

    def page_break(self) -> None:
        SubElement(SubElement(SubElement(self.body, _W_P), _W_R), _W_BR).set(_W_TYPE, "page")

    def grid(self, header, rows, widths, *, label_fill: str | None = None, row_height: int | None = None) -> bool:
        """A bordered table at full text width; `header` (if any) is bold, shaded and repeats on each page.

        `label_fill`: the first column is bold and shaded (label/value pairs).
        `row_height`: body rows are at least this tall. No row is cut across pages unless taller than one.
        """
        columns = max([len(header)] + [len(row) for row in rows])
        if columns == 0:
            return False
        if len(widths) != columns or not all(math.isfinite(w) and w > 0 for w in widths):
            widths = (1.0,) * columns
        total = sum(widths)
        width = self.width
        column_widths = [_twips(Emu(int(width * w / total))) for w in widths]

        tbl = SubElement(self.body, _W_TBL)
        tbl.append(self._table_properties())
        grid = SubElement(tbl, _W_TBLGRID)
        for w in column_widths:
            SubElement(grid, _W_GRIDCOL).set(_W_W, w)
        if header:
            tr = SubElement(tbl, _W_TR)
            tr_pr = SubElement(tr, _W_TRPR)
            SubElement(tr_pr, _W + "cantSplit")
            SubElement(tr_pr, _W + "tblHeader")
            self._cells(tr, tuple(header) + ("",) * (columns - len(header)), column_widths, HEADER_FILL, True)
        height = None if row_height is None else _twips(row_height)
        for row in rows:
            tr = SubElement(tbl, _W_TR)
            # As in the PDF, a row that fits on a page is not cut across two (Word still cuts a taller one).
            tr_pr = SubElement(tr, _W_TRPR)
            SubElement(tr_pr, _W + "cantSplit")
            if height is not None:
                tr_height = SubElement(tr_pr, _W + "trHeight")
                tr_height.set(_W_VAL, height)
                tr_height.set(_W + "hRule", "atLeast")
            values = tuple(row) + ("",) * (columns - len(row))
            if label_fill is None:
                self._cells(tr, values, column_widths, None, False)
            else:
                self._cells(tr, values[:1], column_widths[:1], label_fill, True)
                self._cells(tr, values[1:], column_widths[1:], None, False)
        p = SubElement(self.body, _W_P)
        p_pr = SubElement(p, _W_PPR)
        normal = self.base.style_id("Normal")
        if normal is not None:
            SubElement(p_pr, _W_PSTYLE).set(_W_VAL, normal)
        SubElement(p_pr, _W_SPACING).set(_W_AFTER, "0")
        return True

    def _cells(self, tr, values, column_widths, fill: str | None, bold: bool) -> None:
        for value, w in zip(values, column_widths):
            tc = self._cell(w, fill, bold).__copy__()  # lxml copies the whole subtree
            tr.append(tc)
            _append_text(tc[1][1], _clean(value))  # tc / p / r

    def _cell(self, w: str, fill: str | None, bold: bool):
        """An empty cell as python-docx writes it (width, shading, spaced paragraph, one run), to copy."""
        key = (w, fill, bold)
        cell = self._cell_templates.get(key)
        if cell is None:
            cell = etree.Element(_W_TC, nsmap={"w": _W[1:-1]})
            tc_pr = SubElement(cell, _W_TCPR)
            tc_w = SubElement(tc_pr, _W_TCW)
            tc_w.set(_W_TYPE, "dxa")
            tc_w.set(_W_W, w)
            if fill is not None:
                shd = SubElement(tc_pr, _W_SHD)
                shd.set(_W_VAL, "clear")
                shd.set(_W + "color", "auto")
                shd.set(_W + "fill", fill)
            p = SubElement(cell, _W_P)
            space = SubElement(SubElement(p, _W_PPR), _W_SPACING)
            space.set(_W_BEFORE, self.cell_spacing)
            space.set(_W_AFTER, self.cell_spacing)
            r = SubElement(p, _W_R)
            if bold:
                SubElement(SubElement(r, _W_RPR), _W_B)
            self._cell_templates[key] = cell
        return cell

    def _table_properties(self):
        cached = self._tbl_pr
        if cached is None:
            tbl_pr = etree.Element(_W_TBLPR, nsmap={"w": _W[1:-1]})
            style = _found(self.base.table_style)
            if style is not None:
                SubElement(tbl_pr, _W + "tblStyle").set(_W_VAL, style)
            tbl_w = SubElement(tbl_pr, _W + "tblW")
            tbl_w.set(_W_TYPE, "pct")
            tbl_w.set(_W_W, "5000")
            indent = SubElement(tbl_pr, _W + "tblInd")
            indent.set(_W_W, str(ooxml.CELL_MARGIN_TWIPS))
            indent.set(_W_TYPE, "dxa")
            borders = SubElement(tbl_pr, _W + "tblBorders")
            for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
                border = SubElement(borders, _W + edge)
                border.set(_W_VAL, "single")
                border.set(_W + "sz", "4")
                border.set(_W + "space", "0")
                border.set(_W + "color", RULE_GREY)
            SubElement(tbl_pr, _W + "tblLayout").set(_W_TYPE, "fixed")
            margins = SubElement(tbl_pr, _W + "tblCellMar")
            for edge in ("left", "right"):
                margin = SubElement(margins, _W + edge)
                margin.set(_W_W, str(ooxml.CELL_MARGIN_TWIPS))
                margin.set(_W_TYPE, "dxa")
            look = SubElement(tbl_pr, _W + "tblLook")
            for name, value in (("firstColumn", "1"), ("firstRow", "1"), ("lastColumn", "0"), ("lastRow", "0"),
                                ("noHBand", "0"), ("noVBand", "1"), ("val", "04A0")):
                look.set(_W + name, value)
            self._tbl_pr = cached = tbl_pr
        return cached.__copy__()


def _run(p, text: str, bold: bool) -> None:
    """One run of (already clean) text, as python-docx's run.text and run.bold write it."""
    r = SubElement(p, _W_R)
    if bold:
        SubElement(SubElement(r, _W_RPR), _W_B)
    _append_text(r, text)


def _append_text(r, text: str) -> None:
    """Text runs of characters become <w:t>, each tab a <w:tab/>, each line break a <w:br/>."""
    if not text:
        return
    if "\t" not in text and "\n" not in text and "\r" not in text:
        _t(r, text)
        return
    for piece in _BREAKS.split(text):
        if piece == "\t":
            SubElement(r, _W_TAB)
        elif piece == "\n" or piece == "\r":
            SubElement(r, _W_BR)
        elif piece:
            _t(r, piece)


def _t(r, text: str) -> None:
    t = SubElement(r, _W_T)
    t.text = text
    if len(text.strip()) < len(text):
        t.set(_XML_SPACE, "preserve")


def _heading(writer: _BodyWriter, block: Heading) -> None:
    level = 1 if block.level <= 1 else 2
    writer.paragraph(writer.base.style_id(f"Heading {level}"), block.text)


def _paragraph(writer: _BodyWriter, block: Paragraph) -> None:
    style = writer.base.style_id(PARAGRAPH_STYLES.get(block.style, "Normal"))
    writer.paragraph(style, block.text, bold=block.bold)


def _bullets(writer: _BodyWriter, block: Bullets) -> None:
    if not block.items:
        return
    style = writer.base.style_id("List Bullet")
    prefix = "" if writer.base.bullets_numbered else "\u2022\t"
    for item in block.items:
        writer.paragraph(style, item, prefix=prefix)


def _fields(writer: _BodyWriter, block: Fields) -> None:
    writer.grid((), block.pairs, (LABEL_SHARE, 1 - LABEL_SHARE), label_fill=LABEL_FILL)


def _table(writer: _BodyWriter, block: Table) -> None:
    columns = max([len(block.header)] + [len(row) for row in block.rows])
    widths = block.widths
    if columns:
        # As in the PDF, each column is at least as wide as its widest word (in points; the grid takes relative
        # widths), measured in the embedded DejaVu face; a date may wrap at its spaces (the text keeps plain
        # spaces, so what a reader copies or searches is unchanged).
        least = columns_.least_widths(block.header, block.rows, columns, _cell_word_width, CELL_MARGINS + 1,
                                      whole_dates=False)
        widths = tuple(columns_.widths(block.widths, columns, Emu(writer.width).pt, least))
    writer.grid(block.header, block.rows, widths)


def _cell_word_width(word: str, bold: bool) -> float:
    from mappa_desk.documents.render_pdf import word_width  # reportlab's font metrics, loaded when needed
    return word_width(word, bold, CELL_POINTS)


def _signatures(writer: _BodyWriter, block: Signatures) -> None:
    if not block.rows:
        return
    rows = [tuple(row) + ("",) for row in block.rows]
    writer.grid(SIGNATURE_HEADER, rows, SIGNATURE_WIDTHS, row_height=SIGNATURE_ROW_HEIGHT)


def _page_break(writer: _BodyWriter, block: PageBreak) -> None:
    writer.page_break()


_RENDERERS = {
    Heading: _heading,
    Paragraph: _paragraph,
    Bullets: _bullets,
    Fields: _fields,
    Table: _table,
    Signatures: _signatures,
    PageBreak: _page_break,
}


# -- metadata -----------------------------------------------------------------


def _core_properties(core_xml: bytes, doc: Document) -> bytes:
    """Title, subject and author only: no editor name, keywords, or dates that would make each render differ."""
    element = parse_xml(core_xml)  # the reference's, with everything else already removed
    props = CoreProperties(element)
    props.title = _one_line(doc.title)[:255]
    props.subject = _one_line(doc.subject)[:255]
    props.author = _one_line(doc.author)[:255]
    props.revision = 1
    return serialize_part_xml(element)
