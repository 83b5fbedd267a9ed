"""Write-ahead log checkpoints off the edit's path: a second connection on its own thread copies the log into
the database file while edits go on committing.

SQLite's automatic checkpoint runs on the connection that commits, inside the commit that takes the log past
1,000 pages: that edit waits for the pages to be copied and the database file synced (0.67-0.94 s on the
2.5 GB benchmark vault, when that sync also had to write back the freshly copied file). The vault's
connection leaves checkpoints to a `Checkpointer` beside it instead. After each write the connection calls
`nudge()`; the checkpointer lets `PAUSE_S` go by, so that a burst of writes shares one checkpoint, then runs a
PASSIVE checkpoint: it does not take the write lock and waits for no reader or writer, so an edit committing
meanwhile goes ahead.

The bound: a checkpoint copies every frame no reader still needs, and the next write transaction that finds
the whole log copied starts it again from the beginning (SQLite's log restart). Edits made by a person pause
for longer than a checkpoint takes, so the log holds about `PAUSE_S` of work and restarts after each pause;
`journal_size_limit` cuts the file back to `FILE_LIMIT_BYTES` at a restart, so a large import leaves no large
file behind. Writes that never pause (an import of many files, the benchmark's loop of 10,000 edits) never
give the log a moment to restart, so SQLite's automatic checkpoint stays on as a backstop at
`HARD_LIMIT_PAGES` (16 MB, four times SQLite's default; about 300 edits with no pause between any two, which
no person makes): the log file never passes that and one transaction. By then the checkpointer has copied
nearly all of it, so the backstop, on the writer's path, copies only the last few edits' pages.

Durability is unchanged: synchronous = FULL on both connections, so a commit is durable once its frames are
in the log and the log is synced, as before; a checkpoint only copies committed pages into the database file
and syncs it before the log may restart, so a crash at any moment loses nothing committed. At close the
checkpointer stops first, and the vault's connection, then the last one, checkpoints the whole log and
removes it, as before.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path

import sqlcipher3

from mappa_desk.storage import keyed

log = logging.getLogger(__name__)

PAUSE_S = 0.25  # writes within this time of each other share one checkpoint
FILE_LIMIT_BYTES = 16 * 1024 * 1024  # the log file is cut back to this when it restarts
HARD_LIMIT_PAGES = 4_000  # the backstop on the writer: 16 MB of 4 KiB pages (see above)


class Checkpointer:
    """Its own keyed connection to the vault's database file and a thread that checkpoints on `nudge()`."""

    def __init__(self, path: Path, key: bytes):
        self._conn = connect(path, key)
        self._due = threading.Event()
        self._stopping = threading.Event()
        self._running = threading.Lock()  # held while a checkpoint runs; `paused()` takes it
        self.passes = 0  # checkpoints run (tests read it)
        self._thread = threading.Thread(target=self._loop, name="wal-checkpoint", daemon=True)
        self._thread.start()

    def nudge(self) -> None:
        """Something was written: checkpoint soon."""
        self._due.set()

    def _loop(self) -> None:
        while True:
            self._due.wait()
            if self._stopping.wait(PAUSE_S):
                return
            self._due.clear()
            with self._running:
                if self._stopping.is_set():
                    return
                self.run_once()

    def run_once(self) -> tuple[int, int, int]:
        """One PASSIVE checkpoint: (busy, frames in the log, frames copied)."""
        try:
            row = self._conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlcipher3.Error as err:
            # Nothing is lost: the frames stay in the log, and the next checkpoint (or the close) copies them.
            name = getattr(err, "sqlite_errorname", "") or type(err).__name__
            (log.debug if "BUSY" in name or "LOCKED" in name or "INTERRUPT" in name else log.warning)(
                "a checkpoint did not finish (%s); the next one will copy its pages", name)
            return (1, -1, -1)
        self.passes += 1
        return tuple(row)

    @contextlib.contextmanager
    def paused(self):
        """No checkpoint of ours runs in the block (for a deliberate TRUNCATE checkpoint on the vault's
        connection, which would otherwise find the checkpoint lock taken and report busy)."""
        with self._running:
            yield

    def close(self) -> None:
        """Stop the thread and close the connection. A checkpoint under way is interrupted: that is safe (the
        frames it had not marked copied stay in the log), and the vault's connection checkpoints at its close."""
        self._stopping.set()
        self._due.set()
        while self._thread.is_alive():
            self._conn.interrupt()
            self._thread.join(0.05)
        with self._running:
            if self._conn is not None:
                self._conn.close()
                self._conn = None


def connect(path: Path, key: bytes):
    """The checkpointer's connection: keyed like the vault's, read-write, never creating a file."""
    conn = keyed.connect(path, key, "rw")
    try:
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    except BaseException:
        conn.close()
        raise
    return conn


def configure(conn) -> None:
    """The vault connection's side: no checkpoint inside a commit short of the backstop; the file cut back
    at a restart."""
    conn.execute(f"PRAGMA wal_autocheckpoint = {HARD_LIMIT_PAGES}")
    conn.execute(f"PRAGMA journal_size_limit = {FILE_LIMIT_BYTES}")
