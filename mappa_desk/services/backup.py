"""Encrypted backups of the vault: made, checked and rotated (restoring is in `services.restore`).

A backup is one file, `mappa-desk-backup-YYYYMMDD-HHMMSS.mdbackup`: a ZIP (stored, not
compressed: encrypted pages do not compress) holding `manifest.json`, `vault.key` (the key file:
only the database key wrapped under the passphrase and the recovery key) and `vault.db` (the
SQLCipher pages, never decrypted). One file, because a backup is moved, rotated and chosen in a
file dialog as one thing; with its key file inside, the passphrase of the day it was made
restores it.

The manifest (version 2) records the vault's random id, a sequence number the vault hands out
(backups are ordered and rotated by it, never by a clock, which can be wrong or forged), and the
database's byte size and SHA-256, which a restore checks while it copies the database out.

Audio recordings are never in a backup: they are deleted from the copy (secure_delete on, then
VACUUM) before it is checked and packed, so a recording destroyed at the final (guidance 11.18)
survives in no backup.

The session holds no database key (it is dropped after unlock), so the copy is made from
the file and its write-ahead log under a read transaction and checked through a connection that
already has the key (ATTACH without KEY uses it). That is the vault's read-only housekeeping connection
(`Database.housekeeping`, opened at unlock with the same key, before the key is dropped), so the
long work runs beside the user's, not in front of it: the app runs a backup on its own
"housekeeping" lane, and the connection the user's work goes through (the "db" lane) is held
only for a few short statements: the settings read, the copy's read snapshot (taken on the
housekeeping connection while the main one is held, so that no write lands before it is known how
much of the write-ahead log the copy needs; see `_copy_database`), and the transaction that records
the backup.
Reading the audit trail's head (a count of the whole trail), the file copy, the removal of
recordings, the checks, the SHA-256 and the packing hold it not at all.

Progress: `make_backup` and `backup_if_due` take an optional `progress(fraction, sentence)`, called from the
thread the backup runs on with the whole backup's fraction done (0 to 1, never going back) and a sentence for
its stage (`STAGES`): the copy, the SHA-256 and the packing by bytes, the rest by stage. To stop a backup, the
callback raises; it is also called (with the same fraction) while a long statement runs on the housekeeping
connection, and raising there interrupts the statement. Nothing of a stopped backup is kept.

A backup on close that has not finished is owed (`OWED_SETTING`, written before it starts and removed by the
transaction that records a backup): the next `backup_if_due` makes one whatever the day. The copy in a
backup never holds the mark, so a vault restored from it does not think a backup is owed.

`sqlcipher_export` was tried and rejected: it does not copy `user_version`, so a restored vault
would re-run every migration.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import hashlib
import json
import os
import shutil
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import sqlcipher3

from mappa_desk.errors import DatabaseDamaged, UserFacingError, describe_os_error
from mappa_desk.files import fsync_dir, private_opener, refuse_inside_vault
from mappa_desk.services import anchors
from mappa_desk.storage import audit, backups as stored, progress as watch, settings
from mappa_desk.storage.database import sidecar_files
from mappa_desk.services.backup_files import (  # noqa: F401 - part of this module's interface
    DB_MEMBER, FORMAT, FORMAT_VERSION, KEY_MEMBER, MANIFEST_MEMBER, READABLE_VERSIONS, SUFFIX, Entry, _order,
    _read_member, backups_in, json_member, read_container, rotate, survey)
from mappa_desk.vault import restore_journal
from mappa_desk.vault.keyfile import KeyFile

DEFAULT_KEEP = 10
DEFAULT_FOLDER_NAME = "backups"
_MANIFEST, _KEY, _DB = MANIFEST_MEMBER, KEY_MEMBER, DB_MEMBER
_COPY, _CHECK = "backup_copy", "backup_check"  # the names the copy is attached under (to clean it; to check it)
_CHECK_FAILED = ("The backup failed its check after it was written, so it was not kept. "
                 "Your vault is unchanged; check the backup folder's disk and try again.")

# Settings rows (in the vault: nothing about backups is kept outside it).
FOLDER_SETTING, KEEP_SETTING = "backup_folder", "backup_keep"
LAST_DAY_SETTING, LAST_AT_SETTING = "backup_last_day", "backup_last_at"
SEQUENCE_SETTING = "backup_sequence"  # the last number handed out to a backup
OWED_SETTING = "backup_owed_on_close"  # a backup on close started and has not been made yet (its start time)
LAST_ENTRY_SETTING = "backup_last_entry"  # the id of the last audit entry the last backup holds

Progress = Callable[[float, str], None]  # (the whole backup's fraction done, the stage's sentence)

# The stages of a backup, in order: (sentence, share of the whole). The shares are roughly those of a backup on
# close of the 2.5 GB benchmark vault (benchmarks/measure_backup_on_close.py); only the bar's pace depends on them.
STAGES = {
    "changes": ("Looking for changes since the last backup\u2026", 0.0),  # on close only; the bar waits at 0
    "copy": ("Copying the vault\u2026", 0.20),
    "recordings": ("Leaving audio recordings out of the copy\u2026", 0.01),
    "check": ("Checking the copy\u2026", 0.61),
    "sha": ("Checking the copy\u2026", 0.04),
    "pack": ("Packing the backup\u2026", 0.14),
}


def __getattr__(name):  # `backup.Restored`: where it lived before restoring had its own module
    if name == "Restored":
        from mappa_desk.services.restore import Restored
        return Restored
    raise AttributeError(name)


# -- settings ------------------------------------------------------------------------------

def _setting(session, key: str) -> str | None:
    return settings.value(session.db, key)


def backup_folder(session) -> Path:
    """The chosen folder, else `backups` beside the vault (protects against damage, not against losing the laptop)."""
    chosen = _setting(session, FOLDER_SETTING)
    return Path(chosen) if chosen else session.vault.folder / DEFAULT_FOLDER_NAME


def keep_count(session) -> int:
    try:
        return max(1, int(_setting(session, KEEP_SETTING) or DEFAULT_KEEP))
    except ValueError:
        return DEFAULT_KEEP


def refuse_folder_inside_vault(session, folder: str | Path) -> None:
    """Backups go outside the data folder, or into its own `backups` folder, which holds only backup files."""
    refuse_inside_vault(folder, session.vault.folder, "the backup", allowed=session.vault.folder / DEFAULT_FOLDER_NAME)


def set_backup_settings(session, *, folder: str | Path | None = None, keep: int | None = None) -> None:
    """Set the backup folder and/or how many backups to keep (one transaction)."""
    if keep is not None and keep < 1:
        raise UserFacingError("Keep at least one backup.")
    if folder is not None:
        refuse_folder_inside_vault(session, folder)
    with session.db.transaction():
        if folder is not None:
            settings.replace(session.db, FOLDER_SETTING, str(Path(folder).expanduser().resolve()))
        if keep is not None:
            settings.replace(session.db, KEEP_SETTING, str(keep))


# -- making a backup ---------------------------------------------------------------------

class _Report:
    """Turns each stage's own fraction into the whole backup's, for `progress`; a stop it raises is kept, so
    that a statement it interrupted fails as stopped, not as a failed check."""

    def __init__(self, progress: Progress | None):
        self.progress = progress
        self.stopped: BaseException | None = None
        self._start, self._share, self._sentence, self._done = 0.0, 0.0, "", 0.0

    def stage(self, name: str) -> Callable[[float], None]:
        """Begin stage `name`; returns the call that says how far into it the backup is (0 to 1)."""
        names = list(STAGES)
        self._start = sum(STAGES[n][1] for n in names[:names.index(name)])
        self._sentence, self._share = STAGES[name]
        self.at(0.0)
        return self.at

    def at(self, fraction: float) -> None:
        if self.progress is None:
            return
        self._done = max(self._done, min(1.0, self._start + self._share * min(max(fraction, 0.0), 1.0)))
        self.progress(self._done, self._sentence)

    def tick(self) -> bool:
        """From SQLite while a statement runs: say the work goes on; true (interrupt) once asked to stop."""
        if self.stopped is None:
            try:
                self.at(0.0)
            except BaseException as err:  # noqa: BLE001 - the caller's way of stopping the backup
                self.stopped = err
        return self.stopped is not None


_SYNC_EVERY = 32 << 20  # bytes written between two syncs of a large copy
_sync_data = getattr(os, "fdatasync", os.fsync)  # the data, not the times (Windows has fsync only)


_copied: contextvars.ContextVar[Callable[[int], None] | None] = contextvars.ContextVar("copied", default=None)


def _copy_file(src, dst, copied: Callable[[int], None] | None = None, synced=None) -> None:
    """Copy one open file into another, 1 MiB at a time, saying how many bytes have gone to `copied`.

    With `synced` (the open file the bytes land in), it is put on the disk every `_SYNC_EVERY` bytes: a large
    file synced only at its end left gigabytes waiting to be written, and an edit's own sync meanwhile could
    wait behind them (edits of up to half a second during the copy of the 2.5 GB benchmark vault, three in a
    copy; none or one over 100 ms once synced so: benchmarks/measure_housekeeping.py)."""
    done = pending = 0
    for chunk in iter(lambda: src.read(1 << 20), b""):
        dst.write(chunk)
        done += len(chunk)
        pending += len(chunk)
        if copied is not None:
            copied(done)
        if synced is not None and pending >= _SYNC_EVERY:
            synced.flush()
            _sync_data(synced.fileno())
            pending = 0


def _name_for(folder: Path, now: _dt.datetime) -> Path:
    stem = f"mappa-desk-backup-{now:%Y%m%d-%H%M%S}"
    path, n = folder / f"{stem}{SUFFIX}", 1
    while path.exists():  # two backups in one second (or a clock gone back): never replace one
        path, n = folder / f"{stem}-{n}{SUFFIX}", n + 1
    return path


def _private(path: Path):
    """A new file only the user can read (0600 on POSIX), whatever the umask; never over an existing one."""
    return open(path, "xb", opener=private_opener)


def _copy_log(vault_db: Path, target: Path, size: int | None = None) -> None:
    """Copy the vault's write-ahead log (its first `size` bytes; all of it if None) beside the copy `target`."""
    with contextlib.suppress(FileNotFoundError), open(stored.log_of(vault_db), "rb") as src:
        with _private(stored.log_of(target)) as dst:
            if size is None:
                shutil.copyfileobj(src, dst, 1 << 20)
            else:
                while dst.tell() < size and (chunk := src.read(min(1 << 20, size - dst.tell()))):
                    dst.write(chunk)
                if dst.tell() != size:
                    raise UserFacingError(_CHECK_FAILED)


