"""Layout of the official documents as a reader sees them: sections numbered without a gap, no heading alone
at the foot of a page, no date broken inside a word, and optional rows left out when empty."""

import re
from pathlib import Path

import pytest
from docx.oxml.ns import qn

from mappa_desk.demo import demo_records
from mappa_desk.documents.build import build, load_templates, refusal
from mappa_desk.documents.render_docx import render_docx
from mappa_desk.documents.render_pdf import render_pdf
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile
from tests.documents.pdf_text import docx_text, pdf_pages_text

AGENCIES = {a.code: a.name for a in load_profile(DEFAULT_JURISDICTION).agencies}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _held():
    """(individual, meeting) for every held demo meeting."""
    return [(i, m) for i, history in demo_records() for m in history if m.status != "planned"]


def _one(kind: str):
    return next((i, m) for i, m in _held() if m.kind == kind)


def _numbers(text: str, headings: list[str]) -> list[int]:
    """The numbers in front of the given section headings, in the order the text has them."""
    found = []
    for line in text.splitlines():
        match = re.fullmatch(r"(\d+)\. (.+)", line.strip())
        if match and match.group(2) in headings:
            found.append(int(match.group(1)))
    return found


@pytest.mark.parametrize("meeting_kind", ["initial", "review"])
@pytest.mark.parametrize("kind", ["minute", "rmp"])
def test_sections_are_numbered_one_two_three_without_a_gap_in_pdf_and_docx(meeting_kind, kind):
    individual, meeting = _one(meeting_kind)
    template = load_templates(DEFAULT_JURISDICTION)[kind]
    document = build(template, individual, meeting, AGENCIES, version=1)
    titles = [re.sub(r"^\d+\. ", "", s["heading"]) for s in template.sections if s.get("heading")]
    pdf = "\n".join(pdf_pages_text(render_pdf(document)))
    docx = docx_text(render_docx(document, document.reference))
    for text in (pdf, docx):
        numbers = _numbers(text, titles)
        assert numbers == list(range(1, len(numbers) + 1)) and len(numbers) >= 6, numbers
    if kind == "minute":
        assert ("Actions from the previous meeting" in pdf) == (meeting_kind == "review")


def test_a_numbered_heading_in_the_template_is_not_numbered_twice():
    individual, meeting = _one("initial")
    document = build(load_templates(DEFAULT_JURISDICTION)["minute"], individual, meeting, AGENCIES, version=1)
    text = docx_text(render_docx(document, document.reference))
    assert "3. Attendance" in text and "4. Information shared" in text
    assert not re.search(r"\d+\. \d+\. ", text)


def _all_pdfs():
    templates = load_templates(DEFAULT_JURISDICTION)
    for individual, meeting in _held():
        for kind, template in templates.items():
            if refusal(kind, individual, meeting):  # the statement for a tribunal, of a meeting that has none
                continue
            document = build(template, individual, meeting, AGENCIES, version=1)
            yield f"{kind} {individual.visor_ref} {meeting.meeting_date}", document, render_pdf(document)


@pytest.fixture(scope="module")
def all_pdfs():
    return [(name, document, pdf_pages_text(data)) for name, document, data in _all_pdfs()]


def _body_lines(page: str) -> list[str]:
    return [line.strip() for line in page.splitlines() if line.strip() and not line.startswith("Page ")]


def test_no_page_of_any_demo_document_ends_with_a_heading(all_pdfs):
    alone = []
    for name, document, pages in all_pdfs:
        headings = {b.text for b in document.blocks if type(b).__name__ == "Heading"}
        for number, page in enumerate(pages[:-1], 1):
            lines = _body_lines(page)
            if lines and lines[-1] in headings:
                alone.append(f"{name}, page {number}: {lines[-1]}")
    assert not alone, alone


def test_no_date_or_month_is_broken_inside_a_word_in_any_demo_pdf(all_pdfs):
    broken = []
    for name, _, pages in all_pdfs:
        for number, page in enumerate(pages, 1):
            for month in MONTHS:
                for cut in range(1, len(month)):
                    if re.search(rf"\b{month[:cut]}\n{month[cut:]}\b", page):
                        broken.append(f"{name}, page {number}: {month[:cut]}|{month[cut:]}")
            for match in re.finditer(r"\b\d{1,2}\n(?:" + "|".join(MONTHS) + r")\b", page):
                broken.append(f"{name}, page {number}: {match.group(0)!r}")
    assert not broken, broken


