"""Protected persons in the documents that leave the Minute and RMP (issue 18 item 4).

Every document but the Minute and the RMP is masked as a whole once built: each text of it (title, subject, page
marks, headings, paragraphs, fields, tables, bullets, sign-offs) passes through the meeting's masker
(domain/protect.py), so no template, field or block can carry a protected person or place past it. In a release
(the Executive Summary and reply letter, audience "shareable"; the tribunal statement, "tribunal") the names of
the agencies the jurisdiction marks never to be named (profile.json never_named_in_releases) are masked too.
"""

from __future__ import annotations

from dataclasses import replace

from mappa_desk.documents.model import (Bullets, Document, Fields, Heading, PageBreak, Paragraph, Signatures,
                                        Table)
from mappa_desk.domain import protect
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, Profile, load_profile

UNMASKED_KINDS = ("minute", "rmp")  # the internal record: it names everyone
RELEASE_AUDIENCES = ("shareable", "tribunal")


def never_named(profile: Profile | None) -> tuple:
    """The agencies of the jurisdiction (the default one's for no profile) never named in a release."""
    return tuple(a for a in (profile or _default()).agencies if a.never_named)


_DEFAULT: list[Profile] = []


def _default() -> Profile:
    if not _DEFAULT:
        _DEFAULT.append(load_profile(DEFAULT_JURISDICTION))
    return _DEFAULT[0]


def masker_for(kind: str, audience: str, individual: Individual, meeting: Meeting, words: dict,
               profile: Profile | None) -> protect.Masker | None:
    """The masker a document of `kind` and `audience` passes through; None for the Minute and the RMP."""
    if kind in UNMASKED_KINDS:
        return None
    listed = list(protect.entries(meeting.protected_persons))
    if audience in RELEASE_AUDIENCES:
        listed += [protect.Entry(a.name, "other") for a in never_named(profile)]
    spare = [individual.given_names, individual.family_name, *individual.aliases]
    return protect.masker(listed, words, spare)


def masked(document: Document, mask: protect.Masker | None) -> Document:
    """`document` with every text passed through `mask` (unchanged when there is nothing to mask)."""
    if not mask:
        return document
    return replace(document, title=mask(document.title), subject=mask(document.subject),
                   marks=replace(document.marks, identity=mask(document.marks.identity)),
                   blocks=tuple(_block(b, mask) for b in document.blocks))


def _block(block, mask):
    if isinstance(block, (Heading, Paragraph)):
        return replace(block, text=mask(block.text))
    if isinstance(block, Fields):
        return replace(block, pairs=tuple((mask(a), mask(b)) for a, b in block.pairs))
    if isinstance(block, Table):
        return replace(block, header=tuple(mask(h) for h in block.header),
                       rows=tuple(tuple(mask(c) for c in row) for row in block.rows))
    if isinstance(block, Bullets):
        return replace(block, items=tuple(mask(i) for i in block.items))
    if isinstance(block, Signatures):
        return replace(block, rows=tuple(tuple(mask(c) for c in row) for row in block.rows))
    if isinstance(block, PageBreak):
        return block
    # A kind of block this does not know could carry a protected name past the mask: refuse, never pass it on.
    raise TypeError(f"masking does not know the document block {type(block).__name__}")
