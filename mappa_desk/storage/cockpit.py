"""What the cockpit reads of one meeting, as plain rows (dicts by column), and the few writes that start and close
a case. Each row holds its declared fields (domain.record), its id, its parent's id and its place in the list."""

from __future__ import annotations

from mappa_desk.domain import record
from mappa_desk.domain.record import Part
from mappa_desk.storage import individuals


def _columns(part: Part, alias: str, *extra: str) -> str:
    """`alias.id, alias.<parent column>, alias.position, ...declared columns`: what a row on screen holds."""
    keys = ["id"] + ([part.parent_column] if part.parent_column else [])
    keys += ["position"] if part.order == "position" and part.parent_column else []
    keys += list(extra) + [c for c in part.columns if c not in keys]
    return ", ".join(f"{alias}.{k}" for k in keys)


def _listed(part: Part, alias: str, where: str, order: str) -> str:
    return f"SELECT {_columns(part, alias)} FROM {part.table} {alias} {where} ORDER BY {order}"


_BY_MEETING = "WHERE t.meeting_id = ?"
# Rows listed under the meeting, in their order on screen: table -> query taking the meeting's id.
LISTS = {
    "attendance": f"""SELECT {_columns(record.ATTENDANCE, "a")}, p.full_name AS person_name, p.rank AS person_rank
                      FROM attendance a LEFT JOIN people p ON p.id = a.person_id WHERE a.meeting_id = ?
                      ORDER BY a.position, a.id""",
    "agenda_items": _listed(record.AGENDA_ITEM, "t", _BY_MEETING, "t.position, t.id"),
    "information_items": _listed(record.INFORMATION_ITEM, "t", _BY_MEETING, "t.position, t.id"),
    "risks": _listed(record.RISK, "t", _BY_MEETING, "t.number"),
    "risk_scenarios": _listed(record.SCENARIO, "s", "JOIN risks r ON r.id = s.risk_id WHERE r.meeting_id = ?",
                              "s.position, s.id"),
    "rmp_measures": _listed(record.MEASURE, "t", _BY_MEETING, "t.position, t.id"),
    "rmp_measure_risks": """SELECT l.measure_id, l.risk_number FROM rmp_measure_risks l
                            JOIN rmp_measures x ON x.id = l.measure_id WHERE x.meeting_id = ? ORDER BY l.risk_number""",
    "contingencies": _listed(record.CONTINGENCY, "t", _BY_MEETING, "t.position, t.id"),
    "decisions": _listed(record.DECISION, "t", _BY_MEETING, "t.position, t.id"),
    "decision_positions": _listed(record.POSITION, "p", "JOIN decisions d ON d.id = p.decision_id "
                                  "WHERE d.meeting_id = ?", "p.position, p.id"),
    "options_not_taken": _listed(record.OPTION_NOT_TAKEN, "o", "JOIN decisions d ON d.id = o.decision_id "
                                 "WHERE d.meeting_id = ?", "o.position, o.id"),
    "disclosures": _listed(record.DISCLOSURE, "t", _BY_MEETING, "t.position, t.id"),
    # with its uid: a carried-forward action names the previous meeting's action it came from by uid (0015)
    "actions": f"SELECT {_columns(record.ACTION, 't', 'uid')} FROM actions t {_BY_MEETING} ORDER BY t.position, t.id",
    "circulation": _listed(record.CIRCULATION, "t", _BY_MEETING, "t.position, t.id"),
    "protected_persons": _listed(record.PROTECTED, "t", _BY_MEETING, "t.position, t.id"),  # issue 18 item 4
}


def meeting(db, meeting_id: int) -> dict | None:
    """The meeting's row with its individual, the meeting it reviews and its co-ordinator's name ("" if none)."""
    found = db.rows(f"""SELECT {_columns(record.MEETING, "m", "individual_id", "previous_meeting_id")},
                               coalesce(p.full_name, '') AS coordinator_name
                        FROM meetings m LEFT JOIN people p ON p.id = m.coordinator_id WHERE m.id = ?""",
                    (meeting_id,))
    return found[0] if found else None


def individual(db, individual_id: int) -> dict:
    """The individual's row, with their aliases (a list, oldest first)."""
    row = db.rows(f"SELECT {_columns(record.INDIVIDUAL, 'i')} FROM individuals i WHERE i.id = ?", (individual_id,))[0]
    row["aliases"] = individuals.aliases(db, individual_id)
    return row


def person(db, person_id: int) -> dict:
    """A person as the cockpit names them (the chair): full_name, rank, role, agency_id."""
    return db.rows("SELECT full_name, rank, role, agency_id FROM people WHERE id = ?", (person_id,))[0]