def _copy_database(db, target: Path) -> audit.Anchor:
    """Copy the database as it stands at one moment, pages still encrypted: the file and its write-ahead
    log; return the audit chain's head in the copy (read under the same snapshot, so the copy holds exactly it).

    The main connection is held only while the housekeeping connection takes its read snapshot and reads
    how much of the log the snapshot needs (`stored.log_in_use`): no write lands between the two. Under
    that snapshot, with the main connection free, those frames are copied (the log is not started again
    while the snapshot reads it), the head read and the file copied. Meanwhile a checkpoint may copy into
    the file only pages of the log up to the snapshot, all of which are in the copied log (or none at all
    when the snapshot needs no log), so the file's copy with the log's brought into it (`stored.fold_log`)
    is the database at the snapshot, whatever the checkpointer did during the copy
    (tests/services/test_backup_snapshot.py); the copy's last audit entry is checked against the head.
    When the log's index cannot be read, the whole log is copied while the main connection is held.
    """
    reader, log = db.housekeeping, stored.log_of(target)
    with contextlib.ExitStack() as snapshot:
        with db.held():
            snapshot.enter_context(stored.read_snapshot(reader))
            needed = stored.log_in_use(db.path)
            if needed is None:
                _copy_log(db.path, target)
        if needed:
            _copy_log(db.path, target, needed)
        anchor = anchors.take(reader)  # counting the audit trail takes a while on a large vault: not on `db`
        with open(db.path, "rb") as src, _private(target) as dst:
            _copy_file(src, dst, _copied.get(), synced=dst)
            dst.flush()
            os.fsync(dst.fileno())
    last = stored.fold_log(reader, target, _COPY)
    if last != ((anchor.last_id, anchor.hash) if anchor.entries else None) or (log.exists() and log.stat().st_size):
        raise UserFacingError(_CHECK_FAILED)
    with contextlib.suppress(FileNotFoundError):
        log.unlink()
    return anchor


