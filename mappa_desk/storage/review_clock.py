"""Each individual's review clock (schema 0021), kept in step with their meetings by triggers made here.

A row of `review_clock` holds, for one individual, their latest decided meeting (the newest date, then the
highest id, among meetings whose status is in domain.enums.DECIDED_STATUSES), its date and the review date it
set, with copies of the individual's family and given names. One index on it gives the home list's order and
"What is due" its reviews by date (storage/home.py, storage/due.py), so neither walks every individual's
meetings at every listing.

The rows are derived and never typed. The triggers below keep them right in the same transaction as whatever
changes a meeting (its individual, status, date or review date) or an individual (made, renamed, removed). They
are ordinary triggers, so every connection keeps the clock in step. As with the full-text index
(storage/fulltext_index.py), `install` makes them at every open from the rule of which statuses are decided:
when the rule or the triggers' SQL changes, or the table has just been made (schema 0021), it makes them again
and fills the table afresh, in one transaction. `differences` tells whether the table says what the meetings
say (`doctor`, tests).
"""

from __future__ import annotations

from mappa_desk.domain.enums import DECIDED_STATUSES
from mappa_desk.storage.generated import write_locked

TABLE = "review_clock"
_PREFIX = "review_clock_"
_COLUMNS = "individual_id, family_name, given_names, meeting_id, meeting_date, review_due"


def _latest_decided(individual: str) -> str:
    """The id of the individual's latest decided meeting (NULL if none), from the meetings_newest index."""
    statuses = ", ".join(f"'{status}'" for status in DECIDED_STATUSES)
    return (f"(SELECT x.id FROM meetings x WHERE x.individual_id = {individual} AND x.status IN ({statuses}) "
            "ORDER BY x.meeting_date DESC, x.id DESC LIMIT 1)")


def _derived(where: str) -> str:
    """The clock's rows as the meetings give them, for the individuals `where` picks (`i` is individuals)."""
    return (f"SELECT i.id AS individual_id, i.family_name, i.given_names, m.id, m.meeting_date, m.review_date "
            f"FROM individuals i LEFT JOIN meetings m ON m.id = {_latest_decided('i.id')} WHERE {where}")


def _refresh(individual: str, also: str = "") -> str:
    """Put one individual's row right (made if missing), after a change to them or one of their meetings;
    `also`: a further condition on doing it."""
    updates = ", ".join(f"{column} = excluded.{column}" for column in _COLUMNS.split(", ")[1:])
    return (f"INSERT INTO {TABLE} ({_COLUMNS}) {_derived(f'i.id = {individual}' + also)} "
            f"ON CONFLICT (individual_id) DO UPDATE SET {updates};")


def triggers() -> dict[str, str]:
    """Every trigger that keeps the clock in step, name -> SQL."""
    meeting_columns = "individual_id, status, meeting_date, review_date"
    moved_from = _refresh("OLD.individual_id", " AND OLD.individual_id <> NEW.individual_id")
    return {
        f"{_PREFIX}meeting_made": f"CREATE TRIGGER {_PREFIX}meeting_made AFTER INSERT ON meetings "
                                  f"BEGIN {_refresh('NEW.individual_id')} END",
        f"{_PREFIX}meeting_changed": f"CREATE TRIGGER {_PREFIX}meeting_changed AFTER UPDATE OF {meeting_columns} "
                                     f"ON meetings BEGIN {_refresh('NEW.individual_id')} "
                                     f"{moved_from} END",
        f"{_PREFIX}meeting_removed": f"CREATE TRIGGER {_PREFIX}meeting_removed AFTER DELETE ON meetings "
                                     f"BEGIN {_refresh('OLD.individual_id')} END",
        f"{_PREFIX}individual_made": f"CREATE TRIGGER {_PREFIX}individual_made AFTER INSERT ON individuals "
                                     f"BEGIN {_refresh('NEW.id')} END",
        f"{_PREFIX}individual_renamed": f"CREATE TRIGGER {_PREFIX}individual_renamed AFTER UPDATE OF id, family_name, "
                                        f"given_names ON individuals BEGIN DELETE FROM {TABLE} WHERE individual_id "
                                        f"= OLD.id AND OLD.id <> NEW.id; {_refresh('NEW.id')} END",
        f"{_PREFIX}individual_removed": f"CREATE TRIGGER {_PREFIX}individual_removed AFTER DELETE ON individuals "
                                        f"BEGIN DELETE FROM {TABLE} WHERE individual_id = OLD.id; END",
    }


def _present(conn) -> dict[str, str]:
    rows = conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                        f"AND name LIKE '{_PREFIX.replace('_', chr(92) + '_')}%' ESCAPE '\\'").fetchall()
    return dict(rows)


def fill(conn) -> None:
    """Empty the clock and fill it again from the individuals and their meetings."""
    conn.execute(f"DELETE FROM {TABLE}")
    conn.execute(f"INSERT INTO {TABLE} ({_COLUMNS}) {_derived('true')}")


def install(conn) -> bool:
    """Make the clock's triggers the ones the rule gives, and fill it when they change. True if anything was."""
    if not conn.execute(f"SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = '{TABLE}'").fetchone():
        return False  # before schema 0021
    wanted = triggers()
    if _present(conn) == wanted:
        return False
    with write_locked(conn):
        present = _present(conn)  # again, under the write lock: another process may have just done this
        if present == wanted:
            return False
        for name in present:
            conn.execute(f"DROP TRIGGER IF EXISTS {name}")
        for sql in wanted.values():
            conn.execute(sql)
        fill(conn)
    return True


def differences(db) -> int:
    """How many individuals' clock rows differ from what their meetings say (0 when in step)."""
    derived = _derived("true")
    return db.execute(
        f"SELECT count(DISTINCT individual_id) FROM (SELECT * FROM ({derived} EXCEPT SELECT {_COLUMNS} FROM {TABLE}) "
        f"UNION ALL SELECT * FROM (SELECT {_COLUMNS} FROM {TABLE} EXCEPT {derived}))").fetchone()[0]
