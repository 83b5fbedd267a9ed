"""What is due, as rows: the queries behind services/due.py (its docstring gives the rules).

Which meeting decided an individual's review date is the review clock's (schema 0021, storage/review_clock.py);
which statuses are not yet final is the services' rule, given to the queries, which write it into their text so
that the indexes named in them serve them. The dates are ISO strings.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache


def _quoted(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


# Each kind of item is a stream of rows in the order of the date its clock starts from (its "start": the review
# date itself for a review, the latest decided meeting's date for an OLR review, the meeting date for a draft or
# a final, the referral date for an initial meeting), read from an index in that order. A clock's due date never
# goes back as its start goes forward, so the services read a stream up to a start date (`until`) and count it up
# to two: a page of What is due reads the rows it may list, and counts the rest from the index, whatever the
# caseload. Each stream: its start, the tables that drive it, the further joins its rows need, its condition,
# and its row (as `stream_rows` gives it). CROSS keeps the driving table first; names are read by rowid.
@dataclass(frozen=True)
class _Stream:
    start: str
    tables: str
    joins: str
    where: str
    row: str


_NAMES = "n.given_names, n.family_name, n.visor_ref"
_STREAMS = {
    "review": _Stream(
        "c.review_due",
        "review_clock c INDEXED BY review_clock_order",  # schema 0021: each individual's latest decided meeting
        "CROSS JOIN meetings m ON m.id = c.meeting_id CROSS JOIN individuals n ON n.id = c.individual_id",
        "(c.review_due IS NULL) = 0 AND c.review_due <= :until",
        "'review', c.individual_id, c.meeting_id, c.review_due, m.level, m.level_decision, m.level_after, "
        "(SELECT min(p.meeting_date) FROM meetings p INDEXED BY meetings_newest WHERE p.individual_id = "
        f"c.individual_id AND p.status = 'planned' AND p.meeting_date > c.meeting_date), NULL, {_NAMES}"),
    "olr_review": _Stream(
        "c.meeting_date",
        "individuals o INDEXED BY individuals_olr CROSS JOIN review_clock c ON c.individual_id = o.id",
        "CROSS JOIN meetings m ON m.id = c.meeting_id CROSS JOIN individuals n ON n.id = c.individual_id",
        "o.olr = 1 AND c.meeting_date <= :until",
        f"'olr_review', c.individual_id, c.meeting_id, c.meeting_date, m.level, NULL, NULL, NULL, NULL, {_NAMES}"),
    "draft": _Stream(
        "m.meeting_date",
        "meetings m INDEXED BY meetings_status",
        "CROSS JOIN individuals n ON n.id = m.individual_id",
        "m.status = 'held' AND m.meeting_date <= :until "
        "AND NOT EXISTS (SELECT 1 FROM record_events e WHERE e.meeting_id = m.id AND e.event = 'drafted') "
        "AND NOT EXISTS (SELECT 1 FROM document_versions v WHERE v.meeting_id = m.id AND v.status = 'draft')",
        f"'draft', m.individual_id, m.id, m.meeting_date, m.level, NULL, NULL, NULL, NULL, {_NAMES}"),
    "final": _Stream(
        "m.meeting_date",
        "meetings m INDEXED BY meetings_status",
        "CROSS JOIN individuals n ON n.id = m.individual_id",
        "m.status IN ({not_final}) AND m.meeting_date <= :until",
        f"'final', m.individual_id, m.id, m.meeting_date, m.level, NULL, NULL, NULL, NULL, {_NAMES}"),
    "initial_meeting": _Stream(
        "r.referred_on",
        "referrals r CROSS JOIN individuals n ON n.id = r.individual_id "
        "LEFT JOIN review_clock c ON c.individual_id = r.individual_id",
        "",
        # A referral with no meeting decided on or after it (the latest decided meeting's date is the review
        # clock's: a look-up), and the individual's latest (the newest date, then the highest id; asked second,
        # of the few referrals left).
        "r.referred_on IS NOT NULL AND r.referred_on <= :until AND (c.meeting_date IS NULL OR c.meeting_date < "
        "r.referred_on) AND NOT EXISTS (SELECT 1 FROM referrals x WHERE x.individual_id = r.individual_id AND "
        "x.referred_on IS NOT NULL AND (x.referred_on, x.id) > (r.referred_on, r.id))",
        "'initial_meeting', r.individual_id, NULL, r.referred_on, coalesce(r.level, n.current_level), NULL, NULL, "
        f"NULL, NULL, {_NAMES}"),
}
KINDS = tuple(_STREAMS)


@lru_cache(maxsize=64)
def _stream_sql(kind: str, not_final: tuple[str, ...], what: str) -> str:
    stream = _STREAMS[kind]
    where = stream.where.format(not_final=_quoted(not_final))
    if what == "rows":
        return f"SELECT {stream.row} FROM {stream.tables} {stream.joins} WHERE {where}"
    if what == "count":
        return (f"SELECT count(*), coalesce(sum({stream.start} <= :overdue_through), 0) FROM {stream.tables} "
                f"WHERE {where}")
    return f"SELECT {stream.start} FROM {stream.tables} WHERE {where} ORDER BY {stream.start} LIMIT 1 OFFSET :skip"


def stream_rows(db, kind: str, not_final: tuple[str, ...], until: str) -> list[tuple]:
    """The rows of one kind (KINDS) whose start is on or before `until`, in no order, as (kind, individual id,
    meeting id, day, level, level decision, level after, text, extra, given names, family name, ViSOR ref);
    `not_final`: the statuses of a meeting held but not yet final."""
    return db.query(_stream_sql(kind, tuple(not_final), "rows"), {"until": until})


def stream_count(db, kind: str, not_final: tuple[str, ...], through: str, overdue_through: str) -> tuple[int, int]:
    """(how many rows of the kind start on or before `through`, how many of them on or before `overdue_through`)."""
    return tuple(db.query(_stream_sql(kind, tuple(not_final), "count"),
                          {"until": through, "overdue_through": overdue_through})[0])


def stream_nth_start(db, kind: str, not_final: tuple[str, ...], through: str, n: int) -> str | None:
    """The start of the `n`th row of the kind (from 1) in start order among those on or before `through`; None
    if there are fewer."""
    found = db.query(_stream_sql(kind, tuple(not_final), "nth"), {"until": through, "skip": n - 1})
    return found[0][0] if found else None


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
