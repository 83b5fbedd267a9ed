"""Encrypted backups of the vault: made, checked, rotated, and restored without losing the current vault.

A backup is one file, `mappa-desk-backup-YYYYMMDD-HHMMSS.mdbackup`: a ZIP (stored, not
compressed: encrypted pages do not compress) holding `manifest.json` (format, when, the
vault's random id), `vault.key` (the key file: only the database key wrapped under the
passphrase and the recovery key) and `vault.db` (the SQLCipher pages, copied as they are,
never decrypted). One file, because a backup is moved, rotated and chosen in a file dialog
as one thing; with its key file inside, the passphrase of the day it was made restores it.

The session holds no database key (it is dropped after unlock), so the copy is made from
the checkpointed file under a read transaction and checked through the live connection
(ATTACH without KEY uses the same key). `sqlcipher_export` was tried and rejected: it
does not copy `user_version`, so a restored vault would re-run every migration.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import errno
import json
import os
import re
import shutil
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

import sqlcipher3

from mappa_desk import paths
from mappa_desk.errors import DatabaseDamaged, DatabaseTooNew, UserFacingError, WrongSecret, describe_os_error
from mappa_desk.files import fsync_dir
from mappa_desk.storage import migrations
from mappa_desk.storage.database import sidecar_files
from mappa_desk.vault.keyfile import KeyFile

FORMAT = "mappa-desk-backup"
FORMAT_VERSION = 1
SUFFIX = ".mdbackup"
DEFAULT_KEEP = 10
DEFAULT_FOLDER_NAME = "backups"
_NAME = re.compile(r"^mappa-desk-backup-(\d{8})-(\d{6})(?:-(\d+))?\.mdbackup$")
_MANIFEST, _KEY, _DB = "manifest.json", paths.KEY_FILE_NAME, paths.DATABASE_FILE_NAME

# Settings rows (in the vault: nothing about backups is kept outside it).
FOLDER_SETTING, KEEP_SETTING = "backup_folder", "backup_keep"
LAST_DAY_SETTING, LAST_AT_SETTING = "backup_last_day", "backup_last_at"


@dataclass(frozen=True)
class Restored:
    """Where the restored vault came from, and where the one it replaced was kept."""

    backup: Path
    kept_aside: Path | None  # None when there was no vault to keep


# -- settings ------------------------------------------------------------------------------

def _setting(session, key: str) -> str | None:
    return session.db.scalar("SELECT value FROM settings WHERE key = ?", (key,))


def backup_folder(session) -> Path:
    """The chosen folder, else `backups` beside the vault (protects against damage, not against losing the laptop)."""
    chosen = _setting(session, FOLDER_SETTING)
    return Path(chosen) if chosen else session.vault.folder / DEFAULT_FOLDER_NAME


def keep_count(session) -> int:
    try:
        return max(1, int(_setting(session, KEEP_SETTING) or DEFAULT_KEEP))
    except ValueError:
        return DEFAULT_KEEP


def set_backup_settings(session, *, folder: str | Path | None = None, keep: int | None = None) -> None:
    """Set the backup folder and/or how many backups to keep (one transaction)."""
    if keep is not None and keep < 1:
        raise UserFacingError("Keep at least one backup.")
    with session.db.transaction():
        if folder is not None:
            session.db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                               (FOLDER_SETTING, str(Path(folder).expanduser().resolve())))
        if keep is not None:
            session.db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (KEEP_SETTING, str(keep)))


# -- making a backup ---------------------------------------------------------------------

def _name_for(folder: Path, now: _dt.datetime) -> Path:
    stem = f"mappa-desk-backup-{now:%Y%m%d-%H%M%S}"
    path, n = folder / f"{stem}{SUFFIX}", 1
    while path.exists():  # two backups in one second: never replace one
        path, n = folder / f"{stem}-{n}{SUFFIX}", n + 1
    return path


def _copy_database(db, target: Path) -> None:
    """Copy the checkpointed database file, pages still encrypted, while no write can land in it."""
    busy = db.query("PRAGMA wal_checkpoint(TRUNCATE)")[0][0]
    if busy:
        raise UserFacingError("The database is busy, so the backup was not made. Try again in a moment.")
    db.execute("BEGIN")  # a read transaction: a checkpoint cannot write past our snapshot
    try:
        db.scalar("SELECT count(*) FROM sqlite_master")
        with open(db.path, "rb") as src, open(target, "wb") as dst:
            shutil.copyfileobj(src, dst, 1 << 20)
            dst.flush()
            os.fsync(dst.fileno())
    finally:
        db.execute("COMMIT")


def _check_through_live_connection(db, copy: Path) -> None:
    """The copy opens with the vault's key and passes SQLCipher's and SQLite's integrity checks."""
    db.execute("ATTACH DATABASE ? AS backup_check", (f"{copy.resolve().as_uri()}?mode=ro",))
    try:
        problems = [row[0] for row in db.query("PRAGMA backup_check.cipher_integrity_check")]
        problems += [row[0] for row in db.query("PRAGMA backup_check.integrity_check") if row[0] != "ok"]
        same_version = db.scalar("PRAGMA backup_check.user_version") == db.scalar("PRAGMA main.user_version")
    except (sqlcipher3.DatabaseError, DatabaseDamaged) as err:  # damage in the copy, read through our connection
        problems, same_version = [str(err)], True
    finally:
        db.execute("DETACH DATABASE backup_check")
    if problems or not same_version:
        raise UserFacingError("The backup failed its check after it was written, so it was not kept. "
                              "Your vault is unchanged; check the backup folder's disk and try again.")


