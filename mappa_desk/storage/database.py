"""The vault's SQLCipher connection: keying, pragmas, migrations, transactions, integrity (and the
checkpointer's connection beside it, which copies the write-ahead log into the file: storage.checkpoints)."""

from __future__ import annotations

import contextlib
import errno
import os
import threading
from pathlib import Path
from typing import Iterator

import sqlcipher3

from mappa_desk.errors import (DatabaseDamaged, DatabaseTooNew, UpgradeFailed, VaultAlreadyExists, VaultClosed,
                               VaultNotFound, describe_os_error)
from mappa_desk.storage import audit, checkpoints, fulltext_index, keyed, migrations, review_clock
from mappa_desk.storage.progress import watching

DatabaseError = sqlcipher3.DatabaseError
IntegrityError = sqlcipher3.IntegrityError

_WHAT_TO_DO = (
    "Do not delete it. Restore it from your latest backup, or ask your MAPPA "
    "co-ordinator for help; MAPPA Desk has not changed the file."
)


def _damaged(path: Path) -> DatabaseDamaged:
    return DatabaseDamaged(f"The database file {path} is damaged or has been tampered with, so it cannot be opened. {_WHAT_TO_DO}")


def _failure(path: Path, err: Exception):
    """The sentence for a database error: damage, or a folder we may not write, or a full disk."""
    text = str(err).lower()
    if "full" in text:
        return describe_os_error(OSError(errno.ENOSPC, "No space left on device"), "your change")
    if "readonly" in text or "read-only" in text or "unable to open" in text or "permission" in text:
        return describe_os_error(OSError(errno.EACCES, "Permission denied"), f"the database in {path.parent}")
    if "locked" in text or "busy" in text:
        return describe_os_error(OSError(errno.EBUSY, "Device or resource busy"), "the database")
    return _damaged(path)


def _upgrade_failure(path: Path, err: Exception, version: int, latest: int):
    """The sentence for a schema update that failed: the disk or the file when it is one of those, else
    the update itself. Each update is one transaction, so the file is as it was before that update."""
    if _is_environment(err) or _is_damage(err):
        return _failure(path, err)
    return UpgradeFailed(
        f"MAPPA Desk could not update the database {path} from schema {version} to {latest}, so it cannot be "
        "opened with this version. Nothing in it was lost: the update stopped and was undone. Do not delete or "
        "restore it; the previous version of MAPPA Desk still opens it. Tell your MAPPA co-ordinator, who can "
        "send this sentence to the MAPPA Desk team.")


def _is_environment(err: Exception) -> bool:
    """A failure of the disk or the folder (full, read-only, locked), not of the SQL or the file."""
    text = str(err).lower()
    return any(word in text for word in ("full", "readonly", "read-only", "permission", "locked", "busy"))


def _is_damage(err: Exception) -> bool:
    """A page that fails SQLCipher's check or SQLite's structure: the file is damaged, not the SQL wrong."""
    text = str(err).lower()
    return any(words in text for words in ("malformed", "not a database", "corrupt"))


def _is_interrupt(err: Exception) -> bool:
    """A statement stopped part-way (the progress handler said stop, or `interrupt()`), not a finding."""
    return "interrupted" in str(err).lower()


def sidecar_files(path: Path) -> list[Path]:
    """The database file and the files SQLite keeps beside it."""
    return [path, Path(f"{path}-wal"), Path(f"{path}-shm"), Path(f"{path}-journal")]