def _leave_out_recordings(db, copy: Path) -> None:
    """Delete the audio recordings from the copy, zeroing their pages, and rebuild it without them.

    Recordings are kept out of backups: one is destroyed when its record is made final (guidance 11.18),
    and a backup made before that day must not keep it. Done through the housekeeping connection `db`
    (the session holds no key; ATTACH without KEY uses the vault's). It has no audit triggers (those of
    the main connection are its TEMP triggers on `main`), so this writes no audit entry into the copy.
    """
    stored.attach(db, copy, _COPY, "rw")
    try:
        stored.secure_delete_on(db, _COPY)
        if stored.holds_recordings(db, _COPY):
            stored.delete_recordings(db, _COPY)
        stored.delete_setting(db, _COPY, OWED_SETTING)  # restored, the copy must not think a backup is owed
        stored.checkpoint(db, _COPY)
    finally:
        stored.detach(db, _COPY)
    for extra in sidecar_files(copy)[1:]:
        if extra.exists() and extra.stat().st_size:
            raise UserFacingError(_CHECK_FAILED)
        with contextlib.suppress(FileNotFoundError):
            extra.unlink()


def _check_copy(db, copy: Path, *, same_schema: bool = True) -> None:
    """The copy opens with the vault's key, passes SQLCipher's and SQLite's checks, and holds no recording.

    `db` is the housekeeping connection (a check of a large vault takes tens of seconds)."""
    stored.attach(db, copy, _CHECK, "ro")
    try:
        problems = stored.integrity_problems(db, _CHECK)
        same_version = (not same_schema
                        or stored.user_version(db, _CHECK) == stored.user_version(db, "main"))
        if stored.holds_recordings(db, _CHECK):
            problems.append("a recording is still in the copy")
    except (sqlcipher3.DatabaseError, DatabaseDamaged) as err:  # damage in the copy, read through our connection
        problems, same_version = [str(err)], True
    finally:
        stored.detach(db, _CHECK)
    if problems or not same_version:
        raise UserFacingError(_CHECK_FAILED)


