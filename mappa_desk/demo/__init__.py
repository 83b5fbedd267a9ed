"""Fictional demo records (the invented town of Kilbrannan) for training, screenshots and trying the app out.

Every name, place, date and reference is invented; ViSOR references use a
DEMO/ prefix that no real reference has.

The records are interchange files (docs/interchange.md), one a meeting, in demo/cases/<n>-<family name>/
<m>-<kind>.json: cases in the order n, each one's meetings oldest first. They are read with
`interchange.files.read`, the reader `mappa-desk import` uses (format check, upgrade from an older format
version, schema, real dates), so loading the demo also proves that a user's file would be read. Their
dates are fixed (July to December 2026), as they always were: nothing is shifted to today.

The files are data, edited as JSON; tests/demo/test_demo_files.py checks them. When the format's version is
raised they need no change: like any older file a user keeps, they come in through the upgrade chain (a field
added since is empty). To show a new field in the demo, read a file with `files.read`, set the field, and write
it back with `files.dumps`, keeping its `exported_at`.
"""

from __future__ import annotations

import copy
from functools import lru_cache
from pathlib import Path

from mappa_desk import paths
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.interchange import files


def _in_order(folder: Path, pattern: str) -> list[Path]:
    """The entries of `folder` by the number that begins their names (so 10 comes after 9)."""
    return sorted(folder.glob(pattern), key=lambda p: int(p.name.split("-", 1)[0]))


@lru_cache(maxsize=1)
def _read() -> list[tuple[Individual, list[Meeting]]]:
    """Every case, read once a process: checking 13 files against the schema takes about half a second."""
    records = []
    for case in _in_order(paths.demo_cases_dir(), "*-*/"):
        read = [files.read(path) for path in _in_order(case, "*-*.json")]
        individual = read[-1][0]  # every file of a case carries the individual as the latest meeting left them
        records.append((individual, [meeting for _, meeting in read]))
    return records


def demo_records() -> list[tuple[Individual, list[Meeting]]]:
    """Six fictional individuals, each with their meetings oldest first, ready for `records.add_histories`.

    A fresh copy every call: callers change what they are given.
    """
    return copy.deepcopy(_read())
