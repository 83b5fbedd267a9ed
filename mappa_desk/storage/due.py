"""What is due, as rows: the query behind services/due.py (its docstring gives the rules).

Which statuses count as decided and as not yet final are the services' rules (services/home.py and
services/due.py); the query is given them and writes them into its text, as before, so the indexes named
in it serve it. The dates are ISO strings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from functools import lru_cache


def _quoted(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


@lru_cache(maxsize=4)
def _due_sql(decided: tuple[str, ...], not_final: tuple[str, ...]) -> str:
    return f"""
WITH pick AS MATERIALIZED (
    -- Each individual's latest decided meeting (the newest date, then the highest id, as on the home
    -- list): one short backward walk in the meetings_newest index per individual (schema 0007).
    SELECT i.id AS individual_id,
           (SELECT x.id FROM meetings x INDEXED BY meetings_newest
            WHERE x.individual_id = i.id AND x.status IN ({_quoted(decided)})
            ORDER BY x.meeting_date DESC, x.id DESC LIMIT 1) AS meeting_id
    FROM individuals i
), latest AS MATERIALIZED (
    -- ...and what it says, read from the same index: the wide meetings rows are never decrypted. CROSS
    -- keeps the order (the picks drive): the other way round, the walk above ran once per meeting, not
    -- once per individual. Materialised once for the two branches that read it.
    SELECT m.id, m.individual_id, m.meeting_date, m.review_date, m.level, m.level_decision, m.level_after
    FROM pick p CROSS JOIN meetings m INDEXED BY meetings_newest
    ON m.individual_id = p.individual_id AND m.id = p.meeting_id
), referral AS (
    SELECT individual_id, referred_on, level,
           ROW_NUMBER() OVER (PARTITION BY individual_id ORDER BY referred_on DESC, id DESC) AS newest
    FROM referrals WHERE referred_on IS NOT NULL
), due AS (
    SELECT 'review' AS kind, l.individual_id, l.id AS meeting_id, l.review_date AS day, l.level,
           l.level_decision AS decision, l.level_after AS after,
           (SELECT min(p.meeting_date) FROM meetings p INDEXED BY meetings_newest
            WHERE p.individual_id = l.individual_id
                   AND p.status = 'planned' AND p.meeting_date > l.meeting_date) AS text, NULL AS extra
    FROM latest l WHERE l.review_date IS NOT NULL AND l.review_date <= :soon
    UNION ALL
    SELECT 'olr_review', l.individual_id, l.id, l.meeting_date, l.level, NULL, NULL, NULL, NULL
    FROM latest l JOIN individuals i ON i.id = l.individual_id
    WHERE i.olr = 1 AND l.meeting_date <= :olr_before
    UNION ALL
    SELECT 'draft', m.individual_id, m.id, m.meeting_date, m.level, NULL, NULL, NULL, NULL
    FROM meetings m INDEXED BY meetings_status
    WHERE m.status = 'held' AND m.meeting_date <= :soon
      AND NOT EXISTS (SELECT 1 FROM record_events e WHERE e.meeting_id = m.id AND e.event = 'drafted')
      AND NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.meeting_id = m.id AND v.status = 'draft')
    UNION ALL
    SELECT 'final', m.individual_id, m.id, m.meeting_date, m.level, NULL, NULL, NULL, NULL
    FROM meetings m INDEXED BY meetings_status
    WHERE m.status IN ({_quoted(not_final)}) AND m.meeting_date <= :soon
    UNION ALL
    SELECT 'initial_meeting', r.individual_id, NULL, r.referred_on, coalesce(r.level, i.current_level),
           NULL, NULL, NULL, NULL
    FROM referral r JOIN individuals i ON i.id = r.individual_id
    WHERE r.newest = 1 AND r.referred_on <= :soon
      AND NOT EXISTS (SELECT 1 FROM meetings m INDEXED BY meetings_newest WHERE m.individual_id = r.individual_id
                      AND m.status IN ({_quoted(decided)}) AND m.meeting_date >= r.referred_on)

)
SELECT d.kind, d.individual_id, d.meeting_id, d.day, d.level, d.decision, d.after, d.text, d.extra,
       i.given_names, i.family_name, i.visor_ref
FROM due d CROSS JOIN individuals i ON i.id = d.individual_id  -- CROSS: the due rows drive, names by rowid
"""

# Open actions are the many (a busy unit has thousands open): counted from the actions_due index alone,
# and only the most urgent are read in full. An action of a cancelled meeting is not due.
_NOT_CANCELLED = "a.meeting_id NOT IN (SELECT id FROM meetings INDEXED BY meetings_status WHERE status = 'cancelled')"
_ACTION_COUNTS_SQL = f"""
SELECT count(*), coalesce(sum(a.due_date < :today), 0) FROM actions a INDEXED BY actions_due
WHERE a.status = 'open' AND a.due_date IS NOT NULL AND a.due_date <= :soon AND {_NOT_CANCELLED}
"""
_ACTIONS_SQL = f"""
SELECT 'action', m.individual_id, m.id, a.due_date, m.level, NULL, NULL, a.description,
       trim(a.person_name || CASE WHEN g.name IS NULL THEN '' WHEN a.person_name = '' THEN g.name
                                  ELSE ', ' || g.name END),
       i.given_names, i.family_name, i.visor_ref
FROM actions a INDEXED BY actions_due JOIN meetings m ON m.id = a.meeting_id
JOIN individuals i ON i.id = m.individual_id LEFT JOIN agencies g ON g.id = a.agency_id
WHERE a.status = 'open' AND a.due_date IS NOT NULL AND a.due_date <= :until AND {_NOT_CANCELLED}
ORDER BY a.due_date, a.id LIMIT :limit
"""


def due_rows(db, decided: tuple[str, ...], not_final: tuple[str, ...], soon: str, olr_before: str) -> list[tuple]:
    """Every review, OLR review, draft, final and initial meeting that can fall due by `soon`, as (kind,
    individual id, meeting id, day, level, level decision, level after, text, extra, given names, family
    name, ViSOR ref); `olr_before`: the latest meeting date whose OLR review can fall due by then."""
    return db.query(_due_sql(tuple(decided), tuple(not_final)), {"soon": soon, "olr_before": olr_before})


def open_action_counts(db, today: str, soon: str) -> tuple[int, int]:
    """(open actions due by `soon`, those of them overdue on `today`), of meetings not cancelled."""
    return db.query(_ACTION_COUNTS_SQL, {"today": today, "soon": soon})[0]


def open_actions_until(db, until: str, limit: int) -> list[tuple]:
    """The open actions due by `until`, earliest first (the first `limit`; -1: all), as due_rows' rows."""
    return db.query(_ACTIONS_SQL, {"until": until, "limit": limit})


def open_actions_on(db, day: str) -> list[tuple]:
    """Every open action due on `day`, as due_rows' rows."""
    return db.query(_ACTIONS_SQL.replace("a.due_date <= :until", "a.due_date = :until"), {"until": day, "limit": -1})


@contextlib.contextmanager
def snapshot(db) -> Iterator[None]:
    """The reads inside see the vault as it was when this began: one read transaction, begun here with a
    first read, so that a write committed meanwhile on another connection is seen by none of them or all."""
    db.execute("BEGIN")
    try:
        db.query("SELECT count(*) FROM sqlite_master")
        yield
    finally:
        db.execute("COMMIT")  # a read transaction: nothing to keep or undo
