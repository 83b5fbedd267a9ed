"""Row-level edits of one meeting, as the cockpit makes them: each call one transaction, each undoable.

The cockpit saves every edit at once (there is no Save button), so an edit is
small: one value of one row, one row added or removed. Each call returns what
is needed to undo it: a `Change` holds the old and new values, a `Removed` the
row with everything under it, so undo puts back exactly what was there (same
ids). Only the meeting's parts and their fields declared editable in
domain.record can be touched (EDITABLE), and only rows that belong to the
meeting being edited (or, for the outcome of a carried action, to the meeting
it reviews). `write` sets one declared field (a `record.Ref`) with what follows
from it (domain.rules); `set` sets columns as given. The SQL is in
storage.edits.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass, field
from typing import Any

from mappa_desk.domain import clocks, consistency_meeting, record, rules, text_check, vocabularies
from mappa_desk.domain.model import new_uid
from mappa_desk.errors import UserFacingError
from mappa_desk.services import individual_follows
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import action_numbers, edits, meetings, people

# table -> columns the cockpit may change (the meeting's parts' editable fields, domain.record)
EDITABLE: dict[str, frozenset[str]] = {
    part.table: frozenset(f.column for f in part.editable) for part in record.MEETING_PARTS}

# Tables whose rows hang off another row of the meeting: table -> (parent table, parent column).
PARENT: dict[str, tuple[str, str]] = {
    part.table: (record.BY_NAME[part.parent].table, part.parent_column)
    for part in record.MEETING_PARTS if part.parent not in ("", "meeting")}
# What goes with a row when it is removed: table -> [(child table, column pointing at the row)]. A measure's
# links to risks are not a part of their own.
CHILDREN: dict[str, list[tuple[str, str]]] = {
    **{part.table: [(record.BY_NAME[c].table, record.BY_NAME[c].parent_column) for c in part.children]
       for part in record.MEETING_PARTS if part.children},
    "rmp_measures": [("rmp_measure_risks", "measure_id")],
}
# Outcome columns of a carried action: the only edits allowed on the previous meeting's actions.
_CARRIED_COLUMNS = frozenset({"outcome", "outcome_note"})
# Columns that hold NULL rather than an empty string when cleared: table -> columns.
_NULLABLE: dict[str, frozenset[str]] = {
    part.table: frozenset(f.column for f in part.fields if f.nullable) for part in record.MEETING_PARTS}
# Columns that must always hold one of a closed set of values (a vocabulary's word, an agency): never blank.
_NEVER_BLANK: dict[str, frozenset[str]] = {
    part.table: frozenset(f.column for f in part.fields if f.required and f.kind in ("choice", "level", "agency"))
    for part in record.MEETING_PARTS}


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


class MeetingEditor:
    """Edits one meeting. Use from the database lane only (it shares the session's connection)."""

    def __init__(self, session: Session, meeting_id: int):
        self.db = session.db
        self.profile = session.profile  # its vocabularies: what a closed choice may hold
        self.meeting_id = meeting_id
        found, self.previous_id = edits.previous_meeting(self.db, meeting_id)
        if not found:
            raise UserFacingError("That meeting is no longer in the vault. Go back to the home screen and choose "
                                  "another.")

    # -- values -------------------------------------------------------------------------
    def set(self, table: str, row_id: int, values: dict[str, Any]) -> Change:
        """Sets columns of one row; returns the change (old and new values) for undo."""
        values = {col: self._clean(table, col, v) for col, v in values.items()}
        with self.db.transaction():
            return self._set(table, row_id, values)

    def write(self, ref: record.Ref, value: Any, *, now: _dt.datetime | None = None) -> list[Change]:
        """Sets one declared field of one row, with what follows from it in the record (domain.rules: the time
        the confidentiality statement was agreed, the level a level decision leads to; domain.consistency_meeting:
        the confidentiality ticks of the meeting and of each person present), in one transaction.
        `value` is what the field's column holds (an agency's or a person's row id, a flag as True or False).
        Returns every change, the edit first, so the caller shows them all and undoes them together."""
        if not ref.field.editable or ref.part not in record.MEETING_PARTS:
            raise ValueError(f"{ref.part.label}: {ref.field.label} is not changed in the cockpit")
        now = now or _dt.datetime.now()
        value = self._clean(ref.table, ref.column, value)
        with self.db.transaction():
            agreement = edits.attendance_agreement(self.db, self.meeting_id)  # before the edit
            meeting_agreed = bool(self._values("meetings", self.meeting_id,
                                               ["confidentiality_agreed"])["confidentiality_agreed"])
            changes = [self._set(ref.table, ref.row_id, {ref.column: value})]
            # issue 18 item 2: the meeting's and each person's confidentiality ticks kept together
            people, flag = consistency_meeting.agreement_follow_ups(ref.part.name, ref.field.name, value,
                                                                    meeting_agreed, agreement, ref.row_id)
            for row_id, agreed in people.items():
                changes.append(self._set("attendance", row_id, {"confidentiality_agreed": int(agreed)}))
            if flag is not None:
                changes.append(self._set("meetings", self.meeting_id, {"confidentiality_agreed": int(flag)}))
            read = rules.fields_read(ref.part.name)
            current = self._values(ref.table, ref.row_id, [ref.part[n].column for n in read]) if read else {}
            current = {n: current[ref.part[n].column] for n in read}
            follow = rules.follow_ups(ref.part.name, ref.field.name, value, current, now)
            for name, new in follow.items():
                column = ref.part[name].column
                changes.append(self._set(ref.table, ref.row_id, {column: self._clean(ref.table, column, new)}))
        return changes

    def _set(self, table: str, row_id: int, values: dict[str, Any]) -> Change:
        self._check_row(table, row_id, values)
        old = self._values(table, row_id, values)
        new = dict(values)
        if table == "actions" and "outcome" in values and self._meeting_of("actions", row_id) == self.previous_id:
            # An outcome recorded here closes the carried action (one still ongoing stays open) and links it to
            # this review.
            new["status"] = "open" if values["outcome"] in (None, "ongoing") else "closed"
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
        """Redo (`undo=False`) or undo a change made by `set` or `write`."""
        with self.db.transaction():
            # The change came from `set`, which checked its columns; check the row is still ours.
            carried = {k: None for k in change.new if k in _CARRIED_COLUMNS}
            self._check_row(change.table, change.row_id, carried)
            self._write(change.table, change.row_id, change.old if undo else change.new)

    def person_id(self, full_name: str, agency_id: int | None) -> int | None:
        """The people row for a name at an agency, created when new (for `set(..., {"person_id": ...})`)."""
        name = text_check.check(" ".join(full_name.split()))
        if not name:
            return None
        with self.db.transaction():
            found = edits.person_named(self.db, name, agency_id)
            if found is not None:
                return found
            return edits.add_person(self.db, new_uid(), name, agency_id)

    def set_coordinator(self, full_name: str) -> Change:
        """Names the meeting's MAPPA co-ordinator (an empty name: not recorded); returns the change for undo.

        The name is matched to a known person whatever their agency (the co-ordinator is
        usually already in the vault from earlier meetings), or a new person is added.
        """
        name = text_check.check(" ".join(full_name.split()))
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
        present = edits.present_agencies(self.db, self.meeting_id)
        taken = edits.agencies_with_position(self.db, decision_id)
        return [a for a in dict.fromkeys(present) if a not in taken]

    def agency_for_new_position(self, decision_id: int) -> int | None:
        """The agency a new position starts with: the first agency present without one, read from the record now."""
        missing = self.agencies_without_position(decision_id)
        if missing:
            return missing[0]
        return edits.first_present_agency(self.db, self.meeting_id) or edits.first_agency(self.db)

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
        if table == "decision_positions":
            self._check_consistency(table, None, {"agency_id": row.get("agency_id")})
        if table == "attendance" and "confidentiality_agreed" not in values:
            agreed = self._values("meetings", self.meeting_id, ["confidentiality_agreed"])["confidentiality_agreed"]
            row["confidentiality_agreed"] = int(consistency_meeting.new_attendee_agrees(row["status"], agreed))
        elif table == "attendance":
            self._check_consistency(table, None, {"status": row["status"],
                                                  "confidentiality_agreed": row["confidentiality_agreed"]})
        if table == "risks":
            row["number"] = edits.next_risk_number(self.db, self.meeting_id)
        else:
            row["position"] = edits.next_position(self.db, table, owner_col, owner)
        if table == "actions":
            row["uid"] = new_uid()
            row["number"] = action_numbers.next_number(self.db, self.meeting_id)  # never one given before
        row_id = edits.add_row(self.db, table, row)
        self._touch()
        return row_id

    def remove(self, table: str, row_id: int) -> Removed:
        """Removes a row with its children; returns them so `restore` can put them back."""
        with self.db.transaction():
            self._check_row(table, row_id, {})
            if table in ("meetings", "agenda_items"):
                raise ValueError(f"rows of {table} cannot be removed here")
            removed = Removed(table, row_id)
            removed.rows.append((table, edits.whole_row(self.db, table, row_id)))
            for child, column in CHILDREN.get(table, []):
                for row in edits.rows_under(self.db, child, column, row_id):
                    removed.rows.append((child, row))
            if table == "risks":
                # Measures that addressed this risk stop pointing at it.
                number = removed.rows[0][1]["number"]
                for row in edits.links_to_risk(self.db, self.meeting_id, number):
                    removed.rows.append(("rmp_measure_risks", row))
                    edits.unlink(self.db, row["measure_id"], number)
            if table == "actions":
                edits.forget_carried_from(self.db, row_id)
            edits.delete_row(self.db, table, row_id)
            self._touch()
        return removed

    def restore(self, removed: Removed) -> None:
        """Puts back what `remove` took away, with the same ids."""
        with self.db.transaction():
            self._check_open()
            for table, row in removed.rows:
                edits.add_row(self.db, table, row)
            self._touch()

    def link_risk(self, measure_id: int, risk_number: int, linked: bool) -> None:
        """Marks whether an RMP measure addresses a risk (by the risk's number in this meeting)."""
        with self.db.transaction():
            self._check_row("rmp_measures", measure_id, {})
            if linked:
                edits.link(self.db, measure_id, risk_number)
            else:
                edits.unlink(self.db, measure_id, risk_number)
            self._touch()

    def carry_forward(self, action_id: int) -> int:
        """A new action of this meeting copied from a carried one (e.g. not done by the agency)."""
        if self._meeting_of("actions", action_id) != self.previous_id:
            raise ValueError("only an action of the previous meeting can be carried forward")
        with self.db.transaction():
            new_id = self._insert("actions", edits.action_to_carry(self.db, action_id))
            edits.set_carried_from(self.db, new_id, action_id)  # with the original's uid, which travels
        return new_id

    # -- checks and writes --------------------------------------------------------------
    def _clean(self, table: str, column: str, value: Any) -> Any:
        text_check.check_value(value)  # a character the documents cannot print is refused, with a sentence
        if isinstance(value, bool):
            return 1 if value else 0
        if isinstance(value, str) and not value.strip():
            if column in _NULLABLE.get(table, ()):
                return None
            if column in _NEVER_BLANK.get(table, ()):
                raise ValueError(f"{table}.{column} always holds a value; it cannot be cleared")
        vocabularies.check_column(table, column, value, self.profile)  # one of the choices, or refused
        return value

    def _meeting_of(self, table: str, row_id: int) -> int | None:
        if table == "meetings":
            return row_id if meetings.exists(self.db, row_id) else None
        if table in PARENT:
            parent, column = PARENT[table]
            parent_id = edits.owner_column(self.db, table, column, row_id)
            return None if parent_id is None else self._meeting_of(parent, parent_id)
        return edits.owner_column(self.db, table, "meeting_id", row_id)

    def _check_open(self) -> None:
        if meetings.status(self.db, self.meeting_id) == "final":
            raise UserFacingError("This meeting's record is final and cannot be changed. A correction is made as "
                                  "an addendum to the final Minute.")

    def _check_times(self, meeting_id: int, values: dict) -> None:
        """Refuses a start or end time that would have the meeting end before it started."""
        times = edits.meeting_times(self.db, meeting_id)
        problem = clocks.end_before_start_problem(values.get("start_time", times["start_time"]) or "",
                                                  values.get("end_time", times["end_time"]) or "")
        if problem:
            raise UserFacingError(f"That time was not saved: {problem} If both times are wrong, correct the "
                                  "other one first.")

    def _check_consistency(self, table: str, row_id: int | None, values: dict) -> None:
        """Refuses a value that would contradict the rest of the meeting (domain.consistency_meeting): the
        agreement of someone not present, a position of an agency not present."""
        problem = ""
        if table == "attendance" and values.get("confidentiality_agreed"):
            status = values.get("status") or self._values("attendance", row_id, ["status"])["status"]
            problem = consistency_meeting.attendee_agreement_problem(True, status)
        elif table == "decision_positions" and "agency_id" in values:
            problem = consistency_meeting.position_problem(
                values["agency_id"], set(edits.present_agencies(self.db, self.meeting_id)))
        if problem:
            raise UserFacingError(f"That was not saved: {problem}")

    def _check_row(self, table: str, row_id: int, values: dict) -> None:
        self._check_open()
        allowed = EDITABLE.get(table)
        if allowed is None or not set(values) <= allowed:
            raise ValueError(f"{table} {sorted(set(values) - (allowed or set()))} cannot be edited")
        owner = self._meeting_of(table, row_id)
        if owner == self.meeting_id:
            if table == "meetings" and {"start_time", "end_time"} & set(values):
                self._check_times(row_id, values)
            self._check_consistency(table, row_id, values)  # issue 18 item 2: domain.consistency_meeting
            return
        if table == "actions" and owner is not None and owner == self.previous_id and set(values) <= _CARRIED_COLUMNS:
            return
        raise UserFacingError("That part of the record is no longer there (it may have been removed). "
                              "The meeting has been reloaded.")

    def _values(self, table: str, row_id: int, columns) -> dict:
        return edits.values(self.db, table, row_id, list(columns))

    def _write(self, table: str, row_id: int, values: dict) -> None:
        edits.write(self.db, table, row_id, values)
        self._touch()
        if table == "meetings" and _FOLLOWED.intersection(values):
            # issue 18 item 3: a held meeting corrected here still leads the individual (when it is their latest)
            individual_follows.follow(self.db, row_id, utc_now())

    def _touch(self) -> None:
        # A record changed after the chair cleared it is a draft again: what is circulated and made
        # final must be what the chair cleared.
        edits.touch(self.db, self.meeting_id, utc_now())


# The meeting's columns the individual follows (services/individual_follows.state_after).
_FOLLOWED = frozenset({"level_after", "rosh_level", "lead_agency_id"})


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
