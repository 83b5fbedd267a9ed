"""Row-level edits of one meeting, as the cockpit makes them: each call one transaction, each undoable.

The cockpit saves every edit at once (there is no Save button), so an edit is
small: one value of one row, one row added or removed. Each call returns what
is needed to undo it: a `Change` holds the old and new values, a `Removed` the
row with everything under it, so undo puts back exactly what was there (same
ids). Only the tables and columns listed in EDITABLE can be touched, and only
rows that belong to the meeting being edited (or, for the outcome of a carried
action, to the meeting it reviews).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from mappa_desk.domain import clocks, vocabularies
from mappa_desk.domain.model import new_uid
from mappa_desk.errors import UserFacingError
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import people

# table -> columns the cockpit may change
EDITABLE: dict[str, frozenset[str]] = {
    "meetings": frozenset({
        "start_time", "end_time", "location", "status", "confidentiality_agreed", "confidentiality_agreed_at",
        "individual_informed_by", "rosh_level", "victim_issues", "diversity_issues", "housing_notes",
        "level_decision", "level_after", "level_rationale", "review_date", "next_meeting_date",
        "tribunal_recommendation", "tribunal_position", "coordinator_id"}),
    "attendance": frozenset({"agency_id", "person_id", "capacity", "status", "arrived_at", "left_at",
                             "report_received", "limitation", "confidentiality_agreed"}),
    "agenda_items": frozenset({"state", "skip_reason", "seconds_spent", "allocated_seconds"}),
    "information_items": frozenset({"source_agency_id", "text", "shareable"}),
    "risks": frozenset({"kind", "description", "strategy_rationale"}),
    "risk_scenarios": frozenset({"context", "what", "who_at_risk", "when_likely", "how", "why", "seriousness"}),
    "rmp_measures": frozenset({"heading", "description", "agency_id", "person_name", "timescale"}),
    "contingencies": frozenset({"trigger", "response", "agency_id", "person_name"}),
    "decisions": frozenset({"question", "options_considered", "outcome", "decision_text", "rationale",
                            "how_proceeded"}),
    "decision_positions": frozenset({"agency_id", "stance", "reason"}),
    "options_not_taken": frozenset({"option_text", "reason"}),
    "disclosures": frozenset({"made", "to_whom", "what", "by_agency_id", "by_person", "by_when", "reason_not_made"}),
    "actions": frozenset({"description", "person_name", "agency_id", "due_date", "status", "outcome",
                          "outcome_note"}),
}

# Tables whose rows hang off another row of the meeting: table -> (parent table, parent column).
PARENT: dict[str, tuple[str, str]] = {
    "risk_scenarios": ("risks", "risk_id"),
    "decision_positions": ("decisions", "decision_id"),
    "options_not_taken": ("decisions", "decision_id"),
}
# What goes with a row when it is removed: table -> [(child table, column pointing at the row)].
CHILDREN: dict[str, list[tuple[str, str]]] = {
    "risks": [("risk_scenarios", "risk_id")],
    "decisions": [("decision_positions", "decision_id"), ("options_not_taken", "decision_id")],
    "rmp_measures": [("rmp_measure_risks", "measure_id")],
}
# Outcome columns of a carried action: the only edits allowed on the previous meeting's actions.
_CARRIED_COLUMNS = frozenset({"outcome", "outcome_note"})
# Columns that hold NULL rather than an empty string when cleared.
_NULLABLE = frozenset({"rosh_level", "level_decision", "level_after", "review_date", "next_meeting_date",
                       "agency_id", "source_agency_id", "by_agency_id", "person_id", "seriousness", "due_date",
                       "by_when", "outcome"})


@dataclass(frozen=True)
class Change:
    """One row's values before and after an edit."""

    table: str
    row_id: int
    old: dict
    new: dict


@dataclass
class Removed:
    """A removed row and everything that went with it, in insertion order."""

    table: str
    row_id: int
    rows: list[tuple[str, dict]] = field(default_factory=list)


def dict_rows(db, sql: str, params=()) -> list[dict]:
    return db.rows(sql, params)