def active_agencies(db) -> list[dict]:
    return db.rows("SELECT id, code, name FROM agencies WHERE active = 1 ORDER BY id")


def lists(db, meeting_id: int) -> dict[str, list[dict]]:
    """Every list under the meeting (LISTS), by table."""
    return {table: db.rows(sql, (meeting_id,)) for table, sql in LISTS.items()}


def reviewed_meeting(db, meeting_id: int) -> dict:
    """The meeting a review looks back at: id, meeting_date, level, kind."""
    return db.rows("SELECT id, meeting_date, level, kind FROM meetings WHERE id = ?", (meeting_id,))[0]


def actions_of(db, meeting_id: int) -> list[dict]:
    """A meeting's actions, as LISTS reads this meeting's (for the actions a review carries)."""
    return db.rows(LISTS["actions"], (meeting_id,))


def orders(db, individual_id: int) -> list[dict]:
    """The individual's orders, each with its conditions (a list of texts, in order)."""
    found = db.rows(f"SELECT {_columns(record.ORDER, 't')} FROM orders t WHERE t.individual_id = ? "
                    "ORDER BY t.position, t.id", (individual_id,))
    for order in found:
        order["conditions"] = individuals.conditions(db, order["id"])
    return found


def attendance_agency(db, attendance_id: int) -> int | None:
    """The agency an attendee is listed for (a name typed for them is matched at that agency)."""
    return db.scalar("SELECT agency_id FROM attendance WHERE id = ?", (attendance_id,))


# -- starting and closing a case ------------------------------------------------------------------------------
def has_agenda(db, meeting_id: int) -> bool:
    return bool(db.scalar("SELECT count(*) FROM agenda_items WHERE meeting_id = ?", (meeting_id,)))


def meeting_kind(db, meeting_id: int) -> str:
    return db.scalar("SELECT kind FROM meetings WHERE id = ?", (meeting_id,))


def add_agenda_item(db, meeting_id: int, step_key: str, title: str, allocated_seconds: int, position: int) -> None:
    db.execute("INSERT INTO agenda_items (meeting_id, step_key, title, allocated_seconds, position) "
               "VALUES (?, ?, ?, ?, ?)", (meeting_id, step_key, title, allocated_seconds, position))


def agreement_person_by_person(db, meeting_id: int) -> None:
    """A meeting still edited in the cockpit whose flag says everyone present agreed the confidentiality statement
    but no attendee's agreement is ticked (made before the roll-call had the tick): ticks each person present, as
    the flag says (domain.consistency_meeting.per_person_recorded)."""
    db.execute("""UPDATE attendance SET confidentiality_agreed = 1
                  WHERE meeting_id = ? AND status = 'present'
                    AND EXISTS (SELECT 1 FROM meetings m WHERE m.id = attendance.meeting_id
                                AND m.confidentiality_agreed = 1 AND m.status IN ('planned', 'in_progress', 'held'))
                    AND NOT EXISTS (SELECT 1 FROM attendance o WHERE o.meeting_id = attendance.meeting_id
                                    AND o.confidentiality_agreed = 1)""", (meeting_id,))


def mark_in_progress(db, meeting_id: int, start_time: str) -> None:
    """The meeting is under way, started at `start_time` (HH:MM)."""
    db.execute("UPDATE meetings SET status = 'in_progress', start_time = ? WHERE id = ?", (start_time, meeting_id))


def step_allowances(db, meeting_id: int) -> list[tuple[int, int]]:
    """(agenda item id, seconds allowed) for each step, in order."""
    return db.query("SELECT id, allocated_seconds FROM agenda_items WHERE meeting_id = ? ORDER BY position, id",
                    (meeting_id,))


def meeting_times(db, meeting_id: int) -> tuple[str, str]:
    """(start_time, end_time) as stored."""
    return db.query("SELECT start_time, end_time FROM meetings WHERE id = ?", (meeting_id,))[0]


def mark_held(db, meeting_id: int, now_hhmm: str) -> None:
    """The case is closed: steps still in progress are done, and the meeting is held, ending now unless an end
    time is recorded."""
    db.execute("UPDATE agenda_items SET state = 'done' WHERE meeting_id = ? AND state = 'in_progress'",
               (meeting_id,))
    db.execute("UPDATE meetings SET status = 'held', end_time = CASE WHEN end_time = '' THEN ? "
               "ELSE end_time END WHERE id = ?", (now_hhmm, meeting_id))
