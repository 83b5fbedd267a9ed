"""Fictional demo records (the invented town of Kilbrannan) for training, screenshots and trying the app out.

Every name, place, date and reference is invented; ViSOR references use a
DEMO/ prefix that no real reference has.
"""

from __future__ import annotations

from mappa_desk.demo import cases_changing, cases_steady
from mappa_desk.demo.kit import history
from mappa_desk.domain.model import Individual, Meeting


def demo_records() -> list[tuple[Individual, list[Meeting]]]:
    """Six fictional individuals, each with their meetings oldest first, ready for `records.add_histories`."""
    return [history(*case()) for case in cases_changing.CASES + cases_steady.CASES]
