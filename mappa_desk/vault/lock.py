"""One writer per vault: an OS lock on the data folder, held while a window or a command has the vault open.

The lock is `vault.lock` in the data folder, locked through `filelock` (flock on POSIX, LockFileEx on
Windows). The operating system drops it when its process ends, however it ends, so a crash or a kill
never leaves the vault blocked. The file itself stays: deleting a lock file on release would let two
processes each lock a different file of the same name.

Within one process the lock is re-entrant per data folder: the window (or the command) takes it first
and every session it opens is one more hold; the lock goes with the last hold. Two processes never
hold it at once. Beside it, `vault.lock.holder` says which window or command holds it and since when
(process id, what it is, the local time: no personal data), so the one refused can say so in a sentence.
A holder note left by a killed process is ignored: it is read only while the lock is really held, and
only if its process still runs.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import json
import logging
import os
import re
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import filelock

from mappa_desk import paths
from mappa_desk.domain import dates
from mappa_desk.errors import UserFacingError, VaultInUse, describe_os_error
from mappa_desk.files import atomic_write, tighten

log = logging.getLogger(__name__)

WINDOW, COMMAND, PROGRAM = "window", "command", "program"
_KINDS = (WINDOW, COMMAND, PROGRAM)
_COMMAND_NAME = re.compile(r"^[a-z][a-z-]{0,39}$")
_NOTE_LIMIT = 4096
_NOTE_WAIT_S = 2.0
# A file system that cannot lock files at all (some network shares): the vault still opens, unlocked.
_CANNOT_LOCK = {errno.ENOSYS, errno.ENOLCK, getattr(errno, "EOPNOTSUPP", errno.ENOSYS)}


@dataclass(frozen=True)
class Holder:
    """Who holds a vault's lock: a window, a command (by its name) or another program using the core."""

    kind: str
    command: str = ""
    pid: int = 0
    since: _dt.datetime | None = None

    def to_bytes(self) -> bytes:
        return json.dumps({"kind": self.kind, "command": self.command, "pid": self.pid,
                           "since": self.since.isoformat(timespec="seconds") if self.since else None}).encode()

    @classmethod
    def from_bytes(cls, data: bytes) -> Holder | None:
        """The note as written, or None if it is not one (damaged, or written by something else)."""
        try:
            note = json.loads(data.decode("utf-8"))
            kind, command, pid = note["kind"], note["command"], note["pid"]
            since = _dt.datetime.fromisoformat(note["since"])
        except (UnicodeDecodeError, ValueError, TypeError, KeyError):
            return None
        if kind not in _KINDS or type(pid) is not int or pid <= 0 or since.tzinfo is None or not isinstance(command, str):
            return None
        if kind == COMMAND and not _COMMAND_NAME.match(command):
            return None
        return cls(kind, command if kind == COMMAND else "", pid, since)


class Hold:
    """One hold on a vault's lock. `release()` gives it back; a second call does nothing."""

    def __init__(self, key: tuple[int, int], folder: Path):
        self._key = key
        self.folder = folder
        self._released = False

    def release(self) -> None:
        with _guard:
            if self._released:
                return
            self._released = True
            _drop(self._key)

    def __enter__(self) -> Hold:
        return self

    def __exit__(self, *exc) -> None:
        self.release()


@dataclass
class _Entry:
    folder: Path
    lock: filelock.BaseFileLock | None  # None: the file system cannot lock
    count: int = 0


_guard = threading.Lock()
_held: dict[tuple[int, int], _Entry] = {}


def _forget_after_fork() -> None:
    """A forked child holds nothing of its own (its copy of the descriptor is the parent's lock): it starts afresh."""
    global _guard
    _guard = threading.Lock()
    _held.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_after_fork)


def acquire(folder: str | os.PathLike, kind: str = PROGRAM, command: str = "") -> Hold:
    """Hold the vault in `folder` for this process, without waiting; VaultInUse if another process holds it.

    The data folder is made (private, 0700) if it does not exist yet: a vault is created under its lock.
    """
    folder = Path(folder)
    try:
        with _guard:
            try:
                folder.mkdir(parents=True, exist_ok=True, mode=0o700)
                found = folder.stat()
            except OSError as err:
                raise describe_os_error(err, "the data folder") from err
            key = (found.st_dev, found.st_ino)  # the same folder by any name (a link, another case)
            entry = _held.get(key)
            if entry is None:
                entry = _held[key] = _Entry(folder, _take(folder, Holder(kind, command, os.getpid(), _now())))
            entry.count += 1
            return Hold(key, folder)
    except filelock.Timeout:  # held by another process; its note is read outside the guard (it may take a moment)
        raise VaultInUse(refusal(_await_holder(folder))) from None