@pytest.mark.parametrize("aliases", [[], ["Cal Example", "C Example"]])
def test_the_aliases_row_is_printed_only_when_there_are_aliases(aliases):
    individual, meeting = _one("initial")
    individual.aliases = aliases
    document = build(load_templates(DEFAULT_JURISDICTION)["minute"], individual, meeting, AGENCIES, version=1)
    pdf = "\n".join(pdf_pages_text(render_pdf(document)))
    docx = docx_text(render_docx(document, document.reference))
    for text in (pdf, docx):
        assert ("Also known as" in text) == bool(aliases)
        if aliases:
            assert "Cal Example, C Example" in text.replace("\n", " ")


def _narrow_dates_table():
    from mappa_desk.documents import model as dm
    table = dm.Table(("Action", "Owner", "Due", "Outcome", "Note"),
                     (("Visit the address", "DC Example", "20 November 2026", "Done", "None"),),
                     (8, 3, 1, 1, 6))
    return dm.Document("T", "S", dm.PageMarks("OFFICIAL-SENSITIVE", "Example", "1 May 2026"), (table,))


def test_a_date_in_a_narrow_pdf_column_is_not_broken_inside_a_word():
    text = pdf_pages_text(render_pdf(_narrow_dates_table()))[0]
    assert "20 November 2026" in text.replace("\xa0", " ")  # one line: the column holds the whole date


def test_a_narrow_docx_column_is_wide_enough_for_its_longest_word():
    import io

    import docx
    from docx.shared import Pt

    document = docx.Document(io.BytesIO(render_docx(_narrow_dates_table())))
    due = document.tables[0].columns[2].width
    # "November" is 55 points wide in DejaVu Sans at 10.5 points; Word's cell margins take 10.8 more.
    assert due >= Pt(55 + 10.8)
    assert document.tables[0].cell(1, 2).text == "20 November 2026"  # plain spaces: what a reader copies


def test_every_heading_of_the_docx_keeps_with_the_next_paragraph():
    individual, meeting = _one("review")
    document = build(load_templates(DEFAULT_JURISDICTION)["minute"], individual, meeting, AGENCIES, version=1)
    import io

    import docx
    out = docx.Document(io.BytesIO(render_docx(document, document.reference)))
    headings = [p for p in out.paragraphs if p.style.name.startswith("Heading")]
    assert len(headings) >= 13
    for paragraph in headings:
        style, keep = paragraph.style, paragraph.paragraph_format.keep_with_next
        while keep is None and style is not None:
            keep, style = style.paragraph_format.keep_with_next, style.base_style
        assert keep, paragraph.text


@pytest.mark.parametrize("reason", ["", "Nobody outside the agencies needs to know at this stage."])
def test_why_no_disclosure_is_needed_is_printed_only_when_a_reason_is_recorded(reason):
    """A meeting that lists its disclosures has no reason for making none: its Minute must not say "Why no
    disclosure is needed: Not recorded", which reads as a gap in the record."""
    individual, meeting = _one("initial")
    meeting.disclosure_none_reason = reason
    document = build(load_templates(DEFAULT_JURISDICTION)["minute"], individual, meeting, AGENCIES, version=1)
    pdf = "\n".join(pdf_pages_text(render_pdf(document)))
    docx = docx_text(render_docx(document, document.reference))
    for text in (pdf.replace("\n", " "), docx.replace("\n", " ")):
        assert ("Why no disclosure is needed" in text) == bool(reason)
        if reason:
            assert reason in text


# -- page breaks in the official cases and the demo meetings (issue 17, item 8) -----------------------------

CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"


@pytest.fixture(scope="module")
def case_pdfs(tmp_path_factory):
    """(name, document, pages' text) of the Minute and RMP of every official case's meeting, each case imported
    into a new vault in file order and its documents built from the vault, as the app renders the final."""
    from mappa_desk.interchange import files as interchange
    from mappa_desk.services import records
    from mappa_desk.services import session as sessions
    from tests.conftest import FAST_KDF, PASSPHRASE

    found = []
    for case in sorted(p for p in CASES.iterdir() if p.is_dir()):
        _, session = sessions.create(tmp_path_factory.mktemp(case.name) / "vault", PASSPHRASE, kdf=FAST_KDF)
        try:
            agencies = {a.code: a.name for a in session.profile.agencies}
            templates = load_templates(session.profile.jurisdiction)
            for path in sorted(case.glob("*.json")):
                individual, meeting = interchange.read_for(path, session.profile)
                imported = records.import_meeting(session, individual, meeting, update_individual=True)
                individual, meeting = records.load(session, imported.meeting_id)
                for kind in ("minute", "rmp"):
                    document = build(templates[kind], individual, meeting, agencies, version=None,
                                     profile=session.profile)
                    found.append((f"{kind} {case.name}/{path.name}", document,
                                  pdf_pages_text(render_pdf(document))))
        finally:
            session.close()
    return found