def _write_container(path: Path, manifest: dict, key_bytes: bytes, db_file: Path) -> None:
    with open(path, "wb") as raw:
        with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr(_MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
            zf.writestr(_KEY, key_bytes)
            zf.write(db_file, _DB)
        raw.flush()
        os.fsync(raw.fileno())
    with zipfile.ZipFile(path) as zf:  # read back: each member's CRC against what was written
        if zf.testzip() is not None or sorted(zf.namelist()) != sorted((_MANIFEST, _KEY, _DB)):
            raise UserFacingError("The backup failed its check after it was written, so it was not kept. "
                                  "Your vault is unchanged; check the backup folder's disk and try again.")


@contextlib.contextmanager
def _work_folder(folder: Path, what: str):
    """A private temporary folder inside `folder` (same disk, so the final rename is atomic)."""
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # private, like the vault's own folder
        work = Path(tempfile.mkdtemp(prefix=".mappa-desk-tmp-", dir=folder))
    except OSError as err:
        raise describe_os_error(err, what) from err
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def make_backup(session, folder: str | Path | None = None, now: _dt.datetime | None = None) -> Path:
    """Write a checked backup into `folder` (default: the chosen backup folder); rotate only after it checked out."""
    folder = Path(folder) if folder is not None else backup_folder(session)
    now = now or _dt.datetime.now()
    keyfile = session.vault.read_keyfile()
    manifest = {"format": FORMAT, "version": FORMAT_VERSION, "created_at": now.isoformat(timespec="seconds"),
                "vault_id": keyfile.vault_id, "key_id": keyfile.key_id, "schema_version": session.db.schema_version}
    what = f"the backup in {folder}"
    with _work_folder(folder, what) as work:
        try:
            copy = work / _DB
            _copy_database(session.db, copy)
            _check_through_live_connection(session.db, copy)
            container = work / f"backup{SUFFIX}"
            _write_container(container, manifest, keyfile.to_bytes(), copy)
            final = _name_for(folder, now)
            os.replace(container, final)
            fsync_dir(folder)
        except OSError as err:
            raise describe_os_error(err, what) from err
        except zipfile.BadZipFile as err:
            raise UserFacingError("The backup failed its check after it was written, so it was not kept. "
                                  "Your vault is unchanged; check the backup folder's disk and try again.") from err
    with session.db.transaction():
        session.db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)",
                           (LAST_DAY_SETTING, now.date().isoformat()))
        session.db.execute("INSERT OR REPLACE INTO settings (key, value) "
                           "VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", (LAST_AT_SETTING,))
    rotate(folder, keep_count(session), keyfile.vault_id, newest=final)
    return final


