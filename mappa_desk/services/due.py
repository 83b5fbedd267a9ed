"""What is due: reviews, OLR reviews, drafts, finals, initial meetings and open actions, overdue or due soon.

The rules, in one place (the clocks themselves are in mappa_desk.domain.clocks):

- *review*: the review date set by the individual's latest decided meeting (held, draft, cleared,
  circulated or final; as on the home list). A planned meeting does not stop the clock until it is held;
  the sentence mentions it.
- *olr_review*: an individual under an OLR whose latest decided meeting is the OLR interval (12 months)
  old: the RMP and the Annual Implementation Report are due then.
- *draft*: a meeting with status held whose draft has not been produced (no 'drafted' record event and no
  draft document version): meeting date + the draft clock in working days.
- *final*: a meeting held but not yet final (held, draft, cleared, circulated): meeting date + the final
  clock in working days (counted from the meeting, 11.15).
- *initial_meeting*: the latest referral with a referral date and no meeting decided on or after it:
  referral date + the initial-meeting clock of the referral's level (the individual's level if the
  referral does not say).
- *action*: an open action with a due date, of a meeting that was not cancelled.

One query whatever the caseload; the working-day arithmetic runs in Python on the rows it returns, which
the query has already cut to those that can fall due within the window.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import asdict, dataclass

from mappa_desk.domain import clocks
from mappa_desk.domain.dates import short as _short
from mappa_desk.domain.working_days import working_calendar
from mappa_desk.services.home import DECIDED_STATUSES, full_name
from mappa_desk.services.session import Session

KINDS = ("initial_meeting", "review", "olr_review", "draft", "final", "action")  # order on the same day
NOT_FINAL_STATUSES = ("held", "draft", "cleared", "circulated")
DUE_SOON_DAYS = 14


@dataclass(frozen=True)
class DueItem:
    kind: str  # one of KINDS
    due: _dt.date
    overdue: bool  # due before today; due today is due soon
    days: int  # from today to the due date: negative when overdue, 0 today
    individual_id: int
    individual_name: str
    visor_ref: str
    meeting_id: int | None  # the meeting it concerns (for a review, the meeting that set the date)
    sentence: str  # e.g. "Level 2 review due 13 Feb 2027"

    def to_json(self) -> dict:
        data = asdict(self)
        data["due"] = self.due.isoformat()
        return data


def _quoted(values) -> str:
    return ", ".join(f"'{v}'" for v in values)


_SQL = f"""
WITH latest AS MATERIALIZED (
    -- Each individual's latest decided meeting (the newest date, then the highest id, as on the home
    -- list), found and read in the meetings_newest index alone (schema 0007): the wide meetings rows
    -- are never decrypted. Materialised once for the two branches that read it.
    SELECT m.id, m.individual_id, m.meeting_date, m.review_date, m.level, m.level_decision, m.level_after
    FROM individuals i JOIN meetings m INDEXED BY meetings_newest ON m.individual_id = i.id
    WHERE m.id = (SELECT x.id FROM meetings x INDEXED BY meetings_newest
                  WHERE x.individual_id = i.id AND x.status IN ({_quoted(DECIDED_STATUSES)})
                  ORDER BY x.meeting_date DESC, x.id DESC LIMIT 1)
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
    WHERE m.status IN ({_quoted(NOT_FINAL_STATUSES)}) AND m.meeting_date <= :soon
    UNION ALL
    SELECT 'initial_meeting', r.individual_id, NULL, r.referred_on, coalesce(r.level, i.current_level),
           NULL, NULL, NULL, NULL
    FROM referral r JOIN individuals i ON i.id = r.individual_id
    WHERE r.newest = 1 AND r.referred_on <= :soon
      AND NOT EXISTS (SELECT 1 FROM meetings m INDEXED BY meetings_newest WHERE m.individual_id = r.individual_id
                      AND m.status IN ({_quoted(DECIDED_STATUSES)}) AND m.meeting_date >= r.referred_on)

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


@dataclass(frozen=True)
class DueList:
    """The most urgent items (all of them, or the first `limit`), and how many there are in all."""

    items: list[DueItem]
    overdue: int  # in all, not only among `items`
    soon: int  # due today or within the window, in all

    @property
    def total(self) -> int:
        return self.overdue + self.soon


def due_items(session: Session, today: _dt.date, soon_days: int = DUE_SOON_DAYS) -> list[DueItem]:
    """What is overdue or due within `soon_days` of `today`, most urgent first (earliest due date; on the
    same day, in the order of KINDS, then by name)."""
    return due_list(session, today, soon_days).items


