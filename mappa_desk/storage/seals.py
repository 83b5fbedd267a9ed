"""The seal of a final record: the SHA-256 of its canonical content, stored when it is made final (schema 0008).

What is sealed is what the final Minute and RMP are made from, as rows of the vault:
- the meeting's own row, except `updated_at` (a time stamp, not content);
- its attendance, agenda items, information shared, risks with their scenarios, RMP measures with the
  risks they address, contingencies, decisions with agency positions and options not taken, and
  disclosures; its circulation list (left out while empty, see `_ADDED_LATER`);
- its actions, without what a later review records on them (status, outcome, outcome_note,
  reviewed_in_meeting_id) or the link a later meeting's action makes to them (carried_from_action_id);
- the final document versions (kind, format, version and the SHA-256 of each file made at the final).
What is left out on purpose is listed once, in `LEFT_OUT`.

Not sealed, because they legitimately change after the final: addenda, requests for the Minute,
sharing approvals, record events after the final, the audio recording (destroyed at the final), the
pre-read papers (supporting papers, not the record, and attachable at any time), the individual's own
details (their level, orders and notes move on), and the names held in `people` (the meeting keeps
their ids).

Three formats; each seal keeps the number of the one it was made with, and is checked with that one.

Format 1 (records made final before format 2): the columns are listed by hand below, as they were in
schema 0008. Each row is encoded as a JSON array of its values in the listed order. A field added to the
record later is not in the list, so format 1 cannot see it change; records sealed with it keep it.

Format 2 (every new seal): the same tables and the same rows, but the columns come from the record's
declarations (domain/record.py): each part's own columns (id, uid where the part has one, the column
linking it to its parent, its position or number, the meeting's links to the individual and the previous
meeting, and the meeting's created_at) and every declared field's column, less `LEFT_OUT`. So a field
added to the record is sealed as soon as it is declared. The RMP measures' risks and the final document
versions are not declared parts; their columns stay listed here. Each row is encoded as a JSON object of
column and value, keys sorted, leaving out every empty value: NULL, an empty string, and a declared flag,
number or number of seconds holding its declared empty value (no, 0). Leaving them out is what keeps an
older seal whole when a later schema adds a field: the new column is empty on every record made final
before it, so those records' content is unchanged, while any value put into it afterwards changes the
content and breaks the seal.

Format 3 (every new seal from schema 0013): format 2, and the individual's details as they stood at the
meeting (meeting_individual_snapshots: meeting_id and details), which the final documents were made from and
an addendum's Minute is made from again. The individual's live details stay unsealed: they move on.

In every format rows are ordered as listed (by id), tables in the listed order; the whole is one JSON
document, hashed with SHA-256.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json

from mappa_desk.domain import record

FORMAT = 3

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

# What is left out of the seal on purpose, by table: a time stamp, and what a later review changes on an action.
LEFT_OUT = {
    "meetings": ("updated_at",),
    "actions": ("status", "outcome", "outcome_note", "reviewed_in_meeting_id", "carried_from_action_id",
                # Schema 0015 gave every action made before it its number and link: sealing them would break the
                # seal of every record made final before it. The final documents' hashes seal what they printed.
                "number", "carried_from_uid"),
}
# Format 3's addition: the individual's details as they stood at the meeting (schema 0013).
_SNAPSHOT = ("meeting_individual_snapshots", "meeting_id, details", "meeting_id = :m", "meeting_id")
# The meeting's own columns that are not declared fields: its links and when it was created.
_MEETING_OWN = ("individual_id", "previous_meeting_id", "created_at")
# Tables of the seal that are not declared parts of the record: their columns as format 1 lists them.
_NOT_PARTS = frozenset({"rmp_measure_risks", "document_versions", _SNAPSHOT[0]})
# (table, which rows, order): format 2 seals the same tables and rows as format 1; format 3 adds the snapshot.
# Tables of parts added to the record after format 2 was made (issue 17 item 2: the circulation list): sealed
# like the others, but left out of the content while they hold no row of the meeting, so a seal made before
# the table existed stays whole, and a row added after the final breaks it.
_ADDED_LATER = (("circulation", _M, "id"), ("protected_persons", _M, "id"))  # issue 18 item 4
_ROWS_2 = tuple((table, where, order) for table, _, where, order in _PARTS_1) + _ADDED_LATER
_ROWS_3 = _ROWS_2 + ((_SNAPSHOT[0], _SNAPSHOT[2], _SNAPSHOT[3]),)


def _own_columns(part: record.Part) -> tuple[str, ...]:
    """A part's columns that are not declared fields: its id, uid, parent link and position."""
    own = ["id"]
    if any(f.name == "uid" for f in dataclasses.fields(record.MODEL[part.name])):
        own.append("uid")
    if part.parent_column:
        own.append(part.parent_column)
        own.append(part.order)  # rows under a parent are numbered in it (a risk by its number)
    else:
        own.extend(_MEETING_OWN)
    return tuple(own)


def columns_2(table: str) -> tuple[str, ...]:
    """The columns format 2 seals in `table`, from the declarations as they are now."""
    if table in _NOT_PARTS:
        return tuple(c.strip() for c in next(c for t, c, _, _ in _PARTS_1 + (_SNAPSHOT,) if t == table).split(","))
    part = record.part_of_table(table)
    left_out = LEFT_OUT.get(table, ())
    return tuple(dict.fromkeys(c for c in _own_columns(part) + part.columns if c not in left_out))


def _declared_empty(table: str) -> dict:
    """column -> declared empty value of each flag, number and seconds field (no, 0) that may be empty."""
    if table in _NOT_PARTS:
        return {}
    return {f.column: f.empty for f in record.part_of_table(table).fields
            if f.kind in ("flag", "number", "seconds") and not f.required}


_NONE = object()  # a column with no declared empty value besides NULL and ''


def _is_empty(value, declared_empty) -> bool:
    return value is None or value == "" or (declared_empty is not _NONE and value == declared_empty)


def _canonical_2(db, meeting_id: int, seal_format: int = 2) -> bytes:
    tables = []
    for table, where, order in PARTS[seal_format]:
        columns = columns_2(table)
        empties = _declared_empty(table)
        if (table, where, order) in _ADDED_LATER and db.execute(  # an upgrade's step run before the table is made
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone() is None:
            continue
        rows = db.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {where} ORDER BY {order}",
                          {"m": meeting_id}).fetchall()
        if not rows and (table, where, order) in _ADDED_LATER:
            continue
        tables.append([table, [{c: v for c, v in zip(columns, row) if not _is_empty(v, empties.get(c, _NONE))}
                               for row in rows]])
    return json.dumps({"seal_format": seal_format, "tables": tables}, ensure_ascii=False, separators=(",", ":"),
                      sort_keys=True).encode("utf-8")


# The formats a seal may name: format 1's (table, columns, rows, order), format 2's (table, rows, order).
PARTS = {1: _PARTS_1, 2: _ROWS_2, 3: _ROWS_3}


def canonical(db, meeting_id: int, seal_format: int = FORMAT) -> bytes:
    """The canonical content of one meeting's record, as sealed (see the module's docstring)."""
    if seal_format in (2, 3):
        return _canonical_2(db, meeting_id, seal_format)
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


def stored(db, meeting_id: int) -> tuple[int, str] | None:
    """(format, sha256) of the record's seal, or None when it has none."""
    row = db.execute("SELECT format, sha256 FROM final_seals WHERE meeting_id = ?", (meeting_id,)).fetchone()
    return None if row is None else (row[0], row[1])
