"""The home screen's reads: the caseload with its review clock, and one individual's record.

Which statuses count as decided is the service's rule (services/home.py, DECIDED_STATUSES); the caseload
query is given them and writes them into its text, as before, so the meetings_newest index serves it.
Every function only reads and returns the rows as the database gives them.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=4)
def _caseload_sql(decided: tuple[str, ...]) -> str:
    decided_sql = ", ".join(f"'{s}'" for s in decided)
    return f"""
WITH planned AS MATERIALIZED (
    -- Each individual's first planned meeting, from the meetings_status index: the ~1 in 40 meetings that
    -- are planned, rather than a walk through every individual's meetings.
    SELECT individual_id, min(meeting_date) AS planned_date FROM meetings INDEXED BY meetings_status
    WHERE status = 'planned' GROUP BY individual_id
)
SELECT i.id, i.given_names, i.family_name, i.visor_ref, i.category, i.current_level, a.code, a.name,
       -- The review date set by the latest decided meeting (newest date, then highest id): read from the
       -- meetings_newest index alone (schema 0007), one short backward walk per individual, so the wide
       -- meetings rows are never decrypted.
       (SELECT m.review_date FROM meetings m INDEXED BY meetings_newest
        WHERE m.individual_id = i.id AND m.status IN ({decided_sql})
        ORDER BY m.meeting_date DESC, m.id DESC LIMIT 1) AS review_due,
       p.planned_date
FROM individuals i
LEFT JOIN agencies a ON a.id = i.lead_agency_id
LEFT JOIN planned p ON p.individual_id = i.id
ORDER BY review_due IS NULL, review_due, i.family_name, i.given_names, i.id
"""


def caseload(db, decided: tuple[str, ...]) -> list[tuple]:
    """One row per individual, most urgent first: (id, given names, family name, ViSOR ref, category, level,
    lead agency code, lead agency name, review due, first planned meeting date). `decided`: the statuses of
    a meeting that has been held."""
    return db.query(_caseload_sql(tuple(decided)))


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
