"""Working days: weekends, the public holidays of the profile's country and subdivision, and local holidays.

The public holidays come from the `holidays` library (for Scotland, `country_holidays("GB", subdiv="SCT")`:
1 and 2 January, Good Friday, the early May and spring bank holidays, the first Monday of August, St
Andrew's Day, Christmas and Boxing Day, with the substitute days the library gives when one falls on a
weekend; Easter Monday is not a Scottish bank holiday). Local holidays vary by local authority, so a unit
lists its own in the jurisdiction's `local_holidays.json`.

`working_calendar(profile)` builds the calendar once per profile and holiday file; a year's holidays are
worked out the first time a date in that year is asked about.
"""

from __future__ import annotations

import datetime as _dt
import threading
from dataclasses import dataclass
from pathlib import Path

from mappa_desk import paths
from mappa_desk.domain.profile import Profile
from mappa_desk.errors import UserFacingError
from mappa_desk.interchange import strict_json
from mappa_desk.interchange.strict_json import JsonRefused

MAX_HOLIDAYS_BYTES = 1024 * 1024  # a year's local holidays take under 1 KB

SATURDAY = 5  # date.weekday(): Monday is 0
_ADDED_KEPT = 50_000  # working-day sums kept per calendar (a few MB at most)


@dataclass(frozen=True)
class Holiday:
    day: _dt.date
    name: str
    local: bool = False  # from the unit's local holidays file rather than the public calendar


class WorkingCalendar:
    """Which days are working days. Safe to share between threads (the database lane and the GUI)."""

    def __init__(self, country: str = "GB", subdivision: str | None = "SCT", local: tuple[Holiday, ...] = ()):
        self.country = country
        self.subdivision = subdivision
        self.local = tuple(local)
        self._local = {h.day: h.name for h in self.local}
        self._by_year: dict[int, dict[_dt.date, str]] = {}
        # What is due asks for the same sums at every listing (a day's meetings and the clocks' edges): each is
        # worked out once. The calendar itself never changes (a changed holidays file makes a new one).
        self._added: dict[tuple[_dt.date, int], _dt.date] = {}
        self._lock = threading.Lock()
        try:
            _country_holidays(country, subdiv=subdivision, years=())
        except NotImplementedError as err:
            where = f"{country}-{subdivision}" if subdivision else country
            raise UserFacingError(f"The jurisdiction profile names a holiday calendar ({where}) that MAPPA Desk "
                                  "does not know. Correct holiday_country and holiday_subdivision in its clocks "
                                  "section.") from err

    def _year(self, year: int) -> dict[_dt.date, str]:
        found = self._by_year.get(year)
        if found is None:
            with self._lock:
                found = self._by_year.get(year)
                if found is None:
                    public = _country_holidays(self.country, subdiv=self.subdivision, years=year)
                    found = {day: name for day, name in public.items()}
                    # A local holiday on a public one keeps the public name: it is the better known.
                    found.update({d: n for d, n in self._local.items() if d.year == year and d not in found})
                    self._by_year[year] = found
        return found

    def holiday_name(self, day: _dt.date) -> str | None:
        """The holiday's name when `day` is a public or local holiday, else None (weekends are not holidays)."""
        return self._year(day.year).get(day)

    def holidays_in(self, year: int) -> list[Holiday]:
        """Every holiday of the year, in date order."""
        return [Holiday(day, name, day in self._local and name == self._local[day])
                for day, name in sorted(self._year(year).items())]

    def is_working_day(self, day: _dt.date) -> bool:
        return day.weekday() < SATURDAY and day not in self._year(day.year)

    def add_working_days(self, day: _dt.date, count: int) -> _dt.date:
        """The `count`th working day after `day` (which is not counted itself, working day or not).

        A meeting on Friday 20 November 2026 plus 5 working days is Friday 27 November; plus 0 is the day
        itself.
        """
        if count < 0:
            raise ValueError("count must be 0 or more")
        key = (day, count)
        found = self._added.get(key)
        if found is None:
            found = day
            while count:
                found += _dt.timedelta(days=1)
                if self.is_working_day(found):
                    count -= 1
            if len(self._added) >= _ADDED_KEPT:
                self._added.clear()
            self._added[key] = found
        return found

    def working_days_between(self, start: _dt.date, end: _dt.date) -> int:
        """How many working days fall after `start` up to and including `end` (0 when `end` is not later)."""
        count, day = 0, start
        while day < end:
            day += _dt.timedelta(days=1)
            count += self.is_working_day(day)
        return count


def local_holidays_path(profile: Profile) -> Path:
    return paths.jurisdiction_dir(profile.jurisdiction) / profile.clocks.local_holidays_file


def load_local_holidays(path: Path) -> tuple[Holiday, ...]:
    """The holidays listed in a local holidays file; none when there is no such file.

    The file is {"note": ..., "holidays": [{"date": "YYYY-MM-DD", "name": ...}, ...]}; a bare list of the
    same entries is read too. Anything else is a UserFacingError that names the file.
    """
    try:
        doc = strict_json.loads(strict_json.read_bounded(path, MAX_HOLIDAYS_BYTES), max_bytes=MAX_HOLIDAYS_BYTES)
    except FileNotFoundError:
        return ()  # a unit that keeps no local holidays may remove the file
    except JsonRefused as err:
        raise UserFacingError(f"The local holidays file {path} cannot be read: {err.reason}. Correct it "
                              "or restore it from the MAPPA Desk installation.") from None
    except OSError as err:
        raise UserFacingError(f"The local holidays file {path} could not be read. Check that it exists and "
                              "that you may read it.") from err
    rows = doc.get("holidays") if isinstance(doc, dict) else doc
    if not isinstance(rows, list):
        raise UserFacingError(f"The local holidays file {path} has no list of holidays. Correct it or restore it "
                              "from the MAPPA Desk installation.")
    found = []
    for n, row in enumerate(rows, 1):
        name = row.get("name") if isinstance(row, dict) else None
        try:
            day = _dt.date.fromisoformat(row.get("date")) if isinstance(row, dict) else None
        except (TypeError, ValueError):
            day = None
        if day is None or not isinstance(name, str) or not name.strip():
            raise UserFacingError(f"The local holidays file {path} has an entry (number {n}) without a date "
                                  "written YYYY-MM-DD and a name. Correct it or restore it from the MAPPA Desk "
                                  "installation.")
        found.append(Holiday(day, " ".join(name.split()), local=True))
    return tuple(found)


_built: dict[tuple, WorkingCalendar] = {}
_built_lock = threading.Lock()


def working_calendar(profile: Profile) -> WorkingCalendar:
    """The working-day calendar of the profile: built once, and again only when the local file changes."""
    clocks = profile.clocks
    path = local_holidays_path(profile)
    try:
        stat = path.stat()
        stamp = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        stamp = None
    key = (clocks.holiday_country, clocks.holiday_subdivision, str(path), stamp)
    with _built_lock:
        found = _built.get(key)
    if found is None:
        found = WorkingCalendar(clocks.holiday_country, clocks.holiday_subdivision or None,
                                load_local_holidays(path))
        with _built_lock:
            _built[key] = found
    return found


def _country_holidays(*args, **kwargs):
    """The `holidays` library, imported on first use: it takes ~50 ms, which the first window need not wait for."""
    import holidays

    return holidays.country_holidays(*args, **kwargs)
