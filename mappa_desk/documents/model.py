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


def leads_in(block: Block, following: Block | None) -> bool:
    """Is `block` a line that introduces `following`, so must not be left alone at the foot of a page?

    The rule is structural, not a mark in the template: a body paragraph followed directly by a block
    that lists (a table, label/value fields, bullets, a sign-off), or by the "None recorded" line that
    stands in for one (e.g. "Contingency plan:" then its table, "Scenario 1.1" then its fields). Each
    renderer keeps such a paragraph on the page of the start of the block after it, as it does a heading.
    """
    if not isinstance(block, Paragraph) or block.style != "body":
        return False
    if isinstance(following, Paragraph):
        return following.style == "empty"
    return isinstance(following, (Table, Fields, Bullets, Signatures))


@dataclass(frozen=True)
class PageMarks:
    """What stands on every page."""

    marking: str  # protective marking, top and bottom, e.g. OFFICIAL-SENSITIVE
    identity: str  # the individual's name or ViSOR reference
    meeting_date: str  # as shown, e.g. 21 November 2026
    draft_label: str | None = None  # e.g. "DRAFT v3"; None on a final
    # The page count's words, {number} and {total} filled on each page. A built document's are the jurisdiction's
    # (common.toml [words] page_number); this default serves documents made without a template (samples, tests).
    page_number: str = "Page {number} of {total}"


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