def _sha256(path: Path, done: Callable[[float], None] | None = None) -> str:
    digest = hashlib.sha256()
    size, read = max(1, path.stat().st_size), 0
    with open(path, "rb") as src:
        for chunk in iter(lambda: src.read(1 << 20), b""):
            digest.update(chunk)
            read += len(chunk)
            if done is not None:
                done(read / size)
    return digest.hexdigest()


def _write_container(path: Path, manifest: dict, key_bytes: bytes, db_file: Path,
                     done: Callable[[float], None] | None = None) -> None:
    """Pack the backup, then read it back whole; `done` hears the fraction of the two (by bytes)."""
    total = 2 * max(1, db_file.stat().st_size)
    with _private(path) as raw:
        with zipfile.ZipFile(raw, "w", compression=zipfile.ZIP_STORED) as zf:
            zf.writestr(_MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
            zf.writestr(_KEY, key_bytes)
            info = zipfile.ZipInfo.from_file(db_file, _DB)  # as ZipFile.write makes it
            info.compress_type = zipfile.ZIP_STORED
            with open(db_file, "rb") as src, zf.open(info, "w") as dst:
                _copy_file(src, dst, done and (lambda n: done(n / total)), synced=raw)
        raw.flush()
        os.fsync(raw.fileno())
    with zipfile.ZipFile(path) as zf:  # read back: each member's CRC against what was written (as testzip)
        if sorted(zf.namelist()) != sorted((_MANIFEST, _KEY, _DB)):
            raise UserFacingError(_CHECK_FAILED)
        for member in (_MANIFEST, _KEY, _DB):
            with zf.open(member) as src:  # a CRC that does not match raises BadZipFile at the end
                read = 0
                for chunk in iter(lambda: src.read(1 << 20), b""):
                    read += len(chunk)
                    if done is not None and member == _DB:
                        done(0.5 + read / total)


@contextlib.contextmanager
def _work_folder(folder: Path, what: str, tag: str = ""):
    """A private temporary folder inside `folder` (same disk, so the final rename is atomic), named for
    this process, so one left by a killed backup is known and removed next time."""
    try:
        work = restore_journal.make_work_folder(folder, tag)
    except OSError as err:
        raise describe_os_error(err, what) from err
    try:
        yield work
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _scrub_older_backups(session, folder: Path, vault_id: str) -> list[Path]:
    """Backups made before recordings were left out may hold them: rewrite this vault's without, once.

    Each is copied out, its recordings deleted and the copy rebuilt and checked as a new backup's is,
    then packed again (marked, so it is done once) and put in place of the old file by one rename.
    One whose database the vault's key no longer opens is left as it is. Returns the files rewritten.
    """
    rewritten = []
    for entry in survey(folder):
        if entry.vault_id != vault_id or entry.sequence is not None:
            continue
        try:
            with zipfile.ZipFile(entry.path) as zf:
                manifest = json_member(zf, _MANIFEST)
                if manifest.get("audio_recordings") in ("removed", "not included"):
                    continue
                key_bytes = _read_member(zf, _KEY)
                with _work_folder(folder, f"the backup in {folder}", _tag(vault_id)) as work:
                    copy = work / _DB
                    with zf.open(_DB) as src, _private(copy) as dst:
                        shutil.copyfileobj(src, dst, 1 << 20)  # stored: the header's size bounds it
                        dst.flush()
                        os.fsync(dst.fileno())
                    _leave_out_recordings(session.db.housekeeping, copy)
                    _check_copy(session.db.housekeeping, copy, same_schema=False)
                    manifest["audio_recordings"] = "removed"
                    container = work / f"backup{SUFFIX}"
                    _write_container(container, manifest, key_bytes, copy)
                    os.replace(container, entry.path)
                    fsync_dir(folder)
                    rewritten.append(entry.path)
        except (OSError, ValueError, KeyError, zipfile.BadZipFile, sqlcipher3.DatabaseError, UserFacingError):
            continue  # e.g. a database the current key does not open: nothing we can rewrite
    return rewritten


def _tag(vault_id: str) -> str:
    return vault_id[:12].lower()


def remove_leftovers(folder: Path, vault_id: str) -> list[Path]:
    """Work folders of this vault's backups killed mid-way (their process is gone)."""
    return restore_journal.remove_stale_work_folders(Path(folder), tag=_tag(vault_id))


def _next_sequence(session, folder: Path, vault_id: str) -> int:
    """One more than any this vault has recorded, or than any of its backups in the folder carries
    (a restored vault is behind the backups made after the one it came from): order without any clock."""
    try:
        counter = int(_setting(session, SEQUENCE_SETTING) or 0)
    except ValueError:
        counter = 0
    seen = [entry.sequence for entry in survey(folder) if entry.vault_id == vault_id and entry.sequence]
    return max([counter, *seen]) + 1


def _manifest(session, keyfile, now: _dt.datetime, sequence: int, copy: Path, anchor,
              hashed: Callable[[float], None] | None = None) -> dict:
    """What a restore checks before it touches anything, and what rotation orders by."""
    manifest = {"format": FORMAT, "version": FORMAT_VERSION, "created_at": now.isoformat(timespec="seconds"),
                "vault_id": keyfile.vault_id, "key_id": keyfile.key_id, "schema_version": session.db.schema_version,
                "sequence": sequence,
                "database_bytes": copy.stat().st_size, "database_sha256": _sha256(copy, hashed),
                "audio_recordings": "not included",
                # The audit chain's head, an anchor kept outside the vault (services/anchors.py).
                "audit_head": anchor.to_manifest()}
    return manifest


def make_backup(session, folder: str | Path | None = None, now: _dt.datetime | None = None,
                progress: Progress | None = None) -> Path:
    """Write a checked backup into `folder` (default: the chosen backup folder); rotate only after it checked out.

    Audio recordings are left out of every backup (see `_leave_out_recordings`). `progress`: see the module's
    docstring; if it raises, the backup stops, nothing of it is kept, and what it raised is raised here.
    """
    report = _Report(progress)
    try:
        with _watched(session, report):
            return _make_backup(session, folder, now, report)
    except BaseException:
        if report.stopped is not None:  # a statement was interrupted because the caller asked to stop
            raise report.stopped from None
        raise


# SQLite's steps between two words from a statement on the housekeeping connection: about a twentieth of a
# second of an integrity check's work on the benchmark machine, so a stop lands within a second.
_STEPS = 200_000


def _watched(session, report: "_Report"):
    """The housekeeping connection's statements say the work goes on, and stop once the caller's progress
    raised (`report.tick`). SQLCipher's `cipher_integrity_check` reads every page in one go and is neither
    heard from nor stopped part-way (about 11 s on a 2.5 GB vault)."""
    return session.db.housekeeping.watched(should_stop=report.tick, every=_STEPS, hold=False)


def _make_backup(session, folder: str | Path | None, now: _dt.datetime | None, report: _Report) -> Path:
    folder = Path(folder) if folder is not None else backup_folder(session)
    refuse_folder_inside_vault(session, folder)
    now = now or _dt.datetime.now()
    keyfile = session.vault.read_keyfile()
    what = f"the backup in {folder}"
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)  # private, like the vault's own folder
    except OSError as err:
        raise describe_os_error(err, what) from err
    remove_leftovers(folder, keyfile.vault_id)
    _scrub_older_backups(session, folder, keyfile.vault_id)
    sequence = _next_sequence(session, folder, keyfile.vault_id)
    with _work_folder(folder, what, _tag(keyfile.vault_id)) as work:
        try:
            copy = work / _DB
            size = max(1, session.db.path.stat().st_size)
            copied = report.stage("copy")
            listening = _copied.set(lambda n: copied(n / size))
            try:
                # The head of the copy's own audit trail; entries are only ever added after it.
                anchor = _copy_database(session.db, copy)
            finally:
                _copied.reset(listening)
            report.stage("recordings")
            _leave_out_recordings(session.db.housekeeping, copy)
            report.stage("check")
            _check_copy(session.db.housekeeping, copy)
            manifest = _manifest(session, keyfile, now, sequence, copy, anchor, report.stage("sha"))
            container = work / f"backup{SUFFIX}"
            _write_container(container, manifest, keyfile.to_bytes(), copy, report.stage("pack"))
            report.at(1.0)  # the last word before the backup is in place: a stop asked after it comes too late
            final = _name_for(folder, now)
            os.replace(container, final)
            fsync_dir(folder)
        except OSError as err:
            raise describe_os_error(err, what) from err
        except zipfile.BadZipFile as err:
            raise UserFacingError(_CHECK_FAILED) from err
    # The work folder's copy (as large as the vault) is gone: its removal is put on disk here, not by the commit
    # below, which holds the vault's connection (it waited 0.2-0.3 s for it on a 2.6 GB vault, a user's save
    # behind it).
    fsync_dir(folder)
    with session.db.transaction():  # the number was handed out (a failed backup leaves a gap, never a repeat here)
        anchors.record(session.db, anchor)  # first: its audit entry is older than the stamps below
        settings.replace(session.db, SEQUENCE_SETTING, str(sequence))
        settings.replace(session.db, LAST_DAY_SETTING, now.date().isoformat())
        settings.replace_with_now(session.db, LAST_AT_SETTING)
        settings.replace(session.db, LAST_ENTRY_SETTING, str(anchor.last_id))
        settings.delete(session.db, OWED_SETTING)  # a backup is made: none is owed
    rotate(folder, keep_count(session), keyfile.vault_id, newest=final)
    return final


