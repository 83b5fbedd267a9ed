"""Anchors of the audit chain: its head written into backups and ViSOR exports, and compared by `doctor`.

An anchor is the chain's head at one moment (entry count, last id, hash; storage/audit.py). Backups
carry it in `manifest.json` (`audit_head`), ViSOR exports in their manifest's `audit_*` columns, and the
vault keeps the newest it handed out in its settings (`backup_audit_anchor`). `doctor` reads every anchor it
can see (the backups of this vault in its backup folder, the vault's own record, and any file named
with `--anchor`) and fails when the chain no longer holds one of them: entries cut off the end, or the
trail rewritten, after the anchor was taken.

A restore of an older backup legitimately rolls the chain back: anchors taken before the restore (of
backups newer than the one restored) then describe the vault that was set aside. The restore records
when it happened (`mark_restored`); anchors older than that which the chain does not hold are counted
as set aside, not as a failure. Anchors taken after the restore must be held.
"""

from __future__ import annotations

import csv
import datetime as _dt
import io
import json
import zipfile
from dataclasses import dataclass
from pathlib import Path

from mappa_desk.errors import InvalidInput, UserFacingError
from mappa_desk.services import backup_files
from mappa_desk.storage import audit, settings

# "backup_" like the backup's other stamps: keeping an anchor is bookkeeping, not a change to back up.
ANCHOR_SETTING, RESTORED_SETTING = "backup_audit_anchor", "audit_restored_at"
VISOR_COLUMNS = ("audit_entries", "audit_last_id", "audit_head", "audit_at")


def stamp() -> str:
    """The time of an anchor or a restore, ISO-8601 UTC to the microsecond (compared as text)."""
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def take(db) -> audit.Anchor:
    """The chain's head now, stamped."""
    return audit.head(db, stamp())


def record(db, anchor: audit.Anchor) -> None:
    """Keep `anchor` as the vault's newest handed-out anchor (call inside a transaction)."""
    settings.replace(db, ANCHOR_SETTING, json.dumps(anchor.to_manifest(), sort_keys=True))


def mark_restored(db, at: str | None = None) -> None:
    """Record in a restored vault when the restore happened (default now; call inside a transaction)."""
    settings.replace(db, RESTORED_SETTING, at or stamp())


def visor_values(anchor: audit.Anchor) -> tuple[str, str, str, str]:
    """The values of VISOR_COLUMNS for one row of a ViSOR manifest."""
    return str(anchor.entries), str(anchor.last_id), anchor.hash, anchor.at


def from_backup(path: Path) -> audit.Anchor | None:
    """The anchor in a backup's manifest, or None (an older backup, or one that cannot be read)."""
    try:
        with zipfile.ZipFile(path) as zf:
            manifest = backup_files.json_member(zf, backup_files.MANIFEST_MEMBER)
    except (OSError, zipfile.BadZipFile, KeyError, ValueError, UserFacingError):
        return None
    if not isinstance(manifest, dict):
        return None
    return audit.Anchor.from_manifest(manifest.get("audit_head"), f"backup {path.name}")


def from_visor_manifest(path: Path) -> audit.Anchor | None:
    """The anchor in a ViSOR export's manifest (every row carries the same one), or None."""
    try:
        rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    except (OSError, UnicodeDecodeError, csv.Error):
        return None
    if not rows or not all(column in rows[0] for column in VISOR_COLUMNS):
        return None
    first = rows[0]
    try:
        data = {"entries": int(first["audit_entries"]), "last_id": int(first["audit_last_id"]),
                "hash": first["audit_head"], "at": first["audit_at"]}
    except (TypeError, ValueError):
        return None
    return audit.Anchor.from_manifest(data, f"ViSOR manifest {path.name}")


def from_file(path: Path) -> audit.Anchor | None:
    """A backup or a ViSOR manifest, by its content."""
    return from_backup(path) if zipfile.is_zipfile(path) else from_visor_manifest(path)


@dataclass(frozen=True)
class AnchorCheck:
    checked: int  # anchors compared with the chain
    newest: audit.Anchor | None  # the anchor with the most entries among those the chain must hold
    problems: list[str]  # one sentence per anchor the chain no longer holds
    set_aside: int  # anchors of the vault a restore set aside


def check(session, extra: list[Path] = ()) -> AnchorCheck:
    """Compare the chain with every anchor that can be seen (see the module's docstring)."""
    from mappa_desk.services import backup  # imported here: backup writes anchors with this module

    db = session.db
    found: list[audit.Anchor] = []
    problems: list[str] = []
    try:
        vault_id = session.vault.read_keyfile().vault_id
        for path in backup.backups_in(backup.backup_folder(session), vault_id):
            anchor = from_backup(path)
            if anchor is not None:
                found.append(anchor)
    except OSError:
        pass  # a backup folder that cannot be read (a removed drive): the other anchors still count
    kept = settings.value(db, ANCHOR_SETTING)
    if kept:
        try:
            anchor = audit.Anchor.from_manifest(json.loads(kept), "recorded in the vault")
        except ValueError:
            anchor = None
        if anchor is None:
            problems.append("The anchor recorded in the vault has been changed and cannot be read.")
        else:
            found.append(anchor)
    for path in extra:
        anchor = from_file(Path(path))
        if anchor is None:
            raise InvalidInput(f"{Path(path).name} is neither a MAPPA Desk backup nor a ViSOR export manifest "
                               "with the audit trail's head, so it cannot be compared with the vault.")
        found.append(anchor)
    restored_at = settings.value(db, RESTORED_SETTING) or ""
    held, set_aside = [], 0
    for anchor in found:
        problem = audit.anchor_problem(db, anchor)
        if problem and restored_at and anchor.at and anchor.at < restored_at:
            set_aside += 1
        elif problem:
            problems.append(problem)
        else:
            held.append(anchor)
    newest = max(held, key=lambda a: (a.entries, a.at), default=None)
    return AnchorCheck(len(found), newest, problems, set_aside)

