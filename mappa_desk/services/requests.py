"""The requests and disclosure log: requests for a Minute or RMP, the chair's decisions, what was sent, onward sharing.

Guidance 11.19-11.25: a Minute or RMP is never shared without the chair's approval, and every
request for one and every decision about disclosure is recorded. Each function here is one
transaction; a refusal is one plain sentence (`RequestRefused`, naming the form field it is
about) and writes nothing.

The rules where the guidance leaves the detail to us:

- A request names the meeting whose record was asked for (a request about several meetings is
  one entry per meeting), is received today or earlier, and names who asked.
- A decision other than "pending" needs the approving chair and the date; a refusal needs its
  reason. The decision may be corrected until something has been sent, never after.
- Something can be marked sent only once the chair has decided, and only once.
- The reply letter gives, as its reason for not releasing the full Minute, only the words the chair chose with
  the decision (document 9: information about third parties, confidential, sensitive information; the
  jurisdiction's `withheld_information`); with none chosen it is not made.
- What is sent for an "Executive Summary" decision (the reply letter and the Executive Summary)
  is generated from the FINAL record only: a summary of a record that may still change is not
  what the chair approved. Both files are unmarked (no DRAFT) and recorded in document_versions
  with the reason "For request N" and the status 'issued' (storage/documents.py): made from the final
  record after it, to go out, not one of the final's files, so the final's seal stays whole. Both kinds
  of one request take one version number, the next after every letter and summary the meeting has
  recorded (the final's own and earlier requests'). Before schema 0018 they were recorded as 'final',
  which broke the seal; 0018 moved those rows to 'issued'.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
from dataclasses import dataclass
from pathlib import Path

from mappa_desk.documents.build import Request
from mappa_desk.domain import dates, enums, text_check, vocabularies
from mappa_desk.errors import InvalidInput, NotFound, UserFacingError
from mappa_desk.files import atomic_write, refuse_inside_vault
from mappa_desk.services import records, release
from mappa_desk.services.documents import Generated, Progress, render_in_memory
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import documents as stored_documents, individuals, meetings
from mappa_desk.storage import releases as stored_releases, requests as stored

SENT_KINDS = ("reply_letter", "executive_summary")
WITHHELD = "withheld_information"  # the jurisdiction's vocabulary of the reply letter's reasons (document 9)


class RequestRefused(InvalidInput):
    """A value on a requests form was not acceptable; `field` names it (a parameter of the call)."""

    def __init__(self, field: str, sentence: str):
        super().__init__(sentence)
        self.field = field


@dataclass(frozen=True)
class NewRequest:
    individual_id: int
    meeting_id: int | None  # None: not chosen yet (refused)
    received_on: str  # ISO 'YYYY-MM-DD'
    requester: str
    kind: str  # enums.REQUEST_KINDS
    organisation: str = ""
    documents: str = "minute"  # enums.REQUEST_DOCUMENTS


@dataclass(frozen=True)
class LogEntry:
    """One line of an individual's log: a request (with what became of it), an approval of onward sharing, or the
    chair's approval of release documents written for someone outside the meeting (services/release.py)."""

    entry: str  # "request", "sharing" or "release"
    id: int
    date: str  # ISO: when the request was received, or when the sharing or the release was approved
    meeting_id: int | None
    meeting_date: str  # ISO, of the meeting whose record it concerns
    who: str  # the requester, or whom the record is shared with
    organisation: str = ""
    kind: str = ""  # enums.REQUEST_KINDS code; "" for sharing
    documents: str = ""  # enums.REQUEST_DOCUMENTS code; "" for sharing
    decision: str = ""  # enums.REQUEST_DECISIONS code; "" for sharing (approved by definition)
    reason: str = ""
    approved_by: str = ""
    approved_on: str = ""
    sent_on: str = ""
    what: str = ""  # what was sent (request) or what is shared (sharing)
    withheld: tuple[str, ...] = ()  # request: what the reply letter says the full Minute holds (codes)
    files: tuple[tuple[str, str], ...] = ()  # release: (file name, SHA-256) of each file written
    approved_at: str = ""  # release: when the chair approved it (UTC, ISO)

    @property
    def kind_label(self) -> str:
        if self.entry == "release":
            return "Release"
        return enums.REQUEST_KINDS.get(self.kind, "") if self.entry == "request" else "Onward sharing"

    @property
    def documents_label(self) -> str:
        return enums.REQUEST_DOCUMENTS.get(self.documents, "")

    @property
    def decision_label(self) -> str:
        return enums.REQUEST_DECISIONS.get(self.decision, "") if self.entry == "request" else "Approved by the chair"


