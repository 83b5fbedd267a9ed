"""The vault: one folder holding the key file and the encrypted database, and how to unlock it."""

from __future__ import annotations

import datetime as _dt
import getpass
import secrets
from dataclasses import dataclass
from pathlib import Path

from mappa_desk import paths
from mappa_desk.errors import (KeyFileDamaged, VaultAlreadyExists, VaultNotFound, WrongSecret,
                               describe_os_error)
from mappa_desk.files import atomic_write, tighten
from mappa_desk.storage.database import Database, remove_database_files, sidecar_files
from mappa_desk.vault import keyring_cache, restore_journal
from mappa_desk.vault.keyfile import DEFAULT_KDF, KEY_BYTES, KdfParams, KeyFile, check_new_passphrase, new_recovery_key

__all__ = ["Vault", "Created", "KdfParams", "DEFAULT_KDF", "default_actor"]


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
        """Make a new vault. Returns the recovery key (show it once) and the open database."""
        check_new_passphrase(passphrase)
        if self.exists():
            raise VaultAlreadyExists(
                f"There is already a vault in {self.folder}. Unlock it instead, or choose another data folder."
            )
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as err:
            raise describe_os_error(err, "the data folder") from err
        tighten(self.folder)  # a folder that was already there, readable by others, is made private
        db_key = secrets.token_bytes(KEY_BYTES)
        recovery = new_recovery_key()
        keyfile = KeyFile.new(db_key, passphrase, recovery, _now(), kdf)
        database = Database.create(self.db_path, db_key, actor or default_actor())
        try:
            atomic_write(self.key_path, keyfile.to_bytes(), what="the vault key file")
        except BaseException:
            database.close()
            remove_database_files(self.db_path)
            raise
        return Created(recovery, database)

    # -- unlocking -------------------------------------------------------------
    def read_keyfile(self) -> KeyFile:
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
        return KeyFile.from_bytes(data)

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

    def open(self, db_key: bytes, *, actor: str | None = None) -> Database:
        if not self.read_keyfile().matches(db_key):
            raise WrongSecret("That key doesn't belong to this vault.")
        # Private at every opening: a folder or file made readable by others (copied in, restored by hand, an
        # older version) is tightened to 0700 and 0600 before any record is read.
        tighten(self.folder, self.key_path, *sidecar_files(self.db_path))
        return Database.open(self.db_path, db_key, actor or default_actor())

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

    def regenerate_recovery_key(self, db_key: bytes) -> str:
        """A new recovery key replaces the old one, which stops working."""
        keyfile = self.read_keyfile()
        if not keyfile.matches(db_key):
            raise WrongSecret("That key doesn't belong to this vault.")
        recovery = new_recovery_key()
        keyfile.rewrap_recovery(db_key, recovery)
        atomic_write(self.key_path, keyfile.to_bytes(), what="the vault key file")
        return recovery

    # -- remember on this computer -------------------------------------------------
    def remember(self, db_key: bytes) -> None:
        keyfile = self.read_keyfile()
        if not keyfile.matches(db_key):
            raise WrongSecret("That key doesn't belong to this vault.")
        keyring_cache.store(keyfile.vault_id, db_key)

    def forget(self) -> None:
        keyring_cache.forget(self.read_keyfile().vault_id)
