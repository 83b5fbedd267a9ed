"""Restoring a backup in two steps: check everything and say what will be set aside, then swap.

`prepare_restore` reads the backup and refuses it, with a sentence and before the live vault is
touched, if it is not whole: the database's size and SHA-256 are in the manifest and are checked
while it is copied out, counting the bytes as they are read (a ZIP header can lie), against a hard
ceiling and the free space on the disk; the copy must open with the backup's key and pass
SQLCipher's and SQLite's checks. It then compares the backup with the current vault (audit
entries, meetings, individuals) so the person can see what the restore sets aside before they
confirm. A backup of another vault is named as such and needs its own confirmation
(`allow_other_vault`): a person who made a new, empty vault on a replacement laptop must be able
to put their real one back, and the current vault is kept aside whole either way.

`apply_restore` writes the restore into the staged copy's settings (audited, so it lands in the
restored vault's audit chain), then swaps through the restore journal (`vault.restore_journal`),
so a kill at any step is finished at the next start.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import sqlcipher3

from mappa_desk import paths
from mappa_desk.errors import DatabaseTooNew, UserFacingError, WrongSecret, describe_os_error
from mappa_desk.services import anchors, backup
from mappa_desk.services.restore_compare import Comparison, compare_with_key, compare_with_session_db
from mappa_desk.storage import audio as recordings_store, audit, migrations, restores as stored, settings
from mappa_desk.storage.database import Database, sidecar_files
from mappa_desk.vault import default_actor, restore_journal
from mappa_desk.vault.keyfile import KeyFile

MAX_DATABASE_BYTES = 64 * 1024 ** 3  # far above any real vault (the 2.5 GB benchmark), far below a full disk
SPACE_MARGIN = 64 * 1024 * 1024  # room left on the disk after the copy: the restored vault's log, the audit row
RESTORE_SETTING = "last_restore"
_CHUNK = 1 << 20
_NEEDED_TABLES = {"settings", "audit_log", "individuals", "meetings"}


class OtherVault(UserFacingError):
    """The backup is of another vault: restoring it needs its own, explicit confirmation."""


@dataclass
class RestorePlan:
    """A checked backup, staged beside the vault and not yet in place."""

    backup_file: Path
    folder: Path
    stage: Path
    manifest: dict
    backup_vault_id: str
    current_vault_id: str | None  # None: no vault (or no readable key file) in the folder
    comparison: Comparison | None  # None: no vault, or it could not be opened to compare
    key: bytes = field(repr=False, default=b"")
    predates_key: bool = False  # made under an earlier database key than the current vault's (before a rotation)

    @property
    def other_vault(self) -> bool:
        return self.current_vault_id is not None and self.current_vault_id != self.backup_vault_id

    @property
    def has_current(self) -> bool:
        return any(p.exists() for p in (self.folder / paths.KEY_FILE_NAME, *sidecar_files(self.folder / paths.DATABASE_FILE_NAME)))


def _refuse(name: str, why: str) -> UserFacingError:
    return UserFacingError(f"The backup {name} {why}, so it cannot be restored. Choose another backup; "
                           "your current vault has not been touched.")


def _expected_size(manifest: dict, info, name: str) -> tuple[int, str | None]:
    """The database's size from the manifest (checked against the ZIP header and the ceiling), and its SHA-256."""
    if manifest.get("version", 1) >= 2:
        size, digest = manifest.get("database_bytes"), manifest.get("database_sha256")
        if not isinstance(size, int) or isinstance(size, bool) or not isinstance(digest, str) or len(digest) != 64:
            raise _refuse(name, "is damaged or has been changed")
    else:  # made before the manifest recorded it: the header's word, bounded all the same
        size, digest = info.file_size, None
    if size == 0:
        raise _refuse(name, "holds an empty database (0 bytes)")
    if size < 0 or size > MAX_DATABASE_BYTES:
        raise _refuse(name, f"says its database is {size:,} bytes, more than MAPPA Desk restores "
                            f"({MAX_DATABASE_BYTES // 1024 ** 3} GB)")
    if info.file_size != size:
        raise _refuse(name, "is damaged or has been changed")
    return size, digest


