"""Generating the documents of a meeting: build, render DOCX and PDF, write atomically, record hashes."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from mappa_desk.documents.build import Request, build, file_stem, load_templates
from mappa_desk.documents.template import DOCUMENT_KINDS
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.domain.profile import Profile
from mappa_desk.errors import UserFacingError, describe_os_error
from mappa_desk.files import atomic_write
from mappa_desk.services import records
from mappa_desk.services.session import Session, utc_now

FORMATS = ("docx", "pdf")
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Generated:
    kind: str
    format: str
    path: Path
    sha256: str


def _renderers():
    # Imported on first use: the renderers pull in reportlab and python-docx, which
    # the CLI's other commands never need.
    from mappa_desk.documents.render_docx import render_docx
    from mappa_desk.documents.render_pdf import render_pdf
    return {"docx": render_docx, "pdf": render_pdf}


def render_all(individual: Individual, meeting: Meeting, profile: Profile, out_dir: str | Path, *,
               version: int | None, request: Request = Request(), kinds=DOCUMENT_KINDS, formats=FORMATS,
               progress: Progress | None = None) -> list[Generated]:
    """Every document of one meeting in every format. version=None renders the final (no DRAFT mark)."""
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise describe_os_error(err, "the documents folder") from err
    agencies = {a.code: a.name for a in profile.agencies}
    templates = load_templates(profile.jurisdiction)
    renderers = _renderers()
    total, done, generated = len(kinds) * len(formats), 0, []
    for kind in kinds:
        template = templates[kind]
        document = build(template, individual, meeting, agencies, version=version, request=request)
        stem = file_stem(template, individual, meeting, version)
        for fmt in formats:
            data = renderers[fmt](document)
            path = out / f"{stem}.{fmt}"
            atomic_write(path, data, what=f"the file {path.name}")
            generated.append(Generated(kind, fmt, path, hashlib.sha256(data).hexdigest()))
            done += 1
            if progress:
                progress(done, total)
    return generated


def generate_for_meeting(session: Session, meeting_id: int, out_dir: str | Path, *, final: bool = False,
                         request: Request = Request(), progress: Progress | None = None) -> list[Generated]:
    """Render from the vault and record every file's version and SHA-256 in it."""
    individual, meeting = records.load(session, meeting_id)
    db = session.db
    if final and db.scalar("SELECT 1 FROM document_versions WHERE meeting_id = ? AND status = 'final'", (meeting_id,)):
        raise UserFacingError("This meeting's documents are already final and cannot be generated again. "
                              "A correction will be an addendum (not yet available).")
    version = (db.scalar("SELECT max(version) FROM document_versions WHERE meeting_id = ?", (meeting_id,)) or 0) + 1
    generated = render_all(individual, meeting, session.profile, out_dir, version=None if final else version,
                           request=request, progress=progress)
    now = utc_now()
    with db.transaction():
        for g in generated:
            db.execute(
                """INSERT INTO document_versions (meeting_id, kind, version, status, format, sha256, created_at, created_by)
                   VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT actor FROM temp.audit_actor LIMIT 1))""",
                (meeting_id, g.kind, version, "final" if final else "draft", g.format, g.sha256, now))
    return generated
