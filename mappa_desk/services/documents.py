"""Generating the documents of a meeting: build, render DOCX and PDF, write atomically, record hashes."""

from __future__ import annotations

import hashlib
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from mappa_desk.documents.build import Request, build, file_stem, load_templates
from mappa_desk.documents.template import DOCUMENT_KINDS
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.domain.profile import Profile
from mappa_desk.errors import UserFacingError, describe_os_error
from mappa_desk.files import atomic_write, refuse_inside_vault
from mappa_desk.services import record_events, records
from mappa_desk.services.session import Session, utc_now

FORMATS = ("docx", "pdf")
WRITERS = 4  # files written (and fsynced) at once
Progress = Callable[[int, int], None]
# Called inside the transaction that records a final's files, with the database and the version: the
# lifecycle (services/lifecycle.py) makes the record final in that same transaction.
OnFinal = Callable[[object, int], None]


@dataclass(frozen=True)
class Generated:
    kind: str
    format: str
    path: Path
    sha256: str


def render_all(individual: Individual, meeting: Meeting, profile: Profile, out_dir: str | Path, *,
               version: int | None, request: Request = Request(), kinds=DOCUMENT_KINDS, formats=FORMATS,
               progress: Progress | None = None) -> list[Generated]:
    """Every document of one meeting in every format. version=None renders the final (no DRAFT mark)."""
    agencies = {a.code: a.name for a in profile.agencies}
    templates = load_templates(profile.jurisdiction)
    documents = []
    for kind in kinds:
        template = templates[kind]
        documents.append((kind, file_stem(template, individual, meeting, version),
                          build(template, individual, meeting, agencies, version=version, request=request)))
    return _write_all(documents, out_dir, formats, progress)


def write_rendered(document, kind: str, stem: str, out_dir: str | Path, *, formats=FORMATS,
                   progress: Progress | None = None) -> list[Generated]:
    """One built document in each format, written atomically as `stem.<format>` in `out_dir`."""
    return _write_all([(kind, stem, document)], out_dir, formats, progress)


def _write_all(documents: list[tuple[str, str, object]], out_dir: str | Path, formats, progress: Progress | None
               ) -> list[Generated]:
    """Each (kind, stem, document) in each format, written atomically as `stem.<format>` in `out_dir`.

    The files are rendered by the render workers when they are warm (documents/render_pool.py), else here.
    Each is written as soon as it is ready, by one of WRITERS threads: a write waits ~10 ms for the disk
    (fsync) without holding the GIL, while other files render. The list comes back in the order asked for.
    """
    out = Path(out_dir)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise describe_os_error(err, "the documents folder") from err
    from mappa_desk.documents import render_pool  # imported once there is somewhere to write
    files = [(kind, stem, document, fmt) for kind, stem, document in documents for fmt in formats]
    written: dict[int, Generated] = {}
    lock = threading.Lock()

    def write(index: int, data: bytes) -> None:
        kind, stem, _document, fmt = files[index]
        path = out / f"{stem}.{fmt}"
        atomic_write(path, data, what=f"the file {path.name}")
        with lock:
            written[index] = Generated(kind, fmt, path, hashlib.sha256(data).hexdigest())
            if progress:
                progress(len(written), len(files))

    with ThreadPoolExecutor(max_workers=WRITERS, thread_name_prefix="write-document") as writers:
        writes = []
        render_pool.render_each([(document, fmt) for _kind, _stem, document, fmt in files],
                                lambda index, data: writes.append(writers.submit(write, index, data)))
        for future in writes:
            future.result()  # the first failure to write is raised; the other files are written whole
    return [written[i] for i in range(len(files))]


def generate_for_meeting(session: Session, meeting_id: int, out_dir: str | Path, *, final: bool = False,
                         request: Request = Request(), progress: Progress | None = None,
                         on_final: OnFinal | None = None) -> list[Generated]:
    """Render from the vault and record every file's version and SHA-256 in it.

    A draft of a record being written up moves it to "draft" and is logged (record_events.draft_generated);
    a draft of a final record is refused. The app makes a record final through lifecycle.make_final, which
    passes `on_final`.
    """
    refuse_inside_vault(out_dir, session.vault.folder, "the documents")
    individual, meeting = records.load(session, meeting_id)
    db = session.db
    if not final:
        record_events.check_draft_allowed(meeting.status)
    if final and db.scalar("SELECT 1 FROM document_versions WHERE meeting_id = ? AND status = 'final'", (meeting_id,)):
        raise UserFacingError("This meeting's documents are already final and cannot be generated again. "
                              "A correction is made as an addendum to the final Minute.")
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
        if not final:
            record_events.draft_generated(db, meeting_id, version, now)
        elif on_final is not None:
            on_final(db, version)
    return generated
