"""A meeting record's life after the room empties (guidance 11.15-11.18): clearance, circulation, final, addenda.

held -> draft (generating one, services/documents.py) -> cleared by the chair -> circulated for comment
-> final; after that only addenda. Each step is one transaction that sets `meetings.status` and logs a
`record_events` row: the name the person gave, the computer account, when, and the version concerned.
A step out of order is refused with a sentence saying what comes first.

Decisions worth knowing:
- Clearance and the final both run the self-audit (cockpit.check): a blocking gap refuses them. The
  final checks again because the record may be corrected while the draft is out for comment.
- A new draft after clearance sends the record back to "draft" (what is circulated must be what the chair
  cleared); a new draft while circulated keeps it circulated (comments being worked in).
- An addendum is rendered as a new version of the Minute: the final Minute, unchanged, followed by every
  addendum so far with its reason, who added it and when (document_versions status "addendum"). A reader
  who opens the latest Minute then cannot miss a correction, and the final's own files stay as they were.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path

from mappa_desk.documents import model as doc
from mappa_desk.documents.build import build, file_stem, load_templates
from mappa_desk.domain import dates, text_check
from mappa_desk.domain import agenda
from mappa_desk.domain.enums import MEETING_STATUSES, RECORD_EVENTS
from mappa_desk.errors import InvalidInput, NotFound, UserFacingError
from mappa_desk.files import refuse_inside_vault
from mappa_desk.services import audio as audio_store
from mappa_desk.services import cockpit, documents, record_events, records
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import documents as stored_documents, lifecycle as stored, meetings
from mappa_desk.storage import individuals, seals
from mappa_desk.storage.rows import AgencyCodes

_GONE = "That meeting is no longer in the vault. Go back to the home screen and choose another."
_FINAL = "The record is final and cannot be changed. A correction is made as an addendum."
_NOT_HELD = "The meeting has not been closed yet: close the case in the cockpit, then generate a draft."
_CANCELLED = "The meeting was cancelled, so it has no record to write up."


@dataclass(frozen=True)
class Event:
    event: str
    label: str
    version: int | None
    at: str  # ISO-8601 UTC
    by: str  # the name the person gave
    actor: str  # the computer account
    note: str


@dataclass(frozen=True)
class Addendum:
    number: int
    reason: str
    text: str
    created_at: str
    created_by: str


@dataclass(frozen=True)
class Version:
    version: int
    status: str  # draft | final | addendum | issued (storage/documents.py)
    created_at: str
    files: int
    kind: str = ""  # an issued document's kind (tribunal_statement, reply_letter, executive_summary), else ''


@dataclass(frozen=True)
class Finding:
    """One self-audit gap, with the title of the agenda step (cockpit panel) where it is put right."""

    step: str
    step_title: str
    text: str
    blocking: bool


class ClearanceBlocked(UserFacingError):
    """The self-audit found blocking gaps; `findings` lists them, for the chair to jump to each."""

    def __init__(self, what: str, findings: list[Finding]):
        self.what = what  # "cleared" or "made final"
        self.findings = findings
        listed = " ".join(f"{f.text} ({f.step_title})" for f in findings)
        super().__init__(f"The record cannot be {what} yet. Still needed: {listed}")


@dataclass(frozen=True)
class RecordState:
    meeting_id: int
    status: str
    chair_name: str
    versions: tuple[Version, ...]
    events: tuple[Event, ...]  # oldest first
    addenda: tuple[Addendum, ...]
    audio: audio_store.AudioInfo | None

    @property
    def status_label(self) -> str:
        return MEETING_STATUSES.get(self.status, self.status)

    @property
    def latest_draft(self) -> int | None:
        return max((v.version for v in self.versions if v.status == "draft"), default=None)

    @property
    def final_version(self) -> int | None:
        return next((v.version for v in self.versions if v.status == "final"), None)

    def last(self, event: str) -> Event | None:
        return next((e for e in reversed(self.events) if e.event == event), None)

    @property
    def can_generate_draft(self) -> bool:
        return self.status not in ("final", "cancelled")

    @property
    def can_clear(self) -> bool:
        return self.status == "draft"

    @property
    def can_circulate(self) -> bool:
        return self.status == "cleared"

    @property
    def can_make_final(self) -> bool:
        return self.status == "circulated"

    @property
    def can_add_addendum(self) -> bool:
        return self.status == "final"

    @property
    def can_attach_audio(self) -> bool:
        return self.audio is None and self.status not in ("final", "cancelled")

    @property
    def audio_warning(self) -> str:
        if self.audio is None:
            return ""
        return (f"An audio recording of this meeting ({self.audio.size_text}) is held in the vault. It is "
                "destroyed when the record is made final (guidance 11.18).")

    @property
    def next_step(self) -> str:
        draft = f"draft v{self.latest_draft}" if self.latest_draft else "the draft"
        return {
            "planned": _NOT_HELD, "in_progress": _NOT_HELD, "cancelled": _CANCELLED,
            "held": "Next: generate the draft Minute and RMP.",
            "draft": f"Next: the chair reads {draft} and clears it.",
            "cleared": f"Next: circulate {draft} for comment.",
            "circulated": "Next: when the comments are in, the chair makes the record final.",
            "final": _FINAL,
        }.get(self.status, "")


@dataclass(frozen=True)
class FinalResult:
    generated: list  # documents.Generated
    version: int
    audio_destroyed: bool
    space: audio_store.SpaceReport | None  # only when a recording was destroyed


@dataclass(frozen=True)
class AddendumResult:
    number: int
    generated: list  # documents.Generated; empty if no folder was given


# -- reading ----------------------------------------------------------------------------------------------

def state(session: Session, meeting_id: int) -> RecordState:
    db = session.db
    row = stored.status_and_chair(db, meeting_id)
    if row is None:
        raise NotFound(_GONE)
    status, chair = row
    versions = tuple(Version(*r) for r in stored.versions(db, meeting_id))
    events = tuple(Event(e, RECORD_EVENTS.get(e, e), v, at, by, actor, note)
                   for e, v, at, by, actor, note in stored.events(db, meeting_id))
    addenda = tuple(Addendum(*r) for r in stored.addenda(db, meeting_id))
    return RecordState(meeting_id, status, chair, versions, events, addenda, audio_store.info(db, meeting_id))


def findings(session: Session, meeting_id: int) -> list[Finding]:
    """The self-audit (cockpit.check), each gap with its step's title; blocking ones first within a step."""
    return titled(cockpit.check(session, meeting_id).gaps, session.profile.jurisdiction)


