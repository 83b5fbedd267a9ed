"""Runs slow work (key derivation, database calls) off the GUI thread and hands results back on it."""

from __future__ import annotations

import logging
from typing import Any, Callable

import shiboken6
from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

from mappa_desk.errors import VaultClosed

log = logging.getLogger(__name__)

Callback = Callable[[Any], None]


class Task(QObject):
    """One piece of submitted work. Lives on the GUI thread; its callbacks run there."""

    sig_succeeded = Signal(object)  # the callable's return value
    sig_failed = Signal(object)  # the exception it raised
    sig_finished = Signal()

    # Emitted from the worker thread. The Task lives on the GUI thread, so Qt queues
    # the call to _on_sig_done there.
    _sig_done = Signal(bool, object)

    def __init__(self, fn: Callable[[], Any] | None, on_success: Callback | None, on_failure: Callback | None):
        super().__init__()
        self.fn = fn
        if on_success is not None:
            self.sig_succeeded.connect(on_success)
        if on_failure is not None:
            self.sig_failed.connect(on_failure)
        self._sig_done.connect(self._on_sig_done)

    def run_in_worker(self) -> None:
        fn, self.fn = self.fn, None  # drop the callable (it may hold a passphrase) once started
        try:
            result = fn()
        except BaseException as err:  # noqa: BLE001 - every failure must reach the GUI thread
            self._deliver(False, err)
        else:
            self._deliver(True, result)

    def _deliver(self, ok: bool, value: object) -> None:
        try:
            self._sig_done.emit(ok, value)
        except RuntimeError:
            # The Task was deleted while this ran (the app is quitting): nobody is left to tell.
            log.debug("work finished after its task was deleted")

    @Slot(bool, object)
    def _on_sig_done(self, ok: bool, value: object) -> None:
        try:
            if ok:
                self.sig_succeeded.emit(value)
            elif isinstance(value, VaultClosed):
                # The vault was locked (or the app closed) before this reached the database:
                # cancelled, so nothing to report.
                log.debug("work dropped: the vault was closed")
            else:
                self.sig_failed.emit(value)
        finally:
            self.sig_finished.emit()


class _Runnable(QRunnable):
    def __init__(self, task: Task):
        super().__init__()
        self.task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self.task.run_in_worker()


class TaskRunner(QObject):
    """Three lanes: "db" (one thread, so the vault's connection is only ever used from one worker
    at a time), "housekeeping" (one thread: backups, whose long work runs on the vault's read-only
    housekeeping connection, so it never holds the "db" lane for long) and "pool" (work that does not
    touch the database)."""

    sig_busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._db_lane = QThreadPool(self)
        self._db_lane.setMaxThreadCount(1)
        self._housekeeping_lane = QThreadPool(self)
        self._housekeeping_lane.setMaxThreadCount(1)
        self._pool = QThreadPool(self)
        self._running: set[Task] = set()

    def submit(self, fn: Callable[[], Any], *, on_success: Callback | None = None,
               on_failure: Callback | None = None, lane: str = "db") -> Task:
        """Run `fn()` on a worker. Callbacks are connected before the work starts, so none is missed."""
        lanes = {"db": self._db_lane, "housekeeping": self._housekeeping_lane, "pool": self._pool}
        if lane not in lanes:
            raise ValueError(f"unknown lane {lane!r}")
        task = Task(fn, on_success, on_failure)
        # Hold a reference until the result has been delivered, so the Task (and its
        # queued signal) outlives the worker.
        self._running.add(task)
        task.sig_finished.connect(lambda: self._on_task_finished(task))
        was_idle = len(self._running) == 1
        lanes[lane].start(_Runnable(task))
        if was_idle:
            self.sig_busy_changed.emit(True)
        return task

    def _on_task_finished(self, task: Task) -> None:
        self._running.discard(task)
        # A task dropped at shutdown can finish after the window (and this runner) are gone.
        if not self._running and shiboken6.isValid(self):
            self.sig_busy_changed.emit(False)

    def is_busy(self) -> bool:
        return bool(self._running)

    def wait_for_done(self, msecs: int = 30_000, *, housekeeping: bool = True) -> bool:
        """Block until the workers are idle (used at shutdown). Results not yet delivered are dropped.

        housekeeping=False (Lock): a backup still running is not waited for; closing the vault interrupts it.
        """
        return ((not housekeeping or self._housekeeping_lane.waitForDone(msecs))
                and self._db_lane.waitForDone(msecs) and self._pool.waitForDone(msecs))
