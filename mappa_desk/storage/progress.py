"""Watching a long statement: a sign of life now and then, and a way to stop it part-way.

SQLite calls a connection's progress handler every so many steps of a statement (and, during
`PRAGMA integrity_check`, every so many checks). `watching` installs one that calls `tick()` (the caller
says how far it has got) and asks `should_stop()`; a yes aborts the statement, whose transaction SQLite
then rolls back, so a stopped statement never leaves half its work behind.

Ctrl+C arrives in Python as a KeyboardInterrupt, but one raised inside the handler is swallowed by the
driver, which reports only that the statement was "interrupted" (and Python raises it at whatever line
runs next, so the handler cannot reliably catch it itself). So, on the main thread, `watching` puts its own
Ctrl+C handler in place for the block: it notes the press first, then raises KeyboardInterrupt as usual;
the progress handler sees the note and aborts the statement, and `watching` raises KeyboardInterrupt again
once the statement has unwound. A stop asked for by the caller
comes out as `Stopped`. Code inside the block that catches the "interrupted" error (an integrity check that
reports what it could not finish) cannot hide the stop: the handler aborts every later statement at once,
and the stop is raised when the block ends.

Not every statement can be stopped part-way: SQLCipher's `PRAGMA cipher_integrity_check` does its work
before the handler is ever called; it is stopped when it returns.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from typing import Callable, Iterator

# How many steps between two calls of the handler: often enough to stop within a fraction of a second, rarely
# enough to cost nothing measurable (a call is a microsecond; 10,000 steps take far longer).
EVERY = 10_000


class Stopped(Exception):
    """The caller's `should_stop()` said yes: the statement under way was aborted and rolled back."""


class Watch:
    """What happened while watching: None, "stop" (asked for) or "interrupt" (Ctrl+C)."""

    def __init__(self) -> None:
        self.stop: str | None = None

    def raise_if_stopped(self) -> None:
        if self.stop == "interrupt":
            raise KeyboardInterrupt
        if self.stop == "stop":
            raise Stopped


@contextlib.contextmanager
def watching(conn, tick: Callable[[], None] | None = None, should_stop: Callable[[], bool] | None = None,
             every: int | None = None) -> Iterator[Watch]:
    """Install the handler on `conn` for the block (the connection must not be used by another thread
    meanwhile); see the module's docstring."""
    watch = Watch()

    def handler() -> int:
        if watch.stop is not None:
            return 1  # stopped already: abort whatever runs next at once
        try:
            if should_stop is not None and should_stop():
                watch.stop = "stop"
                return 1
            if tick is not None:
                tick()
        except KeyboardInterrupt:
            watch.stop = "interrupt"
            return 1
        return 0

    conn.set_progress_handler(handler, every or EVERY)
    try:
        with _ctrl_c_noted(watch):
            yield watch
    except BaseException:
        conn.set_progress_handler(None, 0)
        if watch.stop is not None:
            watch.raise_if_stopped()  # in place of the driver's "interrupted"
        raise
    conn.set_progress_handler(None, 0)
    watch.raise_if_stopped()


@contextlib.contextmanager
def _ctrl_c_noted(watch: Watch) -> Iterator[None]:
    """On the main thread, with Python's own Ctrl+C handler in place: a press is noted on `watch` before the
    KeyboardInterrupt is raised (see the module's docstring). Elsewhere, nothing changes."""
    if threading.current_thread() is not threading.main_thread() \
            or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return

    def pressed(signum, frame):
        watch.stop = watch.stop or "interrupt"
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, pressed)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, signal.default_int_handler)
