"""Changing the database key itself (not only its wraps), safe against a kill at any point.

The database is copied into `vault.db.rotating` under a new random key (sqlcipher_export; it works
from a WAL database once that is checkpointed), a key file for the new key is written as
`vault.key.rotating`, and the two are swapped in: first the database (the point of no return), then the
key file. Every key file records the salt SQLCipher keeps in the first 16 bytes of its database (not a
secret), so at the next open `settle` can tell, without any secret, which key file the database in place
needs: the rotating one (the swap got past the database: finish it) or the current one (roll back by
deleting the staged files). In every state the folder opens with the old secrets or the new ones.

After a rotation no earlier key file, passphrase or recovery key opens the database: the old key is not
kept anywhere. The vault keeps its vault id; the key gets a new `key_id`, which backups record.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import os
import secrets
import shutil
import signal
import threading
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from mappa_desk.errors import KeyFileDamaged, UserFacingError, WrongSecret, describe_os_error
from mappa_desk.files import atomic_write, fsync_dir
from mappa_desk.storage.database import Database, sidecar_files
from mappa_desk.storage.progress import Stopped
from mappa_desk.vault import keyring_cache
from mappa_desk.vault.keyfile import DEFAULT_KDF, KEY_BYTES, KdfParams, KeyFile, check_new_passphrase, parse_recovery_key

ROTATING_SUFFIX = ".rotating"

ROTATION_STOPPED = ("The change of the vault's key was stopped before it finished; nothing was changed. The vault "
                    "opens with the same passphrase and recovery key as before.")


class RotationStopped(UserFacingError):
    """The person stopped the change of key (Cancel) before the swap: the staged files were removed."""

# progress(fraction done 0..1, a sentence saying what is happening)
Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class Rotated:
    key: bytes
    key_id: str
    seconds: float


def database_salt(db_path: Path) -> str | None:
    """SQLCipher's per-file salt (the first 16 bytes), as hex; None if the file has no first page yet."""
    try:
        with open(db_path, "rb") as handle:
            head = handle.read(16)
    except OSError:
        return None
    return head.hex() if len(head) == 16 else None


def staged_paths(key_path: Path, db_path: Path) -> tuple[Path, Path]:
    return Path(f"{key_path}{ROTATING_SUFFIX}"), Path(f"{db_path}{ROTATING_SUFFIX}")


def settle(key_path: Path, db_path: Path) -> str | None:
    """Finish or roll back a rotation a kill interrupted. Returns "finished", "rolled back" or None.

    Must run before the vault is opened, and only by the process that holds the vault (not beside a
    rotation still running in another process).
    """
    staged_key, staged_db = staged_paths(key_path, db_path)
    outcome = None
    if staged_key.exists():
        try:
            salt = KeyFile.from_bytes(staged_key.read_bytes()).db_salt
        except (KeyFileDamaged, OSError):
            salt = None  # written atomically, so never half a file; unreadable means it is not ours to use
        if salt is not None and salt == database_salt(db_path):
            os.replace(staged_key, key_path)  # the database was swapped: the new key file must follow
            outcome = "finished"
        else:
            staged_key.unlink()
            outcome = "rolled back"
    for leftover in sidecar_files(staged_db):
        if leftover.exists():
            leftover.unlink()
            outcome = outcome or "rolled back"
    if outcome:
        fsync_dir(key_path.parent)
    return outcome