def _furniture(pages: list[str]) -> int:
    """How many lines every page starts with: the running header and footer, as pypdf reads them."""
    lines = [page.splitlines() for page in pages]
    common = 0
    while len(lines) > 1 and all(len(page) > common and page[common] == lines[0][common] for page in lines):
        common += 1
    return common


def _every(case_pdfs, all_pdfs, kinds=("minute", "rmp")):
    return [(name, document, pages) for name, document, pages in [*case_pdfs, *all_pdfs]
            if name.split()[0] in kinds]


def test_no_page_ends_with_a_line_that_introduces_what_follows(case_pdfs, all_pdfs):
    """"Contingency plan:" (or any line ending in a colon) is on the page its table starts on."""
    alone = []
    for name, _, pages in [*case_pdfs, *all_pdfs]:
        for number, page in enumerate(pages[:-1], 1):
            lines = _body_lines(page)
            if lines and lines[-1].endswith(":"):
                alone.append(f"{name}, page {number}: {lines[-1]}")
    assert not alone, alone


def _row_starts(headers_and_rows) -> dict[str, list[str]]:
    """Per table header (its cells joined by spaces): the text each of its rows starts with."""
    starts: dict[str, list[str]] = {}
    for header, rows in headers_and_rows:
        if not header:
            continue
        firsts = starts.setdefault(" ".join(header), [])
        for row in rows:
            first = next((cell for cell in row if cell.strip()), "")
            firsts.append(" ".join(first.split()))
    return starts


def _tables(document):
    from mappa_desk.documents import model as dm
    for block in document.blocks:
        if isinstance(block, dm.Table):
            yield block.header, block.rows
        elif isinstance(block, dm.Signatures):
            yield ("Role", "Name", "Date", "Signature"), [(role, name, date) for role, name, date in block.rows]


def test_no_page_starts_with_the_repeated_column_headings_over_the_rest_of_a_cut_row(case_pdfs, all_pdfs):
    """A row that fits on a page is never cut across two. The check a reader makes: where a page starts with
    a table's column headings (repeated over the rest of the table), the next line starts one of its rows
    (its first cell that is not empty), not the middle of one."""
    cut = []
    for name, document, pages in _every(case_pdfs, all_pdfs):
        starts = _row_starts(_tables(document))
        skip = _furniture(pages)
        for number, page in enumerate(pages[1:], 2):
            lines = [line.strip() for line in page.splitlines()[skip:] if line.strip()]
            for header, firsts in starts.items():
                taken = next((k for k in range(1, len(lines)) if " ".join(lines[:k]) == header), None)
                if taken is None:
                    continue
                following = lines[taken] if taken < len(lines) else ""
                if not any(first.startswith(following) for first in firsts if first):
                    cut.append(f"{name}, page {number}: {header!r} then {following!r}")
    assert not cut, cut


def test_the_first_page_of_every_minute_is_filled(case_pdfs, all_pdfs):
    """The details of the individual and the meeting (a long fields block) start on page 1 and break between
    rows, rather than leaving half of page 1 empty. The proxy: page 1 holds at least 45 lines of text (a full
    page holds about 55 here; with the block moved whole to page 2 it held 22 to 29)."""
    short = []
    for name, _, pages in _every(case_pdfs, all_pdfs, kinds=("minute",)):
        lines = _body_lines(pages[0])
        if len(pages) > 1 and len(lines) < 45:
            short.append(f"{name}: {len(lines)} lines")
    assert not short, short