def backups_in(folder: Path, vault_id: str | None = None) -> list[Path]:
    """This vault's backups in `folder`, oldest first (by the time in the name)."""
    found = []
    for path in Path(folder).glob(f"mappa-desk-backup-*{SUFFIX}"):
        match = _NAME.match(path.name)
        if not match:
            continue
        if vault_id is not None:
            try:
                with zipfile.ZipFile(path) as zf:
                    if json.loads(zf.read(_MANIFEST)).get("vault_id") != vault_id:
                        continue  # another vault's backup, in a shared folder: not ours to delete
            except (OSError, zipfile.BadZipFile, KeyError, ValueError):
                continue
        found.append((match.group(1), match.group(2), int(match.group(3) or 0), path))
    return [entry[-1] for entry in sorted(found)]


def rotate(folder: Path, count: int, vault_id: str, *, newest: Path | None = None) -> list[Path]:
    """Delete this vault's backups beyond the newest `count`; never `newest`. Returns what was deleted."""
    deleted = []
    for old in backups_in(folder, vault_id)[:-count]:
        if newest is not None and old == newest:
            continue
        with contextlib.suppress(FileNotFoundError):
            old.unlink()
            deleted.append(old)
    return deleted


def changed_since_last_backup(session) -> bool:
    """Has anything but the backup stamps themselves been written since the last backup?"""
    last = _setting(session, LAST_AT_SETTING)
    if not last:
        return True
    try:
        return bool(session.db.scalar(
            "SELECT EXISTS (SELECT 1 FROM audit_log WHERE at > ? AND NOT (table_name = 'settings' "
            "AND json_extract(detail, '$.key') LIKE 'backup%'))", (last,)))
    except sqlcipher3.DatabaseError:
        return True  # cannot tell: a backup too many is better than one too few


def backup_if_due(session, folder: str | Path | None, now: _dt.datetime, *, closing: bool = False) -> Path | None:
    """Daily: the first time on each calendar day. Closing: if anything changed since the last backup."""
    if closing:
        due = changed_since_last_backup(session) or _setting(session, LAST_DAY_SETTING) != now.date().isoformat()
    else:
        due = _setting(session, LAST_DAY_SETTING) != now.date().isoformat()
    return make_backup(session, folder, now) if due else None


# -- restoring -----------------------------------------------------------------------------

_DAMAGED = ("The backup {name} is damaged or has been changed, so it cannot be restored. "
            "Choose another backup; your current vault has not been touched.")


def _read_container(backup_file: Path) -> tuple[dict, bytes, zipfile.ZipFile]:
    name = backup_file.name
    try:
        zf = zipfile.ZipFile(backup_file)
    except FileNotFoundError:
        raise UserFacingError(f"There is no backup file {backup_file}. Check the name and try again.") from None
    except OSError as err:
        raise describe_os_error(err, f"the backup {name}") from err
    except zipfile.BadZipFile:
        raise UserFacingError(_DAMAGED.format(name=name)) from None
    try:
        manifest = json.loads(zf.read(_MANIFEST))
        if manifest.get("format") != FORMAT:
            raise ValueError("not a backup")
        if manifest.get("version") != FORMAT_VERSION:
            zf.close()
            raise UserFacingError(f"The backup {name} was made by a newer version of MAPPA Desk. Install that version "
                                  "to restore it; your current vault has not been touched.")
        key_bytes = zf.read(_KEY)
        zf.getinfo(_DB)
    except (KeyError, ValueError, zipfile.BadZipFile, AttributeError):
        zf.close()
        raise UserFacingError(_DAMAGED.format(name=name)) from None
    return manifest, key_bytes, zf


