"""The document model: what a renderer draws, with no knowledge of MAPPA.

A builder (documents/build.py) turns a meeting and a template into a
`Document`; each renderer turns a `Document` into one file format. Text here
is the user's text as typed: each renderer makes it safe for its format.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1  # 1 = section, 2 = sub-section


@dataclass(frozen=True)
class Paragraph:
    text: str
    style: str = "body"  # body | statement (boxed fixed wording) | note (small, muted) | empty ("None recorded")
    bold: bool = False


@dataclass(frozen=True)
class Fields:
    """Label/value pairs, drawn as a two-column table without a header row."""

    pairs: tuple[tuple[str, str], ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    widths: tuple[float, ...] = ()  # relative column widths; empty = equal


@dataclass(frozen=True)
class Bullets:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Signatures:
    """A sign-off block: one line per signatory, with role, name and date, and room to sign."""

    rows: tuple[tuple[str, str, str], ...]  # (role, name, date)


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Union[Heading, Paragraph, Fields, Table, Bullets, Signatures, PageBreak]


@dataclass(frozen=True)
class PageMarks:
    """What stands on every page."""

    marking: str  # protective marking, top and bottom, e.g. OFFICIAL-SENSITIVE
    identity: str  # the individual's name or ViSOR reference
    meeting_date: str  # as shown, e.g. 21 November 2026
    draft_label: str | None = None  # e.g. "DRAFT v3"; None on a final


@dataclass(frozen=True)
class Document:
    title: str  # also the PDF/DOCX metadata title
    subject: str  # metadata subject
    marks: PageMarks
    blocks: tuple[Block, ...] = field(default_factory=tuple)
    author: str = "MAPPA Desk"
    # The DOCX styles and page set-up: the reference.docx beside the template that built the document (its
    # jurisdiction's), or None for python-docx's plain default.
    reference: Path | None = None
