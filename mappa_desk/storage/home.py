"""The home screen's reads: the caseload with its review clock, and one individual's record.

Which meeting sets an individual's review date is the review clock's (storage/review_clock.py), kept in step
with the meetings; the caseload reads it.
Every function only reads and returns the rows as the database gives them.
"""

from __future__ import annotations


_CASELOAD_SQL = """
WITH planned AS MATERIALIZED (
    -- Each individual's first planned meeting, from the meetings_status index: the ~1 in 40 meetings that
    -- are planned, rather than a walk through every individual's meetings.
    SELECT individual_id, min(meeting_date) AS planned_date FROM meetings INDEXED BY meetings_status
    WHERE status = 'planned' GROUP BY individual_id
)
SELECT i.id, i.given_names, i.family_name, i.visor_ref, i.category, i.current_level, a.code, a.name,
       c.review_due, p.planned_date
-- The review date set by each individual's latest decided meeting, kept in step by the review clock's triggers
-- (schema 0021, storage/review_clock.py), in the list's order from one index: CROSS keeps the clock driving.
FROM review_clock c INDEXED BY review_clock_order
CROSS JOIN individuals i ON i.id = c.individual_id
LEFT JOIN agencies a ON a.id = i.lead_agency_id
LEFT JOIN planned p ON p.individual_id = i.id
ORDER BY c.review_due IS NULL, c.review_due, c.family_name, c.given_names, c.individual_id
"""


def caseload(db) -> list[tuple]:
    """One row per individual, most urgent first (a review date first, the earliest first; then by family and
    given names): (id, given names, family name, ViSOR ref, category, level, lead agency code, lead agency name,
    review due, first planned meeting date)."""
    return db.query(_CASELOAD_SQL)


# One stretch of the list, in its order, for the list's pages (services/home.py, `listing_page`): the rows with a
# review date, or those without one, after a given row's key. Each is a range of the review_clock_order index,
# so a page costs the rows it holds, whatever the caseload. The first planned meeting is looked up per row.
_PAGE_SQL = """
SELECT i.id, i.given_names, i.family_name, i.visor_ref, i.category, i.current_level, a.code, a.name,
       c.review_due,
       (SELECT min(p.meeting_date) FROM meetings p INDEXED BY meetings_newest
        WHERE p.individual_id = i.id AND p.status = 'planned')
FROM review_clock c INDEXED BY review_clock_order
CROSS JOIN individuals i ON i.id = c.individual_id
LEFT JOIN agencies a ON a.id = i.lead_agency_id
WHERE {part} AND {after}
ORDER BY c.review_due, c.family_name, c.given_names, c.individual_id  -- within the part: the index's own order
LIMIT ?
"""
_DATED = "(c.review_due IS NULL) = 0", "(c.review_due, c.family_name, c.given_names, c.individual_id) > (?, ?, ?, ?)"
_UNDATED = ("(c.review_due IS NULL) = 1 AND c.review_due IS NULL",  # the second: an index equality on review_due
            "(c.family_name, c.given_names, c.individual_id) > (?, ?, ?)")


def caseload_stretch(db, dated: bool, after: tuple | None, limit: int) -> list[tuple]:
    """Up to `limit` rows of the caseload (as `caseload` gives them) in its order: those with a review date if
    `dated`, else those without; after the one whose key is `after` ((review due, family name, given names, id)
    when dated, (family name, given names, id) when not), else from the first."""
    part, later = _DATED if dated else _UNDATED
    return db.query(_PAGE_SQL.format(part=part, after=later if after else "1"), (*(after or ()), limit))


def clock_key(db, individual_id: int) -> tuple | None:
    """(review due, family name, given names, id) of an individual's place in the list; None if not listed."""
    found = db.query("SELECT review_due, family_name, given_names, individual_id FROM review_clock "
                     "WHERE individual_id = ?", (individual_id,))
    return found[0] if found else None


def listed_before(db, key: tuple) -> int:
    """How many individuals the list shows before the one whose clock_key is `key` (from the index alone)."""
    due, *rest = key
    if due is None:
        return db.scalar("SELECT count(*) FROM review_clock INDEXED BY review_clock_order WHERE (review_due IS NULL) "
                         "= 0 OR (review_due IS NULL AND (family_name, given_names, individual_id) < (?, ?, ?))",
                         tuple(rest))
    return db.scalar("SELECT count(*) FROM review_clock INDEXED BY review_clock_order WHERE (review_due IS NULL) = 0 "
                     "AND (review_due, family_name, given_names, individual_id) < (?, ?, ?, ?)", key)


