"""A growing wait on the unlock page after repeated wrong passphrases.

It slows someone guessing at the keyboard of an unlocked laptop's app; it cannot slow an attack on a copy
of the key file, which Argon2id's cost (mappa_desk.vault.keyfile) does instead.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, QTimer

FREE_ATTEMPTS = 3  # typing slips: no wait before the fourth try
FIRST_WAIT_S = 5
LONGEST_WAIT_S = 300


def wait_after(failures: int) -> int:
    """Seconds to wait after `failures` wrong passphrases in a row: 0, 0, 5, 10, 20, ... up to 5 minutes."""
    if failures < FREE_ATTEMPTS:
        return 0
    return min(LONGEST_WAIT_S, FIRST_WAIT_S * 2 ** (failures - FREE_ATTEMPTS))


class UnlockThrottle(QObject):
    """Counts wrong passphrases; after each, holds the page for `wait_after(failures)`, counting down each second."""

    def __init__(self, hold: Callable[[int], None], parent: QObject | None = None):
        super().__init__(parent)
        self._hold = hold
        self.failures = 0
        self.remaining = 0
        self.timer = QTimer(self)
        self.timer.setInterval(1000)
        self.timer.timeout.connect(self.tick)

    def failed(self) -> None:
        self.failures += 1
        self.remaining = wait_after(self.failures)
        self._hold(self.remaining)
        if self.remaining:
            self.timer.start()

    def succeeded(self) -> None:
        self.failures = 0
        self._release()

    def tick(self) -> None:
        """One second has passed (the timer calls it; tests call it without waiting)."""
        self.remaining = max(0, self.remaining - 1)
        self._hold(self.remaining)
        if not self.remaining:
            self.timer.stop()

    def _release(self) -> None:
        self.remaining = 0
        self.timer.stop()
        self._hold(0)
