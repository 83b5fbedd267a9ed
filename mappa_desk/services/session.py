"""Opening a vault: create, unlock (passphrase, recovery key, keyring), and the open session."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from pathlib import Path

from mappa_desk import paths
from mappa_desk.domain.profile import Profile, load_profile
from mappa_desk.errors import KeyringUnavailable
from mappa_desk.storage import agencies
from mappa_desk.storage.database import Database
from mappa_desk.vault import DEFAULT_KDF, KdfParams, Vault, keyring_cache


def utc_now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Session:
    """An unlocked vault: the open database and the jurisdiction profile it uses."""

    vault: Vault
    db: Database
    profile: Profile
    remembered: bool = False
    note: str = ""  # a sentence for the user, e.g. why the key could not be remembered

    def counts(self) -> dict:
        return {
            "individuals": self.db.scalar("SELECT count(*) FROM individuals"),
            "meetings": self.db.scalar("SELECT count(*) FROM meetings"),
        }

    def close(self) -> None:
        self.db.close()


def vault_at(data_dir: str | Path | None = None) -> Vault:
    return Vault(paths.data_dir(data_dir))


def keyring_available() -> bool:
    return keyring_cache.available()


def _prepare(vault: Vault, db: Database, profile: Profile | None) -> Session:
    try:
        profile = profile or load_profile()
        with db.transaction():
            agencies.sync_from_profile(db, profile)
            db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('jurisdiction', ?)", (profile.jurisdiction,))
            db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES ('created_at', ?)", (utc_now(),))
        if db.scalar("SELECT 1 FROM settings WHERE key LIKE 'final_files_pending:%'"):
            # The files of a final committed just before the process stopped are given their names.
            from mappa_desk.services import documents  # here: documents imports this module
            documents.finish_pending(db)
    except BaseException:
        db.close()
        raise
    return Session(vault, db, profile)


def create(data_dir, passphrase: str, *, kdf: KdfParams = DEFAULT_KDF, profile: Profile | None = None,
           actor: str | None = None) -> tuple[str, Session]:
    """Create a vault; returns (recovery key to show once, open session)."""
    vault = vault_at(data_dir)
    created = vault.create(passphrase, kdf=kdf, actor=actor)
    return created.recovery_key, _prepare(vault, created.database, profile)


def _remember(session: Session, db_key: bytes, remember: bool | None) -> Session:
    """True: keep a copy in the keyring; False: remove any copy; None: leave it as it is."""
    if remember is False:
        session.vault.forget()
    elif remember:
        try:
            session.vault.remember(db_key)
            session.remembered = True
        except KeyringUnavailable as err:
            session.note = str(err)
    return session


def unlock(data_dir, passphrase: str, *, remember: bool | None = None, actor: str | None = None,
           profile: Profile | None = None) -> Session:
    vault = vault_at(data_dir)
    key = vault.key_from_passphrase(passphrase)
    return _remember(_prepare(vault, vault.open(key, actor=actor), profile), key, remember)


def unlock_with_recovery_key(data_dir, recovery_key: str, new_passphrase: str | None = None, *,
                             actor: str | None = None, profile: Profile | None = None) -> Session:
    """Recovery path: opens with the recovery key and, if given, sets a new passphrase."""
    vault = vault_at(data_dir)
    key = vault.key_from_recovery(recovery_key)
    if new_passphrase is not None:
        vault.change_passphrase(key, new_passphrase)  # checked and written before the database is opened
    return _prepare(vault, vault.open(key, actor=actor), profile)


def unlock_from_keyring(data_dir, *, actor: str | None = None, profile: Profile | None = None) -> Session | None:
    """Opens with the key remembered on this computer, or returns None."""
    vault = vault_at(data_dir)
    key = vault.key_from_keyring()
    if key is None:
        return None
    session = _prepare(vault, vault.open(key, actor=actor), profile)
    session.remembered = True
    return session