def changed_since_last_backup(session) -> bool:
    """Has anything but the backup stamps themselves been written since the last backup's copy was taken?

    Told by the audit trail after the last entry the backup holds (a change made while a long backup was being
    made is not in it, though older than its stamps); for a backup made before that entry was recorded, by the
    entries after its time (read newest first, so as long as what was written since, either way).
    """
    last_entry, last = _setting(session, LAST_ENTRY_SETTING), _setting(session, LAST_AT_SETTING)
    try:
        if last_entry is not None and last_entry.isdigit():
            return stored.changed_after(session.db.housekeeping, int(last_entry))
        return stored.changed_since(session.db.housekeeping, last) if last else True
    except sqlcipher3.DatabaseError:
        return True  # cannot tell: a backup too many is better than one too few


def owed_on_close(session) -> bool:
    """Did a backup on close start and not finish (the app quit without waiting, or was killed)?"""
    return _setting(session, OWED_SETTING) is not None


def backup_if_due(session, folder: str | Path | None, now: _dt.datetime, *, closing: bool = False,
                  progress: Progress | None = None) -> Path | None:
    """Daily: the first time on each calendar day. Closing: if anything changed since the last backup.
    Either way, if a backup on close is owed (one started and did not finish).

    Either way, work folders left by a backup killed mid-way are removed first. Closing, the vault records
    that the backup is owed before it starts (one short write), so one stopped or killed is made next time.
    """
    with contextlib.suppress(OSError, UserFacingError):
        target = Path(folder) if folder is not None else backup_folder(session)
        if target.is_dir():
            remove_leftovers(target, session.vault.read_keyfile().vault_id)
    due = owed_on_close(session) or _setting(session, LAST_DAY_SETTING) != now.date().isoformat()
    if closing and not due:
        report = _Report(progress)
        report.stage("changes")
        try:
            with _watched(session, report):
                due = changed_since_last_backup(session)
        except watch.Stopped:
            raise report.stopped from None
    if not due:
        return None
    if closing:
        with session.db.transaction():
            settings.replace(session.db, OWED_SETTING, now.isoformat(timespec="seconds"))
    return make_backup(session, folder, now, progress)