def _check_copy(db_file: Path, key: bytes, name: str) -> None:
    """Open the staged copy with the key: every page's HMAC, the b-trees, and a schema this version knows."""
    conn = sqlcipher3.connect(f"{db_file.resolve().as_uri()}?mode=rw", uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        problems = [row[0] for row in conn.execute("PRAGMA cipher_integrity_check")]
        problems += [row[0] for row in conn.execute("PRAGMA integrity_check") if row[0] != "ok"]
    except sqlcipher3.DatabaseError as err:
        if "full" in str(err).lower():
            raise describe_os_error(OSError(errno.ENOSPC, "No space left on device"), "the restored vault") from err
        problems = [str(err)]
    finally:
        conn.close()
    if problems:
        raise UserFacingError(_DAMAGED.format(name=name))
    if version > migrations.latest_version():
        raise DatabaseTooNew(f"The backup {name} was made by a newer version of MAPPA Desk. Install that version "
                             "to restore it; your current vault has not been touched.")


def restore(data_dir: str | Path | None, backup_file: str | Path, passphrase: str,
            now: _dt.datetime | None = None) -> Restored:
    """Check the backup opens with `passphrase` and is sound, THEN keep the current vault aside and put it in place.

    The vault must not be open. The passphrase is the one the vault had when the backup was made.
    """
    backup_file = Path(backup_file)
    name = backup_file.name
    folder = paths.data_dir(data_dir)
    now = now or _dt.datetime.now()
    manifest, key_bytes, zf = _read_container(backup_file)
    with zf:
        keyfile = KeyFile.from_bytes(key_bytes) if _looks_like_keyfile(key_bytes) else None
        if keyfile is None:
            raise UserFacingError(_DAMAGED.format(name=name))
        try:
            key = keyfile.unwrap_with_passphrase(passphrase)
        except WrongSecret:
            raise WrongSecret(f"That passphrase doesn't open the backup {name}. Use the passphrase the vault had "
                              "when the backup was made; your current vault has not been touched.") from None
        except UserFacingError:
            raise UserFacingError(_DAMAGED.format(name=name)) from None
        with _work_folder(folder, "the restored vault") as stage:
            try:
                with zf.open(_DB) as src, open(stage / _DB, "wb") as dst:
                    shutil.copyfileobj(src, dst, 1 << 20)
                    dst.flush()
                    os.fsync(dst.fileno())
                (stage / _KEY).write_bytes(key_bytes)
            except OSError as err:
                raise describe_os_error(err, "the restored vault") from err
            except zipfile.BadZipFile:
                raise UserFacingError(_DAMAGED.format(name=name)) from None
            _check_copy(stage / _DB, key, name)
            for extra in sidecar_files(stage / _DB)[1:]:
                with contextlib.suppress(FileNotFoundError):
                    extra.unlink()
            # Only now is the current vault touched: moved aside whole, never overwritten or deleted.
            kept = _move_current_aside(folder, now)
            try:
                os.replace(stage / _KEY, folder / _KEY)
                os.replace(stage / _DB, folder / _DB)
                fsync_dir(folder)
            except OSError as err:
                if kept is not None:
                    _put_back(kept, folder)
                raise describe_os_error(err, "the restored vault") from err
    return Restored(backup_file, kept)


def predates_current_key(backup_file: str | Path, current: KeyFile) -> bool:
    """Was the backup made under an earlier database key than the vault's `current` key file (before a
    `rotate-key`)? Such a backup opens only with the passphrase or recovery key of its own time. Told by the
    key check (a commitment to the key), so backups made before key ids were recorded answer too."""
    _, key_bytes, zf = _read_container(Path(backup_file))
    zf.close()
    return KeyFile.from_bytes(key_bytes).check != current.check


def _looks_like_keyfile(data: bytes) -> bool:
    try:
        KeyFile.from_bytes(data)
    except UserFacingError:
        return False
    return True


def _move_current_aside(folder: Path, now: _dt.datetime) -> Path | None:
    current = [p for p in (folder / _KEY, *sidecar_files(folder / _DB)) if p.exists()]
    if not current:
        return None
    aside = folder / f"vault-before-restore-{now:%Y%m%d-%H%M%S}"
    n = 1
    while aside.exists():
        aside, n = folder / f"vault-before-restore-{now:%Y%m%d-%H%M%S}-{n}", n + 1
    try:
        aside.mkdir(mode=0o700)
    except OSError as err:
        raise describe_os_error(err, "the data folder") from err
    try:
        for path in current:
            os.replace(path, aside / path.name)
        fsync_dir(aside)
        fsync_dir(folder)
    except OSError as err:
        _put_back(aside, folder)
        raise describe_os_error(err, "the data folder") from err
    return aside


def _put_back(aside: Path, folder: Path) -> None:
    """Undo a half-done restore: the vault's own files go back where they were (renames on one disk)."""
    for path in aside.iterdir():
        with contextlib.suppress(OSError):
            os.replace(path, folder / path.name)
    with contextlib.suppress(OSError):
        aside.rmdir()
