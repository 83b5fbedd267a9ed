"""A hand on a long statement: SQLite calls back every so many steps of the connection's work, and the
statement stops ("interrupted") if the call answers true. Used by backups on the housekeeping connection, to
say that the work goes on and to stop it when the user quits without waiting.

Not every statement gives SQLite a chance to call back: SQLCipher's `cipher_integrity_check` reads every page
in one go and is neither called back from nor interrupted (about 11 s on a 2.5 GB vault).
"""

from __future__ import annotations

import contextlib
from typing import Callable, Iterator

STEPS = 200_000  # about a twentieth of a second of an integrity check's work on the benchmark machine


@contextlib.contextmanager
def watching(db, tick: Callable[[], bool], steps: int = STEPS) -> Iterator[None]:
    """While the block runs, `tick()` is called every `steps` steps of a statement on `db`'s connection; a
    true answer interrupts the statement. `tick` must not raise."""
    conn = db._live()
    conn.set_progress_handler(tick, steps)
    try:
        yield
    finally:
        with contextlib.suppress(Exception):  # the connection may have been closed meanwhile (Lock)
            conn.set_progress_handler(None, steps)