def titled(gaps, jurisdiction: str) -> list[Finding]:
    """Self-audit gaps (domain.completeness.Gap) as findings, each with its step's title from the agenda."""
    titles: dict[str, str] = {}
    for step in agenda.load_agenda(jurisdiction):
        titles.setdefault(step.panel, step.title)
    return [Finding(g.step, titles.get(g.step, g.step.replace("_", " ").capitalize()), g.text, g.blocking)
            for g in gaps]


# -- the steps --------------------------------------------------------------------------------------------

def _name(by: str, who: str = "your name") -> str:
    name = " ".join((by or "").split())
    if not name:
        raise InvalidInput(f"Type {who}: the record keeps who took each step.")
    return text_check.check(name)  # UnprintableText, an InvalidInput, names the character


def _status(db, meeting_id: int) -> str:
    status = meetings.status(db, meeting_id)
    if status is None:
        raise NotFound(_GONE)
    return status


def _refuse_unless(db, meeting_id: int, wanted: str, refusals: dict[str, str]) -> str:
    status = _status(db, meeting_id)
    if status != wanted:
        raise UserFacingError(refusals.get(status) or {
            "planned": _NOT_HELD, "in_progress": _NOT_HELD, "final": _FINAL, "cancelled": _CANCELLED,
        }.get(status, f"The record is {MEETING_STATUSES.get(status, status).lower()}; that step is not possible now."))
    return status


