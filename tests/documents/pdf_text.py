"""Reading generated files back as a user's tools would: pypdf for PDFs, python-docx for DOCX."""

from __future__ import annotations

import io
import re

import docx
from pypdf import PdfReader


def pdf_pages_text(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


def pdf_body_text(data: bytes) -> str:
    """The text as a reader reads on across a page break: the running header and footer of every page
    after the first (the lines all pages start with) and the "Page n of m" lines left out."""
    pages = [page.splitlines() for page in pdf_pages_text(data)]
    common = 0
    if len(pages) > 1:
        while all(len(page) > common and page[common] == pages[0][common] for page in pages):
            common += 1
    lines = [line for number, page in enumerate(pages) for line in (page if number == 0 else page[common:])]
    return "\n".join(line for line in lines if not re.fullmatch(r"Page \d+ of \d+", line.strip()))


def docx_text(data: bytes) -> str:
    """Body paragraphs, table cells, headers and footers."""
    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        for part in (section.header, section.footer):
            parts.extend(p.text for p in part.paragraphs)
    return "\n".join(parts)
