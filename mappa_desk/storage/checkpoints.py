"""Write-ahead log checkpoints off the edit's path: a second connection on its own thread copies the log into
the database file while edits go on committing.

SQLite's automatic checkpoint runs on the connection that commits, inside the commit that takes the log past
1,000 pages: on a large vault that edit waited up to 0.94 s. The vault's connection turns it off
(`wal_autocheckpoint = 0`) and opens a `Checkpointer` beside it. After each write the connection calls
`nudge()`; the checkpointer waits `PAUSE_S` for the burst to end, then runs one PASSIVE checkpoint, which
takes neither the write lock nor any reader's: an edit committing meanwhile never waits for it.

The bound: a PASSIVE checkpoint copies every frame no reader still needs, and the next write transaction
that finds the whole log copied starts it again from the beginning (SQLite's log restart). So the log holds
what was written since the last checkpoint, about `PAUSE_S` of work, plus what a long read pinned.
`journal_size_limit` then cuts the file back to `FILE_LIMIT_BYTES` at that restart, so a large import does not
leave a large file behind. Were edits ever to come so fast that no checkpoint could catch up (a loop in a
benchmark, never a person typing), `HARD_LIMIT_PAGES` is SQLite's own automatic checkpoint set as a backstop:
far beyond what an app session writes between two checkpoints, it keeps the log from growing without end.

Durability is unchanged: a commit is durable once its frames are in the log and the log is synced
(synchronous = FULL on both connections); a checkpoint only moves committed pages into the main file, and
syncs it, so a crash at any moment loses nothing committed. At close the checkpointer stops first and the
vault's connection, then the last one, checkpoints the whole log and removes it, as before.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from pathlib import Path

import sqlcipher3

log = logging.getLogger(__name__)

PAUSE_S = 0.25  # writes within this time of each other share one checkpoint
FILE_LIMIT_BYTES = 16 * 1024 * 1024  # the log file is cut back to this when it restarts
HARD_LIMIT_PAGES = 4_000  # the backstop: 16 MB of 4 KiB pages; see the module docstring


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
    conn = sqlcipher3.connect(f"{Path(path).resolve().as_uri()}?mode=rw", uri=True, isolation_level=None,
                              check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("PRAGMA wal_autocheckpoint = 0")
    except BaseException:
        conn.close()
        raise
    return conn


def configure(conn) -> None:
    """The vault connection's side: no checkpoint inside a commit short of the backstop; the file cut back."""
    conn.execute(f"PRAGMA wal_autocheckpoint = {HARD_LIMIT_PAGES}")
    conn.execute(f"PRAGMA journal_size_limit = {FILE_LIMIT_BYTES}")
