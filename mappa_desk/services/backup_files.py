"""Backup files as a folder holds them: the format, reading one safely, whose each is, their order, rotation.

Backups are ordered by the sequence number the vault hands out and records in each manifest, never by
the time in their names or manifests: a clock can be wrong, and a name can be forged. Rotation deletes
only backups verified as this vault's, and never the one just made.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from mappa_desk import paths
from mappa_desk.errors import UserFacingError, describe_os_error
from mappa_desk.interchange import strict_json
from mappa_desk.interchange.strict_json import JsonRefused

FORMAT = "mappa-desk-backup"
FORMAT_VERSION = 2
READABLE_VERSIONS = (1, 2)  # 1: before the sequence number and the database's size and SHA-256
SUFFIX = ".mdbackup"
NAME = re.compile(r"^mappa-desk-backup-(\d{8})-(\d{6})(?:-(\d+))?\.mdbackup$")
MANIFEST_MEMBER, KEY_MEMBER, DB_MEMBER = "manifest.json", paths.KEY_FILE_NAME, paths.DATABASE_FILE_NAME
_MANIFEST, _KEY, _DB = MANIFEST_MEMBER, KEY_MEMBER, DB_MEMBER
_NAME = NAME


# -- reading one --------------------------------------------------------------------------------

_DAMAGED = ("The backup {name} is damaged or has been changed, so it cannot be restored. "
            "Choose another backup; your current vault has not been touched.")
_SMALL_MEMBER = 1024 * 1024  # the manifest and the key file are a few KB


def _read_member(zf: zipfile.ZipFile, member: str) -> bytes:
    """A small member, read with a bound whatever its header says."""
    with zf.open(member) as src:
        data = src.read(_SMALL_MEMBER + 1)
    if len(data) > _SMALL_MEMBER:
        raise ValueError("too large")
    return data


def json_member(zf: zipfile.ZipFile, member: str):
    """A small JSON member through the bounded reader (depth, numbers, duplicate keys: interchange.strict_json)."""
    return strict_json.loads(_read_member(zf, member), max_bytes=_SMALL_MEMBER)


def read_container(backup_file: Path) -> tuple[dict, bytes, zipfile.ZipFile]:
    """The manifest, the key file's bytes and the open ZIP; a sentence if it is not a backup we can read."""
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
        manifest = json_member(zf, _MANIFEST)
        if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
            raise ValueError("not a backup")
        if manifest.get("version") not in READABLE_VERSIONS:
            zf.close()
            raise UserFacingError(f"The backup {name} was made by a newer version of MAPPA Desk. Install that version "
                                  "to restore it; your current vault has not been touched.")
        key_bytes = _read_member(zf, _KEY)
        zf.getinfo(_DB)
    except (KeyError, ValueError, zipfile.BadZipFile, AttributeError, OSError, RuntimeError, JsonRefused):
        zf.close()
        raise UserFacingError(_DAMAGED.format(name=name)) from None
    return manifest, key_bytes, zf


# -- which backups are whose, and in what order ------------------------------------------------

@dataclass(frozen=True)
class Entry:
    """One backup file as the folder shows it; `vault_id` None when it could not be read as a backup."""

    path: Path
    vault_id: str | None
    sequence: int | None  # None: made before backups were numbered (or unreadable)
    named_at: _dt.datetime | None  # the time in the name: a clock's word, used only among unnumbered backups


def _named_at(match) -> _dt.datetime | None:
    try:
        return _dt.datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S")
    except ValueError:
        return None


def _read_entry(path: Path, match) -> Entry:
    """Cheap and sound: the ZIP's directory, the manifest, the key file's own vault id and the database's size."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = json_member(zf, _MANIFEST)
            key_id = json_member(zf, _KEY).get("vault_id")
            info = zf.getinfo(_DB)
        vault_id = manifest.get("vault_id")
        if manifest.get("format") != FORMAT or not isinstance(vault_id, str) or key_id != vault_id:
            return Entry(path, None, None, _named_at(match))
        sequence = manifest.get("sequence")
        if manifest.get("version") in (None, 1):
            sequence = None
        elif not (isinstance(sequence, int) and not isinstance(sequence, bool) and sequence > 0
                  and manifest.get("database_bytes") == info.file_size):
            return Entry(path, None, None, _named_at(match))
        return Entry(path, vault_id, sequence, _named_at(match))
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, AttributeError, UserFacingError):
        return Entry(path, None, None, _named_at(match))


def survey(folder: Path) -> list[Entry]:
    found = []
    for path in Path(folder).glob(f"mappa-desk-backup-*{SUFFIX}"):
        match = _NAME.match(path.name)
        if match and path.is_file() and not path.is_symlink():
            found.append(_read_entry(path, match))
    return found


def _order(entries: list[Entry]) -> list[Entry]:
    """Oldest first: unnumbered backups (all older than numbered ones) by name, then by the vault's number."""
    old = sorted((e for e in entries if e.sequence is None), key=lambda e: (e.named_at or _dt.datetime.min, e.path.name))
    new = sorted((e for e in entries if e.sequence is not None), key=lambda e: (e.sequence, e.path.name))
    return old + new


def backups_in(folder: Path, vault_id: str | None = None) -> list[Path]:
    """The backups in `folder` (only this vault's, verified, when `vault_id` is given), oldest first."""
    entries = survey(folder)
    if vault_id is not None:
        entries = [e for e in entries if e.vault_id == vault_id]
    return [e.path for e in _order(entries)]


def rotate(folder: Path, count: int, vault_id: str, *, newest: Path | None = None,
           now: _dt.datetime | None = None) -> list[Path]:
    """Delete this vault's oldest backups beyond the newest `count`. Returns what was deleted.

    Only backups verified as this vault's are counted or deleted; they are ordered by the number the
    vault handed out, never by a clock. An unnumbered (older format) backup whose name is in the
    future is neither counted nor deleted. `newest` (the backup just made) is never deleted, and
    copies of one backup (same number) count once.
    """
    now = now or _dt.datetime.now()
    ours = [e for e in survey(folder) if e.vault_id == vault_id
            and not (e.sequence is None and (e.named_at is None or e.named_at > now))]
    slots: list[list[Entry]] = []
    for entry in _order(ours):
        if slots and entry.sequence is not None and slots[-1][0].sequence == entry.sequence:
            slots[-1].append(entry)
        else:
            slots.append([entry])
    deleted = []
    for slot in slots[:-count] if count > 0 else []:
        for old in slot:
            if newest is not None and old.path == newest:
                continue
            with contextlib.suppress(FileNotFoundError):
                old.path.unlink()
                deleted.append(old.path)
    return deleted
