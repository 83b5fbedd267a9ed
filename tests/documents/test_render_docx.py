"""The DOCX renderer: page marks, metadata, blocks, embedded fonts, any text, and what LibreOffice makes of it."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import sys
import zipfile

import docx
import pypdf
import pytest
from docx.opc.exceptions import PackageNotFoundError
from docx.oxml.ns import qn
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mappa_desk import paths
from mappa_desk.domain.profile import DEFAULT_JURISDICTION
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
)
from mappa_desk.documents.render_docx import render_docx
from mappa_desk.documents.render_docx_ooxml import normalise_zip, obfuscate_font, write_zip, zip_entries, zip_entry
from mappa_desk.documents.text import xml_safe

MARKING = "OFFICIAL-SENSITIVE"
IDENTITY = "Jane Example (ViSOR 12/3456789)"
DATE = "21 November 2026"
DRAFT = "DRAFT v3"
V_NS = "urn:schemas-microsoft-com:vml"
# A built document carries its jurisdiction's reference.docx; these hand-made ones carry Scotland's.
SCOTTISH_REFERENCE = paths.jurisdiction_dir(DEFAULT_JURISDICTION) / "reference.docx"
NASTY = ("\x00", "\x0b", "\u202e", "🙂", "שלום", "مرحبا", "<b>x", "&amp;", "]]>", "a\r\nb\rc\td", "\ufffe", "\ud800")


def marks(draft: str | None = DRAFT) -> PageMarks:
    return PageMarks(MARKING, IDENTITY, DATE, draft)


def sample(draft: str | None = DRAFT, blocks: tuple = ()) -> Document:
    blocks = blocks or (
        Heading("1. Purpose and confidentiality"),
        Paragraph("This is the Minute of a Level 2 review meeting."),
        Paragraph("The information in this Minute is confidential.", "statement"),
        Paragraph("Shared with the agencies present only.", "note"),
        Paragraph("None recorded", "empty"),
        Paragraph("Decision recorded", bold=True),
        Heading("1.1 Attendance", 2),
        Fields((("Name", "Jane Example"), ("Lead agency", "Police Scotland"))),
        Table(("Name", "Agency", "Attendance"), (("A Chair", "Police Scotland", "Present"), ("B Officer", "Social Work", "Apologies")), (3, 3, 2)),
        Bullets(("First action", "Second action")),
        PageBreak(),
        Signatures((("Chair", "A Chair", "21 November 2026"),)),
    )
    return Document("MAPPA Minute", "Minute of a MAPPA Level 2 review meeting", marks(draft), blocks,
                    reference=SCOTTISH_REFERENCE)


def reopen(data: bytes):
    return docx.Document(io.BytesIO(data))


def xml(element) -> str:
    return etree.tostring(element, encoding="unicode")


def all_paragraph_texts(document) -> list[str]:
    """Every paragraph of the body in order, including those inside table cells."""
    return [DocxParagraph(p, document).text for p in document.element.body.iter(qn("w:p"))]


def expected(text: str) -> str:
    return xml_safe(text).replace("\r\n", "\n").replace("\r", "\n")


def one_line(text: str) -> str:
    return " ".join(expected(text).replace("\t", " ").split("\n"))


# -- structure ----------------------------------------------------------------


def test_output_reopens_and_keeps_every_block_in_order():
    document = reopen(render_docx(sample()))
    texts = [t for t in all_paragraph_texts(document) if t]
    for wanted in ("MAPPA Minute", "1. Purpose and confidentiality", "This is the Minute of a Level 2 review meeting.",
                   "The information in this Minute is confidential.", "Shared with the agencies present only.",
                   "None recorded", "Decision recorded", "1.1 Attendance", "Name", "Jane Example", "Lead agency",
                   "Police Scotland", "Agency", "A Chair", "B Officer", "Apologies", "First action",
                   "Second action", "Role", "Signature", "Chair", "21 November 2026"):
        assert wanted in texts, wanted
    assert texts.index("1. Purpose and confidentiality") < texts.index("1.1 Attendance") < texts.index("First action")


def test_blocks_use_the_named_styles():
    document = reopen(render_docx(sample()))
    style_of = {p.text: p.style.name for p in document.paragraphs if p.text}
    assert style_of["1. Purpose and confidentiality"] == "Heading 1"
    assert style_of["1.1 Attendance"] == "Heading 2"
    assert style_of["The information in this Minute is confidential."] == "Statement"
    assert style_of["Shared with the agencies present only."] == "Note"
    assert style_of["None recorded"] == "Empty Entry"
    assert style_of["First action"] == "List Bullet"
    assert [r.bold for p in document.paragraphs if p.text == "Decision recorded" for r in p.runs] == [True]
    statement = document.styles["Statement"].element
    assert statement.find(f"{qn('w:pPr')}/{qn('w:pBdr')}") is not None
    assert statement.find(f"{qn('w:pPr')}/{qn('w:shd')}") is not None


def test_tables_have_a_repeating_bold_shaded_header_and_relative_widths():
    document = reopen(render_docx(sample()))
    fields, table, signatures = document.tables
    header = table.rows[0]
    assert header._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert all(run.bold for cell in header.cells for run in cell.paragraphs[0].runs)
    assert all(cell._tc.find(f"{qn('w:tcPr')}/{qn('w:shd')}") is not None for cell in header.cells)
    assert table.rows[1]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None
    widths = [col.width for col in table.columns]
    assert widths[0] == widths[1] and abs(widths[0] / widths[2] - 1.5) < 0.01
    assert "w:tblBorders" in xml(table._tbl.tblPr)
    # Fields: no header row, label column bold and about a third of the width.
    assert fields._tbl.find(f".//{qn('w:tblHeader')}") is None
    assert all(run.bold for row in fields.rows for run in row.cells[0].paragraphs[0].runs)
    assert not any(run.bold for row in fields.rows for run in row.cells[1].paragraphs[0].runs)
    label, value = (col.width for col in fields.columns)
    assert 0.30 < label / (label + value) < 0.34
    # Signatures: a header, then tall rows with room to sign.
    assert [c.text for c in signatures.rows[0].cells] == ["Role", "Name", "Date", "Signature"]
    assert signatures.rows[1].height >= Pt(30)


def test_ragged_and_empty_tables_do_not_fail():
    doc = sample(blocks=(Table(("A", "B"), (("1",), ("1", "2", "3")), (1.0, -2.0)), Table((), ()), Fields(()),
                         Signatures(()), Bullets(()), Heading("deep", 7)))
    document = reopen(render_docx(doc))
    assert len(document.tables) == 1
    assert [len(r.cells) for r in document.tables[0].rows] == [3, 3, 3]
    assert "deep" in [p.text for p in document.paragraphs if p.style.name == "Heading 2"]


def test_newlines_become_line_breaks_and_tabs_stay_tabs():
    data = render_docx(sample(blocks=(Paragraph("one\ntwo\r\nthree\tfour"),)))
    document = reopen(data)
    paragraph = next(p for p in document.paragraphs if p.text.startswith("one"))
    assert paragraph.text == "one\ntwo\nthree\tfour"
    assert len(paragraph._p.findall(f".//{qn('w:br')}")) == 2


# -- every page ---------------------------------------------------------------


@pytest.mark.parametrize("draft", [DRAFT, None])
def test_every_section_has_marking_identity_date_and_page_fields(draft):
    document = reopen(render_docx(sample(draft)))
    assert document.sections
    for section in document.sections:
        header, footer = xml(section.header._element), xml(section.footer._element)
        assert not section.header.is_linked_to_previous
        assert [p.text for p in section.header.paragraphs][:2] == [MARKING, f"{IDENTITY}\t{DATE}"]
        assert section.header.paragraphs[0].runs[0].bold
        assert section.header.paragraphs[0].style.name == section.footer.paragraphs[-1].style.name == "Protective Marking"
        assert section.footer.paragraphs[-1].text == MARKING and section.footer.paragraphs[-1].runs[0].bold
        assert MARKING in header and IDENTITY in header and DATE in header
        instructions = [el.text.strip() for el in section.footer._element.iter(qn("w:instrText"))]
        assert instructions == ["PAGE", "NUMPAGES"]
        kinds = [el.get(qn("w:fldCharType")) for el in section.footer._element.iter(qn("w:fldChar"))]
        assert kinds == ["begin", "separate", "end"] * 2
        assert "Page " in footer and " of " in footer


def test_watermark_on_a_draft_only():
    draft = reopen(render_docx(sample(DRAFT)))
    for section in draft.sections:
        header = section.header._element
        textpaths = [el.get("string") for el in header.iter(f"{{{V_NS}}}textpath") if el.get("string")]
        assert textpaths == [DRAFT]
        assert "rotation:315" in header.find(f".//{{{V_NS}}}shape").get("style")
        assert DRAFT in section.footer.paragraphs[0].text
    final = reopen(render_docx(sample(None)))
    for section in final.sections:
        assert section.header._element.find(f".//{{{V_NS}}}shape") is None
        assert "DRAFT" not in xml(section.header._element) + xml(section.footer._element)


def test_headers_of_the_reference_are_replaced(tmp_path):
    reference = docx.Document()
    section = reference.sections[0]
    section.header.paragraphs[0].text = "OLD HEADER"
    section.different_first_page_header_footer = True
    section.first_page_header.paragraphs[0].text = "OLD FIRST PAGE"
    reference.settings.odd_and_even_pages_header_footer = True
    reference.add_paragraph("OLD BODY")
    path = tmp_path / "ref.docx"
    reference.save(path)
    document = reopen(render_docx(sample(), path))
    assert not document.settings.odd_and_even_pages_header_footer
    for section in document.sections:
        assert not section.different_first_page_header_footer
        assert "OLD" not in xml(section.header._element)
    assert "OLD BODY" not in all_paragraph_texts(document)


# -- metadata, fonts, reference -----------------------------------------------


def test_core_properties_hold_title_subject_author_and_nothing_personal():
    props = reopen(render_docx(sample())).core_properties
    assert props.title == "MAPPA Minute"
    assert props.subject == "Minute of a MAPPA Level 2 review meeting"
    assert props.author == "MAPPA Desk"
    assert props.last_modified_by == "" and props.keywords == "" and props.comments == ""
    assert props.created is None and props.modified is None and props.revision == 1


def test_same_model_gives_the_same_bytes():
    assert render_docx(sample()) == render_docx(sample())


def test_dejavu_sans_is_embedded_the_way_word_does_it():
    data = render_docx(sample())
    package = zipfile.ZipFile(io.BytesIO(data))
    font_table = etree.fromstring(package.read("word/fontTable.xml"))
    rels = etree.fromstring(package.read("word/_rels/fontTable.xml.rels"))
    targets = {rel.get("Id"): rel.get("Target") for rel in rels}
    font = next(f for f in font_table.iter(qn("w:font")) if f.get(qn("w:name")) == "DejaVu Sans")
    assert font.find(qn("w:altName")).get(qn("w:val")) == "Arial"
    originals = {"w:embedRegular": "DejaVuSans.ttf", "w:embedBold": "DejaVuSans-Bold.ttf"}
    for tag, file_name in originals.items():
        embed = font.find(qn(tag))
        key = embed.get(qn("w:fontKey"))
        assert re.fullmatch(r"\{[0-9A-F]{8}(-[0-9A-F]{4}){3}-[0-9A-F]{12}\}", key)
        stored = package.read("word/" + targets[embed.get(qn("r:id"))])
        original = (paths.fonts_dir() / file_name).read_bytes()
        assert stored != original and stored[32:] == original[32:]
        assert obfuscate_font(stored, key) == original  # XOR is its own inverse
    assert b"obfuscatedFont" in package.read("[Content_Types].xml")
    assert b"<w:embedTrueTypeFonts/>" in package.read("word/settings.xml")
    styles = reopen(data).styles.element
    defaults = styles.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}")
    assert defaults.get(qn("w:ascii")) == "DejaVu Sans" and defaults.get(qn("w:asciiTheme")) is None


def test_obfuscation_follows_ecma_376():
    key = "{00112233-4455-6677-8899-AABBCCDDEEFF}"
    font = bytes(40)
    # The key's bytes, last pair first, applied twice over the first 32 bytes.
    reversed_key = bytes.fromhex("FFEEDDCCBBAA99887766554433221100")
    assert obfuscate_font(font, key) == reversed_key * 2 + bytes(8)


def test_a_document_is_rendered_on_its_own_reference_the_scottish_one_here():
    assert SCOTTISH_REFERENCE.is_file()
    document = reopen(render_docx(sample()))
    section = document.sections[0]
    assert abs(section.page_width.mm - 210) < 0.5 and abs(section.page_height.mm - 297) < 0.5
    assert abs(section.left_margin.mm - 20) < 0.5
    assert document.styles["Normal"].font.size == Pt(10.5)


def test_a_reference_with_styles_missing_still_renders(tmp_path):
    """Word saves only the styles a file uses: a hand-edited reference may lack ours."""
    reference = docx.Document()
    styles = reference.styles.element
    for style in list(styles.iter(qn("w:style"))):
        name = style.find(qn("w:name")).get(qn("w:val"))
        if name not in ("Normal", "Default Paragraph Font"):
            styles.remove(style)
    path = tmp_path / "bare.docx"
    reference.save(path)
    document = reopen(render_docx(sample(), path))
    names = {p.style.name for p in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Statement", "Note", "Empty Entry", "List Bullet"} <= names
    assert document.sections[0].header.paragraphs[0].style.name == "Protective Marking"
    bullets = [p.text for p in document.paragraphs if p.style.name == "List Bullet"]
    assert bullets == ["\u2022\tFirst action", "\u2022\tSecond action"]


# -- what is prepared once per reference ----------------------------------------


def test_an_edited_reference_is_picked_up(tmp_path):
    path = tmp_path / "ref.docx"
    for size in (11, 14):
        reference = docx.Document()
        reference.styles["Normal"].font.size = Pt(size)
        reference.save(path)
        stat = path.stat()
        # A later save, whatever the clock's resolution (both files may even be the same size).
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + size * 1_000_000_000))
        assert reopen(render_docx(sample(), path)).styles["Normal"].font.size == Pt(size)


def test_a_missing_reference_is_an_error(tmp_path):
    with pytest.raises(PackageNotFoundError):
        render_docx(sample(), tmp_path / "missing.docx")


def test_one_render_leaves_nothing_behind_for_the_next():
    first = render_docx(sample())
    other = sample(None, blocks=(Heading("Other"), Table(("X",), (("only here",),))))
    other_data = render_docx(other)
    assert render_docx(sample()) == first
    document = reopen(other_data)
    texts = [t for t in all_paragraph_texts(document) if t]
    assert texts == ["MAPPA Minute", "Other", "X", "only here"]
    assert len(document.tables) == 1
    assert "DRAFT" not in xml(document.sections[0].header._element) + xml(document.sections[0].footer._element)
    assert [p.text for p in document.sections[0].footer.paragraphs] == ["\tPage 1 of 1", MARKING]


def test_a_long_table_keeps_every_row_cell_and_width():
    rows = tuple((f"Person {i}", f"Agency {i}", "Present" if i % 2 else "") for i in range(500))
    document = reopen(render_docx(sample(blocks=(Table(("Name", "Agency", "Attendance"), rows, (3, 3, 2)),))))
    (table,) = document.tables
    assert len(table.rows) == 501
    cells = [[c.text for c in row.cells] for row in table.rows]
    assert cells == [["Name", "Agency", "Attendance"]] + [list(r) for r in rows]
    headers = [row._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for row in table.rows]
    assert headers == [True] + [False] * 500
    grid = [col.width for col in table.columns]
    assert all([cell.width for cell in row.cells] == grid for row in table.rows)
    assert not any(run.bold for row in table.rows[1:] for cell in row.cells for run in cell.paragraphs[0].runs)


def test_the_zip_is_what_zipfile_writes_and_reads():
    contents = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>" * 500, "empty": b""}
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w", zipfile.ZIP_DEFLATED) as package:
        for name, content in contents.items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            package.writestr(info, content)
    ours = write_zip(zip_entry(name, content) for name, content in contents.items())
    assert ours == plain.getvalue() == normalise_zip(ours)
    assert write_zip(zip_entries(ours)) == ours
    with zipfile.ZipFile(io.BytesIO(ours)) as package:
        assert package.testzip() is None
        assert {name: package.read(name) for name in package.namelist()} == contents


# -- any text -----------------------------------------------------------------

any_text = st.one_of(
    st.text(),
    st.sampled_from(NASTY),
    st.lists(st.one_of(st.sampled_from(NASTY), st.text(max_size=5)), max_size=6).map("".join),
)


@settings(deadline=None, max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(text=any_text)
def test_any_text_in_every_kind_of_block_renders_and_reopens(text):
    doc = Document(
        title=text, subject=text,
        marks=PageMarks(text or "M", text, text, text or None),
        blocks=(
            Heading(text), Heading(text, 2), Paragraph(text), Paragraph(text, "statement"),
            Paragraph(text, "note"), Paragraph(text, "empty", bold=True), Fields(((text, text),)),
            Table((text, "h"), ((text, text),), (1.0, 2.0)), Bullets((text, text)),
            Signatures(((text, text, text),)), PageBreak(),
        ),
        author=text,
    )
    document = reopen(render_docx(doc))
    clean = expected(text)
    texts = all_paragraph_texts(document)
    assert sum(1 for t in texts if clean in t) >= 15
    assert document.core_properties.title == one_line(text)[:255]
    for section in document.sections:
        header = [p.text for p in section.header.paragraphs]
        assert clean in header[0]
        assert header[1] == f"{one_line(text)}\t{one_line(text)}"


def test_a_100_kb_string_survives_in_a_paragraph_and_a_cell():
    big = ("Lorem ipsum 🙂 שלום <b>&amp; ]]>\n" * 3000)[:100_000]
    document = reopen(render_docx(sample(blocks=(Paragraph(big), Table(("Big",), ((big,),))))))
    texts = all_paragraph_texts(document)
    assert texts.count(big) == 2


# -- LibreOffice ----------------------------------------------------------------

REJECT_DEJAVU_SANS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont><pattern>
    <patelt name="family"><string>DejaVu Sans</string></patelt>
  </pattern></rejectfont></selectfont>
</fontconfig>
"""