class Database:
    """Owns the connection to one encrypted database file (and its read-only housekeeping connection, and the
    checkpointer beside it)."""

    def __init__(self, conn, path: Path, housekeeping: "Database | None" = None,
                 checkpointer: checkpoints.Checkpointer | None = None, reader: "Database | None" = None):
        self._conn = conn
        self._lock = threading.RLock()
        self.path = path
        self._housekeeping = housekeeping
        self._reader = reader
        self.checkpointer = checkpointer  # copies the write-ahead log into the file off the edit's path

    # -- opening -----------------------------------------------------------
    @classmethod
    def create(cls, path: Path, key: bytes, actor: str) -> "Database":
        """Create a new encrypted database. Refuses if any file is already there."""
        path = Path(path)
        if any(p.exists() for p in sidecar_files(path)):
            raise VaultAlreadyExists(f"A database already exists at {path}; MAPPA Desk will not create another over it.")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # Created here, empty and 0600, so SQLite (which would use 0644 less the umask) makes it private;
            # SQLite gives its -wal and -shm files the database file's mode.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        except OSError as err:
            raise describe_os_error(err, "the data folder") from err
        try:
            return cls._connect(path, key, actor, creating=True)
        except BaseException:
            remove_database_files(path)  # nothing half-made stays behind to block the next try
            raise

    @classmethod
    def open(cls, path: Path, key: bytes, actor: str, *, progress: migrations.Progress | None = None,
             should_stop=None) -> "Database":
        """Open an existing database; never creates one. If it is of an older schema it is upgraded first:
        `progress` hears how the upgrade goes, and `should_stop()` can stop it (migrations.apply_pending)."""
        path = Path(path)
        if not path.is_file():
            raise VaultNotFound(f"There is no database at {path}. If you moved it, put it back; to start a new vault, run `mappa-desk init`.")
        if path.stat().st_size == 0:
            # SQLite takes an empty file for a new database and would build an empty vault over it.
            raise _damaged(path)
        return cls._connect(path, key, actor, creating=False, progress=progress, should_stop=should_stop)

    @classmethod
    def _connect(cls, path: Path, key: bytes, actor: str, *, creating: bool, progress=None,
                 should_stop=None) -> "Database":
        if len(key) != 32:
            raise ValueError("the database key must be 32 bytes")
        # Read-write without create: SQLite's URI mode=rw refuses to make a new file.
        mode = "rwc" if creating else "rw"
        try:
            conn = keyed.connect(path, key, mode)
        except DatabaseError as err:
            raise _failure(path, err) from err
        try:
            version = conn.execute("PRAGMA user_version").fetchone()[0]
            latest = migrations.latest_version()
            if version > latest:
                raise DatabaseTooNew(
                    f"The database {path} was written by a newer version of MAPPA Desk (schema {version}; "
                    f"this version knows up to {latest}). Install the newer version; the file has not been changed."
                )
            cls._configure(conn)
            try:
                migrations.apply_pending(conn, progress, should_stop)
            except DatabaseError as err:
                raise _upgrade_failure(path, err, version, latest) from err
            fulltext_index.install(conn)  # the index's views and triggers, from the record's declarations
            review_clock.install(conn)  # the triggers that keep each individual's review clock in step
            audit.install(conn, actor)
        except DatabaseError as err:
            conn.close()
            raise _failure(path, err) from err
        except BaseException:
            conn.close()
            raise
        try:
            housekeeping = _open_housekeeping(path, key)
        except BaseException:
            conn.close()
            raise
        try:
            reader = _open_housekeeping(path, key)  # the same kind of connection, for Home's reads (`reader`)
        except BaseException:
            housekeeping.close()
            conn.close()
            raise
        try:
            checkpointer = checkpoints.Checkpointer(path, key)
        except BaseException as err:
            reader.close()
            housekeeping.close()
            conn.close()
            if isinstance(err, sqlcipher3.Error):
                raise _failure(path, err) from err
            raise
        return cls(conn, path, housekeeping, checkpointer, reader)

    @property
    def housekeeping(self) -> "Database":
        """The read-only connection for housekeeping (checking backup copies), used from its own thread so
        that a long check never holds this one; see `_open_housekeeping`. This connection if there is none."""
        return self._housekeeping if self._housekeeping is not None else self

    @property
    def reader(self) -> "Database":
        """A read-only connection of its own for Home's What is due, read beside the list (ui/home/due.py)
        rather than after it on this one; never the housekeeping one, which a backup's check holds for
        a minute. This connection if there is none."""
        return self._reader if self._reader is not None else self

    @contextlib.contextmanager
    def held(self) -> Iterator["Database"]:
        """No other thread uses this connection while the block runs (keep it short)."""
        with self._lock:
            yield self

    @staticmethod
    def _configure(conn) -> None:
        mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
        if str(mode).lower() != "wal":
            raise DatabaseError(f"could not switch to WAL (got {mode})")
        conn.execute("PRAGMA synchronous = FULL")
        checkpoints.configure(conn)  # checkpoints on the checkpointer's thread, not in a commit
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA temp_store = MEMORY")

    # -- use -----------------------------------------------------------------
    def _live(self):
        conn = self._conn
        if conn is None:
            raise VaultClosed("the database was closed")
        return conn

    # The app uses the connection from one worker (the database lane). The lock makes any other use
    # wait its turn with the GIL released: two threads in SQLite at once, with the audit trigger's
    # Python function in play, can otherwise deadlock (seen when a test wrote from the GUI thread).
    def execute(self, sql: str, params=()):
        with self._lock, self._damage_as_sentence():
            cursor = self._live().execute(sql, params)
        self._wrote()
        return cursor

    def executemany(self, sql: str, seq):
        with self._lock, self._damage_as_sentence():
            cursor = self._live().executemany(sql, seq)
        self._wrote()
        return cursor

    def _wrote(self) -> None:
        """Something may have been written outside a transaction, or a transaction committed: the
        checkpointer copies it into the file soon, on its own thread."""
        if self.checkpointer is not None:
            self.checkpointer.nudge()

    def query(self, sql: str, params=()) -> list:
        with self._lock, self._damage_as_sentence():
            return self._live().execute(sql, params).fetchall()

    def rows(self, sql: str, params=()) -> list[dict]:
        """The result as one dict per row, keyed by column name."""
        with self._lock, self._damage_as_sentence():
            cur = self._live().execute(sql, params)
            names = [d[0] for d in cur.description]
            return [dict(zip(names, row)) for row in cur.fetchall()]

    def scalar(self, sql: str, params=()):
        with self._lock, self._damage_as_sentence():
            row = self._live().execute(sql, params).fetchone()
        return None if row is None else row[0]

    @contextlib.contextmanager
    def _damage_as_sentence(self) -> Iterator[None]:
        """A damaged page met while reading (past the pages read at open) becomes the damaged-file sentence."""
        try:
            yield
        except sqlcipher3.DatabaseError as err:
            if _is_damage(err):
                raise _damaged(self.path) from err
            raise

    @contextlib.contextmanager
    def transaction(self) -> Iterator["Database"]:
        """One unit of work: BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error."""
        with self._lock:
            yield from self._transaction()

    def _transaction(self) -> Iterator["Database"]:
        if self._live().in_transaction:
            raise RuntimeError("transactions do not nest; a service method is one transaction")
        try:
            self._live().execute("BEGIN IMMEDIATE")
        except sqlcipher3.OperationalError as err:
            raise _failure(self.path, err) from err
        try:
            yield self
        except BaseException as err:
            try:
                self._conn.execute("ROLLBACK")
            except sqlcipher3.Error:
                pass  # SQLite has rolled back already (e.g. after a full disk); the error below says why
            if isinstance(err, sqlcipher3.OperationalError) and _is_environment(err):
                raise _failure(self.path, err) from err  # a full disk or a read-only folder mid-write
            raise
        try:
            self._conn.execute("COMMIT")
        except sqlcipher3.OperationalError as err:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise _failure(self.path, err) from err
        self._wrote()

    @contextlib.contextmanager
    def watched(self, tick=None, should_stop=None, *, every: int | None = None,
                hold: bool = True) -> Iterator["Database"]:
        """In the block, every statement on this connection calls `tick()` now and then (every `every` steps)
        and can be stopped part-way: Ctrl+C comes out as KeyboardInterrupt once the statement has unwound (and
        rolled back), `should_stop()` saying yes as progress.Stopped (storage.progress). Holds the connection
        meanwhile, unless `hold` is false: a backup's long work on the housekeeping connection, which only its
        own thread uses, and which a Lock must be able to interrupt and close under it."""
        with self._lock if hold else contextlib.nullcontext(), watching(self._live(), tick, should_stop, every):
            yield self

    def set_actor(self, actor: str) -> None:
        audit.set_actor(self._live(), actor)

    @property
    def schema_version(self) -> int:
        with self._lock:  # a backup reads it from the housekeeping thread
            return migrations.current_version(self._live())

    def cipher_version(self) -> str:
        return self.scalar("PRAGMA cipher_version") or "unknown"

    def integrity_problems(self, stage=None) -> list[str]:
        """Full check: every page's HMAC (SQLCipher) and the b-tree structure (SQLite).

        `stage(name)` hears each part as it starts (audit.CHECKING_*). A check stopped part-way (Ctrl+C,
        storage.progress) is not a finding: its "interrupted" goes on up.
        """
        # Straight to the connection: here damage is the finding, not an error to turn into a sentence.
        def check(pragma: str, name: str) -> list:
            if stage is not None:
                stage(name)
            with self._lock:
                return self._live().execute(pragma).fetchall()

        problems = [row[0] for row in check("PRAGMA cipher_integrity_check", audit.CHECKING_PAGES)]
        try:
            rows = [row[0] for row in check("PRAGMA integrity_check", audit.CHECKING_STRUCTURE)]
        except DatabaseError as err:
            if _is_interrupt(err):
                raise
            rows = [f"integrity check could not finish: {err}"]
        problems += [r for r in rows if r != "ok"]
        try:
            fk = check("PRAGMA foreign_key_check", audit.CHECKING_LINKS)
        except DatabaseError as err:
            if _is_interrupt(err):
                raise
            fk = [(f"foreign key check could not finish: {err}",)]
        problems += [f"foreign key problem in {row[0]}" for row in fk]
        return problems

    def export_rekeyed(self, target: Path, key: bytes, progress=None, should_stop=None) -> None:
        """Copy the whole database into the new file `target`, encrypted under `key` (sqlcipher_export).

        `progress(fraction)` is called now and then from inside the export with how much of the file
        has been written (0..1). The copy's schema version is set here: sqlcipher_export does not copy it.
        The export can be stopped part-way: `should_stop()` saying yes raises progress.Stopped, Ctrl+C
        KeyboardInterrupt (storage.progress); `target` is then half written, for the caller to remove.
        """
        if len(key) != 32:
            raise ValueError("the database key must be 32 bytes")
        with self._lock:
            conn = self._live()
            self.checkpoint()
            size = max(1, os.path.getsize(self.path))
            version = conn.execute("PRAGMA main.user_version").fetchone()[0]
            conn.execute("ATTACH DATABASE ? AS rekeyed KEY ?", (str(target), f"x'{key.hex()}'"))
            try:
                def tick() -> None:
                    if progress is not None:
                        progress(min(1.0, os.path.getsize(target) / size))

                with watching(conn, tick, should_stop, every=4000):
                    conn.execute("SELECT sqlcipher_export('rekeyed')")
                conn.execute(f"PRAGMA rekeyed.user_version = {int(version)}")
            except sqlcipher3.OperationalError as err:
                raise _failure(Path(target), err) from err
            finally:
                conn.execute("DETACH DATABASE rekeyed")

    def checkpoint(self) -> int:
        """A deliberate full checkpoint (before a copy of the file, a rebuild, a key change): the whole log
        into the file and the log emptied. Non-zero if a reader or writer kept it busy."""
        with self._lock, self.checkpoints_paused():
            return self._live().execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0]

    @contextlib.contextmanager
    def checkpoints_paused(self) -> Iterator[None]:
        """The background checkpointer runs none in the block (its checkpoint under way finishes first)."""
        if self.checkpointer is None:
            yield
        else:
            with self.checkpointer.paused():
                yield

    def close(self) -> None:
        """Close the connection; a statement still running on another thread is interrupted first.

        Closing under a running statement crashed the process (seen when the app quit while the
        backup-on-close was still checking a 2.5 GB vault, past the 30 s shutdown wait). Interrupted,
        that statement fails at once (its transaction rolled back, so nothing is half-written) and
        releases the lock, and only then is the connection closed.
        """
        if self._housekeeping is not None:
            self._housekeeping.close()  # first: this connection stays the last, which checkpoints and removes the WAL
        if self._reader is not None:
            self._reader.close()
        conn = self._conn
        if conn is None:
            return
        if not self._lock.acquire(blocking=False):
            # Interrupt (thread-safe in SQLite) until the worker lets go: an interrupt that lands between
            # its taking the lock and its statement starting does nothing, so it is sent again.
            conn.interrupt()
            while not self._lock.acquire(timeout=0.05):
                conn.interrupt()
        try:
            checkpointer, self.checkpointer = self.checkpointer, None
            if checkpointer is not None:
                checkpointer.close()  # first: the vault's connection, closed last, checkpoints the whole log
            if self._conn is not None:
                self._conn.close()
        finally:
            self._conn = None
            self._lock.release()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def _open_housekeeping(path: Path, key: bytes) -> Database:
    """A second connection to the vault, read-only, keyed with the same key while the key is still at hand.

    Housekeeping (attaching a backup's copy to leave its recordings out and check it) runs on it, from a
    thread of its own, so that the connection the user's work goes through is not held for the length
    of a check. It cannot write the vault (SQLite's mode=ro); a copy it attaches is opened with its own
    mode. Its settings are the main connection's where they matter: deleted content zeroed, temporary
    data kept in memory (never in a plain file). Closed with the main connection (`Database.close`).
    """
    try:
        conn = keyed.connect(path, key, "ro")
    except DatabaseError as err:
        raise _failure(path, err) from err
    try:
        conn.execute("PRAGMA secure_delete = ON")
        conn.execute("PRAGMA temp_store = MEMORY")
    except DatabaseError as err:
        conn.close()
        raise _failure(path, err) from err
    return Database(conn, path)


def remove_database_files(path: Path) -> None:
    """Delete a database we have just created and must abandon (never an existing one)."""
    for p in sidecar_files(Path(path)):
        with contextlib.suppress(FileNotFoundError):
            os.unlink(p)