# -- checks ------------------------------------------------------------------------------------------------

def _today(today: str | None) -> _dt.date:
    return _dt.date.fromisoformat(today) if today else _dt.date.today()


def _date(value: str | None, field: str, what: str, today: _dt.date, *, not_before: str | None = None,
          before_what: str = "") -> str:
    """An ISO date that is not in the future (and not before `not_before`), or RequestRefused."""
    try:
        day = _dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise RequestRefused(field, f"Enter the date {what}.") from None
    if day > today:
        raise RequestRefused(field, f"The date {what} is in the future. Enter the day it happened.")
    if not_before and day < _dt.date.fromisoformat(not_before):
        raise RequestRefused(field, f"The date {what} is before {before_what}. Check both dates.")
    return day.isoformat()


def _words(text: str | None) -> str:
    return " ".join((text or "").split())


def _request_row(db, request_id: int) -> dict:
    row = stored.request(db, request_id)
    if row is None:
        raise NotFound(f"There is no request with id {request_id}. It may have been removed; show the log again.")
    keys = ("id", "individual_id", "meeting_id", "received_on", "requester", "organisation", "kind", "documents",
            "decision", "reason", "approved_by", "approved_on", "sent_on", "sent_what", "withheld")
    return dict(zip(keys, row))


def _codes(stored_value: str) -> tuple[str, ...]:
    return tuple(code for code in (stored_value or "").split(",") if code)


def _withheld(session: Session, chosen) -> str:
    """The chosen `withheld_information` codes as stored: in the vocabulary's order, comma-separated; a code the
    vault's jurisdiction does not have is refused."""
    words = vocabularies.words(WITHHELD, session.profile)
    chosen = set(chosen)
    unknown = sorted(chosen - set(words))
    if unknown:
        raise RequestRefused("withheld", f"“{unknown[0]}” is not one of the reasons a reply can give for "
                                         f"withholding the Minute: choose from {'; '.join(words.values())}.")
    return ",".join(code for code in words if code in chosen)


def _and_list(words: list[str]) -> str:
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


# -- recording ---------------------------------------------------------------------------------------------

def _printable(field: str, text: str | None) -> None:
    """RequestRefused naming the field if `text` holds a character the reply letter cannot print."""
    sentence = text_check.problem(text or "")
    if sentence is not None:
        raise RequestRefused(field, sentence)


def record_request(session: Session, spec: NewRequest, *, today: str | None = None) -> int:
    """Add a request for a meeting's Minute or RMP, decision pending. Returns its id."""
    day = _today(today)
    _printable("requester", spec.requester)
    _printable("organisation", spec.organisation)
    requester = _words(spec.requester)
    if not requester:
        raise RequestRefused("requester", "Enter who asked for the record: a name, or the body that asked.")
    if spec.kind not in enums.REQUEST_KINDS:
        raise RequestRefused("kind", "Choose the kind of request: " + ", ".join(
            label.lower() for label in enums.REQUEST_KINDS.values()) + ".")
    if spec.documents not in enums.REQUEST_DOCUMENTS:
        raise RequestRefused("documents", "Choose what was asked for: the Minute, the RMP, or both.")
    received = _date(spec.received_on, "received_on", "the request was received", day)
    if spec.meeting_id is None:
        raise RequestRefused("meeting_id", "Choose the meeting whose Minute or RMP was asked for.")
    db = session.db
    with db.transaction():
        if not individuals.exists(db, spec.individual_id):
            raise NotFound(f"There is no individual with id {spec.individual_id}. Show the list again.")
        if meetings.individual_id(db, spec.meeting_id) != spec.individual_id:
            raise RequestRefused("meeting_id", "That meeting is not one of this individual's. Choose one of theirs.")
        return stored.add_request(db, spec.individual_id, spec.meeting_id, received, requester,
                                  _words(spec.organisation), spec.kind, spec.documents, utc_now())


