"""The restore journal: a restore killed between any two of its steps is finished at the next start.

A restore stages the backup's `vault.key` and `vault.db`, checked and fsynced, in a work folder
inside the data folder. Only then is `restore-journal.json` written (atomically) in the data
folder, naming the work folder and the folder the current vault is moved into. The swap is a row
of renames on one disk: the current vault's files into the aside folder, then the staged files
into place, then the journal is removed. Every step can be done again, so `recover` (run when a
`Vault` is made for the folder: the app's start, every command, every unlock) finishes the swap
from wherever it stopped. The staged copy was checked before the journal existed, so going
forward is always sound, and what was moved aside is never deleted.

While it swaps, the restoring process holds an OS lock (`filelock`: flock on POSIX, LockFileEx on
Windows) on `restore-journal.lock`; the lock dies with the process, so `recover` knows a journal
whose restore is still running (lock held: left alone) from one whose process was killed (lock
free: finished), without trusting a process id that the OS may have handed to another program.

Work folders (`.mappa-desk-tmp-…`) carry the id of the process that made them. One whose process
is gone is a leftover from a kill and is removed; one whose id belongs to a live process is never
touched (if the id was reused, the folder waits for a later start: the safe side).
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path

import filelock

from mappa_desk import paths
from mappa_desk.errors import describe_os_error
from mappa_desk.files import atomic_write, fsync_dir
from mappa_desk.storage.database import sidecar_files

JOURNAL_NAME = "restore-journal.json"
LOCK_NAME = "restore-journal.lock"
WORK_PREFIX = ".mappa-desk-tmp-"
ASIDE_PREFIX = "vault-before-restore-"
_FORMAT = "mappa-desk-restore-journal"
_WORK = re.compile(r"^\.mappa-desk-tmp-(?:[0-9a-f]{1,32}-)?(\d+)-[A-Za-z0-9_]+$")
_ASIDE = re.compile(r"^vault-before-restore-[0-9-]+$")
_KEY, _DB = paths.KEY_FILE_NAME, paths.DATABASE_FILE_NAME


def _step(name: str) -> None:
    """Called between every two steps of the swap. Tests replace it to kill the process there."""


# -- work folders ----------------------------------------------------------------------------

def make_work_folder(folder: Path, tag: str = "") -> Path:
    """A private folder in `folder` named for this process (and `tag`, e.g. the vault id's start)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    tag = re.sub(r"[^0-9a-f]", "", tag.lower())[:32]
    return Path(tempfile.mkdtemp(prefix=f"{WORK_PREFIX}{tag + '-' if tag else ''}{os.getpid()}-", dir=folder))


def _process_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    if sys.platform == "win32":
        return True  # no safe, plain check here: keep the folder (the next start on POSIX, or by hand)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # e.g. another user's process: alive
    return True


def remove_stale_work_folders(folder: Path, *, tag: str | None = None, keep: Path | None = None) -> list[Path]:
    """Remove work folders left by killed processes (only those with `tag`, when given). Returns them."""
    removed = []
    try:
        entries = list(Path(folder).iterdir())
    except OSError:
        return removed
    for path in entries:
        match = _WORK.match(path.name)
        if not match or (keep is not None and path.name == keep.name) or not path.is_dir() or path.is_symlink():
            continue
        if tag is not None and not path.name.startswith(f"{WORK_PREFIX}{tag}-"):
            continue
        if _process_alive(int(match.group(1))):
            continue
        shutil.rmtree(path, ignore_errors=True)
        if not path.exists():
            removed.append(path)
    return removed


# -- the journal and the swap --------------------------------------------------------------

def _aside_name(folder: Path, stamp: str) -> str:
    name, n = f"{ASIDE_PREFIX}{stamp}", 1
    while (folder / name).exists():
        name, n = f"{ASIDE_PREFIX}{stamp}-{n}", n + 1
    return name


def holding(folder: Path) -> filelock.BaseFileLock:
    """The restore's own lock, held from before the journal is written until it is removed."""
    return filelock.FileLock(str(folder / LOCK_NAME), timeout=0, mode=0o600, thread_local=False)


def begin(folder: Path, stage: Path, stamp: str, backup_name: str) -> Path:
    """Write the journal for swapping `stage` into `folder`; returns the aside folder it names."""
    aside = folder / _aside_name(folder, stamp)
    journal = {"format": _FORMAT, "stage": stage.name, "aside": aside.name, "backup": backup_name,
               "pid": os.getpid()}
    atomic_write(folder / JOURNAL_NAME, json.dumps(journal).encode("utf-8"), what="the restore journal")
    return aside


def swap(folder: Path, stage: Path, aside: Path) -> bool:
    """Move the current vault into `aside` and the staged files into place. Every step may be repeated.

    Returns True if there was a current vault (now in `aside`).
    """
    moving = [name for name in (_KEY, _DB) if (stage / name).exists()]
    current = []
    if _KEY in moving:
        current.append(folder / _KEY)
    if _DB in moving:
        current += sidecar_files(folder / _DB)
    current = [p for p in current if p.exists()]
    if current and not aside.is_dir():
        aside.mkdir(mode=0o700)
        _step("aside folder made")
    for path in current:
        os.replace(path, aside / path.name)
        _step(f"moved aside {path.name}")
    if current:
        fsync_dir(aside)
    for name in moving:
        os.replace(stage / name, folder / name)
        _step(f"moved in {name}")
    fsync_dir(folder)
    return aside.is_dir() and any(aside.iterdir())


def finish(folder: Path, stage: Path) -> None:
    """The swap is done: the journal goes, then the (empty) work folder."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(folder / JOURNAL_NAME)
    fsync_dir(folder)
    _step("journal removed")
    shutil.rmtree(stage, ignore_errors=True)


def roll_back(folder: Path, stage: Path, aside: Path) -> None:
    """After a failed rename (not a kill): staged files back to the stage, the current vault back in place."""
    for name in (_KEY, _DB):
        if not (stage / name).exists() and (folder / name).exists() and (aside / name).exists():
            with contextlib.suppress(OSError):
                os.replace(folder / name, stage / name)
    if aside.is_dir():
        for path in aside.iterdir():
            if not (folder / path.name).exists():
                with contextlib.suppress(OSError):
                    os.replace(path, folder / path.name)
        with contextlib.suppress(OSError):
            aside.rmdir()
    with contextlib.suppress(FileNotFoundError):
        os.unlink(folder / JOURNAL_NAME)
    fsync_dir(folder)


def _read_journal(path: Path) -> dict | None:
    try:
        doc = json.loads(path.read_bytes())
        if (doc.get("format") != _FORMAT or not _WORK.match(str(doc.get("stage")))
                or not _ASIDE.match(str(doc.get("aside")))):
            return None
        return doc
    except (OSError, ValueError, AttributeError):
        return None


def recover(folder: str | Path) -> str | None:
    """Finish a restore that was stopped mid-way, and remove work folders of killed processes.

    Returns a sentence when a restore was finished, else None. A restore still running in a live
    process is left alone.
    """
    folder = Path(folder)
    journal_path = folder / JOURNAL_NAME
    done = None
    if journal_path.exists():
        doc = _read_journal(journal_path)
        if doc is None:
            # Written atomically, so this is not a torn write: keep it for a person to look at.
            with contextlib.suppress(OSError):
                os.replace(journal_path, folder / f"{JOURNAL_NAME}.unreadable")
        else:
            lock = holding(folder)
            try:
                lock.acquire()
            except filelock.Timeout:
                return None  # the restore is running now, in a live process
            except OSError as err:
                raise describe_os_error(err, "the data folder, to finish an interrupted restore") from err
            stage, aside = folder / doc["stage"], folder / doc["aside"]
            try:
                if journal_path.exists():  # not finished by another start meanwhile
                    swap(folder, stage, aside)
                    if not any(p.exists() for p in (folder / _KEY, folder / _DB)):
                        # The staged copy is gone (removed by hand?): the vault aside goes back in place.
                        roll_back(folder, stage, aside)
                        return None
                    finish(folder, stage)
            except OSError as err:
                raise describe_os_error(err, "the data folder, to finish an interrupted restore") from err
            finally:
                lock.release()
            kept = f" The vault it replaced is kept, unchanged, in {aside}." if aside.is_dir() else ""
            done = f"A restore from {doc.get('backup', 'a backup')} was interrupted; it has now been finished.{kept}"
    if folder.is_dir():
        remove_stale_work_folders(folder)
    return done