class MeetingEditor:
    """Edits one meeting. Use from the database lane only (it shares the session's connection)."""

    def __init__(self, session: Session, meeting_id: int):
        self.db = session.db
        self.profile = session.profile  # its vocabularies: what a closed choice may hold
        self.meeting_id = meeting_id
        row = self.db.query("SELECT previous_meeting_id FROM meetings WHERE id = ?", (meeting_id,))
        if not row:
            raise UserFacingError("That meeting is no longer in the vault. Go back to the home screen and choose "
                                  "another.")
        self.previous_id = row[0][0]

    # -- values -------------------------------------------------------------------------
    def set(self, table: str, row_id: int, values: dict[str, Any]) -> Change:
        """Sets columns of one row; returns the change (old and new values) for undo."""
        values = {col: self._clean(table, col, v) for col, v in values.items()}
        with self.db.transaction():
            self._check_row(table, row_id, values)
            old = self._values(table, row_id, values)
            new = dict(values)
            if table == "actions" and "outcome" in values and self._meeting_of("actions", row_id) == self.previous_id:
                # An outcome recorded here closes the carried action and links it to this review.
                new["status"] = "open" if values["outcome"] is None else "closed"
                new["reviewed_in_meeting_id"] = None if values["outcome"] is None else self.meeting_id
                old = self._values(table, row_id, new)
            self._write(table, row_id, new)
        return Change(table, row_id, old, new)

    def set_rows(self, table: str, values_by_row: dict[int, dict[str, Any]]) -> list[Change]:
        """Sets columns of several rows in one transaction (all or nothing); returns the changes."""
        changes = []
        with self.db.transaction():
            for row_id, values in values_by_row.items():
                values = {col: self._clean(table, col, v) for col, v in values.items()}
                self._check_row(table, row_id, values)
                changes.append(Change(table, row_id, self._values(table, row_id, values), dict(values)))
                self._write(table, row_id, values)
        return changes

    def apply(self, change: Change, *, undo: bool = False) -> None:
        """Redo (`undo=False`) or undo a change made by `set`."""
        with self.db.transaction():
            # The change came from `set`, which checked its columns; check the row is still ours.
            carried = {k: None for k in change.new if k in _CARRIED_COLUMNS}
            self._check_row(change.table, change.row_id, carried)
            self._write(change.table, change.row_id, change.old if undo else change.new)

    def person_id(self, full_name: str, agency_id: int | None) -> int | None:
        """The people row for a name at an agency, created when new (for `set(..., {"person_id": ...})`)."""
        name = " ".join(full_name.split())
        if not name:
            return None
        with self.db.transaction():
            found = self.db.scalar("SELECT id FROM people WHERE full_name = ? AND agency_id IS ? ORDER BY id LIMIT 1",
                                   (name, agency_id))
            if found is not None:
                return found
            return self.db.execute("INSERT INTO people (uid, full_name, agency_id) VALUES (?, ?, ?)",
                                   (new_uid(), name, agency_id)).lastrowid

    def set_coordinator(self, full_name: str) -> Change:
        """Names the meeting's MAPPA co-ordinator (an empty name: not recorded); returns the change for undo.

        The name is matched to a known person whatever their agency (the co-ordinator is
        usually already in the vault from earlier meetings), or a new person is added.
        """
        name = " ".join(full_name.split())
        with self.db.transaction():
            self._check_row("meetings", self.meeting_id, {"coordinator_id": None})
            new = {"coordinator_id": people.find_or_add(self.db, name) if name else None}
            old = self._values("meetings", self.meeting_id, new)
            self._write("meetings", self.meeting_id, new)
        return Change("meetings", self.meeting_id, old, new)

    # -- rows ---------------------------------------------------------------------------
    def agencies_without_position(self, decision_id: int) -> list[int]:
        """Each agency present, once and in attendance order, that has no position on the decision yet: read from
        the record now (attendance and positions may have changed since any screen was built)."""
        present = self.db.query("SELECT agency_id FROM attendance WHERE meeting_id = ? AND status = 'present' "
                                "AND agency_id IS NOT NULL ORDER BY position, id", (self.meeting_id,))
        taken = {a for (a,) in self.db.query("SELECT agency_id FROM decision_positions WHERE decision_id = ?",
                                             (decision_id,))}
        return [a for a in dict.fromkeys(a for (a,) in present) if a not in taken]

    def agency_for_new_position(self, decision_id: int) -> int | None:
        """The agency a new position starts with: the first agency present without one, read from the record now."""
        missing = self.agencies_without_position(decision_id)
        if missing:
            return missing[0]
        return self.db.scalar("SELECT agency_id FROM attendance WHERE meeting_id = ? AND status = 'present' AND "
                              "agency_id IS NOT NULL ORDER BY position, id LIMIT 1", (self.meeting_id,)) \
            or self.db.scalar("SELECT id FROM agencies ORDER BY id LIMIT 1")

    def add(self, table: str, values: dict[str, Any] | None = None) -> int:
        """Adds a row at the end of its list; returns its id. Child rows name their parent in `values`."""
        with self.db.transaction():
            return self._insert(table, values or {})

    def _insert(self, table: str, values: dict[str, Any]) -> int:
        self._check_open()
        values = {col: self._clean(table, col, v) for col, v in values.items()}
        if table not in EDITABLE or table in ("meetings", "agenda_items"):
            raise ValueError(f"rows cannot be added to {table}")
        if table in PARENT:
            parent, column = PARENT[table]
            self._check_row(parent, values[column], {})
            owner_col, owner = column, values[column]
        else:
            owner_col, owner = "meeting_id", self.meeting_id
        row = {**_defaults(table), **values, owner_col: owner}
        if table == "risks":
            row["number"] = 1 + (self.db.scalar("SELECT max(number) FROM risks WHERE meeting_id = ?",
                                                (self.meeting_id,)) or 0)
        else:
            row["position"] = 1 + (self.db.scalar(f"SELECT max(position) FROM {table} WHERE {owner_col} = ?",
                                                  (owner,)) or 0)
        if table == "actions":
            row["uid"] = new_uid()
        cols = ", ".join(row)
        marks = ", ".join("?" for _ in row)
        row_id = self.db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values())).lastrowid
        self._touch()
        return row_id

    def remove(self, table: str, row_id: int) -> Removed:
        """Removes a row with its children; returns them so `restore` can put them back."""
        with self.db.transaction():
            self._check_row(table, row_id, {})
            if table in ("meetings", "agenda_items"):
                raise ValueError(f"rows of {table} cannot be removed here")
            removed = Removed(table, row_id)
            removed.rows.append((table, dict_rows(self.db, f"SELECT * FROM {table} WHERE id = ?", (row_id,))[0]))
            for child, column in CHILDREN.get(table, []):
                for row in dict_rows(self.db, f"SELECT * FROM {child} WHERE {column} = ?", (row_id,)):
                    removed.rows.append((child, row))
            if table == "risks":
                # Measures that addressed this risk stop pointing at it.
                number = removed.rows[0][1]["number"]
                for row in dict_rows(self.db, """SELECT l.* FROM rmp_measure_risks l JOIN rmp_measures x
                                                 ON x.id = l.measure_id WHERE x.meeting_id = ? AND l.risk_number = ?""",
                                     (self.meeting_id, number)):
                    removed.rows.append(("rmp_measure_risks", row))
                    self.db.execute("DELETE FROM rmp_measure_risks WHERE measure_id = ? AND risk_number = ?",
                                    (row["measure_id"], number))
            if table == "actions":
                self.db.execute("UPDATE actions SET carried_from_action_id = NULL WHERE carried_from_action_id = ?",
                                (row_id,))
            self.db.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))
            self._touch()
        return removed

    def restore(self, removed: Removed) -> None:
        """Puts back what `remove` took away, with the same ids."""
        with self.db.transaction():
            self._check_open()
            for table, row in removed.rows:
                cols = ", ".join(row)
                marks = ", ".join("?" for _ in row)
                self.db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", tuple(row.values()))
            self._touch()

    def link_risk(self, measure_id: int, risk_number: int, linked: bool) -> None:
        """Marks whether an RMP measure addresses a risk (by the risk's number in this meeting)."""
        with self.db.transaction():
            self._check_row("rmp_measures", measure_id, {})
            if linked:
                self.db.execute("INSERT OR IGNORE INTO rmp_measure_risks (measure_id, risk_number) VALUES (?, ?)",
                                (measure_id, risk_number))
            else:
                self.db.execute("DELETE FROM rmp_measure_risks WHERE measure_id = ? AND risk_number = ?",
                                (measure_id, risk_number))
            self._touch()

    def carry_forward(self, action_id: int) -> int:
        """A new action of this meeting copied from a carried one (e.g. not done by the agency)."""
        if self._meeting_of("actions", action_id) != self.previous_id:
            raise ValueError("only an action of the previous meeting can be carried forward")
        with self.db.transaction():
            source = dict_rows(self.db, "SELECT description, person_name, agency_id FROM actions WHERE id = ?",
                               (action_id,))[0]
            new_id = self._insert("actions", source)
            self.db.execute("UPDATE actions SET carried_from_action_id = ? WHERE id = ?", (action_id, new_id))
        return new_id

    # -- checks and writes --------------------------------------------------------------
    def _clean(self, table: str, column: str, value: Any) -> Any:
        if isinstance(value, bool):
            return 1 if value else 0
        if isinstance(value, str) and column in _NULLABLE and not value.strip():
            return None
        vocabularies.check_column(table, column, value, self.profile)  # one of the choices, or refused
        return value

    def _meeting_of(self, table: str, row_id: int) -> int | None:
        if table == "meetings":
            return row_id if self.db.scalar("SELECT 1 FROM meetings WHERE id = ?", (row_id,)) else None
        if table in PARENT:
            parent, column = PARENT[table]
            parent_id = self.db.scalar(f"SELECT {column} FROM {table} WHERE id = ?", (row_id,))
            return None if parent_id is None else self._meeting_of(parent, parent_id)
        return self.db.scalar(f"SELECT meeting_id FROM {table} WHERE id = ?", (row_id,))

    def _check_open(self) -> None:
        if self.db.scalar("SELECT status FROM meetings WHERE id = ?", (self.meeting_id,)) == "final":
            raise UserFacingError("This meeting's record is final and cannot be changed. A correction is made as "
                                  "an addendum to the final Minute.")

    def _check_times(self, meeting_id: int, values: dict) -> None:
        """Refuses a start or end time that would have the meeting end before it started."""
        start, end = self.db.query("SELECT start_time, end_time FROM meetings WHERE id = ?", (meeting_id,))[0]
        problem = clocks.end_before_start_problem(values.get("start_time", start) or "",
                                                  values.get("end_time", end) or "")
        if problem:
            raise UserFacingError(f"That time was not saved: {problem} If both times are wrong, correct the "
                                  "other one first.")

    def _check_row(self, table: str, row_id: int, values: dict) -> None:
        self._check_open()
        allowed = EDITABLE.get(table)
        if allowed is None or not set(values) <= allowed:
            raise ValueError(f"{table} {sorted(set(values) - (allowed or set()))} cannot be edited")
        owner = self._meeting_of(table, row_id)
        if owner == self.meeting_id:
            if table == "meetings" and {"start_time", "end_time"} & set(values):
                self._check_times(row_id, values)
            return
        if table == "actions" and owner is not None and owner == self.previous_id and set(values) <= _CARRIED_COLUMNS:
            return
        raise UserFacingError("That part of the record is no longer there (it may have been removed). "
                              "The meeting has been reloaded.")

    def _values(self, table: str, row_id: int, columns) -> dict:
        cols = list(columns)
        row = self.db.query(f"SELECT {', '.join(cols)} FROM {table} WHERE id = ?", (row_id,))[0]
        return dict(zip(cols, row))

    def _write(self, table: str, row_id: int, values: dict) -> None:
        sets = ", ".join(f"{col} = ?" for col in values)
        self.db.execute(f"UPDATE {table} SET {sets} WHERE id = ?", (*values.values(), row_id))
        self._touch()

    def _touch(self) -> None:
        # A record changed after the chair cleared it is a draft again: what is circulated and made
        # final must be what the chair cleared.
        self.db.execute("""UPDATE meetings SET updated_at = ?,
                                  status = CASE WHEN status IN ('cleared', 'circulated') THEN 'draft' ELSE status END
                           WHERE id = ?""", (utc_now(), self.meeting_id))


def _defaults(table: str) -> dict:
    """What a new, empty row holds (NOT NULL columns without a default of their own)."""
    return {
        "attendance": {"status": "invited"},
        "information_items": {"text": ""},
        "risks": {"kind": ""},
        "rmp_measures": {"heading": "supervision", "description": ""},
        "contingencies": {"trigger": "", "response": ""},
        "decisions": {"question": "", "outcome": "consensus"},
        "decision_positions": {"stance": "agree"},
        "options_not_taken": {"option_text": "", "reason": ""},
        "disclosures": {"made": 0},
        "actions": {"description": ""},
    }.get(table, {})
