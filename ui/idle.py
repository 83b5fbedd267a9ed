"""Notices when nobody has touched the app for a while (auto-lock), and Ctrl+L pressed inside a modal dialog."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication

from mappa_desk.services.resume import DEFAULT_AUTO_LOCK_MINUTES

LOCK_KEYS = QKeySequence("Ctrl+L")
# Input from the person at the keyboard. Everything else (paints, timers, the database lane's
# results) must not keep the app unlocked.
_INPUT = frozenset({QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
                    QEvent.Type.Wheel, QEvent.Type.TouchBegin, QEvent.Type.TouchUpdate,
                    QEvent.Type.TabletPress, QEvent.Type.TabletMove})


class IdleWatch(QObject):
    """An event filter on the whole application: every key or mouse input restarts the countdown.

    It sees the input of every window, modal dialogs included, and its timer runs in their
    event loops too, so a dialog left open does not keep the app unlocked.
    """

    sig_idle = Signal()  # nobody touched the app for the timeout
    sig_lock_keys = Signal()  # Ctrl+L while a modal dialog blocks the main window's shortcut

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEFAULT_AUTO_LOCK_MINUTES * 60_000)
        self._timer.timeout.connect(self.sig_idle.emit)
        self._installed = False
        self._pinned = False

    def set_timeout_ms(self, msecs: int) -> None:
        """Fixes the idle time (tests use milliseconds); the vault's setting no longer changes it."""
        self._pinned = True
        self._set(msecs)

    def use_minutes(self, minutes: int) -> None:
        """The vault's auto_lock_minutes, read at unlock (ignored once set_timeout_ms fixed the time)."""
        if not self._pinned:
            self._set(minutes * 60_000)

    def _set(self, msecs: int) -> None:
        self._timer.setInterval(max(1, int(msecs)))
        if self._timer.isActive():
            self._timer.start()

    def timeout_ms(self) -> int:
        return self._timer.interval()

    def start(self) -> None:
        """Watch (after unlock)."""
        app = QApplication.instance()
        if app is not None and not self._installed:
            app.installEventFilter(self)
            self._installed = True
        self._timer.start()

    def stop(self) -> None:
        """Stop watching (locked, or closing): nothing to lock."""
        self._timer.stop()
        app = QApplication.instance()
        if app is not None and self._installed:
            app.removeEventFilter(self)
        self._installed = False

    def is_watching(self) -> bool:
        return self._timer.isActive()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        kind = event.type()
        if kind not in _INPUT:
            return False
        self._timer.start()
        # The main window's Ctrl+L is an application shortcut, but Qt does not fire it while a
        # modal dialog blocks that window: catch the keys here instead.
        if kind == QEvent.Type.KeyPress and QApplication.activeModalWidget() is not None \
                and QKeySequence(event.keyCombination()) == LOCK_KEYS:
            QTimer.singleShot(0, self.sig_lock_keys.emit)  # after this key's delivery, not inside it
            return True
        return False
