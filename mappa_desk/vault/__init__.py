"""The vault: one folder holding the key file and the encrypted database, and how to unlock it."""

from __future__ import annotations

import contextlib
import datetime as _dt
import getpass
import os
import secrets
import shutil
from dataclasses import dataclass
from pathlib import Path

from mappa_desk import paths
from mappa_desk.errors import (DatabaseDamaged, InvalidInput, KeyFileDamaged, KeyFileMismatch, UserFacingError,
                               VaultAlreadyExists, VaultNotFound, WrongSecret, describe_os_error)
from mappa_desk.files import atomic_write, fsync_dir, tighten
from mappa_desk.storage.database import Database, sidecar_files
from mappa_desk.storage.database import _damaged as database_damaged
from mappa_desk.vault import keyring_cache, restore_journal, rotation
from mappa_desk.vault import lock as vault_lock
from mappa_desk.vault.keyfile import (DEFAULT_KDF, KEY_BYTES, KdfParams, KeyFile, check_new_passphrase,
                                      new_recovery_key, parse_recovery_key)
from mappa_desk.vault.rotation import Progress, Rotated, database_salt

# A new vault is built here, inside the data folder, and moved into place key file first, then database.
STAGING_FOLDER = ".creating"

__all__ = ["Vault", "Created", "KdfParams", "DEFAULT_KDF", "default_actor", "Rotated", "new_recovery_key"]


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def default_actor() -> str:
    """Who the audit log names: the OS account running the app."""
    try:
        return getpass.getuser()
    except Exception:
        return "unknown user"


@dataclass(frozen=True)
class Created:
    recovery_key: str
    database: Database


def _step(name: str) -> None:
    """A named point between two steps on disk (the crash tests kill the process at each one)."""


def confirm_recovery_key(recovery_key: str, confirmation: str) -> None:
    """The user typed the new recovery key back correctly (spacing, case and dashes do not matter)."""
    try:
        same = parse_recovery_key(confirmation) == parse_recovery_key(recovery_key)
    except WrongSecret:
        same = False
    if not same:
        raise InvalidInput("The recovery key typed back is not the one shown, so nothing was changed and the old "
                           "recovery key still works. Copy the new key carefully and try again.")


