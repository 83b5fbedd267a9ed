"""The clocks that run around a meeting, from the profile's timescales: for now, the review clock (11.7, 11.30).

The review clock counts calendar weeks and months from the meeting date. The working-day clocks (draft and
final minute, initial meeting: 11.15 and the domain brief section 4) belong here too; they need a holiday
calendar and will sit in their own section below the calendar arithmetic.
"""

from __future__ import annotations

import calendar
import datetime as _dt
from dataclasses import dataclass

from mappa_desk.domain.profile import Clocks

# Fixed, not strftime("%B"): Qt sets the C library's locale from the computer, and a month name in a
# record must not change with it.
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")


def format_british(day: _dt.date) -> str:
    """A date the British way, e.g. "13 February 2027", whatever the computer's locale."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


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
        latest = format_british(self.latest)
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
                f"{format_british(limit.latest)}.")
    if review_date <= meeting_date:
        return f"The review date must be after the meeting date, {format_british(meeting_date)}."
    if limit is not None and review_date > limit.latest:
        return limit.sentence
    return None