def _latest_draft(db, meeting_id: int) -> int | None:
    return stored.latest_draft_version(db, meeting_id)


def _refuse_if_blocked(session: Session, meeting_id: int, what: str) -> None:
    blocking = [f for f in findings(session, meeting_id) if f.blocking]
    if blocking:
        raise ClearanceBlocked(what, blocking)


def _set_status(db, meeting_id: int, status: str, at: str) -> None:
    stored.set_status(db, meeting_id, status, at)


def clear(session: Session, meeting_id: int, chair_name: str) -> int:
    """The chair clears the latest draft (11.15). Returns its version."""
    name = _name(chair_name, "the chair's name")
    db = session.db
    with db.transaction():
        _refuse_unless(db, meeting_id, "draft", {
            "held": "There is no draft to clear yet: generate the draft documents first.",
            "cleared": "The chair has already cleared this draft. Next, circulate it for comment.",
            "circulated": "The record has already been cleared and circulated for comment.",
        })
        version = _latest_draft(db, meeting_id)
        if version is None:  # e.g. marked "draft" by an import, with no documents generated here
            raise UserFacingError("There is no draft to clear yet: generate the draft documents first.")
        _refuse_if_blocked(session, meeting_id, "cleared")
        now = utc_now()
        _set_status(db, meeting_id, "cleared", now)
        record_events.log(db, meeting_id, "cleared", name, version=version, at=now)
    return version


def circulate(session: Session, meeting_id: int, by: str) -> int:
    """The cleared draft goes out for comment. Returns its version."""
    name = _name(by)
    db = session.db
    with db.transaction():
        _refuse_unless(db, meeting_id, "cleared", {
            "held": "There is no draft yet: generate it, and have the chair clear it, before it is circulated.",
            "draft": "The chair has not cleared the draft yet: it cannot be circulated before clearance.",
            "circulated": "The draft has already been circulated for comment.",
        })
        version = _latest_draft(db, meeting_id)
        now = utc_now()
        _set_status(db, meeting_id, "circulated", now)
        record_events.log(db, meeting_id, "circulated", name, version=version, at=now)
    return version


_FINAL_REFUSALS = {
    "held": "There is no draft yet: a record is made final after its draft has been cleared and circulated.",
    "draft": "The chair has not cleared the draft yet: clear it and circulate it before making the record final.",
    "cleared": "The draft has not been circulated for comment yet: circulate it before making the record final.",
    "final": "The record is already final. A correction is made as an addendum.",
}


def make_final(session: Session, meeting_id: int, by: str, out_dir: str | Path, *,
               progress: documents.Progress | None = None) -> FinalResult:
    """Write the final documents, make the record final and immutable, destroy any audio recording (11.18).

    The files' hashes, the status, the 'made_final' event, the recording's deletion and the record's seal
    (storage/seals.py) are one transaction. The files are written under temporary names and take their
    `_FINAL` names only after it commits (services/documents.py); then the recording's space is given back to
    the disk (reclaim_space).
    """
    name = _name(by, "the chair's name")
    db = session.db
    _refuse_unless(db, meeting_id, "circulated", _FINAL_REFUSALS)
    _refuse_if_blocked(session, meeting_id, "made final")
    outcome: dict = {}

    def on_final(db_, version: int) -> None:
        _refuse_unless(db_, meeting_id, "circulated", _FINAL_REFUSALS)
        now = utc_now()
        _set_status(db_, meeting_id, "final", now)
        record_events.log(db_, meeting_id, "made_final", name, version=version, at=now)
        outcome["version"] = version
        outcome["audio"] = audio_store.destroy(db_, meeting_id, name, now, "Destroyed when the record was made final")
        # A record made final without a copy of the individual's details as they stood (imported after its
        # meeting was held) keeps the details its final documents were made from (schema 0013).
        individuals.take_snapshot(db_, AgencyCodes(db_), meeting_id, now)
        seals.seal(db_, meeting_id, now)  # last: what is sealed is the record as it is made final

    generated = documents.generate_for_meeting(session, meeting_id, out_dir, final=True, progress=progress,
                                               on_final=on_final)
    space = audio_store.reclaim_space(db) if outcome["audio"] else None
    return FinalResult(generated, outcome["version"], outcome["audio"], space)


