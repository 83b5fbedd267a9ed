"""Generating the documents of a meeting: build, render DOCX and PDF, write atomically, record hashes.

Final documents never appear before the record is final. They are written under hidden temporary names
(`.mappa-desk-final-<token>-<n>.<format>.part`, with no `_FINAL` in them), and the transaction that makes
the record final also records which temporary file becomes which `_FINAL` file (a `final_files_pending:<id>`
setting). Only after that commit is each renamed into place, and the setting removed. A final refused
or killed before the commit leaves no `_FINAL` file (the temporary ones are removed, or removed by the next
final into that folder); one killed after the commit is finished at the next unlock (`finish_pending`).
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from mappa_desk.documents.build import Request, build, file_stem, load_templates, refusal
from mappa_desk.documents.template import DOCUMENT_KINDS, STATEMENT_KINDS
from mappa_desk.domain import dates, text_check
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.domain.profile import Profile
from mappa_desk.errors import UserFacingError, describe_os_error
from mappa_desk.files import atomic_write, fsync_dir, refuse_inside_vault
from mappa_desk.services import record_events, records
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import documents as store
from mappa_desk.storage.documents import ISSUED, PENDING_SETTING

FORMATS = ("docx", "pdf")
WRITERS = 4  # files written (and fsynced) at once
Progress = Callable[[int, int], None]
# Called inside the transaction that records a final's files, with the database and the version: the
# lifecycle (services/lifecycle.py) makes the record final in that same transaction.
OnFinal = Callable[[object, int], None]
PENDING_PREFIX, PENDING_SUFFIX = ".mappa-desk-final-", ".part"


@dataclass(frozen=True)
class Generated:
    kind: str
    format: str
    path: Path
    sha256: str


def render_all(individual: Individual, meeting: Meeting, profile: Profile, out_dir: str | Path, *,
               version: int | None, request: Request = Request(), kinds=None, formats=FORMATS,
               progress: Progress | None = None, pending: str | None = None) -> list[Generated]:
    """Every document of one meeting in every format. version=None renders the final (no DRAFT mark).

    `kinds` None: the meeting's documents (DOCUMENT_KINDS). A kind asked for that this meeting cannot have (the
    statement for a Mental Health Tribunal of a meeting that has none) is refused with its sentence, before
    anything is written.

    With a `pending` token each file is written under its temporary name (`pending_path`) instead; the
    Generated paths are still the names the files are to have.
    """
    kinds = DOCUMENT_KINDS if kinds is None else kinds
    for kind in kinds:
        if refusal(kind, individual, meeting):
            raise UserFacingError(refusal(kind, individual, meeting))
    agencies = {a.code: a.name for a in profile.agencies}
    templates = load_templates(profile.jurisdiction)
    documents = []
    for kind in kinds:
        template = templates[kind]
        documents.append((kind, file_stem(template, individual, meeting, version),
                          build(template, individual, meeting, agencies, version=version, request=request,
                                profile=profile)))
    return _write_all(documents, out_dir, formats, progress, pending)


def render_final_from_file(individual: Individual, meeting: Meeting, profile: Profile, out_dir: str | Path
                           ) -> list[Generated]:
    """The final documents of an interchange file (`render --final`, no vault): all written under temporary
    names first, then renamed, so a run refused or killed while rendering names no file `_FINAL`."""
    out, token = Path(out_dir), secrets.token_hex(8)
    try:
        generated = render_all(individual, meeting, profile, out, version=None, pending=token)
        for index, g in enumerate(generated):
            os.replace(pending_path(out, token, index, g.format), g.path)
        fsync_dir(out)
    except OSError as err:
        raise describe_os_error(err, "the documents folder") from err
    finally:
        _remove_pending(out, token)
    return generated


def write_rendered(document, kind: str, stem: str, out_dir: str | Path, *, formats=FORMATS,
                   progress: Progress | None = None) -> list[Generated]:
    """One built document in each format, written atomically as `stem.<format>` in `out_dir`."""
    return _write_all([(kind, stem, document)], out_dir, formats, progress)


def _write_all(documents: list[tuple[str, str, object]], out_dir: str | Path, formats, progress: Progress | None,
               pending: str | None = None) -> list[Generated]:
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
        if pending:
            _write_pending(pending_path(out, pending, index, fmt), data, what=f"the file {path.name}")
        else:
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
    if final and store.has_final(db, meeting_id):
        raise UserFacingError("This meeting's documents are already final and cannot be generated again. "
                              "A correction is made as an addendum to the final Minute.")
    version = (store.latest_version(db, meeting_id) or 0) + 1
    if not final:
        generated = render_all(individual, meeting, session.profile, out_dir, version=version, request=request,
                               progress=progress)
        now = utc_now()
        with db.transaction():
            _record(db, meeting_id, generated, version, "draft", now)
            record_events.draft_generated(db, meeting_id, version, now)
        return generated
    out = Path(out_dir)
    remove_stale(db, out)
    token = secrets.token_hex(8)
    try:
        generated = render_all(individual, meeting, session.profile, out, version=None, request=request,
                               progress=progress, pending=token)
        pairs = [(pending_path(out, token, i, g.format).name, g.path.name) for i, g in enumerate(generated)]
        with db.transaction():
            _record(db, meeting_id, generated, version, "final", utc_now())
            if on_final is not None:
                on_final(db, version)
            store.add_pending_final(db, meeting_id, json.dumps({"folder": str(out.resolve()), "files": pairs}))
    except BaseException:
        _remove_pending(out, token)  # refused, failed or cancelled before the commit: no file is left
        raise
    _place(db, meeting_id, out, pairs)
    return generated


class Issued(list):
    """The files of a document issued from a final record (Generated, in order), with the `version` the vault
    recorded them as."""

    def __init__(self, generated: list[Generated], version: int):
        super().__init__(generated)
        self.version = version


def generate_tribunal_statement(session: Session, meeting_id: int, out_dir: str | Path, *, approved_by: str,
                                recipient: str = "") -> Issued:
    """The statement for a Mental Health Tribunal, written once the chair named in `approved_by` approved it:
    `prepare_tribunal_statement` then services/release.py `approve` (which logs the approval)."""
    from mappa_desk.services import release

    prepared = prepare_tribunal_statement(session, meeting_id, out_dir, recipient=recipient)
    return release.approve(session, prepared, approved_by=approved_by)


TRIBUNAL = "the Mental Health Tribunal"  # to whom a statement goes when the chair names no one else


def prepare_tribunal_statement(session: Session, meeting_id: int, out_dir: str | Path, *, recipient: str = ""):
    """The statement for a Mental Health Tribunal (guidance 11.20) of one meeting, DOCX and PDF, made in memory for the
    chair to see and approve (services/release.py): only the meeting's date, its level and the group's position on
    the RMO's recommendation. Nothing is written until it is approved, and then into the folder the user chose.

    Only for a restricted patient's meeting that recorded the recommendation and the position (refused with
    `build.refusal`'s sentence otherwise), and only from the FINAL record, as the Executive Summary sent for a
    request: a statement of a record that may still change is not what the chair approved. The files are not
    encrypted and go where the user chose.

    Each statement made is recorded in document_versions like every other document (schema 0017): its version
    (1, 2 ... for the meeting's statements), each file's format and SHA-256, who made it and when, with the status
    'issued' (storage/documents.py): made from the final, not one of its files, so the final's seal stays whole.
    The final itself does not make a statement: it is made when a tribunal needs one. Send it through the requests
    log (a Mental Health Tribunal request) so that whom it went to is recorded.
    """
    from mappa_desk.services import release

    refuse_inside_vault(out_dir, session.vault.folder, "the statement for a Mental Health Tribunal")
    problem = text_check.problem(recipient or "")
    if problem is not None:
        raise UserFacingError(f"To whom the statement goes: {problem}")

    def make() -> tuple:
        individual, meeting = records.load(session, meeting_id)
        refused = refusal("tribunal_statement", individual, meeting)
        if refused:
            raise UserFacingError(refused)
        if meeting.status != "final":
            raise UserFacingError(f"The record of the meeting of {dates.long(meeting.meeting_date)} is not final "
                                  "yet: the statement for a Mental Health Tribunal is made from the final record. "
                                  "Make the record final first.")
        return render_in_memory(individual, meeting, session.profile, STATEMENT_KINDS)

    def record(db, generated: list[Generated]) -> int:
        version = (store.latest_issued_version(db, meeting_id, "tribunal_statement") or 0) + 1
        _record(db, meeting_id, generated, version, ISSUED, utc_now())
        return version

    return release.Release(meeting_id, None, "Statement for a Mental Health Tribunal (DOCX and PDF)",
                           " ".join(recipient.split()) or TRIBUNAL, Path(out_dir), make(), make, record)


def render_in_memory(individual: Individual, meeting: Meeting, profile: Profile, kinds, *,
                     request: Request = Request(), suffix: str = "", formats=FORMATS) -> tuple:
    """Each final document of `kinds` in each format, rendered into memory (release.OutgoingFile, in order), named
    as `render_all` names it (with `suffix` after the stem). Nothing is written."""
    from mappa_desk.documents import render_pool
    from mappa_desk.services.release import OutgoingFile

    agencies = {a.code: a.name for a in profile.agencies}
    templates = load_templates(profile.jurisdiction)
    jobs = []
    for kind in kinds:
        template = templates[kind]
        document = build(template, individual, meeting, agencies, version=None, request=request, profile=profile)
        stem = file_stem(template, individual, meeting, None) + suffix
        jobs += [(kind, f"{stem}.{fmt}", fmt, document) for fmt in formats]
    made: dict[int, bytes] = {}
    render_pool.render_each([(document, fmt) for _kind, _name, fmt, document in jobs],
                            lambda index, data: made.__setitem__(index, data))
    return tuple(OutgoingFile.of(kind, fmt, name, made[i]) for i, (kind, name, fmt, _d) in enumerate(jobs))


def _record(db, meeting_id: int, generated: list[Generated], version: int, status: str, now: str) -> None:
    for g in generated:
        store.add_version(db, meeting_id, g.kind, version, status, g.format, g.sha256, now)


# -- final files: temporary names until the record is final ---------------------------------------------

def pending_path(out: Path, token: str, index: int, fmt: str) -> Path:
    return out / f"{PENDING_PREFIX}{token}-{index}.{fmt}{PENDING_SUFFIX}"


def _write_pending(path: Path, data: bytes, *, what: str) -> None:
    """A new temporary file, private (0600) and fsynced: it is renamed to its name only after the commit, and
    a run killed before then leaves only these hidden files, removed by the next final into the folder."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as err:
        raise describe_os_error(err, what) from err


def _remove_pending(out: Path, token: str) -> None:
    for path in out.glob(f"{PENDING_PREFIX}{token}-*{PENDING_SUFFIX}"):
        try:
            path.unlink()
        except OSError:
            pass


def _place(db, meeting_id: int, out: Path, pairs: list[tuple[str, str]]) -> None:
    """Rename each temporary file of a committed final to its name, then forget the pending setting."""
    try:
        for temporary, name in pairs:
            if (out / temporary).exists():
                os.replace(out / temporary, out / name)
        fsync_dir(out)
    except OSError as err:
        raise UserFacingError(
            f"The record is final, but its files could not be given their names in {out} "
            f"({err.strerror or 'system error'}). They are finished the next time the vault is unlocked; "
            "check the folder.") from err
    with db.transaction():
        store.drop_pending_final(db, meeting_id)


def finish_pending(db) -> int:
    """Name the files of any final committed before the process stopped (called at unlock). Returns how many
    finals were finished; a folder that cannot be reached now (a removed drive) is tried again next time."""
    finished = 0
    for key, value in store.pending_finals(db):
        try:
            meeting_id = int(key[len(PENDING_SETTING):])
            data = json.loads(value)
            out, pairs = Path(data["folder"]), [tuple(pair) for pair in data["files"]]
        except (ValueError, KeyError, TypeError):
            continue
        if not out.is_dir():
            continue
        try:
            _place(db, meeting_id, out, pairs)
        except UserFacingError:
            continue
        finished += 1
    return finished


def remove_stale(db, out: Path) -> None:
    """Temporary final files in `out` left by a final killed before its commit (none is pending)."""
    pending = set()
    for (value,) in store.pending_final_values(db):
        try:
            pending.update(temporary for temporary, _ in json.loads(value)["files"])
        except (ValueError, KeyError, TypeError):
            continue
    if out.is_dir():
        for path in out.glob(f"{PENDING_PREFIX}*{PENDING_SUFFIX}"):
            if path.name not in pending:
                try:
                    path.unlink()
                except OSError:
                    pass