@contextlib.contextmanager
def _ctrl_c_waits():
    """Ctrl+C in the block is held until it ends (on the main thread; elsewhere there is none to hold): once
    the new database is in place the change is finished rather than left for the next open to settle, and
    the person is told it was made, not that it was cancelled."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pressed = []
    previous = signal.signal(signal.SIGINT, lambda *_: pressed.append(True))
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _step(name: str) -> None:
    """A named point between two steps on disk (the crash tests kill the process at each one)."""


def _report(progress: Progress | None, fraction: float, text: str) -> None:
    if progress is not None:
        progress(fraction, text)


def _private_empty_file(path: Path) -> None:
    # SQLite takes an empty file for a new database; making it first makes it private from its first byte.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def rotate(key_path: Path, db_path: Path, old_key: bytes, passphrase: str, recovery_key: str, *, actor: str,
           kdf: KdfParams = DEFAULT_KDF, progress: Progress | None = None,
           should_stop: Callable[[], bool] | None = None) -> Rotated:
    """Re-encrypt the database under a new key, wrapped under `passphrase` and `recovery_key`.

    The vault must not be open anywhere else (the caller holds it). Nothing is asked of the user here:
    the new recovery key has been shown and confirmed before this is called.

    Until the new database is swapped in it can be stopped: `should_stop()` saying yes (checked between
    steps and during the copy) ends in RotationStopped, Ctrl+C in KeyboardInterrupt, and either way the
    staged files are removed first, so the vault is exactly as before. From the swap on, a Ctrl+C is too late
    and waits for the change to finish (`_ctrl_c_waits`).
    """
    started = time.monotonic()
    check_new_passphrase(passphrase)
    parse_recovery_key(recovery_key)
    settle(key_path, db_path)
    keyfile = KeyFile.from_bytes(key_path.read_bytes())
    if not keyfile.matches(old_key):
        raise WrongSecret("That key doesn't belong to this vault.")
    staged_key, staged_db = staged_paths(key_path, db_path)
    needed = sum(p.stat().st_size for p in sidecar_files(db_path) if p.exists())
    if shutil.disk_usage(db_path.parent).free < needed + needed // 10 + (16 << 20):
        raise UserFacingError(f"Changing the vault's key needs about {needed // 2**20 + 16:,} MB free on the disk "
                              f"that holds {db_path.parent}, for a new copy of the vault. Free some space and try "
                              "again; nothing was changed.")
    new_key = secrets.token_bytes(KEY_BYTES)
    key_id = secrets.token_hex(8)

    def stop_here() -> None:
        if should_stop is not None and should_stop():
            raise Stopped

    _report(progress, 0.0, "Copying the vault under a new key…")
    db = Database.open(db_path, old_key, actor)
    try:
        _step("export")
        _private_empty_file(staged_db)
        db.export_rekeyed(staged_db, new_key, lambda f: _report(progress, 0.8 * f, "Copying the vault under a new key…"),
                          should_stop)
    except BaseException as err:
        db.close()
        settle(key_path, db_path)
        if isinstance(err, Stopped):
            raise RotationStopped(ROTATION_STOPPED) from None
        raise
    db.close()  # the last connection: SQLite checkpoints and removes the WAL
    try:
        stop_here()
        _step("check")
        _report(progress, 0.8, "Checking the copy…")
        with Database.open(staged_db, new_key, actor) as copy, copy.transaction():
            # The copy's audit trail records the change of key (its id and when, never the key).
            copy.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('key_id', ?)", (key_id,))
            copy.execute("INSERT OR REPLACE INTO settings (key, value) VALUES ('key_changed_at', ?)",
                         (_dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),))
        _fsync_file(staged_db)
        new_file = KeyFile.new(new_key, passphrase, recovery_key, keyfile.created_at, kdf,
                               vault_id=keyfile.vault_id, db_salt=database_salt(staged_db))
        new_file.key_id = key_id
        stop_here()
        _step("key file")
        _report(progress, 0.9, "Writing the new key file…")
        atomic_write(staged_key, new_file.to_bytes(), what="the new vault key file")
        wal = Path(f"{db_path}-wal")
        if wal.exists() and wal.stat().st_size:
            raise UserFacingError("The vault is still open somewhere else, so its key was not changed. "
                                  "Close the other window or command and try again.")
        stop_here()  # the last moment the change can be stopped
    except BaseException as err:
        settle(key_path, db_path)
        if isinstance(err, Stopped):
            raise RotationStopped(ROTATION_STOPPED) from None
        raise
    with _ctrl_c_waits():
        return _swap(key_path, db_path, staged_key, staged_db, new_file, keyfile, new_key, key_id, started, progress)


def _swap(key_path, db_path, staged_key, staged_db, new_file, keyfile, new_key, key_id, started, progress) -> Rotated:
    """Past the point of no return: the new database and its key file in place of the old."""
    for extra in sidecar_files(db_path)[1:]:
        with contextlib.suppress(FileNotFoundError):
            extra.unlink()
    try:
        _step("swap database")
        os.replace(staged_db, db_path)  # from here the new key is the vault's key
        fsync_dir(db_path.parent)
        _step("swap key file")
        if staged_key.exists():
            os.replace(staged_key, key_path)
            fsync_dir(key_path.parent)
        else:  # only if something else settled the folder mid-way (the vault lock is there to prevent it)
            atomic_write(key_path, new_file.to_bytes(), what="the vault key file")
    except OSError as err:  # the next open settles it one way or the other, as after a kill
        raise describe_os_error(err, "the vault's files") from err
    _report(progress, 1.0, "The vault's key has been changed.")
    with contextlib.suppress(UserFacingError):
        keyring_cache.forget(keyfile.vault_id)  # the remembered key is the old one: it opens nothing now
    return Rotated(new_key, key_id, time.monotonic() - started)
