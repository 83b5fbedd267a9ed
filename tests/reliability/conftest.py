"""The reliability proof: MAPPA_RELIABILITY_FULL=1 (make reliability) runs every test at full size.

Each test records its figures with `report(...)`; they are printed at the end of the run, and written
as JSON to $MAPPA_RELIABILITY_REPORT when that is set, for docs/RELIABILITY.md.
"""

from __future__ import annotations

import json
import os

FULL = os.environ.get("MAPPA_RELIABILITY_FULL") == "1"
_FIGURES: dict[str, dict] = {}


def report(name: str, **figures) -> None:
    _FIGURES[name] = figures


def pytest_terminal_summary(terminalreporter):
    if not _FIGURES:
        return
    terminalreporter.section("reliability figures" + (" (full)" if FULL else " (fast)"))
    for name, figures in _FIGURES.items():
        terminalreporter.write_line(f"{name}: " + ", ".join(f"{k}={v}" for k, v in figures.items()))
    target = os.environ.get("MAPPA_RELIABILITY_REPORT")
    if target:
        with open(target, "w", encoding="utf-8") as handle:
            json.dump({"full": FULL, "figures": _FIGURES}, handle, indent=2)
