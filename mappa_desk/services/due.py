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

Each kind is read in the order its clock starts (storage/due.py): counted from an index up to the last start
that falls due within the window (and the last that is overdue), and read only as far as a page can list, so
a page costs about the same whatever the caseload. The working-day arithmetic runs in Python.
"""

from __future__ import annotations

import datetime as _dt
import heapq
import threading
from dataclasses import asdict, dataclass

from mappa_desk.domain import clocks
from mappa_desk.domain.dates import short as _short
from mappa_desk.domain.working_days import working_calendar
from mappa_desk.services.home import full_name
from mappa_desk.services.session import Session
from mappa_desk.storage import due as store

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
    return _due_list(session.db, session.profile, today, soon_days, limit)


def due_list_beside(session: Session, today: _dt.date, soon_days: int, limit: int | None,
                    begun: threading.Event) -> DueList:
    """As `due_list`, read on the vault's reader connection (Database.reader) in one read transaction, so that
    it can run beside the vault's own connection. `begun` is set once that transaction sees the vault (or
    could not): until then the caller holds the vault's connection, so nothing is written in between."""
    try:
        reader = session.db.reader
        if reader is session.db:
            raise RuntimeError("this vault has no reader connection of its own")
        with store.snapshot(reader):
            begun.set()
            return _due_list(reader, session.profile, today, soon_days, limit)
    finally:
        begun.set()


# The clocks of the kinds read a page at a time (storage/due.py's streams): the due date from the date the clock
# starts. Each never goes back as its start goes forward, so the starts that fall due by a day are all those up
# to one start (`_last_start`). An initial meeting's clock also depends on the referral's level: its few rows
# (latest referrals with no meeting since) are read whole.
_CLOCKS = {
    "review": lambda day, profile_clocks, working: day,  # the review date is the due date
    "olr_review": lambda day, profile_clocks, working: clocks.olr_review_due(day, profile_clocks),
    "draft": clocks.draft_due,
    "final": clocks.final_due,
}


def _due_list(db, profile, today: _dt.date, soon_days: int, limit: int | None) -> DueList:
    profile_clocks = profile.clocks
    working = working_calendar(profile)
    soon = today + _dt.timedelta(days=soon_days)
    memo: dict = {}  # many meetings share a date: each working-day sum is worked out once
    found: list[tuple] = []
    overdue = soon_count = 0
    for kind in store.KINDS:
        if kind not in _CLOCKS:
            rows = _falling_due(store.stream_rows(db, kind, NOT_FINAL_STATUSES, soon.isoformat()), soon,
                                profile_clocks, working, memo)
            late = sum(day < today for day, _row in rows)
            overdue, soon_count, found = overdue + late, soon_count + len(rows) - late, found + rows
            continue
        clock = _memoised(kind, profile_clocks, working, memo)
        through = _last_start(clock, soon)
        total, late = store.stream_count(db, kind, NOT_FINAL_STATUSES, through.isoformat(),
                                         _last_start(clock, today - _dt.timedelta(days=1)).isoformat())
        overdue, soon_count = overdue + late, soon_count + total - late
        until = through
        if limit is not None and total > limit:
            # Only the first `limit` of this kind can be listed, and any due the same day as the last of them
            # (the order within a day is by name): every row whose start falls due by then, and no other.
            nth = store.stream_nth_start(db, kind, NOT_FINAL_STATUSES, through.isoformat(), limit)
            until = _last_start(clock, clock(_dt.date.fromisoformat(nth)))
        found += _falling_due(store.stream_rows(db, kind, NOT_FINAL_STATUSES, until.isoformat()), soon,
                              profile_clocks, working, memo)
    action_total, action_overdue = store.open_action_counts(db, today.isoformat(), soon.isoformat())
    found += _falling_due(_action_rows(db, soon, limit), soon, profile_clocks, working, memo)
    # Ranked on a key made once per item; only the items listed are made into DueItems (with their sentences):
    # a unit of 5,000 has ~3,000 due, and the panel lists 200. `n` breaks ties as a stable sort would.
    order = {kind: n for n, kind in enumerate(KINDS)}
    ranked = [(day, order[row[0]], full_name(row[9], row[10]).casefold(), row[1],
               (row[2] if row[0] != "initial_meeting" else None) or 0, n)
              for n, (day, row) in enumerate(found)]
    chosen = sorted(ranked) if limit is None else heapq.nsmallest(limit, ranked)
    items = [_due_item(found[key[-1]][1], key[0], today) for key in chosen]
    return DueList(items, overdue + action_overdue, soon_count + action_total - action_overdue)


