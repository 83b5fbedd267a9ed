"""The cockpit's row-level edits of one meeting (services.editing): reading and writing single values, adding,
removing and putting back rows, and finding which meeting a row belongs to.

`table` and `column` names come from the record's declarations (domain.record), never from a user.
"""

from __future__ import annotations

from typing import Any

from mappa_desk.storage.rows import insert, update


def dict_rows(db, sql: str, params=()) -> list[dict]:
    return db.rows(sql, params)


# -- the meeting ------------------------------------------------------------------------------------------------
def previous_meeting(db, meeting_id: int) -> tuple[bool, int | None]:
    """Whether the meeting is in the vault, and the meeting it reviews (None for none)."""
    found = db.rows("SELECT previous_meeting_id FROM meetings WHERE id = ?", (meeting_id,))
    return (True, found[0]["previous_meeting_id"]) if found else (False, None)


def meeting_times(db, meeting_id: int) -> dict:
    """The meeting's start_time and end_time."""
    return db.rows("SELECT start_time, end_time FROM meetings WHERE id = ?", (meeting_id,))[0]


def touch(db, meeting_id: int, now: str) -> None:
    """Stamps the meeting as changed; a record changed after the chair cleared it is a draft again."""
    db.execute("""UPDATE meetings SET updated_at = ?,
                         status = CASE WHEN status IN ('cleared', 'circulated') THEN 'draft' ELSE status END
                  WHERE id = ?""", (now, meeting_id))


# -- one row ----------------------------------------------------------------------------------------------------
def owner_column(db, table: str, column: str, row_id: int) -> Any:
    """One row's value of the column naming its owner (meeting_id, risk_id, decision_id)."""
    return db.scalar(f"SELECT {column} FROM {table} WHERE id = ?", (row_id,))


def values(db, table: str, row_id: int, columns) -> dict:
    """The row's values of those columns, by column."""
    return db.rows(f"SELECT {', '.join(columns)} FROM {table} WHERE id = ?", (row_id,))[0]


def write(db, table: str, row_id: int, new: dict) -> None:
    update(db, table, row_id, new)


def whole_row(db, table: str, row_id: int) -> dict:
    return db.rows(f"SELECT * FROM {table} WHERE id = ?", (row_id,))[0]


def rows_under(db, table: str, column: str, parent_id: int) -> list[dict]:
    """Every row of `table` whose `column` points at the parent row."""
    return db.rows(f"SELECT * FROM {table} WHERE {column} = ?", (parent_id,))


def add_row(db, table: str, row: dict) -> int:
    return insert(db, table, row)


def delete_row(db, table: str, row_id: int) -> None:
    db.execute(f"DELETE FROM {table} WHERE id = ?", (row_id,))


def next_risk_number(db, meeting_id: int) -> int:
    return 1 + (db.scalar("SELECT max(number) FROM risks WHERE meeting_id = ?", (meeting_id,)) or 0)


def next_position(db, table: str, owner_column_: str, owner: int) -> int:
    return 1 + (db.scalar(f"SELECT max(position) FROM {table} WHERE {owner_column_} = ?", (owner,)) or 0)


# -- people and agencies ----------------------------------------------------------------------------------------
def person_named(db, name: str, agency_id: int | None) -> int | None:
    """The first people row of exactly that name at that agency (or with no agency, for None)."""
    return db.scalar("SELECT id FROM people WHERE full_name = ? AND agency_id IS ? ORDER BY id LIMIT 1",
                     (name, agency_id))


def add_person(db, uid: str, name: str, agency_id: int | None) -> int:
    return db.execute("INSERT INTO people (uid, full_name, agency_id) VALUES (?, ?, ?)",
                      (uid, name, agency_id)).lastrowid


def present_agencies(db, meeting_id: int) -> list[int]:
    """The agency of each present attendee who has one, in attendance order (repeats kept)."""
    return [r["agency_id"] for r in db.rows(
        "SELECT agency_id FROM attendance WHERE meeting_id = ? AND status = 'present' "
        "AND agency_id IS NOT NULL ORDER BY position, id", (meeting_id,))]


def attendance_agreement(db, meeting_id: int) -> dict[int, tuple[str, bool]]:
    """Each attendance row of the meeting: (status, agreed the confidentiality statement), by row id."""
    return {r["id"]: (r["status"], bool(r["confidentiality_agreed"])) for r in db.rows(
        "SELECT id, status, confidentiality_agreed FROM attendance WHERE meeting_id = ?", (meeting_id,))}


def agencies_with_position(db, decision_id: int) -> set[int]:
    return {r["agency_id"] for r in db.rows("SELECT agency_id FROM decision_positions WHERE decision_id = ?",
                                            (decision_id,))}


def first_present_agency(db, meeting_id: int) -> int | None:
    return db.scalar("SELECT agency_id FROM attendance WHERE meeting_id = ? AND status = 'present' AND "
                     "agency_id IS NOT NULL ORDER BY position, id LIMIT 1", (meeting_id,))


def first_agency(db) -> int | None:
    return db.scalar("SELECT id FROM agencies ORDER BY id LIMIT 1")


# -- risks, measures and actions ---------------------------------------------------------------------------------
def links_to_risk(db, meeting_id: int, risk_number: int) -> list[dict]:
    """The meeting's measure-to-risk links to that risk number."""
    return db.rows("""SELECT l.* FROM rmp_measure_risks l JOIN rmp_measures x
                      ON x.id = l.measure_id WHERE x.meeting_id = ? AND l.risk_number = ?""",
                   (meeting_id, risk_number))


def link(db, measure_id: int, risk_number: int) -> None:
    db.execute("INSERT OR IGNORE INTO rmp_measure_risks (measure_id, risk_number) VALUES (?, ?)",
               (measure_id, risk_number))


def unlink(db, measure_id: int, risk_number: int) -> None:
    db.execute("DELETE FROM rmp_measure_risks WHERE measure_id = ? AND risk_number = ?", (measure_id, risk_number))


def forget_carried_from(db, action_id: int) -> None:
    """Actions carried forward from this one stop pointing at it."""
    db.execute("UPDATE actions SET carried_from_action_id = NULL, carried_from_uid = NULL "
               "WHERE carried_from_action_id = ?", (action_id,))


def set_carried_from(db, action_id: int, source_id: int) -> None:
    """Links an action to the one it was carried forward from, by id and by uid (schema 0015: the uid travels)."""
    db.execute("UPDATE actions SET carried_from_action_id = ?, carried_from_uid = (SELECT uid FROM actions "
               "WHERE id = ?) WHERE id = ?", (source_id, source_id, action_id))


def action_to_carry(db, action_id: int) -> dict:
    """What a carried-forward copy of an action starts with."""
    return db.rows("SELECT description, person_name, agency_id FROM actions WHERE id = ?", (action_id,))[0]
