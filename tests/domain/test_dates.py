"""British dates: one formatter, English month names whatever the locale, and nowhere else formats them."""

from __future__ import annotations

import datetime as _dt
import locale
import re
from pathlib import Path

import pytest

from mappa_desk.domain import dates

ROOT = Path(__file__).resolve().parents[2]
FORMATTER = ROOT / "mappa_desk" / "domain" / "dates.py"


@pytest.mark.parametrize("value, long, short, numeric", [
    (_dt.date(2026, 12, 15), "15 December 2026", "15 Dec 2026", "15/12/2026"),
    (_dt.date(2027, 2, 3), "3 February 2027", "3 Feb 2027", "03/02/2027"),
    ("2026-09-01", "1 September 2026", "1 Sep 2026", "01/09/2026"),
    ("2026-11-21T15:04:05Z", "21 November 2026", "21 Nov 2026", "21/11/2026"),  # a timestamp: its date
    (_dt.datetime(2027, 1, 5, 9, 30), "5 January 2027", "5 Jan 2027", "05/01/2027"),
    (None, "", "", ""),
    ("", "", "", ""),
    ("next week", "next week", "next week", "next week"),  # not a date: shown as it is, never guessed
    ("2026-02-31", "2026-02-31", "2026-02-31", "2026-02-31"),
    ("2026-11-21 and more", "2026-11-21 and more", "2026-11-21 and more", "2026-11-21 and more"),
    ("2026-11-21 15:04", "21 November 2026", "21 Nov 2026", "21/11/2026"),
])
def test_the_three_forms(value, long, short, numeric):
    assert (dates.long(value), dates.short(value), dates.numeric(value)) == (long, short, numeric)


def test_every_month_is_named_in_english():
    assert [dates.long(_dt.date(2027, m, 1)).split()[1] for m in range(1, 13)] == [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December"]
    assert [dates.short(_dt.date(2027, m, 1)).split()[1] for m in (1, 6, 9, 12)] == ["Jan", "Jun", "Sep", "Dec"]


@pytest.mark.parametrize("typed, iso", [
    ("13/2/2027", "2027-02-13"), ("13/02/27", "2027-02-13"), ("13-02-2027", "2027-02-13"), ("13.2.2027", "2027-02-13"),
    (" 01/12/2026 ", "2026-12-01"), ("", None), ("   ", None),
])
def test_typed_british_dates_are_read(typed, iso):
    assert dates.parse(typed) == iso


@pytest.mark.parametrize("typed", ["31/02/2026", "next week", "13/2", "2027-02-13x", "13/13/2027", "1/2/3/4"])
def test_text_that_is_not_a_date_is_refused(typed):
    with pytest.raises(ValueError):
        dates.parse(typed)


def test_parse_and_numeric_agree():
    for day in (_dt.date(2026, 1, 1), _dt.date(2027, 12, 31), _dt.date(2028, 2, 29)):
        assert dates.parse(dates.numeric(day)) == day.isoformat()


# Locales whose December is not "December" (Welsh and Scottish Gaelic first: laptops in the UK).
_FOREIGN = ("cy_GB.UTF-8", "gd_GB.UTF-8", "de_DE.UTF-8", "fr_FR.UTF-8", "es_ES.UTF-8", "nl_NL.UTF-8", "it_IT.UTF-8",
            "de_DE.utf8", "fr_FR.utf8")


@pytest.fixture
def foreign_time_locale():
    before = locale.setlocale(locale.LC_TIME)
    for name in _FOREIGN:
        try:
            locale.setlocale(locale.LC_TIME, name)
        except locale.Error:
            continue
        if _dt.date(2026, 12, 15).strftime("%B") != "December":
            yield name
            locale.setlocale(locale.LC_TIME, before)
            return
    locale.setlocale(locale.LC_TIME, before)
    pytest.skip("no non-English LC_TIME locale is installed on this computer (`locale -a`)")


def test_the_long_form_is_english_under_a_foreign_locale(foreign_time_locale):
    day = _dt.date(2026, 12, 15)
    assert day.strftime("%B") != "December"  # the locale is really in force
    assert (dates.long(day), dates.short(day), dates.numeric(day)) == ("15 December 2026", "15 Dec 2026",
                                                                       "15/12/2026")


# -- nowhere else --------------------------------------------------------------------------------------------

# strftime codes that follow the locale (month and weekday names, the locale's own date), a day/month pattern
# written by hand, the C library's month names, or a list of month names.
_LOCAL_FORMAT = re.compile(
    r"%[-#]?[aAbBhcx](?![a-zA-Z])"
    r"|%d[/ .]%m|%m/%d"
    r"|\bmonth_name\b|\bmonth_abbr\b"
    r"|[\"'](?:Jan|January)[\"']\s*,\s*[\"'](?:Feb|February)[\"']")


def _offending_lines() -> list[str]:
    found = []
    for folder in ("mappa_desk", "ui"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path == FORMATTER:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if _LOCAL_FORMAT.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


def test_no_date_is_formatted_outside_the_formatter():
    assert _offending_lines() == [], "format British dates with mappa_desk.domain.dates"


@pytest.mark.parametrize("line", [
    'f"{day.day} {day:%B %Y}"', 'held.strftime("%d/%m/%Y")', "d.strftime('%b')", 'f"{day:%d %B %Y}"',
    '_MONTHS = ("Jan", "Feb", "Mar")', "calendar.month_name[3]", 'x.strftime("%x")',
])
def test_the_scan_would_catch_a_locale_date(line):
    assert _LOCAL_FORMAT.search(line)


@pytest.mark.parametrize("line", [
    'strftime("%Y-%m-%dT%H:%M:%SZ")', "f\"{when:%H:%M}\"", 'f"handover-{now:%Y%m%d-%H%M%S}"',
    '"Move-on planning starts in January 2027."',
])
def test_the_scan_leaves_other_formats_alone(line):
    assert not _LOCAL_FORMAT.search(line)
