"""The schema objects made at every open from the code's declarations (the full-text index's views and triggers,
storage/fulltext_index.py; the review clock's triggers, storage/review_clock.py): made again, under the write
lock, only when they differ from what the code declares."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator


@contextlib.contextmanager
def write_locked(conn) -> Iterator[None]:
    """BEGIN IMMEDIATE ... COMMIT on the raw connection being opened, or ROLLBACK on any error. Whatever is read
    inside is as of the lock: read what is present again there, as another process may have just made it."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