def _last_start(clock, day: _dt.date) -> _dt.date:
    """The latest start whose due date is on or before `day`, for a clock that never goes back as its start goes
    forward and is never due before it starts: stepped back in doubling strides, then halved."""
    if clock(day) <= day:
        return day
    late, stride = day, 1  # from here on, `late` falls due after `day` and `early` does not
    while clock(early := late - _dt.timedelta(days=stride)) > day:
        late, stride = early, stride * 2
    while (late - early).days > 1:
        middle = early + (late - early) // 2
        early, late = (middle, late) if clock(middle) <= day else (early, middle)
    return early


def _action_rows(db, soon: _dt.date, limit: int | None) -> list[tuple]:
    """The open actions due by `soon`, earliest first: all, or the first `limit` and every other action due
    the same day as the last of them (the order within a day is by name, decided after)."""
    rows = store.open_actions_until(db, soon.isoformat(), -1 if limit is None else limit)
    if limit is None or len(rows) < limit:
        return rows
    last_day = rows[-1][3]
    return [row for row in rows if row[3] < last_day] + store.open_actions_on(db, last_day)


def _falling_due(rows: list[tuple], soon: _dt.date, profile_clocks, working, memo: dict) -> list[tuple]:
    """(due date, row) for each row that falls due by `soon`."""
    return [(day, row) for row in rows
            if (day := _due_date(row, profile_clocks, working, memo)) is not None and day <= soon]


def _due_date(row: tuple, profile_clocks, working, memo: dict) -> _dt.date | None:
    """When the row falls due (None: never, an initial meeting at a level with no clock). Many rows share a start:
    each start's due date is worked out once (`memo`, shared with `_memoised`)."""
    kind, _individual_id, _meeting_id, day, level = row[:5]
    start = _dt.date.fromisoformat(day)
    key = (kind, start, level if kind == "initial_meeting" else None)
    if key not in memo:
        if kind == "action":
            memo[key] = start  # due on the day itself
        elif kind == "initial_meeting":
            memo[key] = clocks.initial_meeting_due(start, level, profile_clocks, working)
        else:
            memo[key] = _CLOCKS[kind](start, profile_clocks, working)
    return memo[key]


def _memoised(kind: str, profile_clocks, working, memo: dict):
    """The kind's clock as a function of its start date alone, each start worked out once (`_due_date`'s memo)."""
    due_of = _CLOCKS[kind]

    def clock(day: _dt.date) -> _dt.date:
        key = (kind, day, None)
        if key not in memo:
            memo[key] = due_of(day, profile_clocks, working)
        return memo[key]
    return clock


def _due_item(row: tuple, due: _dt.date, today: _dt.date) -> DueItem:
    """The item of a row listed, due on `due`, with its sentence: made only for the items listed."""
    kind, individual_id, meeting_id, day, level, decision, after, text, extra, given, family, visor_ref = row
    return DueItem(kind, due, due < today, (due - today).days, individual_id, full_name(given, family),
                   visor_ref or "", meeting_id if kind != "initial_meeting" else None,
                   _sentence(kind, due, _dt.date.fromisoformat(day), level, decision, after, text, extra))


def _sentence(kind: str, due: _dt.date, day: _dt.date, level, decision, after, text, extra) -> str:
    """What the panel says of one item; `day` is the date its clock started from (for a review or an action,
    the due date itself)."""
    if kind == "review":
        governing = clocks.governing_level(level, decision, after)
        what = f"Level {governing} review" if governing in (2, 3) else "Review"
        planned = f" (meeting planned for {_short(_dt.date.fromisoformat(text))})" if text else ""
        return f"{what} due {_short(due)}{planned}"
    if kind == "olr_review":
        return f"OLR: RMP and Annual Implementation Report due {_short(due)} (last meeting {_short(day)})"
    if kind == "draft":
        return f"Draft Minute and RMP due {_short(due)} (meeting {_short(day)})"
    if kind == "final":
        return f"Final Minute and RMP due {_short(due)} (meeting {_short(day)})"
    if kind == "initial_meeting":
        return f"Initial Level {level} meeting due {_short(due)} (referred {_short(day)})"
    if kind == "action":
        description = " ".join((text or "").split()) or "(no description)"
        who = f" ({extra})" if extra else ""
        return f"Action due {_short(due)}: {description}{who}"
    raise ValueError(f"unknown kind of due item: {kind}")
