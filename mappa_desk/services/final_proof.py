"""What a handover carries to show a record is final, and its check on the receiving laptop (issue 18, item 1).

The sending laptop vouches for a final only when its seal is whole (storage/seals.py: the record has not changed
since it was made final) and its final files are recorded. It then carries, beside the meeting's interchange record:
- `documents`: the kind, version, format and SHA-256 of each final file, as the vault recorded them;
- `seal_sha256`: the sending vault's seal (it hashes that vault's rows, ids included, so it is kept for the record,
  not recomputed here);
- `content_sha256`: the SHA-256 of the record as carried and the documents' hashes (canonical JSON, keys sorted).

The receiver takes the record as final only when the record says final and `content_sha256` is the hash of what
arrived: a record or a document hash changed after the sender made the file (someone holding the passphrase who
edits the payload and seals it again) no longer matches, and the record comes in as held (clearance_gate). The
receiving vault then records the final's files and seals the record itself, so its own seal check covers it from
then on. The handover's passphrase says who sent it; the hashes say that what was made final there is what came.
"""

from __future__ import annotations

import hashlib
import json
import re

from mappa_desk.storage import documents as stored_documents, individuals, meetings, seals
from mappa_desk.storage.rows import AgencyCodes

_SHA256 = re.compile(r"[0-9a-f]{64}")
_DOCUMENT_KEYS = {"kind", "version", "format", "sha256"}
_KINDS = {"minute", "rmp", "executive_summary", "reply_letter", "covering_note", "tribunal_statement"}
_FORMATS = {"pdf", "docx"}
NEEDED = {"minute", "rmp"}  # a final without both has not been made final by the lifecycle

NOT_FINAL_HERE = "the handover carries no proof that it was made final on the sending laptop"
NOT_MATCHING = "its content or its documents' hashes do not match the hashes the handover carries"


def content_hash(record: dict, documents: list[dict]) -> str:
    canonical = json.dumps({"record": record, "documents": documents}, ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def for_meeting(db, meeting_id: int, record: dict) -> dict | None:
    """The proof to carry beside `record` (the meeting's interchange JSON as it goes in the file), or None when
    the record is not final, its seal is missing or broken, or its final files were never recorded."""
    if meetings.status(db, meeting_id) != "final":
        return None
    seal = seals.stored(db, meeting_id)
    if seal is None or seals.seal_hash(db, meeting_id, seal[0]) != seal[1]:
        return None
    documents = [{"kind": k, "version": v, "format": f, "sha256": s}
                 for k, v, f, s in stored_documents.final_versions(db, meeting_id)]
    if not NEEDED <= {d["kind"] for d in documents}:
        return None
    return {"seal_sha256": seal[1], "documents": documents, "content_sha256": content_hash(record, documents)}


def verified(record: dict, proof) -> tuple[list[dict] | None, str]:
    """(the final's documents, '') when `proof` matches `record` as it arrived, else (None, why not)."""
    if not isinstance(proof, dict):
        return None, NOT_FINAL_HERE
    documents = proof.get("documents")
    if not isinstance(documents, list) or not all(
            isinstance(d, dict) and set(d) == _DOCUMENT_KEYS and d["kind"] in _KINDS and d["format"] in _FORMATS
            and isinstance(d["sha256"], str) and _SHA256.fullmatch(d["sha256"])
            and type(d["version"]) is int and d["version"] > 0 for d in documents) \
            or not NEEDED <= {d["kind"] for d in documents} \
            or len({(d["kind"], d["version"], d["format"]) for d in documents}) != len(documents):
        return None, NOT_MATCHING
    if proof.get("content_sha256") != content_hash(record, documents):
        return None, NOT_MATCHING
    return documents, ""


def record_received(db, meeting_id: int, documents: list[dict], now: str) -> None:
    """Inside the import's transaction, for a verified final: its files' hashes as the sending vault recorded
    them, then this vault's seal of the record."""
    latest = stored_documents.latest_version(db, meeting_id)  # drafts made here before the final came
    shift = 0 if latest is None or latest < min(d["version"] for d in documents) else \
        latest + 1 - min(d["version"] for d in documents)  # numbered after them, as a final made here would be
    for d in documents:
        stored_documents.add_version(db, meeting_id, d["kind"], d["version"] + shift, "final", d["format"],
                                     d["sha256"], now, reason="Made final on the sending laptop; received in a handover")
    # As lifecycle.make_final: the individual's details its documents print are kept, then the record is sealed.
    individuals.take_snapshot(db, AgencyCodes(db), meeting_id, now)
    seals.seal(db, meeting_id, now)