def aliases_of(db, individual_ids: list[int]) -> list[tuple]:
    """(individual id, alias) for every alias of those individuals, by individual then as entered."""
    found = []
    for start in range(0, len(individual_ids), 500):  # well within SQLite's limit on parameters
        chunk = tuple(individual_ids[start:start + 500])
        found += db.query(f"SELECT individual_id, alias FROM individual_aliases WHERE individual_id IN "
                          f"({', '.join('?' * len(chunk))}) ORDER BY individual_id, id", chunk)
    return sorted(found, key=lambda pair: pair[0])  # stable: each one's aliases stay as entered


def all_aliases(db) -> list[tuple]:
    """(individual id, alias) for every alias, by individual then as entered."""
    return db.query("SELECT individual_id, alias FROM individual_aliases "
                    "ORDER BY individual_id, id")


def individual(db, individual_id: int) -> tuple | None:
    """(given names, family name, date of birth, ViSOR ref, category, level, lead agency name, RoSH, OLR,
    restricted patient order, notes), or None when there is no such individual."""
    found = db.query(
        """SELECT i.given_names, i.family_name, i.date_of_birth, i.visor_ref, i.category, i.current_level,
                  a.name, i.rosh_level, i.olr, i.restricted_patient_order, i.notes
           FROM individuals i LEFT JOIN agencies a ON a.id = i.lead_agency_id WHERE i.id = ?""", (individual_id,))
    return found[0] if found else None


def meetings(db, individual_id: int) -> list[tuple]:
    """(id, date, kind, level, status, review date) of each of the individual's meetings, newest first."""
    return db.query(
        """SELECT id, meeting_date, kind, level, status, review_date FROM meetings
           WHERE individual_id = ? ORDER BY meeting_date DESC, id DESC""", (individual_id,))


def orders(db, individual_id: int) -> list[tuple]:
    """(id, kind, description, start date, end date) of each of the individual's orders, in order."""
    return db.query(
        """SELECT id, kind, description, start_date, end_date FROM orders WHERE individual_id = ?
           ORDER BY position, id""", (individual_id,))


def order_conditions(db, individual_id: int) -> list[tuple]:
    """(order id, text) of every condition of the individual's orders, in order."""
    return db.query(
        """SELECT c.order_id, c.text FROM order_conditions c JOIN orders o ON o.id = c.order_id
           WHERE o.individual_id = ? ORDER BY c.order_id, c.position, c.id""", (individual_id,))


def risks(db, meeting_id: int) -> list[tuple]:
    """(number, kind, description, strategy rationale) of each risk of a meeting, by number."""
    return db.query(
        "SELECT number, kind, description, strategy_rationale FROM risks WHERE meeting_id = ? ORDER BY number",
        (meeting_id,))


def rmp_measures(db, meeting_id: int) -> list[tuple]:
    """(heading, description, agency name, person, timescale, the risk numbers it addresses joined by commas
    or None) of each RMP measure of a meeting, in order."""
    return db.query(
        """SELECT x.heading, x.description, a.name, x.person_name, x.timescale,
                  (SELECT group_concat(risk_number, ',') FROM
                      (SELECT risk_number FROM rmp_measure_risks WHERE measure_id = x.id ORDER BY risk_number))
           FROM rmp_measures x LEFT JOIN agencies a ON a.id = x.agency_id
           WHERE x.meeting_id = ? ORDER BY x.position, x.id""", (meeting_id,))


def contingencies(db, meeting_id: int) -> list[tuple]:
    """(trigger, response, agency name, person) of each contingency of a meeting, in order."""
    return db.query(
        """SELECT c.trigger, c.response, a.name, c.person_name FROM contingencies c
           LEFT JOIN agencies a ON a.id = c.agency_id WHERE c.meeting_id = ?
           ORDER BY c.position, c.id""", (meeting_id,))


def individual_count(db) -> int:
    return db.scalar("SELECT count(*) FROM individuals")


def meeting_count(db) -> int:
    return db.scalar("SELECT count(*) FROM meetings")
