"""The seal of a final record: the SHA-256 of its canonical content, stored when it is made final (schema 0008).

What is sealed (format 1) is what the final Minute and RMP are made from, as rows of the vault:
- the meeting's own row, every column except `updated_at` (a time stamp, not content);
- its attendance, agenda items, information shared, risks with their scenarios, RMP measures with the
  risks they address, contingencies, decisions with agency positions and options not taken, and
  disclosures: every column;
- its actions, without what a later review records on them (status, outcome, outcome_note,
  reviewed_in_meeting_id) or the link a later meeting's action makes to them (carried_from_action_id);
- the final document versions (kind, format, version and the SHA-256 of each file made at the final).

Not sealed, because they legitimately change after the final: addenda, requests for the Minute,
sharing approvals, record events after the final, the audio recording (destroyed at the final), the
pre-read papers (supporting papers, not the record, and attachable at any time), the individual's own
details (their level, orders and notes move on), and the names held in `people` (the meeting keeps
their ids). The columns are listed here, not read from the table: a later schema that adds a column
must not change the seal of a record made final before it; a later seal format would get a new number.

Each row is encoded as a JSON array of its values in the listed order, rows ordered by id, tables in
the listed order; the whole is one JSON document, hashed with SHA-256.
"""

from __future__ import annotations

import hashlib
import json

FORMAT = 1

_M = "meeting_id = :m"
_RISKS = "risk_id IN (SELECT id FROM risks WHERE meeting_id = :m)"
_MEASURES = "measure_id IN (SELECT id FROM rmp_measures WHERE meeting_id = :m)"
_DECISIONS = "decision_id IN (SELECT id FROM decisions WHERE meeting_id = :m)"

# (table, columns, which rows, order)
_PARTS_1 = (
    ("meetings", "id, uid, individual_id, previous_meeting_id, kind, level, meeting_date, start_time, end_time, "
                 "location, chair_id, minute_taker_id, coordinator_id, lead_agency_id, status, "
                 "confidentiality_agreed, confidentiality_agreed_at, individual_informed_by, rosh_level, "
                 "victim_issues, diversity_issues, housing_notes, level_decision, level_after, level_rationale, "
                 "review_date, next_meeting_date, created_at, tribunal_recommendation, tribunal_position",
     "id = :m", "id"),
    ("attendance", "id, meeting_id, agency_id, person_id, capacity, status, arrived_at, left_at, report_received, "
                   "limitation, confidentiality_agreed, position", _M, "id"),
    ("agenda_items", "id, meeting_id, step_key, title, state, skip_reason, allocated_seconds, seconds_spent, "
                     "position", _M, "id"),
    ("information_items", "id, meeting_id, source_agency_id, text, shareable, position", _M, "id"),
    ("risks", "id, meeting_id, number, kind, description, strategy_rationale", _M, "id"),
    ("risk_scenarios", "id, risk_id, context, what, who_at_risk, when_likely, how, why, seriousness, position",
     _RISKS, "id"),
    ("rmp_measures", "id, meeting_id, heading, description, agency_id, person_name, timescale, position", _M, "id"),
    ("rmp_measure_risks", "measure_id, risk_number", _MEASURES, "measure_id, risk_number"),
    ("contingencies", "id, meeting_id, trigger, response, agency_id, person_name, position", _M, "id"),
    ("decisions", "id, meeting_id, question, options_considered, outcome, decision_text, rationale, how_proceeded, "
                  "position", _M, "id"),
    ("decision_positions", "id, decision_id, agency_id, stance, reason, position", _DECISIONS, "id"),
    ("options_not_taken", "id, decision_id, option_text, reason, position", _DECISIONS, "id"),
    ("disclosures", "id, meeting_id, made, to_whom, what, by_agency_id, by_person, by_when, reason_not_made, "
                    "position", _M, "id"),
    ("actions", "id, uid, meeting_id, description, person_name, agency_id, due_date, position", _M, "id"),
    ("document_versions", "id, meeting_id, kind, version, status, format, sha256, reason, created_at, created_by",
     "meeting_id = :m AND status = 'final'", "id"),
)
PARTS = {1: _PARTS_1}


def canonical(db, meeting_id: int, seal_format: int = FORMAT) -> bytes:
    """The canonical content of one meeting's record, as sealed (see the module's docstring)."""
    tables = []
    for table, columns, where, order in PARTS[seal_format]:
        rows = db.execute(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY {order}",
                          {"m": meeting_id}).fetchall()
        tables.append([table, [list(row) for row in rows]])
    return json.dumps({"seal_format": seal_format, "tables": tables}, ensure_ascii=False,
                      separators=(",", ":")).encode("utf-8")


def seal_hash(db, meeting_id: int, seal_format: int = FORMAT) -> str:
    return hashlib.sha256(canonical(db, meeting_id, seal_format)).hexdigest()


def seal(db, meeting_id: int, at: str) -> str:
    """Store the seal of a record being made final; call it inside the transaction that makes it final."""
    digest = seal_hash(db, meeting_id)
    db.execute("INSERT INTO final_seals (meeting_id, format, sha256, sealed_at) VALUES (?, ?, ?, ?)",
               (meeting_id, FORMAT, digest, at))
    return digest


def broken_seals(db) -> list[tuple[int, str]]:
    """(meeting id, meeting date) of every sealed record whose content no longer has its seal's hash."""
    broken = []
    for meeting_id, seal_format, stored in db.execute(
            "SELECT meeting_id, format, sha256 FROM final_seals ORDER BY meeting_id").fetchall():
        if seal_format not in PARTS or seal_hash(db, meeting_id, seal_format) != stored:
            date = db.execute("SELECT meeting_date FROM meetings WHERE id = ?", (meeting_id,)).fetchone()
            broken.append((meeting_id, date[0] if date else "unknown date"))
    return broken


def counts(db) -> tuple[int, int]:
    """(sealed final records, final records without a seal: made final before schema 0008, or imported)."""
    sealed = db.execute("SELECT count(*) FROM final_seals").fetchone()[0]
    unsealed = db.execute("SELECT count(*) FROM meetings WHERE status = 'final' AND id NOT IN "
                          "(SELECT meeting_id FROM final_seals)").fetchone()[0]
    return sealed, unsealed
