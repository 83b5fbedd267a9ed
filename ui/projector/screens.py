"""Which arrangement of screens the meeting has: decided from plain rectangles, so it is tested without Qt screens."""

from __future__ import annotations

from typing import NamedTuple

Rect = tuple[int, int, int, int]  # x, y, width, height

ONE, MIRRORED, EXTENDED = "one screen", "mirrored", "extended"


class Arrangement(NamedTuple):
    kind: str  # ONE, MIRRORED or EXTENDED
    projector: int | None  # index in `others` of the screen the room sees, when EXTENDED


def _overlaps(a: Rect, b: Rect) -> bool:
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax < bx + bw and bx < ax + aw and ay < by + bh and by < ay + ah


def arrangement(main: Rect, others: list[Rect]) -> Arrangement:
    """`main` is the screen the main window is on, `others` every other screen. A screen that does not overlap
    the main one is a second, extended screen; one that does (the same picture twice) is a mirror."""
    for n, other in enumerate(others):
        if not _overlaps(main, other):
            return Arrangement(EXTENDED, n)
    return Arrangement(MIRRORED if others else ONE, None)