def _check_space(folder: Path, size: int) -> None:
    try:
        free = shutil.disk_usage(folder).free
    except OSError as err:
        raise describe_os_error(err, "the data folder") from err
    if free < size + SPACE_MARGIN:
        raise UserFacingError(f"There is not enough free space in {folder} to restore this backup: it needs about "
                              f"{(size + SPACE_MARGIN) / 1024 ** 2:,.0f} MB and {free / 1024 ** 2:,.0f} MB are free. "
                              "Free some space and try again; your current vault has not been touched.")


def _extract(zf, stage: Path, size: int, digest: str | None, name: str) -> None:
    """Copy the database out, counting: never more than `size` bytes are written, whatever the header says."""
    sha, count = hashlib.sha256(), 0
    with zf.open(backup.DB_MEMBER) as src, backup._private(stage / paths.DATABASE_FILE_NAME) as dst:
        while True:
            chunk = src.read(min(_CHUNK, size - count + 1))
            if not chunk:
                break
            count += len(chunk)
            if count > size:
                raise _refuse(name, "holds more data than its manifest says")
            sha.update(chunk)
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())
    if count != size or (digest is not None and sha.hexdigest() != digest):
        raise _refuse(name, "is damaged or has been changed (its database is not the one its manifest describes)")


def _check_copy(db_file: Path, key: bytes, name: str, anchor) -> None:
    """Open the staged copy with the key: every page's HMAC, the b-trees, a vault's tables, a schema we know,
    and an audit trail that still holds the chain head its manifest recorded (when it recorded one)."""
    conn = sqlcipher3.connect(f"{db_file.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None)
    rewritten = ""
    try:
        stored.unlock(conn, key)
        version = stored.user_version(conn)
        tables = stored.table_names(conn)
        problems = stored.integrity_problems(conn)
        if not problems and anchor is not None and "audit_log" in tables:
            rewritten = audit.anchor_problem(conn, anchor)
    except sqlcipher3.DatabaseError as err:
        if "full" in str(err).lower():
            raise describe_os_error(OSError(errno.ENOSPC, "No space left on device"), "the restored vault") from err
        problems, version, tables = [str(err)], 0, set()
    finally:
        conn.close()
    if problems:
        raise _refuse(name, "is damaged or has been changed (its database does not open with its key)")
    if rewritten:
        raise _refuse(name, "has been changed since it was made (its audit trail is not the one its manifest recorded)")
    if version < 1 or not _NEEDED_TABLES <= tables:
        raise _refuse(name, "does not hold a MAPPA Desk vault")
    if version > migrations.latest_version():
        raise DatabaseTooNew(f"The backup {name} was made by a newer version of MAPPA Desk. Install that version "
                             "to restore it; your current vault has not been touched.")


# -- the two steps --------------------------------------------------------------------------------

def prepare_restore(data_dir, backup_file, passphrase: str, *, current_db=None,
                    current_key: bytes | None = None) -> RestorePlan:
    """Check the backup whole and stage it beside the vault; nothing of the current vault is touched.

    To say what will be set aside, give the open session's `current_db`, or the current vault's key.
    """
    backup_file, folder = Path(backup_file), paths.data_dir(data_dir)
    name = backup_file.name
    if folder.is_dir():
        restore_journal.recover(folder)  # a restore interrupted before this one is finished first
    manifest, key_bytes, zf = backup.read_container(backup_file)
    with zf:
        try:
            keyfile = KeyFile.from_bytes(key_bytes)
        except UserFacingError:
            raise _refuse(name, "is damaged or has been changed") from None
        if manifest.get("vault_id") != keyfile.vault_id:
            raise _refuse(name, "is damaged or has been changed (its manifest and key file are of different vaults)")
        size, digest = _expected_size(manifest, zf.getinfo(backup.DB_MEMBER), name)
        try:
            key = keyfile.unwrap_with_passphrase(passphrase)
        except WrongSecret:
            raise WrongSecret(f"That passphrase doesn't open the backup {name}. Use the passphrase the vault had "
                              "when the backup was made; your current vault has not been touched.") from None
        except UserFacingError:
            raise _refuse(name, "is damaged or has been changed") from None
        try:
            folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        except OSError as err:
            raise describe_os_error(err, "the data folder") from err
        _check_space(folder, size)
        try:
            stage = restore_journal.make_work_folder(folder)
        except OSError as err:
            raise describe_os_error(err, "the data folder") from err
        try:
            try:
                _extract(zf, stage, size, digest, name)
                with backup._private(stage / paths.KEY_FILE_NAME) as out:
                    out.write(key_bytes)
                    out.flush()
                    os.fsync(out.fileno())
            except OSError as err:
                raise describe_os_error(err, "the restored vault") from err
            except Exception as err:  # zipfile's own errors (bad CRC, truncated member)
                if isinstance(err, UserFacingError):
                    raise
                raise _refuse(name, "is damaged or has been changed") from None
            _check_copy(stage / paths.DATABASE_FILE_NAME, key, name,
                        audit.Anchor.from_manifest(manifest.get("audit_head"), f"backup {name}"))
            for extra in sidecar_files(stage / paths.DATABASE_FILE_NAME)[1:]:
                with contextlib.suppress(FileNotFoundError):
                    extra.unlink()
            current = _current_keyfile(folder)
            plan = RestorePlan(backup_file, folder, stage, manifest, keyfile.vault_id,
                               current.vault_id if current else None, None, key,
                               predates_key=current is not None and current.check != keyfile.check)
            plan.comparison = _comparison(plan, current_db, current_key)
            return plan
        except BaseException:
            shutil.rmtree(stage, ignore_errors=True)
            raise


def _current_keyfile(folder: Path) -> KeyFile | None:
    try:
        return KeyFile.from_bytes((folder / paths.KEY_FILE_NAME).read_bytes())
    except (OSError, UserFacingError):
        return None


def compare_with(plan: RestorePlan, *, current_db=None, current_key: bytes | None = None) -> Comparison | None:
    """Compare the staged backup with the current vault (its open session's database, or its key)."""
    plan.comparison = _comparison(plan, current_db, current_key)
    return plan.comparison


def _comparison(plan: RestorePlan, current_db, current_key: bytes | None) -> Comparison | None:
    stage_db = plan.stage / paths.DATABASE_FILE_NAME
    try:
        if current_db is not None:
            return compare_with_session_db(current_db, stage_db, plan.key)
        if current_key is not None and (plan.folder / paths.DATABASE_FILE_NAME).exists():
            return compare_with_key(plan.folder / paths.DATABASE_FILE_NAME, current_key, stage_db, plan.key)
    except sqlcipher3.DatabaseError:
        return None  # the current vault could not be read: it is kept aside whole all the same
    return None


def discard(plan: RestorePlan) -> None:
    """The person said no: the staged copy goes, nothing else was touched."""
    shutil.rmtree(plan.stage, ignore_errors=True)


def describe(plan: RestorePlan) -> str:
    """What the restore will do, for the confirmation: another vault, what is set aside, the recordings."""
    made = plan.manifest.get("created_at", "an unknown time")
    lines = [f"The backup {plan.backup_file.name} was made at {made} (by the clock of the computer that made it)."]
    if plan.other_vault:
        lines.append(f"It is a backup of ANOTHER vault (vault {plan.backup_vault_id[:8]}…), not of the vault in "
                     f"{plan.folder} (vault {plan.current_vault_id[:8]}…). Restoring it puts that other vault in "
                     "place of this one.")
    if plan.predates_key and not plan.other_vault:
        lines.append("It was made before the vault's key was last changed: it opens only with the passphrase (or "
                     "recovery key) of its time, and restoring it brings that earlier key back.")
    if not plan.has_current:
        lines.append("There is no vault in this folder now, so nothing is set aside.")
        return " ".join(lines)
    c = plan.comparison
    if c is None:
        lines.append("The current vault could not be opened to compare it with the backup (its passphrase is not "
                     "the backup's), so MAPPA Desk cannot say what in it is newer.")
    elif c.newer_changes == 0:
        lines.append("The current vault holds no change that is not in the backup.")
    else:
        lines.append(f"The current vault holds {c.newer_changes:,} change{'s' if c.newer_changes != 1 else ''} "
                     f"(audit entries) that {'are' if c.newer_changes != 1 else 'is'} not in the backup: "
                     f"{c.meetings[0]:,} meetings and {c.individuals[0]:,} individuals now, against "
                     f"{c.meetings[1]:,} and {c.individuals[1]:,} in the backup. Restoring sets them aside.")
    if c is not None and c.recordings:
        lines.append(f"Backups hold no audio recordings: the {c.recordings} recording"
                     f"{'s' if c.recordings != 1 else ''} in the current vault stay{'s' if c.recordings == 1 else ''} "
                     "only in the vault set aside.")
    lines.append(f"The current vault is not deleted: it is moved, unchanged, into a folder named "
                 f"vault-before-restore-(date and time) in {plan.folder}.")
    return " ".join(lines)


@dataclass(frozen=True)
class Restored:
    """Where the restored vault came from, and where the one it replaced was kept."""

    backup: Path
    kept_aside: Path | None  # None when there was no vault to keep


def _other_vault_sentence(plan: RestorePlan) -> str:
    return (f"The backup {plan.backup_file.name} is of another vault (vault {plan.backup_vault_id[:8]}…), not of "
            f"the vault in {plan.folder} (vault {plan.current_vault_id[:8]}…). Nothing was changed. To put that "
            "vault in place of this one (this one is kept aside, unchanged), confirm that you mean the other vault.")


def _write_restore_note(plan: RestorePlan, now: _dt.datetime, actor: str | None) -> None:
    """Into the staged copy's settings, which are audited: the restore is in the restored vault's chain."""
    c = plan.comparison
    note = {"backup": plan.backup_file.name, "at": now.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
            "backup_made_at": plan.manifest.get("created_at"), "backup_sequence": plan.manifest.get("sequence"),
            "other_vault": plan.other_vault, "set_aside_changes": c.newer_changes if c else None,
            "set_aside": bool(plan.has_current)}
    db = Database.open(plan.stage / paths.DATABASE_FILE_NAME, plan.key, actor or default_actor())
    try:
        # A backup made by an earlier version may hold recordings: none comes back (see services.backup).
        recordings = recordings_store.count_all(db)
        note["recordings_left_out"] = recordings
        with db.transaction():
            if recordings:
                recordings_store.delete_all(db)
            settings.replace(db, RESTORE_SETTING, json.dumps(note, sort_keys=True))
            anchors.mark_restored(db)  # the anchors of the vault set aside are not held against this one
        if recordings:
            db.checkpoint()
            recordings_store.vacuum(db)
        db.checkpoint()
    finally:
        db.close()
    for extra in sidecar_files(plan.stage / paths.DATABASE_FILE_NAME)[1:]:
        with contextlib.suppress(FileNotFoundError):
            extra.unlink()


def apply_restore(plan: RestorePlan, *, allow_other_vault: bool = False, now: _dt.datetime | None = None,
                  actor: str | None = None) -> Restored:
    """Put the checked backup in place; the current vault is moved aside whole. The vault must not be open."""
    if plan.other_vault and not allow_other_vault:
        discard(plan)
        raise OtherVault(_other_vault_sentence(plan))
    now = now or _dt.datetime.now()
    folder, stage = plan.folder, plan.stage
    try:
        _write_restore_note(plan, now, actor)
    except BaseException:
        discard(plan)
        raise
    restore_journal._step("restore written in the audit trail")
    lock = restore_journal.holding(folder)
    try:
        lock.acquire()
    except (OSError, restore_journal.filelock.Timeout) as err:
        discard(plan)
        raise UserFacingError("Another restore of this vault is running, so this one was not started. Nothing "
                              "was changed.") from err
    try:
        aside = restore_journal.begin(folder, stage, f"{now:%Y%m%d-%H%M%S}", plan.backup_file.name)
        restore_journal._step("journal written")
        try:
            had_current = restore_journal.swap(folder, stage, aside)
        except OSError as err:
            restore_journal.roll_back(folder, stage, aside)
            discard(plan)
            raise describe_os_error(err, "the restored vault") from err
        restore_journal.finish(folder, stage)
    finally:
        lock.release()
    return Restored(plan.backup_file, aside if had_current else None)


def restore(data_dir, backup_file, passphrase: str, now: _dt.datetime | None = None, *,
            allow_other_vault: bool = False, current_key: bytes | None = None) -> Restored:
    """Both steps at once, for callers that have asked already (the self-test, scripts with --yes)."""
    if current_key is None:
        with contextlib.suppress(UserFacingError, OSError):
            folder = paths.data_dir(data_dir)
            current_key = KeyFile.from_bytes((folder / paths.KEY_FILE_NAME).read_bytes()).unwrap_with_passphrase(
                passphrase)
    plan = prepare_restore(data_dir, backup_file, passphrase, current_key=current_key)
    return apply_restore(plan, allow_other_vault=allow_other_vault, now=now)