# -- addenda ----------------------------------------------------------------------------------------------

def add_addendum(session: Session, meeting_id: int, reason: str, text: str, by: str,
                 out_dir: str | Path | None = None, *, progress: documents.Progress | None = None) -> AddendumResult:
    """A correction to a final record, numbered, with its reason. With `out_dir`, the Minute with its addenda
    is written there and recorded (status 'addendum') in the same transaction as the addendum."""
    name = _name(by)
    reason, text = text_check.check(reason.strip()), text_check.check(text.strip())
    if not reason:
        raise InvalidInput("Give the reason for the addendum: the record keeps why the final was corrected.")
    if not text:
        raise InvalidInput("Type the addendum's text: what the correction says.")
    db = session.db
    _refuse_unless(db, meeting_id, "final", _ADDENDUM_REFUSALS)
    number = (stored.last_addendum_number(db, meeting_id) or 0) + 1
    now = utc_now()
    new = Addendum(number, reason, text, now, name)
    version = (stored_documents.latest_version(db, meeting_id) or 0) + 1
    generated = []
    if out_dir is not None:
        earlier = state(session, meeting_id).addenda
        generated = _render_minute_with_addenda(session, meeting_id, (*earlier, new), out_dir, progress)
    with db.transaction():
        _refuse_unless(db, meeting_id, "final", _ADDENDUM_REFUSALS)
        stored.add_addendum(db, meeting_id, number, reason, text, now, name)
        for g in generated:
            stored_documents.add_version(db, meeting_id, g.kind, version, "addendum", g.format, g.sha256, now,
                                         reason=f"Addendum {number}: {reason}")
        record_events.log(db, meeting_id, "addendum", name, version=version if generated else None,
                          note=f"Addendum {number}", at=now)
    return AddendumResult(number, generated)


_ADDENDUM_REFUSALS = {status: ("An addendum corrects a final record; this one is not final yet, so correct it in "
                               "the cockpit and generate a new draft.")
                      for status in ("held", "draft", "cleared", "circulated")}


def addenda_blocks(addenda, final_date: str, final_version: int | None) -> tuple:
    """The section added after the final Minute: every addendum, with its reason, author and date."""
    which = f" (version {final_version})" if final_version else ""
    blocks: list = [doc.PageBreak(), doc.Heading("Addenda"), doc.Paragraph(
        f"The Minute above is the final Minute{which} as it was made final on {final_date}; it has not been "
        "changed. Each addendum below corrects it and says why.", style="note")]
    for a in addenda:
        blocks += [doc.Heading(f"Addendum {a.number}", level=2),
                   doc.Fields((("Added on", dates.long(a.created_at[:10])), ("Added by", a.created_by),
                               ("Reason", a.reason))),
                   doc.Paragraph(a.text)]
    return tuple(blocks)


def _render_minute_with_addenda(session: Session, meeting_id: int, addenda, out_dir, progress) -> list:
    refuse_inside_vault(out_dir, session.vault.folder, "the Minute with its addenda")
    individual, meeting = records.load(session, meeting_id)
    profile = session.profile
    template = load_templates(profile.jurisdiction)["minute"]
    base = build(template, individual, meeting, {a.code: a.name for a in profile.agencies}, version=None,
                 profile=profile)
    made_final = state(session, meeting_id).last("made_final")
    final_date = dates.long(made_final.at[:10]) if made_final else "its final date"
    number = addenda[-1].number
    document = dataclasses.replace(
        base, title=f"{base.title}, with addendum {number}" if number == 1 else f"{base.title}, with addenda 1-{number}",
        blocks=base.blocks + addenda_blocks(addenda, final_date, made_final.version if made_final else None))
    stem = f"{file_stem(template, individual, meeting, None)}_ADDENDUM-{number}"
    return documents.write_rendered(document, "minute", stem, out_dir, progress=progress)