@dataclass(frozen=True)
class Listed:
    """One of this vault's backups as `mappa-desk backups` shows it."""

    path: Path
    sequence: int | None
    size: int
    earlier_key: bool  # made before the vault's key was last changed (rotate-key)


def listing(folder: Path, current: KeyFile) -> list[Listed]:
    """This vault's backups in `folder`, newest first (by the number the vault handed out, not by a clock)."""
    rows = []
    for entry in reversed(_order(survey(folder))):
        if entry.vault_id != current.vault_id:
            continue  # another vault's, or not readable as a backup
        try:
            rows.append(Listed(entry.path, entry.sequence, entry.path.stat().st_size,
                               predates_current_key(entry.path, current)))
        except (OSError, UserFacingError):
            continue
    return rows


def predates_current_key(backup_file: str | Path, current: KeyFile) -> bool:
    """Was the backup made under an earlier database key than the vault's `current` key file (before a
    `rotate-key`)? Such a backup opens only with the passphrase or recovery key of its own time. Told by the
    key check (a commitment to the key), so backups made before key ids were recorded answer too."""
    _, key_bytes, zf = read_container(Path(backup_file))
    zf.close()
    return KeyFile.from_bytes(key_bytes).check != current.check


def restore(data_dir, backup_file, passphrase: str, now: _dt.datetime | None = None, **options):
    """Check the backup whole, THEN keep the current vault aside and put the backup in place (see services.restore)."""
    from mappa_desk.services import restore as restoring  # it builds on this module

    return restoring.restore(data_dir, backup_file, passphrase, now, **options)