class Vault:
    """A data folder: `vault.key` (wrapped key) and `vault.db` (SQLCipher)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.key_path = self.folder / paths.KEY_FILE_NAME
        self.db_path = self.folder / paths.DATABASE_FILE_NAME
        # A restore killed mid-way is finished before anything looks at the folder (never "run init").
        self.recovered = restore_journal.recover(self.folder) if self.folder.is_dir() else None

    def exists(self) -> bool:
        return self.key_path.exists() or any(p.exists() for p in sidecar_files(self.db_path))

    # -- creation --------------------------------------------------------------
    def create(self, passphrase: str, *, actor: str | None = None, kdf: KdfParams = DEFAULT_KDF) -> Created:
        """Make a new vault, whole or not at all. Returns the recovery key (show it once) and the open database.

        The database and its key file are made in a staging folder and moved in key file first: a kill
        before that move leaves no vault (the staging folder is removed next time), a kill between the two
        moves is finished at the next open (`settle`), so there is never a database without its key file.
        """
        check_new_passphrase(passphrase)
        self.settle()
        if self.exists():
            raise VaultAlreadyExists(
                f"There is already a vault in {self.folder}. Unlock it instead, or choose another data folder."
            )
        stage = self.folder / STAGING_FOLDER
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            stage.mkdir(mode=0o700)
        except OSError as err:
            raise describe_os_error(err, "the data folder") from err
        tighten(self.folder)  # a folder that was already there, readable by others, is made private
        actor = actor or default_actor()
        db_key = secrets.token_bytes(KEY_BYTES)
        recovery = new_recovery_key()
        moved_key = False
        try:
            Database.create(stage / self.db_path.name, db_key, actor).close()
            keyfile = KeyFile.new(db_key, passphrase, recovery, _now(), kdf,
                                  db_salt=database_salt(stage / self.db_path.name))
            atomic_write(stage / self.key_path.name, keyfile.to_bytes(), what="the vault key file")
            _step("key file into place")
            os.replace(stage / self.key_path.name, self.key_path)
            moved_key = True
            _step("database into place")
            os.replace(stage / self.db_path.name, self.db_path)
            fsync_dir(self.folder)
            stage.rmdir()
        except OSError as err:
            self._abandon_creation(moved_key)
            raise describe_os_error(err, "the new vault") from err
        except BaseException:
            self._abandon_creation(moved_key)
            raise
        return Created(recovery, Database.open(self.db_path, db_key, actor))

    def _abandon_creation(self, moved_key: bool) -> None:
        if moved_key and not self.db_path.exists():
            with contextlib.suppress(OSError):
                self.key_path.unlink()
        shutil.rmtree(self.folder / STAGING_FOLDER, ignore_errors=True)

    def settle(self) -> str | None:
        """Finish or undo a creation or a key change that a kill interrupted; say which, or None.

        Runs under the vault's lock (taken here if this process does not hold it yet), so it never acts
        beside a creation or rotation running in another process: that process holds the lock.
        """
        if not self.folder.is_dir():
            return None  # nothing to settle, and no folder made for a mistyped path
        with vault_lock.acquire(self.folder):
            return self._settle()

    def _settle(self) -> str | None:
        outcome = None
        stage = self.folder / STAGING_FOLDER
        if stage.is_dir():
            staged_db = stage / self.db_path.name
            salt = database_salt(staged_db)
            if (salt is not None and self.key_path.exists() and not self.db_path.exists()
                    and self._keyfile_salt() == salt):
                os.replace(staged_db, self.db_path)  # the key file was moved in: its database follows
                fsync_dir(self.folder)
                outcome = "finished"
            shutil.rmtree(stage, ignore_errors=True)
            outcome = outcome or "rolled back"
        # A key file being written when the process was killed (files.atomic_write's temporary name).
        for leftover in self.folder.glob(".tmp-*") if self.folder.is_dir() else ():
            with contextlib.suppress(OSError):
                leftover.unlink()
        return rotation.settle(self.key_path, self.db_path) or outcome

    def _keyfile_salt(self) -> str | None:
        try:
            return KeyFile.from_bytes(self.key_path.read_bytes()).db_salt
        except (OSError, KeyFileDamaged):
            return None

    # -- unlocking -------------------------------------------------------------
    def read_keyfile(self) -> KeyFile:
        """The key file, once any interrupted creation or key change is settled and it is known to belong
        to the database beside it (when it records which database that is)."""
        try:
            self.settle()
        except OSError as err:
            raise describe_os_error(err, "the data folder") from err
        if not self.key_path.exists():
            if self.db_path.exists():
                raise KeyFileDamaged(
                    f"The database is in {self.folder} but its key file vault.key is missing. "
                    "Restore vault.key from a backup; without it the database cannot be opened."
                )
            raise VaultNotFound(f"There is no vault in {self.folder} yet. Run `mappa-desk init` (or start the app) to create one.")
        try:
            data = self.key_path.read_bytes()
        except OSError as err:
            raise describe_os_error(err, "the vault key file") from err
        keyfile = KeyFile.from_bytes(data)
        salt = database_salt(self.db_path)
        if keyfile.db_salt is not None and salt is not None and keyfile.db_salt != salt:
            differing = sum(a != b for a, b in zip(bytes.fromhex(salt), bytes.fromhex(keyfile.db_salt)))
            if differing <= 2:  # another database's salt differs in nearly every byte: this one was damaged
                raise database_damaged(self.db_path)
            raise KeyFileMismatch(
                f"The key file vault.key in {self.folder} does not belong to the database beside it: it is another "
                "vault's key file, or one from before this vault's key was changed. Put back the key file that "
                "belongs with this database (the newest backup holds it); nothing has been changed."
            )
        return keyfile

    def key_from_passphrase(self, passphrase: str) -> bytes:
        return self.read_keyfile().unwrap_with_passphrase(passphrase)

    def key_from_recovery(self, recovery_key: str) -> bytes:
        return self.read_keyfile().unwrap_with_recovery_key(recovery_key)

    def key_from_keyring(self) -> bytes | None:
        keyfile = self.read_keyfile()
        key = keyring_cache.load(keyfile.vault_id)
        if key is not None and keyfile.matches(key):
            return key
        return None

    def open(self, db_key: bytes, *, actor: str | None = None, progress=None, should_stop=None) -> Database:
        """Open the database with its key; `progress` and `should_stop` follow an upgrade (Database.open)."""
        keyfile = self.read_keyfile()
        if not keyfile.matches(db_key):
            raise WrongSecret("That key doesn't belong to this vault.")
        # Private at every opening: a folder or file made readable by others (copied in, restored by hand, an
        # older version) is tightened to 0700 and 0600 before any record is read.
        tighten(self.folder, self.key_path, *sidecar_files(self.db_path))
        try:
            database = Database.open(self.db_path, db_key, actor or default_actor(), progress=progress,
                                     should_stop=should_stop)
        except DatabaseDamaged:
            if keyfile.db_salt is None:  # a key file from before key files named their database
                raise DatabaseDamaged(
                    f"The database in {self.folder} does not open with the key in vault.key: either the key file "
                    "belongs to another vault (or to this vault before its key was changed), or the database is "
                    "damaged. Put back the key file that belongs with this database, or restore the vault from "
                    "your latest backup; nothing has been changed.") from None
            raise
        if keyfile.db_salt is None or keyfile.key_id is None:
            self._name_database(keyfile, database)
        return database

    def _name_database(self, keyfile: KeyFile, database: Database) -> None:
        """A key file written before key files named their database (and key) learns them once it has
        opened the database, so another vault's key file is recognised from then on."""
        database.checkpoint()
        salt = database_salt(self.db_path)
        if salt is None:
            return
        keyfile.db_salt = salt
        keyfile.key_id = keyfile.key_id or secrets.token_hex(8)
        with contextlib.suppress(UserFacingError):  # a read-only folder: it opens as before, just unnamed
            atomic_write(self.key_path, keyfile.to_bytes(), what="the vault key file")

    def unlock(self, passphrase: str, *, actor: str | None = None) -> Database:
        """Passphrase -> open database. A wrong passphrase fails before SQLCipher is touched."""
        return self.open(self.key_from_passphrase(passphrase), actor=actor)

    # -- changing the wraps ------------------------------------------------------
    def change_passphrase(self, db_key: bytes, new_passphrase: str, *, kdf: KdfParams = DEFAULT_KDF) -> None:
        """Re-wrap only: the database is not touched."""
        keyfile = self.read_keyfile()
        if not keyfile.matches(db_key):
            raise WrongSecret("That key doesn't belong to this vault.")
        keyfile.rewrap_passphrase(db_key, new_passphrase, kdf)
        atomic_write(self.key_path, keyfile.to_bytes(), what="the vault key file")

    def replace_recovery_key(self, db_key: bytes, recovery_key: str, confirmation: str) -> None:
        """The new recovery key (made by `new_recovery_key`, shown to the user) replaces the old one, which
        stops working, only once the user has typed it back: `confirmation` must be the same key."""
        confirm_recovery_key(recovery_key, confirmation)
        keyfile = self.read_keyfile()
        if not keyfile.matches(db_key):
            raise WrongSecret("That key doesn't belong to this vault.")
        keyfile.rewrap_recovery(db_key, recovery_key)
        atomic_write(self.key_path, keyfile.to_bytes(), what="the vault key file")

    # -- changing the key itself -----------------------------------------------------
    def rotate_key(self, db_key: bytes, passphrase: str, recovery_key: str, confirmation: str, *,
                   actor: str | None = None, kdf: KdfParams = DEFAULT_KDF,
                   progress: Progress | None = None, should_stop=None) -> Rotated:
        """Re-encrypt the database under a new key, wrapped under `passphrase` and the new `recovery_key`
        (shown to the user and typed back as `confirmation`). The vault must not be open. After it, no
        earlier key file, passphrase or recovery key opens the database. `should_stop()` can stop it before
        the new database is swapped in (rotation.RotationStopped): the vault is then as before. See `rotation`."""
        confirm_recovery_key(recovery_key, confirmation)
        with vault_lock.acquire(self.folder):  # re-entrant: the command or window already holds it
            return rotation.rotate(self.key_path, self.db_path, db_key, passphrase, recovery_key,
                                   actor=actor or default_actor(), kdf=kdf, progress=progress,
                                   should_stop=should_stop)

    def key_id(self) -> str | None:
        """Which database key the vault has now (None for a key file not yet opened since key ids began)."""
        return self.read_keyfile().key_id

    # -- remember on this computer -------------------------------------------------
    def remember(self, db_key: bytes) -> None:
        keyfile = self.read_keyfile()
        if not keyfile.matches(db_key):
            raise WrongSecret("That key doesn't belong to this vault.")
        keyring_cache.store(keyfile.vault_id, db_key)

    def forget(self) -> None:
        keyring_cache.forget(self.read_keyfile().vault_id)