def due_list(session: Session, today: _dt.date, soon_days: int = DUE_SOON_DAYS, limit: int | None = None) -> DueList:
    """As `due_items`, but only the first `limit` items (None: all), with the counts of all of them."""
    profile_clocks = session.profile.clocks
    working = working_calendar(session.profile)
    soon = today + _dt.timedelta(days=soon_days)
    # add_months shortens 31 January to 28 February, so a meeting a few days later than the exact
    # inverse can still fall due by `soon`: fetch a little more and let the clock decide below.
    olr_before = clocks.add_months(soon, -profile_clocks.olr_review_months) + _dt.timedelta(days=3)
    db = session.db
    rows = db.query(_SQL, {"soon": soon.isoformat(), "olr_before": olr_before.isoformat()})
    memo: dict = {}  # many meetings share a date: each working-day sum is worked out once
    items = [item for row in rows if (item := _due_item(row, today, soon, profile_clocks, working, memo)) is not None]
    overdue = sum(item.overdue for item in items)
    soon_count = len(items) - overdue
    action_total, action_overdue = db.query(_ACTION_COUNTS_SQL, {"today": today.isoformat(),
                                                                 "soon": soon.isoformat()})[0]
    items += [_due_item(row, today, soon, profile_clocks, working, memo) for row in _action_rows(db, soon, limit)]
    order = {kind: n for n, kind in enumerate(KINDS)}
    items.sort(key=lambda i: (i.due, order[i.kind], i.individual_name.casefold(), i.individual_id,
                              i.meeting_id or 0))
    return DueList(items if limit is None else items[:limit], overdue + action_overdue,
                   soon_count + action_total - action_overdue)


def _action_rows(db, soon: _dt.date, limit: int | None) -> list[tuple]:
    """The open actions due by `soon`, earliest first: all, or the first `limit` and every other action due
    the same day as the last of them (the order within a day is by name, decided after)."""
    rows = db.query(_ACTIONS_SQL, {"until": soon.isoformat(), "limit": -1 if limit is None else limit})
    if limit is None or len(rows) < limit:
        return rows
    last_day = rows[-1][3]
    return [row for row in rows if row[3] < last_day] + db.query(
        _ACTIONS_SQL.replace("a.due_date <= :until", "a.due_date = :until"), {"until": last_day, "limit": -1})


def _due_item(row: tuple, today: _dt.date, soon: _dt.date, profile_clocks, working, memo: dict) -> DueItem | None:
    kind, individual_id, meeting_id, day, level, decision, after, text, extra, given, family, visor_ref = row
    if kind in _BY_DATE_ALONE:
        key = (kind, day, level)
        if key not in memo:
            memo[key] = _item(kind, _dt.date.fromisoformat(day), level, None, None, None, None, profile_clocks, working)
        found = memo[key]
    else:
        found = _item(kind, _dt.date.fromisoformat(day), level, decision, after, text, extra, profile_clocks, working)
    if found is None or found[0] > soon:
        return None
    due, sentence = found
    return DueItem(kind, due, due < today, (due - today).days, individual_id, full_name(given, family),
                   visor_ref or "", meeting_id if kind != "initial_meeting" else None, sentence)


_BY_DATE_ALONE = ("olr_review", "draft", "final", "initial_meeting")  # due date and sentence: kind, day, level


def _item(kind, day: _dt.date, level, decision, after, text, extra, profile_clocks,
          working) -> tuple[_dt.date, str] | None:
    """The due date and the sentence for one row; `day` is the date the clock starts from (or the due
    date itself, for reviews and actions)."""
    if kind == "review":
        governing = clocks.governing_level(level, decision, after)
        what = f"Level {governing} review" if governing in (2, 3) else "Review"
        planned = f" (meeting planned for {_short(_dt.date.fromisoformat(text))})" if text else ""
        return day, f"{what} due {_short(day)}{planned}"
    if kind == "olr_review":
        due = clocks.olr_review_due(day, profile_clocks)
        return due, (f"OLR: RMP and Annual Implementation Report due {_short(due)} "
                     f"(last meeting {_short(day)})")
    if kind == "draft":
        due = clocks.draft_due(day, profile_clocks, working)
        return due, f"Draft Minute and RMP due {_short(due)} (meeting {_short(day)})"
    if kind == "final":
        due = clocks.final_due(day, profile_clocks, working)
        return due, f"Final Minute and RMP due {_short(due)} (meeting {_short(day)})"
    if kind == "initial_meeting":
        due = clocks.initial_meeting_due(day, level, profile_clocks, working)
        if due is None:
            return None
        return due, f"Initial Level {level} meeting due {_short(due)} (referred {_short(day)})"
    if kind == "action":
        description = " ".join((text or "").split()) or "(no description)"
        who = f" ({extra})" if extra else ""
        return day, f"Action due {_short(day)}: {description}{who}"
    raise ValueError(f"unknown kind of due item: {kind}")