def held_here(folder: str | os.PathLike) -> bool:
    """Does this process hold the vault in `folder`?"""
    try:
        found = Path(folder).stat()
    except OSError:
        return False
    with _guard:
        return (found.st_dev, found.st_ino) in _held


def holder(folder: str | os.PathLike) -> Holder | None:
    """The note of whoever holds the lock, if it is readable and its process still runs."""
    try:
        with open(Path(folder) / paths.HOLDER_FILE_NAME, "rb") as handle:
            note = Holder.from_bytes(handle.read(_NOTE_LIMIT))
    except OSError:
        return None
    return note if note is not None and _running(note.pid) else None


def refusal(found: Holder | None) -> str:
    """The sentence for a window or command that finds the vault held by another."""
    if found is None:
        return ("This vault is open in another MAPPA Desk window or command. Close it there first, "
                "then try again; nothing was changed.")
    which = f"process {found.pid}, since {_when(found.since)}"
    if found.kind == WINDOW:
        return f"This vault is open in another MAPPA Desk window ({which}). Close it there first; nothing was changed."
    if found.kind == COMMAND:
        return (f"This vault is in use by the command `mappa-desk {found.command}` ({which}). Wait for it to finish, "
                "then try again; nothing was changed.")
    return (f"This vault is in use by another MAPPA Desk program ({which}). Close it first, then try again; "
            "nothing was changed.")


# -- inside ---------------------------------------------------------------------------------------

def _now() -> _dt.datetime:
    return _dt.datetime.now().astimezone()


def _when(since: _dt.datetime) -> str:
    local = since.astimezone()
    days = (_now().date() - local.date()).days
    day = "today" if days == 0 else "yesterday" if days == 1 else f"on {dates.long(local.date())}"
    return f"{local:%H:%M} {day}"


def _running(pid: int) -> bool:
    if sys.platform == "win32":
        return True  # os.kill(pid, 0) would end the process there; the lock itself is what counts
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # it runs, under another account
    return True


def _await_holder(folder: Path) -> Holder | None:
    """The holder's note; it is written just after its lock, so one that has only just locked is given a moment."""
    deadline = time.monotonic() + _NOTE_WAIT_S
    while (found := holder(folder)) is None and time.monotonic() < deadline:
        time.sleep(0.02)
    return found


def _take(folder: Path, me: Holder) -> filelock.BaseFileLock | None:
    # thread_local=False: the window takes the lock on its thread, sessions open and close on the database lane.
    lock = filelock.FileLock(folder / paths.LOCK_FILE_NAME, mode=0o600, thread_local=False, blocking=False,
                             preserve_lock_file=True)
    try:
        lock.acquire()
    except filelock.Timeout:  # another process holds it (a TimeoutError, so an OSError: let it through first)
        raise
    except OSError as err:
        if err.errno in _CANNOT_LOCK:
            log.warning("the data folder's file system cannot lock files: the vault is open without its lock")
            return None
        raise describe_os_error(err, "the vault's lock file") from err
    tighten(folder / paths.LOCK_FILE_NAME)  # `mode` applies only to a new file: one left readable by others is made private
    try:
        # Not fsynced: the note only makes a refusal more precise, and one left by a crash is not believed.
        atomic_write(folder / paths.HOLDER_FILE_NAME, me.to_bytes(), what="the vault's lock file", durable=False)
    except UserFacingError:
        pass  # the note only makes a refusal more precise; the lock is what keeps a second writer out
    return lock


def _drop(key: tuple[int, int]) -> None:
    entry = _held[key]
    entry.count -= 1
    if entry.count > 0:
        return
    del _held[key]
    if entry.lock is None:
        return
    with contextlib.suppress(OSError):  # a folder turned read-only keeps a note nobody will trust
        (entry.folder / paths.HOLDER_FILE_NAME).unlink()
    with contextlib.suppress(OSError):  # closing the descriptor drops the OS lock whatever happens
        entry.lock.release()
