"""Opening a vault: create, unlock (passphrase, recovery key, keyring), and the open session."""

from __future__ import annotations

import contextlib
import datetime as _dt
from dataclasses import dataclass, field
from pathlib import Path

from mappa_desk import paths
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, Profile, has_jurisdiction, load_profile
from mappa_desk.errors import KeyringUnavailable, UserFacingError
from mappa_desk.storage import agencies, home, settings
from mappa_desk.storage import documents as stored_documents
from mappa_desk.storage.database import Database
from mappa_desk.vault import DEFAULT_KDF, KdfParams, Vault, keyring_cache
from mappa_desk.vault import lock as vault_lock


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
    hold: vault_lock.Hold | None = field(default=None, repr=False)  # this session's hold on the vault's lock

    def counts(self) -> dict:
        return {
            "individuals": home.individual_count(self.db),
            "meetings": home.meeting_count(self.db),
        }

    def close(self) -> None:
        try:
            self.db.close()
        finally:
            if self.hold is not None:
                self.hold.release()


def vault_at(data_dir: str | Path | None = None) -> Vault:
    return Vault(paths.data_dir(data_dir))


@contextlib.contextmanager
def _held(data_dir, *, creating: bool = False):
    """The vault, under a hold on its lock taken before anything is read (re-entrant if this process has it).

    The caller hands the hold to the session it opens; on any failure it is given back here.
    """
    vault = vault_at(data_dir)
    if not creating and not vault.folder.exists():
        vault.read_keyfile()  # "There is no vault in … yet", without making a folder for a mistyped name
    hold = vault_lock.acquire(vault.folder)
    try:
        yield vault, hold
    except BaseException:
        hold.release()
        raise


def _held_by(session: Session, hold: vault_lock.Hold) -> Session:
    session.hold = hold
    return session


def keyring_available() -> bool:
    return keyring_cache.available()


class JurisdictionMissing(UserFacingError):
    """The vault names a jurisdiction this installation has no templates for."""


def _checked(jurisdiction: str) -> str:
    """The jurisdiction if templates/<it> is here; else a refusal (a plain folder name only)."""
    if not has_jurisdiction(jurisdiction):
        raise JurisdictionMissing(f"This vault was made for the jurisdiction '{jurisdiction}', which this MAPPA Desk "
                                  f"does not have (templates/{jurisdiction}). Nothing was opened.")
    return jurisdiction


def vault_jurisdiction(db: Database) -> str | None:
    """The jurisdiction the vault recorded when it was made (None: a vault from before vaults recorded it)."""
    return settings.value(db, "jurisdiction")


def _prepare(vault: Vault, db: Database, jurisdiction: str | None = None) -> Session:
    """The session of an opened database: `jurisdiction` when creating, else the one the vault recorded."""
    try:
        stored = vault_jurisdiction(db)
        # A vault from before vaults recorded their jurisdiction was Scottish: read as such, and recorded below.
        jurisdiction = _checked(stored if stored is not None else jurisdiction or DEFAULT_JURISDICTION)
        profile = load_profile(jurisdiction)
        with db.transaction():
            agencies.sync_from_profile(db, profile)
            settings.add_if_missing(db, "jurisdiction", jurisdiction)
            settings.add_if_missing(db, "created_at", utc_now())
        if stored_documents.any_pending_final(db):
            # The files of a final committed just before the process stopped are given their names.
            from mappa_desk.services import documents  # here: documents imports this module
            documents.finish_pending(db)
    except BaseException:
        db.close()
        raise
    return Session(vault, db, profile)


def create(data_dir, passphrase: str, *, kdf: KdfParams = DEFAULT_KDF, jurisdiction: str = DEFAULT_JURISDICTION,
           actor: str | None = None) -> tuple[str, Session]:
    """Create a vault for `jurisdiction` (a folder under templates/, recorded in the vault for good);
    returns (recovery key to show once, open session)."""
    with _held(data_dir, creating=True) as (vault, hold):
        _checked(jurisdiction)  # before anything is written
        created = vault.create(passphrase, kdf=kdf, actor=actor)
        return created.recovery_key, _held_by(_prepare(vault, created.database, jurisdiction), hold)


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


def unlock(data_dir, passphrase: str, *, remember: bool | None = None, actor: str | None = None, progress=None,
           should_stop=None) -> Session:
    """`progress` and `should_stop` follow and can stop an upgrade of an older vault (Database.open)."""
    with _held(data_dir) as (vault, hold):
        key = vault.key_from_passphrase(passphrase)
        session = _held_by(_prepare(vault, vault.open(key, actor=actor, progress=progress,
                                                      should_stop=should_stop)), hold)
    return _remember(session, key, remember)


def unlock_with_recovery_key(data_dir, recovery_key: str, new_passphrase: str | None = None, *,
                             actor: str | None = None, progress=None, should_stop=None) -> Session:
    """Recovery path: opens with the recovery key and, if given, sets a new passphrase."""
    with _held(data_dir) as (vault, hold):
        key = vault.key_from_recovery(recovery_key)
        if new_passphrase is not None:
            vault.change_passphrase(key, new_passphrase)  # checked and written before the database is opened
        return _held_by(_prepare(vault, vault.open(key, actor=actor, progress=progress, should_stop=should_stop)),
                        hold)


def unlock_from_keyring(data_dir, *, actor: str | None = None, progress=None, should_stop=None) -> Session | None:
    """Opens with the key remembered on this computer, or returns None."""
    with _held(data_dir) as (vault, hold):
        key = vault.key_from_keyring()
        if key is None:
            hold.release()
            return None
        session = _held_by(_prepare(vault, vault.open(key, actor=actor, progress=progress, should_stop=should_stop)),
                           hold)
    session.remembered = True
    return session