def soffice() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is not on PATH; CI must install it (apt: libreoffice-writer-nogui)")
        pytest.skip("LibreOffice (soffice) is not installed")
    return exe


def long_draft() -> Document:
    blocks = [Heading("1. Purpose"), Paragraph("Confidential wording.", "statement")]
    rows = tuple((f"Person {i}", "Police Scotland", "Present") for i in range(60))
    blocks.append(Table(("Name", "Agency", "Attendance"), rows, (3, 3, 2)))
    for n in range(2, 6):
        blocks += [Heading(f"{n}. Section {n}"), Paragraph("Discussion of the risk and the plan. " * 30)]
    blocks += [PageBreak(), Heading("6. Sign-off"), Signatures((("Chair", "A Chair", DATE),))]
    return Document("MAPPA Minute", "Minute", marks(DRAFT), tuple(blocks), reference=SCOTTISH_REFERENCE)


def test_libreoffice_draws_marks_page_numbers_and_embedded_font_on_every_page(tmp_path):
    exe = soffice()
    source = tmp_path / "minute.docx"
    source.write_bytes(render_docx(long_draft()))
    env = dict(os.environ)
    if sys.platform.startswith("linux"):
        # Hide the system's DejaVu Sans, so the font in the PDF can only have come from the DOCX.
        (tmp_path / "fonts.conf").write_text(REJECT_DEJAVU_SANS)
        env["FONTCONFIG_FILE"] = str(tmp_path / "fonts.conf")
    command = [exe, "--headless", f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
               "--convert-to", "pdf", "--outdir", str(tmp_path), str(source)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    pdf_path = tmp_path / "minute.pdf"
    assert pdf_path.is_file(), f"soffice made no PDF: {result.stdout} {result.stderr}"

    reader = pypdf.PdfReader(pdf_path)
    total = len(reader.pages)
    assert total >= 3
    fonts = set()
    for number, page in enumerate(reader.pages, start=1):
        height = float(page.mediabox.height)
        pieces: list[tuple[str, float]] = []
        text = page.extract_text(visitor_text=lambda t, cm, tm, *_: pieces.append((t, tm[5] * cm[3] + cm[5])))
        top = [t for t, y in pieces if y > 0.85 * height]
        bottom = [t for t, y in pieces if y < 0.15 * height]
        assert any(MARKING in t for t in top), f"page {number}: no marking at the top"
        assert any(MARKING in t for t in bottom), f"page {number}: no marking at the bottom"
        assert f"Page {number} of {total}" in text, f"page {number}: {text[-120:]!r}"
        assert DRAFT in text and IDENTITY in text and DATE in text
        for font in (page.get("/Resources") or {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("DejaVuSans" in f for f in fonts), fonts
    assert any("DejaVuSans-Bold" in f for f in fonts), fonts