def record_decision(session: Session, request_id: int, decision: str, *, approved_by: str = "",
                    approved_on: str | None = None, reason: str = "", withheld=None,
                    today: str | None = None) -> None:
    """The chair's decision on a request, with who approved it and when. Corrections are allowed until it is sent.

    `withheld`: for an answer with the Executive Summary, which of the reasons document 9 names the reply letter
    gives for not releasing the full Minute (codes of the jurisdiction's `withheld_information`: third-party,
    confidential, sensitive information); None leaves what was chosen before. Another decision keeps none."""
    day = _today(today)
    if decision not in enums.REQUEST_DECISIONS:
        raise RequestRefused("decision", "Choose a decision: " + ", ".join(
            label.lower() for label in enums.REQUEST_DECISIONS.values()) + ".")
    _printable("approved_by", approved_by)
    _printable("reason", reason)
    reason = (reason or "").strip()
    chair = _words(approved_by)
    kept = _withheld(session, withheld) if withheld is not None else ""
    db = session.db
    with db.transaction():
        row = _request_row(db, request_id)
        if row["sent_on"]:
            raise UserFacingError(f"This request was answered on {dates.long(row['sent_on'])}, so its decision can "
                                  "no longer be changed. Record a new request if it was asked again.")
        if decision == "pending":
            chair, on = "", None
        else:
            if not chair:
                raise RequestRefused("approved_by", "Enter the chair who approved the decision.")
            on = _date(approved_on, "approved_on", "of the chair's approval", day, not_before=row["received_on"],
                       before_what=f"the request was received ({dates.long(row['received_on'])})")
        if decision == "refused" and not reason:
            raise RequestRefused("reason", "Give the reason for refusing: it is recorded with the decision "
                                           "(guidance 11.23).")
        if decision != "executive_summary":
            kept = ""
        elif withheld is None:
            kept = row["withheld"]
        stored.set_decision(db, request_id, decision, reason, chair, on, kept)


def record_sent(session: Session, request_id: int, *, sent_on: str, sent_what: str,
                today: str | None = None) -> None:
    """What was sent to the requester, and when. Needs the chair's decision first; recorded once."""
    day = _today(today)
    what = (sent_what or "").strip()
    db = session.db
    with db.transaction():
        row = _request_row(db, request_id)
        if row["decision"] == "pending":
            raise UserFacingError("Nothing can be sent before the chair has decided on the request. "
                                  "Record the decision first.")
        if row["sent_on"]:
            raise UserFacingError(f"This request is already marked as answered on {dates.long(row['sent_on'])}.")
        if not what:
            raise RequestRefused("sent_what", "Say what was sent, e.g. “Reply letter and Executive Summary”.")
        on = _date(sent_on, "sent_on", "it was sent", day, not_before=row["approved_on"],
                   before_what=f"the chair's approval ({dates.long(row['approved_on'])})")
        stored.set_sent(db, request_id, on, what)


def record_sharing(session: Session, meeting_id: int, *, shared_with: str, what: str, approved_by: str,
                   approved_on: str, reason: str = "", today: str | None = None) -> int:
    """The chair's approval of onward sharing of a meeting's Minute or RMP (11.19). Returns its id."""
    day = _today(today)
    shared_with, what, chair = _words(shared_with), (what or "").strip(), _words(approved_by)
    if not shared_with:
        raise RequestRefused("shared_with", "Enter who the record may be shared with.")
    if not what:
        raise RequestRefused("what", "Say what may be shared, e.g. “the RMP”.")
    if not chair:
        raise RequestRefused("approved_by", "Enter the chair who approved the sharing.")
    on = _date(approved_on, "approved_on", "of the chair's approval", day)
    db = session.db
    with db.transaction():
        if not meetings.exists(db, meeting_id):
            raise RequestRefused("meeting_id", "Choose the meeting whose record is to be shared.")
        return stored.add_sharing(db, meeting_id, shared_with, what, (reason or "").strip(), chair, on, utc_now())


# -- what is sent ------------------------------------------------------------------------------------------

def generate_for_request(session: Session, request_id: int, out_dir: str | Path, *, approved_by: str,
                         salutation: str = "", progress: Progress | None = None) -> list[Generated]:
    """The reply letter and the Executive Summary for a request, written once the chair named in `approved_by`
    approved them: `prepare_for_request` then services/release.py `approve` (which logs the approval)."""
    prepared = prepare_for_request(session, request_id, out_dir, salutation=salutation, progress=progress)
    return release.approve(session, prepared, approved_by=approved_by)


