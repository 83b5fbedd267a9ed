"""Background work for a screen, declared once: what to do with the result, with a failure, when the result
is no longer wanted, and when to say "working on it".

    Op(runner, work, crash_parent=view.window).stale_unless(run.current()).on_success(show) \
        .on_user_error(lambda err: view.show_error(str(err))).with_progress(view.show_busy).run()

- Failure: a UserFacingError goes to `on_user_error` (its sentence is `str(err)`); anything else (and a
  UserFacingError too, where no `on_user_error` is given) goes to the crash dialog (ui/crash.py). VaultClosed never gets here (ui/tasks.py drops it). `on_failure` runs before
  either (or instead of both, with report=False).
- Stale: once `stale_unless`'s predicate is false the result (or failure) is dropped, in this one place.
- Progress: `show` only if the work is still going after PROGRESS_DELAY_MS; `hide` once it is over.
"""

from __future__ import annotations

from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QWidget

from mappa_desk.errors import UserFacingError
from ui.crash import show_unexpected_error
from ui.tasks import Task, TaskRunner

# Work that ends sooner than this shows no progress at all (STYLE.md: about half a second). Every screen
# waits this long.
PROGRESS_DELAY_MS = 500

Callback = Callable[[Any], None]


class Generation:
    """A counter a screen bumps when what it shows changes (another record opened, a dialog closed, a Lock):
    work started before the bump is stale."""

    def __init__(self) -> None:
        self.value = 0

    def bump(self) -> None:
        self.value += 1

    def current(self) -> Callable[[], bool]:
        """A predicate that stays true until the next bump: pass it to Op.stale_unless."""
        started = self.value
        return lambda: started == self.value


class Op:
    """One piece of a screen's background work, declared with the on_/with_ methods, then `run()`."""

    def __init__(self, runner: TaskRunner, fn: Callable[[], Any], *,
                 crash_parent: QWidget | Callable[[], QWidget | None] | None = None):
        self.runner, self.fn, self.crash_parent = runner, fn, crash_parent
        self._success: Callback | None = None
        self._failure: Callback | None = None
        self._report = True
        self._user_error: Callback | None = None
        self._done: Callable[[], None] | None = None
        self._wanted: Callable[[], bool] = lambda: True
        self._stale: Callback | None = None
        self._show: Callable[[], None] | None = None
        self._hide: Callable[[], None] | None = None
        self._timer: QTimer | None = None
        self.progress_shown = False

    # -- declaring -----------------------------------------------------------------------------
    def on_success(self, cb: Callback) -> Op:
        self._success = cb
        return self

    def on_user_error(self, cb: Callable[[UserFacingError], None]) -> Op:
        """Where a UserFacingError's sentence goes (anything else still goes to the crash dialog)."""
        self._user_error = cb
        return self

    def on_failure(self, cb: Callback, *, report: bool = True) -> Op:
        """Every failure to `cb(err)` first (to tidy up), then reported as usual; with report=False, only to `cb`
        (for work whose failure the user need not hear about)."""
        self._failure, self._report = cb, report
        return self

    def on_done(self, cb: Callable[[], None]) -> Op:
        """Before the success or failure callback, whichever it is (not for a stale result)."""
        self._done = cb
        return self

    def stale_unless(self, still_wanted: Callable[[], bool]) -> Op:
        self._wanted = still_wanted
        return self

    def on_stale(self, cb: Callback) -> Op:
        """A result that is no longer wanted goes to `cb`, to let go of what it holds (say, a vault it opened)."""
        self._stale = cb
        return self

    def with_progress(self, show: Callable[[], None], hide: Callable[[], None] | None = None) -> Op:
        self._show, self._hide = show, hide
        return self

    # -- running -------------------------------------------------------------------------------
    def run(self, lane: str = "db") -> Task:
        if self._show is not None:
            self._timer = QTimer()
            self._timer.setSingleShot(True)
            self._timer.setInterval(PROGRESS_DELAY_MS)
            self._timer.timeout.connect(self._on_progress_due)
            self._timer.start()
        task = self.runner.submit(self.fn, on_success=self._succeeded, on_failure=self._failed, lane=lane)
        task.sig_finished.connect(self._finished)
        task.op = self  # the runner holds the task until it is over; the task holds this
        self.fn = None  # the callable may hold a passphrase: the task has it now
        return task

    def _on_progress_due(self) -> None:
        if self._wanted():
            self.progress_shown = True
            self._show()

    def _finished(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self.progress_shown:
            self.progress_shown = False
            if self._hide is not None and self._wanted():
                self._hide()

    def _succeeded(self, result: object) -> None:
        if not self._wanted():
            if self._stale is not None:
                self._stale(result)
            return
        self._finished()  # the progress line goes before the result shows
        if self._done is not None:
            self._done()
        if self._success is not None:
            self._success(result)

    def _failed(self, err: BaseException) -> None:
        if not self._wanted():
            return
        self._finished()
        if self._done is not None:
            self._done()
        if self._failure is not None:
            self._failure(err)
        if not self._report:
            return
        if self._user_error is not None and isinstance(err, UserFacingError):
            self._user_error(err)
        else:
            show_unexpected_error(self._crash_parent(), err)

    def _crash_parent(self) -> QWidget | None:
        parent = self.crash_parent() if callable(self.crash_parent) else self.crash_parent
        return parent if parent is not None and shiboken6.isValid(parent) else None
