"""What leaves the vault: release documents made in memory, shown to the chair, written only once approved.

Issue 18 item 4: before anything is released, the chair sees exactly what will leave and approves it; the
approval is kept in the requests log. The release documents are those written for someone outside the meeting:
the reply letter and the Executive Summary made for a request (services/requests.py `prepare_for_request`) and
the statement for a Mental Health Tribunal (services/documents.py `prepare_tribunal_statement`).

The steps:
1. `prepare_*` builds and renders every file into memory (`Release`): the bytes that would be written, each
   with its SHA-256, and nothing on disk.
2. The chair reads what will leave: `Release.text` is the text of each PDF as the recipient's reader extracts it
   (PDFium, as the in-app preview renders it), and the GUI shows the PDF's pages themselves.
3. `approve` writes the files only with the chair's name. It first makes the documents again from the record as
   it is now: if those bytes differ from the bytes shown (the record changed between preview and approval) it
   refuses with a sentence and writes nothing. Each file written is read back and must hash to what was approved.
   Then one transaction records the files (document_versions, as before) and the approval (release_approvals,
   schema 0020): approved by, when (UTC), what, to whom, and each file's name and SHA-256. If that transaction
   fails the files just written are removed, so no file leaves without its approval in the log.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from mappa_desk.domain import text_check
from mappa_desk.errors import InvalidInput, UserFacingError
from mappa_desk.files import atomic_write
from mappa_desk.services.documents import Generated
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import releases as stored

# PDFium is not thread-safe: every call into it, here and in the in-app preview (ui/documents/pdf_pages.py), holds
# this one lock.
PDFIUM = threading.Lock()


class ApprovalRefused(InvalidInput):
    """The approval form was not acceptable; `field` names the field ("approved_by")."""

    def __init__(self, field_name: str, sentence: str):
        super().__init__(sentence)
        self.field = field_name


@dataclass(frozen=True)
class OutgoingFile:
    """One file that would leave: its kind (a template kind), format, file name, bytes and SHA-256."""

    kind: str
    format: str
    name: str
    data: bytes = field(repr=False)
    sha256: str = ""

    @classmethod
    def of(cls, kind: str, fmt: str, name: str, data: bytes) -> "OutgoingFile":
        return cls(kind, fmt, name, data, hashlib.sha256(data).hexdigest())


# Made again at approval from the record as it is then: the files, in the same order.
Remake = Callable[[], "tuple[OutgoingFile, ...]"]
# Records the written files in the approval's transaction (document_versions); returns the version recorded.
Record = Callable[[object, "list[Generated]"], int]


@dataclass(frozen=True)
class Release:
    """Release documents made in memory, not yet written: what the chair is asked to approve."""

    meeting_id: int
    request_id: int | None  # the request they answer, or None
    what: str  # e.g. "Reply letter and Executive Summary for request 3 (DOCX and PDF)"
    recipient: str  # to whom they go, e.g. "Ms Carrick, Carrick & Co"
    folder: Path  # where they are to be written
    files: tuple[OutgoingFile, ...]
    remake: Remake = field(repr=False, compare=False)
    record: Record = field(repr=False, compare=False)

    @property
    def pdfs(self) -> tuple[OutgoingFile, ...]:
        return tuple(f for f in self.files if f.format == "pdf")

    @property
    def text(self) -> str:
        """Each PDF's text as the recipient's reader extracts it, page by page, under the file's name."""
        parts = []
        for pdf in self.pdfs:
            pages = pdf_text(pdf.data)
            parts.append(f"=== {pdf.name} ({len(pages)} page{'s' if len(pages) != 1 else ''}) ===")
            for number, page in enumerate(pages, 1):
                parts.append(f"--- Page {number} of {len(pages)} ---")
                parts.append(page.strip())
        return "\n".join(parts)

    def listing(self) -> list[str]:
        """One line per file: its name and SHA-256."""
        return [f"{f.name}  SHA-256 {f.sha256}" for f in self.files]


class Released(list):
    """The files written (Generated, in order), with the `version` recorded and the approval's id."""

    def __init__(self, generated: list[Generated], version: int, approval_id: int):
        super().__init__(generated)
        self.version = version
        self.approval_id = approval_id


def pdf_text(data: bytes) -> list[str]:
    """The text of each page of a PDF, as PDFium extracts it (what a reader copying the text gets)."""
    import pypdfium2 as pdfium  # loaded on first use

    pages = []
    with PDFIUM:
        pdf = pdfium.PdfDocument(data)
        try:
            for index in range(len(pdf)):
                page = pdf[index]
                try:
                    textpage = page.get_textpage()
                    try:
                        pages.append(textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n"))
                    finally:
                        textpage.close()
                finally:
                    page.close()
        finally:
            pdf.close()
    return pages


CHANGED = ("The documents made from the record now are not the ones you were shown: the record changed after they "
           "were made. Nothing was written. Look at them again and approve what will leave.")


def approve(session: Session, release: Release, *, approved_by: str) -> Released:
    """Write the release's files, exactly the bytes shown, and log the chair's approval in the requests log.

    Refused, writing nothing, without the chair's name, or when the documents made from the record now differ from
    the ones shown (`CHANGED`)."""
    problem = text_check.problem(approved_by or "")
    if problem is not None:
        raise ApprovalRefused("approved_by", problem)
    chair = " ".join((approved_by or "").split())
    if not chair:
        raise ApprovalRefused("approved_by", "Enter the name of the chair who approves what will leave. "
                                             "Nothing was written.")
    again = release.remake()
    if [(f.name, f.sha256) for f in again] != [(f.name, f.sha256) for f in release.files]:
        raise UserFacingError(CHANGED)
    written: list[Path] = []
    try:
        try:
            release.folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            from mappa_desk.errors import describe_os_error
            raise describe_os_error(err, "the folder for the documents") from err
        generated = []
        for f in release.files:
            path = release.folder / f.name
            atomic_write(path, f.data, what=f"the file {f.name}")
            written.append(path)
            if hashlib.sha256(path.read_bytes()).hexdigest() != f.sha256:
                raise UserFacingError(f"The file {f.name} as written is not the file you approved. Nothing is "
                                      "released: check the folder and the disk, then try again.")
            generated.append(Generated(f.kind, f.format, path, f.sha256))
        db = session.db
        with db.transaction():
            version = release.record(db, generated)
            files = "\n".join(f"{f.name} {f.sha256}" for f in release.files)
            approval_id = stored.add_approval(db, release.meeting_id, release.request_id, release.what,
                                              release.recipient, chair, utc_now(), files)
    except BaseException:
        for path in written:
            try:
                path.unlink()
            except OSError:
                pass
        raise
    return Released(generated, version, approval_id)
