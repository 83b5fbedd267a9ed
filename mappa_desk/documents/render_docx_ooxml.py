"""Low-level WordprocessingML that python-docx has no API for: fields, watermark, borders, embedded fonts."""

from __future__ import annotations

import functools
import hashlib
import io
import os
import struct
import sys
import uuid
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path

from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from lxml import etree

OBFUSCATED_FONT = "application/vnd.openxmlformats-officedocument.obfuscatedFont"
FONT_TABLE = "application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"
_R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_V_NS = "urn:schemas-microsoft-com:vml"
_VML_DECLS = (
    f'xmlns:v="{_V_NS}" xmlns:o="urn:schemas-microsoft-com:office:office" '
    'xmlns:w10="urn:schemas-microsoft-com:office:word"'
)

# The shape type Word writes for WordArt text along a path (o:spt=136), copied
# from what "Insert > Watermark" produces so Word and LibreOffice both know it.
_TEXTPATH_SHAPETYPE = """
<v:shapetype id="_x0000_t136" coordsize="21600,21600" o:spt="136" adj="10800"
    path="m@7,l@8,m@5,21600l@6,21600e">
  <v:formulas>
    <v:f eqn="sum #0 0 10800"/><v:f eqn="prod #0 2 1"/><v:f eqn="sum 21600 0 @1"/>
    <v:f eqn="sum 0 0 @2"/><v:f eqn="sum 21600 0 @3"/><v:f eqn="if @0 @3 0"/>
    <v:f eqn="if @0 21600 @1"/><v:f eqn="if @0 0 @2"/><v:f eqn="if @0 @4 21600"/>
    <v:f eqn="mid @5 @6"/><v:f eqn="mid @8 @5"/><v:f eqn="mid @7 @8"/>
    <v:f eqn="mid @6 @7"/><v:f eqn="sum @6 0 @5"/>
  </v:formulas>
  <v:path textpathok="t" o:connecttype="custom" o:connectlocs="@9,0;@10,10800;@11,21600;@12,10800"
      o:connectangles="270,180,90,0"/>
  <v:textpath on="t" fitshape="t"/>
  <v:handles><v:h position="#0,bottomRight" xrange="6629,14971"/></v:handles>
  <o:lock v:ext="edit" text="t" shapetype="t"/>
</v:shapetype>"""


def add_field(paragraph, instruction: str, placeholder: str) -> None:
    """A complex field (begin, instruction, separate, cached result, end) that Word and LibreOffice recompute."""
    parts = (
        ("fldChar", "begin"),
        ("instrText", f" {instruction} "),
        ("fldChar", "separate"),
        ("t", placeholder),
        ("fldChar", "end"),
    )
    for kind, value in parts:
        run = paragraph.add_run()
        el = OxmlElement(f"w:{kind}")
        if kind == "fldChar":
            el.set(qn("w:fldCharType"), value)
        else:
            el.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
            el.text = value
        run._r.append(el)


def add_watermark(paragraph, text: str, *, text_width_pt: float, font: str) -> None:
    """The diagonal grey text Word's "Insert > Watermark" puts behind every page, anchored in a header paragraph."""
    text = " ".join(text.split()) or " "
    # Word sizes the shape to the text and fitshape stretches the glyphs to it:
    # keep glyphs at a natural aspect ratio (about 3:1 height per character).
    width = min(text_width_pt, 90.0 * len(text))
    height = min(width * 3.0 / max(len(text), 1), width)
    style = (
        f"position:absolute;margin-left:0;margin-top:0;width:{width:.1f}pt;height:{height:.1f}pt;"
        "rotation:315;z-index:-251657216;mso-position-horizontal:center;"
        "mso-position-horizontal-relative:margin;mso-position-vertical:center;"
        "mso-position-vertical-relative:margin"
    )
    run = parse_xml(
        f'<w:r {nsdecls("w")} {_VML_DECLS}><w:rPr><w:noProof/></w:rPr><w:pict>'
        f"{_TEXTPATH_SHAPETYPE}"
        '<v:shape id="PowerPlusWaterMarkObject1" o:spid="_x0000_s2049" type="#_x0000_t136" '
        'o:allowincell="f" fillcolor="#d0d0d0" stroked="f">'
        '<v:fill opacity=".5"/><v:textpath string=""/>'
        '<w10:wrap anchorx="margin" anchory="margin"/></v:shape></w:pict></w:r>'
    )
    shape = run.find(f".//{{{_V_NS}}}shape")
    shape.set("style", style)
    textpath = shape.find(f"{{{_V_NS}}}textpath")
    textpath.set("style", f'font-family:"{font}";font-size:1pt')
    textpath.set("string", text)
    paragraph._p.append(run)


def shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    for old in tc_pr.findall(qn("w:shd")):
        tc_pr.remove(old)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tc_pr.append(shd)


def set_table_borders(table, color: str = "808080", size: int = 4) -> None:
    """Single lines round and between every cell, like Word's "Table Grid"."""
    tbl_pr = table._tbl.tblPr
    for old in tbl_pr.findall(qn("w:tblBorders")):
        tbl_pr.remove(old)
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_border(f"w:{edge}", color, size, 0))
    # CT_TblPr order: ... tblW, jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout, ...
    _insert_before(tbl_pr, borders, ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption"))


def set_table_width_pct(table, fraction: float = 1.0) -> None:
    tbl_pr = table._tbl.tblPr
    tbl_w = tbl_pr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = OxmlElement("w:tblW")
        style = tbl_pr.find(qn("w:tblStyle"))
        if style is not None:
            style.addnext(tbl_w)
        else:
            tbl_pr.insert(0, tbl_w)
    tbl_w.set(qn("w:type"), "pct")
    tbl_w.set(qn("w:w"), str(int(5000 * fraction)))


def repeat_as_header(row) -> None:
    """Mark a row to repeat at the top of each page the table runs onto (w:tblHeader)."""
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    tr_pr.append(el)


def keep_row_together(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.insert(0, OxmlElement("w:cantSplit"))


def _font_key(font_bytes: bytes) -> str:
    # Derived from the font alone, so the same font gets the same key every time.
    return "{" + str(uuid.uuid5(uuid.NAMESPACE_OID, hashlib.sha256(font_bytes).hexdigest())).upper() + "}"


def obfuscate_font(font_bytes: bytes, font_key: str) -> bytes:
    """ECMA-376 Part 1 17.8.1: XOR the first 32 bytes with the key GUID's bytes in reverse order."""
    key = bytes.fromhex(font_key.strip("{}").replace("-", ""))[::-1]
    head = bytes(b ^ key[i % 16] for i, b in enumerate(font_bytes[:32]))
    return head + font_bytes[32:]


@functools.lru_cache(maxsize=8)
def _obfuscated_font(path: str, mtime_ns: int, size: int) -> tuple[str, bytes]:
    """(font key, obfuscated part) for a font file, read and obfuscated once per file version."""
    raw = Path(path).read_bytes()
    key = _font_key(raw)
    return key, obfuscate_font(raw, key)


def obfuscated_font(path: Path) -> tuple[str, bytes]:
    stat = os.stat(path)
    return _obfuscated_font(str(path), stat.st_mtime_ns, stat.st_size)


def _font_table_part(document) -> Part:
    doc_part = document.part
    for rel in doc_part.rels.values():
        if rel.reltype == RT.FONT_TABLE and not rel.is_external:
            return rel.target_part
    blob = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:fonts {nsdecls("w", "r")}/>'.encode()
    part = Part(PackURI("/word/fontTable.xml"), FONT_TABLE, blob, doc_part.package)
    doc_part.relate_to(part, RT.FONT_TABLE)
    return part


def embed_fonts(document, family: str, regular: Path, bold: Path | None, alt_name: str) -> None:
    """Embed a TrueType family the way Word does: obfuscated parts referenced from fontTable.xml."""
    table_part = _font_table_part(document)
    fonts = parse_xml(table_part.blob)
    for old in fonts.findall(qn("w:font")):
        if old.get(qn("w:name")) == family:
            fonts.remove(old)
    font = parse_xml(
        f'<w:font {nsdecls("w", "r")} w:name=""><w:altName w:val=""/>'
        '<w:panose1 w:val="020B0603030804020204"/><w:charset w:val="00"/>'
        '<w:family w:val="swiss"/><w:pitch w:val="variable"/></w:font>'
    )
    font.set(qn("w:name"), family)
    font.find(qn("w:altName")).set(qn("w:val"), alt_name)
    package = document.part.package
    for tag, path in (("w:embedRegular", regular), ("w:embedBold", bold)):
        if path is None or not Path(path).is_file():
            continue
        key, blob = obfuscated_font(Path(path))
        partname = package.next_partname("/word/fonts/font%d.odttf")
        part = Part(partname, OBFUSCATED_FONT, blob, package)
        embed = OxmlElement(tag)
        embed.set(qn("r:id"), table_part.relate_to(part, RT.FONT))
        embed.set(qn("w:fontKey"), key)
        font.append(embed)
    fonts.append(font)
    # Drop font relationships nothing refers to any more (an older embedding of this family).
    used = {el.get(f"{{{_R_NS}}}id") for el in fonts.iter() if el.get(f"{{{_R_NS}}}id")}
    for r_id, rel in list(table_part.rels.items()):
        if rel.reltype == RT.FONT and r_id not in used:
            del table_part.rels[r_id]
    table_part._blob = etree.tostring(fonts, xml_declaration=True, encoding="UTF-8", standalone=True)
    if len(font.findall(qn("w:embedRegular"))) or len(font.findall(qn("w:embedBold"))):
        _settings_flag(document, "w:embedTrueTypeFonts")


_SETTINGS_BEFORE_EMBED = {
    qn(f"w:{t}")
    for t in (
        "writeProtection", "view", "zoom", "removePersonalInformation", "removeDateAndTime",
        "doNotDisplayPageBoundaries", "displayBackgroundShape", "printPostScriptOverText",
        "printFractionalCharacterWidth", "printFormsData", "embedTrueTypeFonts",
    )
}


def _settings_flag(document, tag: str) -> None:
    settings = document.settings.element
    if settings.find(qn(tag)) is not None:
        return
    el = OxmlElement(tag)
    for child in settings:
        if child.tag not in _SETTINGS_BEFORE_EMBED:
            child.addprevious(el)
            return
    settings.append(el)


def set_default_font(document, family: str) -> None:
    """Make `family` the font of docDefaults, and of any style that only names a theme font."""
    styles = document.styles.element
    rpr_default = styles.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault"))
    if rpr_default is None:
        doc_defaults = styles.find(qn("w:docDefaults"))
        if doc_defaults is None:
            doc_defaults = OxmlElement("w:docDefaults")
            styles.insert(0, doc_defaults)
        rpr_default = OxmlElement("w:rPrDefault")
        doc_defaults.insert(0, rpr_default)
    rpr = rpr_default.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        rpr_default.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    _name_fonts(fonts, family)
    for fonts in styles.iter(qn("w:rFonts")):
        if any(k.endswith("Theme") for k in fonts.attrib):
            _name_fonts(fonts, family)


def _name_fonts(fonts, family: str) -> None:
    for key in list(fonts.attrib):
        if key.endswith("Theme"):
            del fonts.attrib[key]
    for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
        fonts.set(qn(f"w:{attr}"), family)


# Every entry is written with the same fixed timestamp and permissions, so equal
# content gives equal bytes. The layout is exactly what zipfile writes for
# ZipInfo(name, (1980, 1, 1, 0, 0, 0)) with ZIP_DEFLATED and 0o644 attributes.
ZIP_LEVEL = 6  # zlib's default, what zipfile uses
_DOS_DATE = (1980 - 1980) << 9 | 1 << 5 | 1
_DOS_TIME = 0
_CREATE_SYSTEM = 0 if sys.platform == "win32" else 3
_EXTERNAL_ATTR = 0o644 << 16


@dataclass(frozen=True)
class ZipEntry:
    """One deflated package part, ready to be written (and kept, for parts that never change)."""

    name: str
    crc: int
    size: int
    data: bytes  # raw deflate stream


def zip_entry(name: str, content: bytes, level: int = ZIP_LEVEL) -> ZipEntry:
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return ZipEntry(name, zlib.crc32(content), len(content), data)


def zip_entries(data: bytes) -> list[ZipEntry]:
    """The entries of a zip, in order, keeping each deflated entry's compressed data as it is."""
    entries = []
    with zipfile.ZipFile(io.BytesIO(data)) as package:
        for info in package.infolist():
            if info.compress_type != zipfile.ZIP_DEFLATED or info.flag_bits & 0x1:
                entries.append(zip_entry(info.filename, package.read(info)))
                continue
            fields = struct.unpack("<4s2B4HL2L2H", data[info.header_offset:info.header_offset + 30])
            start = info.header_offset + 30 + fields[10] + fields[11]
            entries.append(ZipEntry(info.filename, info.CRC, info.file_size, data[start:start + info.compress_size]))
    return entries


def write_zip(entries) -> bytes:
    """The zip of already-deflated entries, in order (no ZIP64: parts stay far below 4 GB)."""
    out = []
    central = []
    offset = 0
    for entry in entries:
        try:
            name, flags = entry.name.encode("ascii"), 0
        except UnicodeEncodeError:
            name, flags = entry.name.encode("utf-8"), 0x800
        header = struct.pack(
            "<4s2B4HL2L2H", b"PK\003\004", 20, 0, flags, zipfile.ZIP_DEFLATED, _DOS_TIME, _DOS_DATE,
            entry.crc, len(entry.data), entry.size, len(name), 0,
        )
        central.append(struct.pack(
            "<4s4B4HL2L5H2L", b"PK\001\002", 20, _CREATE_SYSTEM, 20, 0, flags, zipfile.ZIP_DEFLATED,
            _DOS_TIME, _DOS_DATE, entry.crc, len(entry.data), entry.size, len(name), 0, 0, 0, 0,
            _EXTERNAL_ATTR, offset,
        ) + name)
        out += (header, name, entry.data)
        offset += len(header) + len(name) + len(entry.data)
    directory = b"".join(central)
    end = struct.pack("<4s4H2LH", b"PK\005\006", 0, 0, len(central), len(central), len(directory), offset, 0)
    return b"".join(out) + directory + end


def normalise_zip(data: bytes) -> bytes:
    """The same package with fixed entry timestamps, so equal documents give equal bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return write_zip([zip_entry(info.filename, src.read(info.filename)) for info in src.infolist()])


def _border(tag: str, color: str, size: int, space: int) -> object:
    el = OxmlElement(tag)
    el.set(qn("w:val"), "single")
    el.set(qn("w:sz"), str(size))
    el.set(qn("w:space"), str(space))
    el.set(qn("w:color"), color)
    return el


# CT_PPrBase order after pBdr: shd, tabs, suppressAutoHyphens, ... spacing, ind, ..., jc, ..., outlineLvl
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
               "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd",
               "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents",
               "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def box_style(style, color: str, fill: str) -> None:
    """A paragraph style with a single-line box and a light fill (boxed fixed wording)."""
    p_pr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:shd"):
        for old in p_pr.findall(qn(tag)):
            p_pr.remove(old)
    borders = OxmlElement("w:pBdr")
    for edge in ("top", "left", "bottom", "right"):
        borders.append(_border(f"w:{edge}", color, 6, 4))
    _insert_before(p_pr, borders, _AFTER_PBDR)
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    _insert_before(p_pr, shd, _AFTER_PBDR[1:])


def rule_below(paragraph, color: str) -> None:
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    borders.append(_border("w:bottom", color, 4, 1))
    _insert_before(p_pr, borders, _AFTER_PBDR)


def set_outline_level(style, level: int) -> None:
    """So a style named Heading N also shows in navigation panes and tables of contents."""
    p_pr = style.element.get_or_add_pPr()
    if p_pr.find(qn("w:outlineLvl")) is not None:
        return
    el = OxmlElement("w:outlineLvl")
    el.set(qn("w:val"), str(level))
    _insert_before(p_pr, el, _AFTER_PBDR[_AFTER_PBDR.index("w:outlineLvl") + 1:])


def style_has_numbering(style) -> bool:
    """Whether the style (or one it is based on) brings its own bullet or number."""
    while style is not None:
        p_pr = style.element.pPr
        if p_pr is not None and p_pr.find(qn("w:numPr")) is not None:
            return True
        style = style.base_style
    return False


CELL_MARGIN_TWIPS = 108  # Word's default left/right cell padding (0.19 cm)


def align_table_to_margins(table) -> None:
    """Indent by the cell padding so the table's border, not its text, sits on the margin."""
    tbl_pr = table._tbl.tblPr
    for tag in ("w:tblInd", "w:tblCellMar"):
        for old in tbl_pr.findall(qn(tag)):
            tbl_pr.remove(old)
    indent = OxmlElement("w:tblInd")
    indent.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
    indent.set(qn("w:type"), "dxa")
    margins = OxmlElement("w:tblCellMar")
    for edge in ("left", "right"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:w"), str(CELL_MARGIN_TWIPS))
        el.set(qn("w:type"), "dxa")
        margins.append(el)
    # CT_TblPr order: tblStyle, tblpPr, tblOverlap, bidiVisual, tblStyleRowBandSize,
    # tblStyleColBandSize, tblW, jc, tblCellSpacing, tblInd, tblBorders, shd, tblLayout, tblCellMar, tblLook
    before_indent = ("w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption")
    _insert_before(tbl_pr, indent, before_indent)
    _insert_before(tbl_pr, margins, ("w:tblLook", "w:tblCaption", "w:tblDescription"))


def _insert_before(parent, el, successors: tuple[str, ...]) -> None:
    for tag in successors:
        anchor = parent.find(qn(tag))
        if anchor is not None:
            anchor.addprevious(el)
            return
    parent.append(el)