@pytest.mark.parametrize("filler, on_first", [(20, 10), (31, 8), (34, 7), (43, 0)])
def test_a_long_fields_block_breaks_between_rows_keeping_two_rows_on_each_page(filler, on_first):
    """Ten label/value rows under a heading, after `filler` lines of text: the block starts on page 1 under
    its heading and breaks between rows, never leaving one row alone on either page (after 31 lines a
    ninth row would fit on page 1, leaving the tenth alone; after 43 the first would be alone, so the
    heading and the block move to page 2 together)."""
    from mappa_desk.documents import model as dm
    pairs = tuple((f"Label {n}", f"Value {n}") for n in range(1, 11))
    lines = dm.Paragraph("\n".join(f"Line {n}" for n in range(1, filler + 1)))
    document = dm.Document("T", "S", dm.PageMarks("OFFICIAL-SENSITIVE", "Example", "1 May 2026"),
                           (lines, dm.Heading("2. Details"), dm.Fields(pairs)))
    pages = pdf_pages_text(render_pdf(document))
    assert len(pages) == (1 if on_first == 10 else 2)
    assert [n for n in range(1, 11) if f"Label {n}\n" in pages[0]] == list(range(1, on_first + 1))
    assert ("2. Details" in pages[0]) == (on_first > 0)


def test_the_docx_keeps_an_introducing_line_with_its_table_and_a_row_on_one_page():
    """Word keeps "Contingency plan:" (a line ending in a colon before a table) with the table's first row, as
    the PDF does, and cuts no table row across pages unless it is taller than one."""
    import io

    import docx
    individual, meeting = _one("initial")
    document = build(load_templates(DEFAULT_JURISDICTION)["minute"], individual, meeting, AGENCIES, version=1)
    out = docx.Document(io.BytesIO(render_docx(document, document.reference)))
    introducing = [p for p in out.paragraphs if p.text.endswith(":") and p.style.name == "Normal"
                   and p._p.getnext() is not None and p._p.getnext().tag == qn("w:tbl")]
    assert len(introducing) >= 3, [p.text for p in introducing]
    for paragraph in introducing:
        assert paragraph.paragraph_format.keep_with_next, paragraph.text
    for table in out.tables:
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None, row.cells[0].text


def _table_document(rows, lead: int = 20):
    from mappa_desk.documents import model as dm
    text = dm.Paragraph("\n".join(f"Line {n}" for n in range(1, lead + 1)))
    return dm.Document("T", "S", dm.PageMarks("OFFICIAL-SENSITIVE", "Example", "1 May 2026"),
                       (text, dm.Table(("Name", "Text"), tuple(rows), (1, 4))))


def test_a_row_that_fits_on_a_page_moves_whole_to_the_next_page():
    """Its lines are never shared between two pages: the column headings on page 2 head the whole row."""
    lines = "\n".join(f"row line {n}" for n in range(1, 25))
    rows = [("One", "a"), ("Two", "b"), ("Three", lines), ("Four", "c"), ("Five", "d")]
    pages = pdf_pages_text(render_pdf(_table_document(rows, lead=35)))
    assert len(pages) == 2
    assert "Two" in pages[0] and "row line" not in pages[0]
    skip = _furniture(pages)
    assert pages[1].splitlines()[skip:skip + 4] == ["Name", "Text", "Three", "row line 1"]


def test_a_row_taller_than_a_page_starts_where_it_falls_and_goes_on_under_the_headings():
    words = " ".join(f"word{n}" for n in range(1, 1500))
    pages = pdf_pages_text(render_pdf(_table_document([("One", "a"), ("Tall", words), ("Last", "z")])))
    assert "word1 " in pages[0]  # not moved whole: it could not fit on any page
    skip = _furniture(pages)
    for page in pages[1:]:
        assert page.splitlines()[skip:skip + 2] == ["Name", "Text"]
    assert {f"word{n}" for n in range(1, 1500)} <= set(" ".join(pages).split())  # nothing lost at a cut


def test_rows_too_tall_to_keep_two_a_side_break_one_a_side_without_a_cut_row():
    """Four rows of about 300 points: two with the headings fill more than a page, so a break leaving two rows a
    side cannot fit even on a new page; it then leaves one a side, and still cuts no row."""
    rows = [(f"Row {k}", "\n".join(f"{k} line {n}" for n in range(1, 25))) for k in range(1, 5)]
    pages = pdf_pages_text(render_pdf(_table_document(rows, lead=1)))
    for k in range(1, 5):
        holding = [number for number, page in enumerate(pages) if f"{k} line 1\n" in page or f"{k} line 24" in page]
        assert len(set(holding)) == 1, (k, holding)
