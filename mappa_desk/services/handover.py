"""Encrypted handover between laptops: one meeting, or one individual's history, as one file.

The file is the interchange JSON of each meeting (with when it was last changed
on the sending laptop), sealed with AES-256-GCM under a key derived with
Argon2id from a passphrase the two people agree. The header (magic, version,
KDF parameters, salt, nonce, length, key check) is authenticated as associated
data, so any changed byte is found before anything is read. The key check lets
a wrong passphrase be told apart from a changed file; both cost one Argon2id.

Importing never silently overwrites a newer local version: a meeting changed
here after the file was made, or one made final here, is kept and named; one
changed only on the sending laptop replaces the local copy, and the preview
says so first.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import hmac
import json
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

from mappa_desk.domain import dates
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.errors import ImportRejected, NotFound, describe_os_error
from mappa_desk.files import atomic_write, refuse_inside_vault
from mappa_desk.interchange import codec, files as interchange, strict_json, upgrades
from mappa_desk.interchange.strict_json import JsonRefused
from mappa_desk.interchange.codec import to_plain
from mappa_desk.services import clearance_gate, final_proof, individual_follows
from mappa_desk.services import individuals as individual_details, records
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import handovers as stored, individuals, meetings
from mappa_desk.storage.database import IntegrityError
from mappa_desk.storage.rows import AgencyCodes
from mappa_desk.vault.keyfile import (DEFAULT_KDF, KdfParams, check_new_passphrase, kdf_within_limits,
                                      normalise_passphrase)

SUFFIX = ".mdhandover"
MAGIC = b"MDHNDOVR"
VERSION = 1
KDF_ARGON2ID = 1
PAYLOAD_FORMAT = "mappa-desk-handover"
# magic, version, kdf, memory KiB, iterations, lanes, salt, nonce, ciphertext length, key check
_HEADER = struct.Struct(">8sBBIIB16s12sQ16s")
HEADER_BYTES = _HEADER.size
MAX_BYTES = 200 * 1024 * 1024

_NOTHING = "Nothing was imported."
WRONG_PASSPHRASE = ("That passphrase does not open this handover file. Check the passphrase with the person who "
                    f"sent the file and try again. {_NOTHING}")
CHANGED = ("This handover file was changed or damaged after it was made, so MAPPA Desk will not read it. "
           f"Ask the sender to export it again. {_NOTHING}")
INCOMPLETE = ("This handover file is incomplete: it ends before its last byte, probably because copying it was "
              f"cut short. Copy it again, or ask the sender to export it again. {_NOTHING}")
NOT_HANDOVER = f"This is not a MAPPA Desk handover file. {_NOTHING}"


class HandoverRejected(ImportRejected):
    """A handover file was refused; nothing was written."""


# -- the file ----------------------------------------------------------------------------------------

def file_name(now: _dt.datetime | None = None) -> str:
    """A name that says when, never who: handover-YYYYMMDD-HHMMSS.mdhandover (local time)."""
    return f"handover-{(now or _dt.datetime.now()).strftime('%Y%m%d-%H%M%S')}{SUFFIX}"


def _derive(passphrase: str, salt: bytes, kdf: KdfParams) -> tuple[bytes, bytes]:
    out = Argon2id(salt=salt, length=64, iterations=kdf.iterations, lanes=kdf.lanes,
                   memory_cost=kdf.memory_kib).derive(normalise_passphrase(passphrase))
    check = hashlib.sha256(b"mappa-desk handover key check\0" + out[32:]).digest()[:16]
    return out[:32], check


def seal(payload: bytes, passphrase: str, kdf: KdfParams = DEFAULT_KDF) -> bytes:
    """Header + AES-256-GCM(payload), the header authenticated as associated data."""
    check_new_passphrase(passphrase)
    salt, nonce = os.urandom(16), os.urandom(12)
    key, check = _derive(passphrase, salt, kdf)
    length = len(payload) + 16  # GCM appends its 16-byte tag
    header = _HEADER.pack(MAGIC, VERSION, KDF_ARGON2ID, kdf.memory_kib, kdf.iterations, kdf.lanes, salt, nonce,
                          length, check)
    return header + AESGCM(key).encrypt(nonce, payload, header)


def unseal(data: bytes, passphrase: str) -> bytes:
    """The payload, or HandoverRejected with the sentence for what is wrong with the file or passphrase."""
    if len(data) < HEADER_BYTES:
        if data and MAGIC.startswith(data[:len(MAGIC)]):
            raise HandoverRejected(INCOMPLETE)
        raise HandoverRejected(NOT_HANDOVER)
    header = data[:HEADER_BYTES]
    magic, version, kdf_id, memory_kib, iterations, lanes, salt, nonce, length, check = _HEADER.unpack(header)
    if magic != MAGIC:
        raise HandoverRejected(NOT_HANDOVER)
    if version != VERSION:
        if version > VERSION:
            raise HandoverRejected("This handover file was made by a newer version of MAPPA Desk. Install the newer "
                                   f"version to import it. {_NOTHING}")
        raise HandoverRejected(CHANGED)
    kdf = KdfParams(memory_kib=memory_kib, iterations=iterations, lanes=lanes)
    if kdf_id != KDF_ARGON2ID or not kdf_within_limits(kdf):
        raise HandoverRejected(CHANGED)
    body = data[HEADER_BYTES:]
    if len(body) < length:
        raise HandoverRejected(INCOMPLETE)
    if len(body) > length or length < 16:
        raise HandoverRejected(CHANGED)
    key, expected = _derive(passphrase, salt, kdf)
    if not hmac.compare_digest(check, expected):
        raise HandoverRejected(WRONG_PASSPHRASE)
    try:
        return AESGCM(key).decrypt(nonce, body, header)
    except InvalidTag:
        raise HandoverRejected(CHANGED) from None


# -- what travels --------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Incoming:
    """One meeting in a handover file, with when it was last changed on the sending laptop."""

    individual: Individual
    meeting: Meeting
    updated_at: str
    # A final's documents when the hashes it carries match what arrived (final_proof.verified), else None, with
    # why not (a sentence's clause; '' for a record that does not claim to be final).
    final_documents: tuple | None = None
    not_final_because: str = ""


@dataclass(frozen=True)
class Handover:
    scope: str  # "meeting" or "individual"
    exported_at: str
    items: list[Incoming]


def _meeting_ids(session: Session, meeting_id: int, whole_history: bool) -> list[int]:
    db = session.db
    individual_id = meetings.individual_id(db, meeting_id)
    if individual_id is None:
        raise NotFound(f"There is no meeting with id {meeting_id}. Run `mappa-desk list` to see the ids.")
    if not whole_history:
        return [meeting_id]
    return stored.meeting_ids_of(db, individual_id)


def payload_for(session: Session, meeting_id: int, *, whole_history: bool = False) -> bytes:
    """The plain JSON that a handover file carries (one transaction's worth of reads)."""
    now = utc_now()
    items = []
    for mid in _meeting_ids(session, meeting_id, whole_history):
        individual, meeting = records.load(session, mid, as_held=False)
        updated_at = stored.updated_at(session.db, mid)
        record = json.loads(interchange.dumps(individual, meeting, now))
        item = {"updated_at": updated_at, "record": record}
        proof = final_proof.for_meeting(session.db, mid, record)  # issue 18: a final travels with its hashes
        if proof is not None:
            item["final"] = proof
        items.append(item)
    doc = {"format": PAYLOAD_FORMAT, "version": VERSION, "exported_at": now,
           "scope": "individual" if whole_history else "meeting", "meetings": items}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def export_handover(session: Session, meeting_id: int, out: str | Path, passphrase: str, *,
                    whole_history: bool = False, kdf: KdfParams = DEFAULT_KDF) -> Path:
    """Write one encrypted handover file; `out` is a file, or a folder to put a dated name in. Returns the path."""
    check_new_passphrase(passphrase)
    refuse_inside_vault(out, session.vault.folder, "the handover file")
    out = Path(out)
    path = out / file_name() if out.is_dir() else out
    sealed = seal(payload_for(session, meeting_id, whole_history=whole_history), passphrase, kdf)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise describe_os_error(err, "the handover file") from err
    atomic_write(path, sealed, what="the handover file")
    return path


def _parse_payload(plain: bytes) -> Handover:
    """Only an authenticated payload reaches here, so a bad one is a sender's bug, not tampering: say so plainly."""
    def bad(why: str) -> HandoverRejected:
        return HandoverRejected(f"The handover file opened, but what it holds is not usable ({why}). Ask the sender "
                                f"to export it again with the same version of MAPPA Desk. {_NOTHING}")
    try:
        doc = strict_json.loads(plain, max_bytes=MAX_BYTES)
    except JsonRefused as err:
        raise bad(err.reason) from None
    if not isinstance(doc, dict) or doc.get("format") != PAYLOAD_FORMAT:
        raise bad("it is not a handover")
    if doc.get("version") != VERSION:
        raise bad(f"version {doc.get('version')!s:.20} of the contents")
    scope, exported_at, entries = doc.get("scope"), doc.get("exported_at"), doc.get("meetings")
    if scope not in ("meeting", "individual") or not isinstance(exported_at, str) or not isinstance(entries, list) \
            or not entries:
        raise bad("its outline is wrong")
    items = []
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not isinstance(entry.get("updated_at"), str) \
                or not isinstance(entry.get("record"), dict):
            raise bad(f"meeting {i + 1} is malformed")
        try:  # the same path as an interchange file: older versions are upgraded step by step first
            individual, meeting = interchange.parse(json.dumps(entry["record"]).encode("utf-8"))
        except interchange.NewerFormat as err:
            raise HandoverRejected(f"{upgrades.newer_sentence(err.found, 'This handover file')} {_NOTHING}") from None
        except ImportRejected as err:
            raise bad(f"meeting {i + 1}: {err}") from None
        documents, why = final_proof.verified(entry["record"], entry.get("final"))
        items.append(Incoming(individual, meeting, entry["updated_at"], None if documents is None else tuple(documents),
                              why))
    if len({item.individual.uid for item in items}) != 1 or len({i.meeting.uid for i in items}) != len(items):
        raise bad("its meetings do not belong together")
    return Handover(scope, exported_at, items)


def read(path: str | Path, passphrase: str) -> Handover:
    path = Path(path)
    try:
        data = strict_json.read_bounded(path, MAX_BYTES)
    except JsonRefused:
        raise HandoverRejected(f"This file is larger than {MAX_BYTES // (1024 * 1024)} MB, which no handover "
                               f"needs. {_NOTHING}") from None
    except FileNotFoundError:
        raise HandoverRejected(f"There is no file at {path}. Check the name and try again.") from None
    except IsADirectoryError:
        raise HandoverRejected(f"{path} is a folder, not a handover file.") from None
    except PermissionError:
        raise HandoverRejected(f"MAPPA Desk is not allowed to read {path}.") from None
    return _parse_payload(unseal(data, passphrase))


# -- what it would do ------------------------------------------------------------------------------------

NEW, SAME, REPLACE, KEEP_NEWER, KEEP_FINAL = "new", "same", "replace", "keep_newer_here", "keep_final_here"


@dataclass(frozen=True)
class PlannedMeeting:
    uid: str
    meeting_date: str
    kind: str
    status: str
    updated_at: str
    counts: dict
    action: str | None = None  # one of NEW, SAME, ... when compared with a vault
    local_updated_at: str | None = None

    def sentence(self, visor_ref: str) -> str:
        what = f"The {self.kind} meeting of {dates.long(self.meeting_date)} ({visor_ref}, {self.status})"
        return {
            None: f"{what}: {_counts(self.counts)}.",
            NEW: f"{what} is new here and will be added.",
            SAME: f"{what} is already here, exactly the same; nothing to do.",
            REPLACE: f"{what} was changed on the sending laptop after your copy; yours will be replaced by it.",
            KEEP_NEWER: f"{what} was changed here after the file was made; your version is kept and the file's "
                        "is skipped.",
            KEEP_FINAL: f"{what} is final here; a final record is never replaced, so the file's version is skipped.",
        }[self.action]


@dataclass(frozen=True)
class Preview:
    scope: str
    exported_at: str
    visor_ref: str
    individual_known: bool | None
    meetings: list[PlannedMeeting] = field(default_factory=list)
    # Issue 18: one sentence per meeting whose claimed status will not be taken (clearance_gate).
    status_not_taken: tuple[str, ...] = ()

    def sentences(self) -> list[str]:
        what = "one meeting" if self.scope == "meeting" else f"the history of one individual ({len(self.meetings)} meetings)"
        lines = [f"This handover file holds {what} of {self.visor_ref or 'an individual without a ViSOR reference'}, "
                 f"exported {self.exported_at[:16].replace('T', ' at ')} (UTC)."]
        if self.individual_known is False:
            lines.append("This individual is not yet in your vault and will be added.")
        lines += [m.sentence(self.visor_ref) for m in self.meetings]
        if self.individual_known is not None:
            lines += [f"  {m.kind.capitalize()} meeting of {dates.long(m.meeting_date)}: {_counts(m.counts)}."
                      for m in self.meetings]
        return lines + list(self.status_not_taken)


def _counts(counts: dict) -> str:
    return ", ".join(f"{n} {name if n != 1 else name.rstrip('s')}" for name, n in counts.items())


def _counts_of(meeting: Meeting) -> dict:
    return {"attendees": len(meeting.attendance), "information items": len(meeting.information),
            "risks": len(meeting.risks), "RMP measures": len(meeting.rmp_measures),
            "contingencies": len(meeting.contingencies), "decisions": len(meeting.decisions),
            "disclosures": len(meeting.disclosures), "actions": len(meeting.actions)}


def _action_for(db, codes: AgencyCodes, item: Incoming) -> tuple[str, str | None]:
    row = stored.local_state(db, item.meeting.uid)
    if row is None:
        return NEW, None
    local_id, local_updated, status = row
    # As it would be stored: a status the file claims is compared as it would be taken (clearance_gate).
    arriving, _ = clearance_gate.take_status(item.meeting, proven_final=item.final_documents is not None)
    if to_plain(meetings.load(db, codes, local_id)) == to_plain(arriving):
        return SAME, local_updated
    if status == "final":
        return KEEP_FINAL, local_updated
    if local_updated >= item.updated_at:
        return KEEP_NEWER, local_updated
    return REPLACE, local_updated


def _plan(handover: Handover, session: Session | None) -> Preview:
    individual = handover.items[0].individual
    known = None
    planned = []
    codes = AgencyCodes(session.db) if session is not None else None
    if session is not None:
        known = individuals.id_of(session.db, individual.uid) is not None
    for item in handover.items:
        action, local_updated = (_action_for(session.db, codes, item) if session is not None else (None, None))
        m = item.meeting
        planned.append(PlannedMeeting(m.uid, m.meeting_date, m.kind, m.status, item.updated_at, _counts_of(m),
                                      action, local_updated))
    not_taken = tuple(sentence for item in handover.items if (sentence := clearance_gate.take_status(
        item.meeting, proven_final=item.final_documents is not None, why=item.not_final_because, ahead=True)[1]))
    return Preview(handover.scope, handover.exported_at, individual.visor_ref or "", known, planned, not_taken)


def preview(path: str | Path, passphrase: str, session: Session | None = None) -> Preview:
    """What the file brings, read without writing anything; with a session, also what importing would do."""
    return _plan(read(path, passphrase), session)


# -- importing ---------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class HandoverResult:
    added: list[str]
    replaced: list[str]
    unchanged: list[str]
    skipped: list[str]  # one sentence each: what was kept here and why
    # One sentence per individual already here whose details in the file differ: this vault's are kept.
    details_kept: tuple[str, ...] = ()
    # Issue 18: one sentence per meeting whose claimed status was not taken (clearance_gate); one per individual
    # whose level, RoSH or lead agency now follow their latest meeting (individual_follows).
    status_not_taken: tuple[str, ...] = ()
    followed: tuple[str, ...] = ()

    def sentences(self) -> list[str]:
        lines = [f"Imported: {len(self.added)} added, {len(self.replaced)} replaced by the newer version from the "
                 f"file, {len(self.unchanged)} already the same here, {len(self.skipped)} skipped."]
        return lines + self.skipped + list(self.details_kept) + list(self.status_not_taken) + list(self.followed)


def import_handover(session: Session, path: str | Path, passphrase: str) -> HandoverResult:
    """Import every meeting the file brings in one transaction; nothing is written unless all of it checks out."""
    handover = read(path, passphrase)
    try:
        return _import(session, handover)
    except IntegrityError:
        raise HandoverRejected("The handover file was not imported: it reuses an identifier (uid) that already "
                               f"belongs to another record in this vault. {_NOTHING}") from None


def _import(session: Session, handover: Handover) -> HandoverResult:
    db = session.db
    added, replaced, unchanged, skipped = [], [], [], []
    details_kept: dict[int, str] = {}
    not_taken: list[str] = []
    saved: list[tuple[int, Meeting]] = []
    with db.transaction():
        codes = AgencyCodes(db)
        for item in handover.items:
            individual, meeting = item.individual, item.meeting
            label = f"the {meeting.kind} meeting of {dates.long(meeting.meeting_date)}"
            problems = records.file_problems(codes, individual, meeting, session.profile)  # as import refuses
            if problems:
                raise HandoverRejected(f"The handover file was not imported: in {label}, {problems[0]}. {_NOTHING}")
            if problem := (codec.vocabulary_problem(individual, meeting, session.profile)
                           or records._contradiction(individual, meeting, session.profile)):
                raise HandoverRejected(f"The handover file was not imported: in {label}, {problem} {_NOTHING}")
            action, _ = _action_for(db, codes, item)
            plan = PlannedMeeting(meeting.uid, meeting.meeting_date, meeting.kind, meeting.status,
                                  item.updated_at, {}, action)
            if action == SAME:
                unchanged.append(label)
                continue
            if action in (KEEP_NEWER, KEEP_FINAL):
                skipped.append(plan.sentence(individual.visor_ref or "no ViSOR reference"))
                continue
            known = individuals.id_of(db, individual.uid) is not None
            individual_id = _individual_id(db, codes, individual)
            if known and individual_id not in details_kept:
                _, kept = individual_details.take_from_file(db, codes, individual_id, individual, session.profile,
                                                            update=False)
                if kept:
                    who = individual.visor_ref or "an individual with no ViSOR reference"
                    details_kept[individual_id] = (
                        f"The file holds other details of {who} than this vault ({', '.join(kept)}): this vault's "
                        "were kept. If the file's are right, edit the individual's details.")
            if action == REPLACE and stored.individual_of_uid(db, meeting.uid) != individual_id:
                raise HandoverRejected(f"The handover file was not imported: {label} belongs to a different "
                                       f"individual in this vault. {_NOTHING}")
            _previous(db, codes, meeting, individual_id, label)
            claimed = meeting.status
            meeting, sentence = clearance_gate.take_status(meeting, proven_final=item.final_documents is not None,
                                                           why=item.not_final_because)
            # The sending laptop's time of the last change travels with the meeting, so the next handover
            # compares like with like.
            meeting_id = meetings.save(db, codes, meeting, individual_id, item.updated_at)
            now = utc_now()
            if sentence:
                clearance_gate.record_not_taken(db, meeting, claimed, clearance_gate.FROM_HANDOVER, now)
                not_taken.append(sentence)
            elif meeting.status == "final":
                final_proof.record_received(db, meeting_id, list(item.final_documents), now)
            saved.append((meeting_id, meeting))
            (added if action == NEW else replaced).append(label)
        followed = []
        for meeting_id, meeting in saved:  # after all are in: only the individual's latest held meeting moves them
            if changed := individual_follows.follow(db, meeting_id, utc_now()):
                followed.append(individual_follows.sentence(changed, meeting))
    return HandoverResult(added, replaced, unchanged, skipped, tuple(s for s in details_kept.values() if s),
                          tuple(not_taken), tuple(followed))


def _individual_id(db, codes: AgencyCodes, individual: Individual) -> int:
    """The individual already here (linked, never overwritten), or added."""
    individual_id = individuals.id_of(db, individual.uid)
    if individual_id is not None:
        return individual_id
    if individual.visor_ref and individuals.visor_ref_in_use(db, individual.visor_ref):
        raise HandoverRejected("The handover file was not imported: another individual in your vault has the same "
                               f"ViSOR reference. Check which record is right. {_NOTHING}")
    return individuals.save(db, codes, individual, utc_now())


def _previous(db, codes: AgencyCodes, meeting: Meeting, individual_id: int, label: str) -> None:
    """As the interchange import: the previous meeting is added if missing, and must be this individual's."""
    if meeting.previous is None:
        return
    previous_id = meetings.id_of(db, meeting.previous.uid)
    if previous_id is None:
        meetings.save_previous(db, codes, meeting.previous, individual_id, utc_now())
        return
    if meetings.individual_id(db, previous_id) != individual_id:
        raise HandoverRejected(f"The handover file was not imported: the meeting before {label} belongs to a "
                               f"different individual in this vault. {_NOTHING}")
    known = meetings.action_uids(db, previous_id)
    if any(action.uid not in known for action in meeting.previous.actions):
        raise HandoverRejected(f"The handover file was not imported: {label} reviews an action that the meeting "
                               f"before it does not have in this vault. {_NOTHING}")

