"""British dates, the only place they are formatted or read: "15 December 2026", "15 Dec 2026", "15/12/2026".

The month names are declared here, in English, and never taken from the computer's locale (no strftime
"%B" or "%b"): Qt sets the C library's locale from the computer, and a month name in a record must not
change with it. A test keeps month-name formatting from creeping back anywhere else.

Each formatter takes a date, or the text of one as stored ("2026-12-15", or a timestamp starting with a
date, whose date part is shown). Empty or None gives "", and text that is not a date is shown as it is,
never guessed at.
"""

from __future__ import annotations

import datetime as _dt

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


def _day(value: _dt.date | str) -> _dt.date | None:
    if isinstance(value, _dt.date):
        return value
    if len(value) > 10 and not (value[10] in "T " and value[11:13].isdigit()):  # a date, or a timestamp
        return None
    try:
        return _dt.date.fromisoformat(value[:10])
    except ValueError:
        return None


def _formatted(value: _dt.date | str | None, form) -> str:
    if value is None or value == "":
        return ""
    day = _day(value)
    return value if day is None else form(day)


def long(value: _dt.date | str | None) -> str:
    """'15 December 2026': for records, documents and sentences."""
    return _formatted(value, lambda d: f"{d.day} {MONTHS[d.month - 1]} {d.year}")


def short(value: _dt.date | str | None) -> str:
    """'15 Dec 2026': the month cut to three letters, for lists and tables."""
    return _formatted(value, lambda d: f"{d.day} {MONTHS[d.month - 1][:3]} {d.year}")


def numeric(value: _dt.date | str | None) -> str:
    """'15/12/2026': day/month/year, as a date is typed."""
    return _formatted(value, lambda d: f"{d.day:02d}/{d.month:02d}/{d.year}")


def parse(text: str) -> str | None:
    """A typed British date -> ISO: '13/2/2027', '13-02-27' or '13.2.2027' -> '2027-02-13'; '' -> None.

    Raises ValueError for anything else, including a date that does not exist (31/02/2026).
    """
    text = text.strip()
    if not text:
        return None
    parts = _parts(text)
    if len(parts) != 3 or not all(p.strip().isdigit() for p in parts):
        raise ValueError(text)
    day, month, year = (int(p) for p in parts)
    if year < 100:
        year += 2000
    return _dt.date(year, month, day).isoformat()


def looks_complete(text: str) -> bool:
    """Day, month and a four-figure year typed: a date field can judge it while it is typed."""
    parts = _parts(text.strip())
    return len(parts) == 3 and len(parts[2].strip()) == 4


def _parts(text: str) -> list[str]:
    """A typed date's day, month and year, whichever of / - . separates them."""
    return text.replace("-", "/").replace(".", "/").split("/")