def prepare_for_request(session: Session, request_id: int, out_dir: str | Path, *, salutation: str = "",
                        progress: Progress | None = None) -> release.Release:
    """The reply letter and the Executive Summary for a request, DOCX and PDF, made in memory for the chair to see
    and approve (services/release.py); once approved they are written into the folder the user chose.

    Only for a request the chair decided to answer with the Executive Summary, about a final record.
    The files are not encrypted: they are OFFICIAL-SENSITIVE and go where the user chose. Each file's
    SHA-256 is recorded in the vault with the reason "For request N", as issued (not one of the final's files).
    """
    refuse_inside_vault(out_dir, session.vault.folder, "the letter and the Executive Summary")
    db = session.db
    first = _request_row(db, request_id)

    def make() -> tuple:
        row = _request_row(db, request_id)
        if row["decision"] != "executive_summary":
            raise UserFacingError(_why_nothing_to_generate(row["decision"]))
        individual, meeting = records.load(session, row["meeting_id"])
        if meeting.status != "final":
            raise UserFacingError(f"The record of the meeting of {dates.long(meeting.meeting_date)} is not final "
                                  "yet: the Executive Summary is made from the final record. Make the record final "
                                  "first.")
        words = vocabularies.words(WITHHELD, session.profile)
        chosen = [words[code] for code in _codes(row["withheld"]) if code in words]
        if not chosen:
            raise RequestRefused("withheld", "Choose with the chair's decision what the full Minute holds that "
                                             f"cannot be released ({'; '.join(words.values())}): the reply letter "
                                             "keeps only the words chosen. Nothing was made.")
        letter = Request(requester=_recipient(row), salutation=_words(salutation) or row["requester"],
                         received=row["received_on"], signatory=row["approved_by"], withheld=_and_list(chosen))
        return render_in_memory(individual, meeting, session.profile, SENT_KINDS, request=letter,
                                suffix=f"_request-{request_id}")

    def record(db, generated: list[Generated]) -> int:
        meeting_id = first["meeting_id"]
        version = (stored_documents.latest_version_of_kinds(db, meeting_id, SENT_KINDS) or 0) + 1
        for g in generated:
            stored_documents.add_version(db, meeting_id, g.kind, version, stored_documents.ISSUED, g.format,
                                         g.sha256, utc_now(), reason=f"For request {request_id}")
        return version

    files = make()
    if progress:
        progress(len(files), len(files))
    return release.Release(first["meeting_id"], request_id,
                           f"Reply letter and Executive Summary for request {request_id} (DOCX and PDF)",
                           _recipient(first), Path(out_dir), files, make, record)


def _recipient(row: dict) -> str:
    return ", ".join(p for p in (row["requester"], row["organisation"]) if p)


def _why_nothing_to_generate(decision: str) -> str:
    if decision == "pending":
        return "The chair has not decided on this request yet. Record the decision first."
    if decision == "released":
        return ("The chair approved releasing the record itself: send the final Minute or RMP (Generate documents "
                "or Export for ViSOR writes it). The reply letter and Executive Summary are for requests answered "
                "with the summary.")
    return ("This request was refused, so there is no Executive Summary to send. Write to the requester with the "
            "reason recorded, then mark the reply as sent.")


def suggested_sent_what(session: Session, request_id: int) -> str:
    """What the Mark sent form offers, from the decision and the files generated for the request."""
    db = session.db
    row = _request_row(db, request_id)
    if row["decision"] == "executive_summary":
        version = stored.latest_version_with_reason(db, f"For request {request_id}")
        return "Reply letter and Executive Summary" + (f", version {version}" if version else "")
    if row["decision"] == "released":
        return f"Final {enums.REQUEST_DOCUMENTS[row['documents']]}, with the chair's approval"
    if row["decision"] == "refused":
        return "Letter refusing the request, with the reason"
    return ""


# -- the log -----------------------------------------------------------------------------------------------

def log_for_individual(session: Session, individual_id: int) -> list[LogEntry]:
    """Every request about the individual and every sharing approval for their meetings, newest first."""
    db = session.db
    if not individuals.exists(db, individual_id):
        raise NotFound(f"There is no individual with id {individual_id}. Show the list again.")
    entries = [LogEntry("request", r[0], r[1], r[2], r[3] or "", r[4], r[5], r[6], r[7], r[8], r[9], r[10],
                        r[11] or "", r[12] or "", r[13], _codes(r[14]))
               for r in stored.requests_of_individual(db, individual_id)]
    entries += [LogEntry("sharing", r[0], r[1], r[2], r[3], r[4], reason=r[5], approved_by=r[6], approved_on=r[1],
                         what=r[7])
                for r in stored.sharing_of_individual(db, individual_id)]
    entries += [LogEntry("release", r[0], r[1][:10], r[2], r[3], r[4], approved_by=r[5], approved_on=r[1][:10],
                         what=r[6], files=_files(r[7]), approved_at=r[1])
                for r in stored_releases.approvals_of_individual(db, individual_id)]
    # Newest first; on the same day the later entry (higher id within its kind) first, releases before requests
    # before sharing.
    entries.sort(key=lambda e: (e.date, {"release": 2, "request": 1}.get(e.entry, 0), e.id), reverse=True)
    return entries


