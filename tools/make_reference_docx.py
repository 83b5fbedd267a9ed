"""Regenerate templates/scotland/reference.docx: the styles and page set-up every DOCX is built on.

Run from the repository root:  python tools/make_reference_docx.py [output.docx]

A person may instead edit reference.docx in Word: the renderer only relies on
the style names used here (Normal, Title, Heading 1, Heading 2, Header,
Footer, Protective Marking, List Bullet, Table Grid, Statement, Note,
Empty Entry).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
from docx.enum.section import WD_ORIENT  # noqa: E402
from docx.enum.text import WD_TAB_ALIGNMENT  # noqa: E402
from docx.opc.constants import RELATIONSHIP_TYPE as RT  # noqa: E402
from docx.oxml.ns import qn  # noqa: E402
from docx.shared import Mm, Pt, RGBColor  # noqa: E402

from mappa_desk import paths  # noqa: E402
from mappa_desk.domain.profile import DEFAULT_JURISDICTION  # noqa: E402
from mappa_desk.documents import render_docx_ooxml as ooxml  # noqa: E402
from mappa_desk.documents.render_docx import (  # noqa: E402
    FONT_FAMILY,
    LABEL_FILL,
    RULE_GREY,
    STATEMENT_FILL,
    STYLE_EMPTY,
    STYLE_MARKING,
    STYLE_NOTE,
    STYLE_STATEMENT,
    ensure_styles,
)

BLACK = RGBColor(0, 0, 0)
DARK = RGBColor(0x1F, 0x1F, 0x1F)
MUTED = RGBColor(0x59, 0x59, 0x59)
MARGIN = Mm(20)
STYLES_WITH_EFFECTS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"


def build() -> bytes:
    out = docx.Document()
    _drop_sample_thumbnail(out)
    ensure_styles(out)
    ooxml.set_default_font(out, FONT_FAMILY)

    section = out.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = MARGIN
    section.top_margin = Mm(25)
    section.bottom_margin = Mm(22)
    section.header_distance = Mm(9)
    section.footer_distance = Mm(8)
    text_width = section.page_width - 2 * MARGIN

    styles = out.styles
    _font(styles["Normal"], size=10.5, color=BLACK)
    _spacing(styles["Normal"], after=6, line=1.1)
    _font(styles["Title"], size=17, bold=True, color=DARK)
    _spacing(styles["Title"], before=0, after=10)
    _strip_borders(styles["Title"])
    _font(styles["Heading 1"], size=13, bold=True, color=DARK)
    _spacing(styles["Heading 1"], before=14, after=5)
    _font(styles["Heading 2"], size=11, bold=True, color=DARK)
    _spacing(styles["Heading 2"], before=10, after=4)
    for name in ("Title", "Heading 1", "Heading 2"):
        styles[name].font.italic = False
        styles[name].paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):
        _font(styles[name], size=8.5, color=BLACK)
        _spacing(styles[name], before=0, after=0, line=1.0)
        stops = styles[name].paragraph_format.tab_stops
        stops.clear_all()
        stops.add_tab_stop(text_width // 2, WD_TAB_ALIGNMENT.CENTER)
        stops.add_tab_stop(text_width, WD_TAB_ALIGNMENT.RIGHT)
    _font(styles[STYLE_MARKING], size=10, bold=True, color=BLACK)
    _spacing(styles[STYLE_MARKING], before=0, after=0, line=1.0)
    _font(styles[STYLE_NOTE], size=9, color=MUTED)
    _font(styles[STYLE_EMPTY], italic=True, color=MUTED)
    statement = styles[STYLE_STATEMENT]
    _spacing(statement, before=6, after=8)
    statement.paragraph_format.left_indent = statement.paragraph_format.right_indent = Pt(5)
    ooxml.box_style(statement, RULE_GREY, STATEMENT_FILL)
    _spacing(styles["List Bullet"], after=3)
    _table_grid(styles["Table Grid"])

    _sample_body(out)
    props = out.core_properties
    for child in list(props._element):
        props._element.remove(child)
    props.title = "MAPPA Desk reference document"
    props.author = "MAPPA Desk"
    props.revision = 1
    buffer = io.BytesIO()
    out.save(buffer)
    return ooxml.normalise_zip(buffer.getvalue())


def _font(style, *, size=None, bold=None, italic=None, color=None) -> None:
    if size is not None:
        style.font.size = Pt(size)
    if bold is not None:
        style.font.bold = bold
    if italic is not None:
        style.font.italic = italic
    if color is not None:
        style.font.color.rgb = color
        rpr_color = style.element.rPr.find(qn("w:color"))
        for attr in ("w:themeColor", "w:themeShade", "w:themeTint"):
            rpr_color.attrib.pop(qn(attr), None)


def _spacing(style, *, before=None, after=None, line=None) -> None:
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if line is not None:
        fmt.line_spacing = line


def _strip_borders(style) -> None:
    p_pr = style.element.pPr
    if p_pr is not None:
        for el in p_pr.findall(qn("w:pBdr")):
            p_pr.remove(el)


def _table_grid(style) -> None:
    """Thin grey grid, so a table pasted by hand in Word matches the rendered ones."""
    tbl_pr = style.element.find(qn("w:tblPr"))
    if tbl_pr is None:
        return
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = docx.oxml.OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = docx.oxml.OxmlElement(f"w:{edge}")
        for key, value in (("val", "single"), ("sz", "4"), ("space", "0"), ("color", RULE_GREY)):
            el.set(qn(f"w:{key}"), value)
        borders.append(el)
    tbl_pr.append(borders)


def _drop_sample_thumbnail(out) -> None:
    """Drop python-docx's thumbnail of its own sample page, and its stale Word 2010 copy of the styles."""
    for rels, reltype in ((out.part.package.rels, RT.THUMBNAIL), (out.part.rels, STYLES_WITH_EFFECTS)):
        for r_id, rel in list(rels.items()):
            if rel.reltype == reltype:
                del rels[r_id]


def _sample_body(out) -> None:
    """One line in each style, so a person restyling this file in Word can see what they change."""
    out.add_paragraph("Reference document for MAPPA Desk", style="Title")
    out.add_paragraph(
        "MAPPA Desk uses only the styles of this file, its page set-up and its header and footer"
        " distances. The text here is ignored. Restyle by editing the styles, not the text.",
    )
    out.add_paragraph("PROTECTIVE MARKING (top and bottom of every page)", style=STYLE_MARKING)
    out.add_paragraph("1. Heading 1", style="Heading 1")
    out.add_paragraph("1.1 Heading 2", style="Heading 2")
    out.add_paragraph("Statement: boxed fixed wording.", style=STYLE_STATEMENT)
    out.add_paragraph("Note: small, muted text.", style=STYLE_NOTE)
    out.add_paragraph("Empty Entry: None recorded.", style=STYLE_EMPTY)
    out.add_paragraph("List Bullet", style="List Bullet")
    table = out.add_table(rows=2, cols=2)
    table.style = out.styles["Table Grid"]
    table.cell(0, 0).text, table.cell(0, 1).text = "Label", "Value"
    ooxml.shade(table.cell(0, 0), LABEL_FILL)


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else paths.jurisdiction_dir(DEFAULT_JURISDICTION) / "reference.docx"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(build())
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
