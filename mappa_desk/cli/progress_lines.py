"""What a long command says on standard error while it works: the stage, and how far where that can be told.

A stage is announced once when it starts; then a percentage at each tenth where the fraction is honest
(`mappa-desk doctor`'s audit trail, by entries read), or else, now and then, how long it has run, so a
long check is never silent. Standard output stays for the command's answer.
"""

from __future__ import annotations

import sys
import time

from mappa_desk.storage.migrations import Upgrading

# Seconds between two "still working" lines of a stage whose fraction cannot be told.
STILL_EVERY = 10.0


class StageLines:
    """progress(stage, fraction or None) as lines on standard error; `alive()` between reports."""

    def __init__(self, stream=None, clock=time.monotonic):
        self.stream = stream if stream is not None else sys.stderr
        self.clock = clock
        self.stage: str | None = None
        self.started = 0.0
        self.said = 0.0
        self.tenths: set[int] = set()

    def __call__(self, stage: str, fraction: float | None = None) -> None:
        now = self.clock()
        if stage != self.stage:
            self.stage, self.started, self.said, self.tenths = stage, now, now, set()
            self._line(f"{stage}…")
        if fraction is not None:
            tenth = int(min(1.0, fraction) * 10)
            if tenth and tenth not in self.tenths:
                self.tenths.add(tenth)
                self.said = now
                self._line(f"{stage}… {tenth * 10}%")
        else:
            self.alive()

    def alive(self) -> None:
        """Called often (from inside a long statement): a line now and then saying how long the stage has run."""
        if self.stage is None:
            return
        now = self.clock()
        if now - self.said >= STILL_EVERY:
            self.said = now
            self._line(f"{self.stage}… still working ({int(now - self.started)} s)")

    def _line(self, text: str) -> None:
        print(f"  {text}", file=self.stream, flush=True)


def upgrade_lines(stream=None):
    """progress(Upgrading) for an upgrade at unlock: each step's sentence once, then now and then its time."""
    lines = StageLines(stream)

    def progress(step: Upgrading) -> None:
        lines(step.stage)
    return progress