def _files(stored_value: str) -> tuple[tuple[str, str], ...]:
    """A release approval's "name sha256" lines as (name, sha256) pairs."""
    return tuple(tuple(line.rsplit(" ", 1)) for line in (stored_value or "").splitlines() if " " in line)


# Words for sentences (the vocabulary's labels are for lists): "a subject access request from ...".
_ASKED_FOR = {"minute": "Minute", "rmp": "RMP", "minute_and_rmp": "Minute and RMP"}
_KIND_WORDS = {"subject_access": "Subject access request", "mental_health_tribunal": "Request for a Mental Health "
               "Tribunal", "third_party": "Third-party request", "agency": "Agency request"}
_DECIDED = {"executive_summary": "The chair approved answering with the Executive Summary",
            "released": "The chair approved releasing it", "refused": "The chair refused it"}


def _sentence(text: str) -> str:
    text = text.strip()
    return text if text.endswith((".", "!", "?")) else text + "."


def describe(entry: LogEntry) -> str:
    """The entry in plain sentences, as the CLI lists it and the Requests tab shows it."""
    meeting = f"the meeting of {dates.long(entry.meeting_date)}" if entry.meeting_date else "no meeting"
    if entry.entry == "release":
        files = "; ".join(f"{name} (SHA-256 {sha256})" for name, sha256 in entry.files)
        return (f"{dates.long(entry.date)}: {entry.approved_by} approved releasing {entry.what} to {entry.who} "
                f"({meeting}), at {entry.approved_at[11:16]} UTC, having seen what would leave. Files: {files}.")
    if entry.entry == "sharing":
        parts = [f"{dates.long(entry.date)}: {entry.approved_by} approved sharing {entry.what} with {entry.who} "
                 f"({meeting})."]
    else:
        who = ", ".join(p for p in (entry.who, entry.organisation) if p)
        parts = [f"{dates.long(entry.date)}: {_KIND_WORDS.get(entry.kind, entry.kind)} from {who} for the "
                 f"{_ASKED_FOR.get(entry.documents, entry.documents)} of {meeting}."]
        parts.append(f"{_DECIDED[entry.decision]} ({entry.approved_by}, {dates.long(entry.approved_on)})."
                     if entry.decision in _DECIDED else "Not yet decided.")
    if entry.reason:
        parts.append(_sentence(f"Reason: {entry.reason}"))
    if entry.entry == "request" and entry.sent_on:
        parts.append(_sentence(f"Sent on {dates.long(entry.sent_on)}: {entry.what}"))
    return " ".join(parts)


CSV_HEADERS = ("Entry", "Date", "Meeting of", "Requester or shared with", "Organisation", "Kind of request",
               "Asked for", "Decision", "Reason", "Approved by", "Approved on", "Sent on", "Sent or shared",
               "Files released (SHA-256)")


_ENTRY_WORDS = {"request": "Request", "sharing": "Sharing approval", "release": "Release approval"}


def _cell(text: str) -> str:
    # A spreadsheet would run text typed as "=..." as a formula: make it plain text.
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def log_csv(entries: list[LogEntry]) -> bytes:
    """The log as CSV (UTF-8 with a byte-order mark, so spreadsheets read accents right): one row per entry."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_HEADERS)
    for e in entries:
        writer.writerow([_cell(v) for v in (
            _ENTRY_WORDS[e.entry], e.date, e.meeting_date, e.who, e.organisation,
            e.kind_label if e.entry == "request" else "", e.documents_label, e.decision_label, e.reason,
            e.approved_by, e.approved_at or e.approved_on, e.sent_on, e.what,
            "; ".join(f"{name} {sha256}" for name, sha256 in e.files))])
    return out.getvalue().encode("utf-8-sig")


def export_log(session: Session, individual_id: int, path: str | Path) -> int:
    """Write one individual's log to a CSV file where the user chose; returns the number of entries.

    The file is not encrypted and names the requesters: it is OFFICIAL-SENSITIVE, and goes only where the
    user chose. It is written atomically (a reader sees the old file or the new one, never half).
    """
    refuse_inside_vault(path, session.vault.folder, "the requests log")
    entries = log_for_individual(session, individual_id)
    path = Path(path)
    atomic_write(path, log_csv(entries), what=f"the file {path.name}")
    return len(entries)
