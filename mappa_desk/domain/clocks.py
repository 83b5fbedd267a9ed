"""The clocks that run around a meeting, from the profile's timescales (guidance 11.7, 11.15, 11.30 and the
domain brief section 4).

The review and OLR clocks count calendar weeks and months from the meeting date; notification counts
calendar days from the sentence. Referral, initial meeting, draft and final count working days, on the
calendar of mappa_desk.domain.working_days (passed in, so that it is built once, not per date).
"""

from __future__ import annotations

import calendar
import datetime as _dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from mappa_desk.domain import dates
from mappa_desk.domain.profile import Clocks

if TYPE_CHECKING:
    from mappa_desk.domain.working_days import WorkingCalendar

def _plural(number: int, unit: str) -> str:
    return f"{number} {unit}" + ("" if number == 1 else "s")


# -- Calendar arithmetic ------------------------------------------------------------------------------------

def add_weeks(day: _dt.date, weeks: int) -> _dt.date:
    return day + _dt.timedelta(weeks=weeks)


def add_months(day: _dt.date, months: int) -> _dt.date:
    """The same day `months` calendar months later, or the month's last day when it is shorter (29 Feb -> 28 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


# -- Review clock -------------------------------------------------------------------------------------------

def governing_level(level: int, level_decision: str | None, level_after: int | None) -> int | None:
    """The level whose clock runs until the next review: the level decided on, else the meeting's.

    None when the individual exits MAPPA (no review is due). A decision recorded without the level it leads
    to leaves the meeting's level in charge; the completeness check asks for the missing level.
    """
    if level_decision == "exit":
        return None
    if level_decision and level_after is not None:
        return level_after
    return level


@dataclass(frozen=True)
class _Limit:
    latest: _dt.date
    rule: str  # the rule that sets `latest`, as a clause ("under an Order ...", "Level 2 reviews ...")

    @property
    def sentence(self) -> str:
        latest = dates.long(self.latest)
        return f"{self.rule[0].upper()}{self.rule[1:]}: the latest allowed review date is {latest}."


def _review_limit(meeting_date: _dt.date, level: int, level_decision: str | None, level_after: int | None,
                  olr: bool, clocks: Clocks) -> _Limit | None:
    governing = governing_level(level, level_decision, level_after)
    if governing is None:
        return None
    limits = []
    weeks = clocks.review_weeks_by_level.get(governing)
    if weeks:
        limits.append(_Limit(add_weeks(meeting_date, weeks),
                             f"Level {governing} reviews are due within {_plural(weeks, 'week')}"))
    if olr:
        months = clocks.olr_review_months
        limits.append(_Limit(add_months(meeting_date, months), "under an Order for Lifelong Restriction the plan "
                             f"is reviewed at least every {_plural(months, 'month')}"))
    # The earlier limit governs; on a tie the level's rule is named (min keeps the first).
    return min(limits, key=lambda limit: limit.latest) if limits else None


def latest_review_date(meeting_date: _dt.date, level: int, level_decision: str | None, level_after: int | None,
                       olr: bool, clocks: Clocks) -> _dt.date | None:
    """The last date the next review may fall on; None when no review is due (exit, or Level 1 without an OLR)."""
    limit = _review_limit(meeting_date, level, level_decision, level_after, olr, clocks)
    return limit.latest if limit else None


def review_date_problem(meeting_date: _dt.date, review_date: _dt.date | None, level: int,
                        level_decision: str | None, level_after: int | None, olr: bool,
                        clocks: Clocks) -> str | None:
    """A sentence saying what is wrong with the review date against its clock, or None when nothing is."""
    limit = _review_limit(meeting_date, level, level_decision, level_after, olr, clocks)
    if review_date is None:
        if limit is None:
            return None
        return (f"No review date is recorded: {limit.rule}, so the latest allowed review date is "
                f"{dates.long(limit.latest)}.")
    if review_date <= meeting_date:
        return f"The review date must be after the meeting date, {dates.long(meeting_date)}."
    if limit is not None and review_date > limit.latest:
        return limit.sentence
    return None


# -- Working-day clocks (guidance 11.15, domain brief section 4) --------------------------------------------

def notification_due(sentence_date: _dt.date, clocks: Clocks) -> _dt.date:
    """The last day for the lead agency's notification: calendar days after the sentence."""
    return sentence_date + _dt.timedelta(days=clocks.notification_days_after_sentence)


def referral_due(sentence_date: _dt.date | None, notified_on: _dt.date | None, clocks: Clocks,
                 working: WorkingCalendar) -> _dt.date | None:
    """The last day to refer to Level 2 or 3: working days after the notification, and at the latest working
    days after the sentence; the earlier of the two governs when both dates are known (a late notification
    does not move the sentence's limit). None when neither date is known."""
    limits = []
    if notified_on is not None:
        limits.append(working.add_working_days(notified_on, clocks.referral_working_days_after_notification))
    if sentence_date is not None:
        limits.append(working.add_working_days(sentence_date, clocks.referral_working_days_after_sentence))
    return min(limits) if limits else None


def initial_meeting_due(referred_on: _dt.date, level: int | None, clocks: Clocks,
                        working: WorkingCalendar) -> _dt.date | None:
    """The last day for the initial meeting after a referral to `level`; None for a level with no clock."""
    days = clocks.initial_meeting_working_days_by_level.get(level) if level is not None else None
    return working.add_working_days(referred_on, days) if days else None


def draft_due(meeting_date: _dt.date, clocks: Clocks, working: WorkingCalendar) -> _dt.date:
    """The last day for the draft Minute and RMP (cleared by the chair): working days after the meeting."""
    return working.add_working_days(meeting_date, clocks.draft_minute_working_days)


def final_due(meeting_date: _dt.date, clocks: Clocks, working: WorkingCalendar) -> _dt.date:
    """The last day for the final Minute and RMP: working days after the meeting (not after the draft)."""
    return working.add_working_days(meeting_date, clocks.final_minute_working_days)


def olr_review_due(last_held: _dt.date, clocks: Clocks) -> _dt.date:
    """Under an OLR, the plan (and the Annual Implementation Report) is due calendar months after the
    latest meeting held."""
    return add_months(last_held, clocks.olr_review_months)


def end_before_start_problem(start_time: str, end_time: str) -> str:
    """The clause refusing a meeting that would end before it started ("14:00" to "03:21"), or "".

    Times are "HH:MM" on the meeting's own day; a meeting is not recorded as running past midnight.
    Callers put it in their sentence: "The case cannot close: ...", "The file was not imported: ...".
    """
    if start_time and end_time and end_time < start_time:
        return f"the meeting would end at {end_time}, before it started at {start_time}."
    return ""
