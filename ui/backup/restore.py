"""Restore from a backup: ask which file, confirm that the current vault is kept aside, ask its passphrase."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from PySide6.QtWidgets import QWidget

from mappa_desk import paths
from mappa_desk.services import backup, session as sessions
from ui.backup.dialogs import BackupDialogs

RESTORING = "Checking the backup and restoring it…"


@dataclass(frozen=True)
class RestoreChoice:
    backup_file: Path
    passphrase: str


def ask_for_restore(dialogs: BackupDialogs, parent: QWidget, data_dir) -> RestoreChoice | None:
    """The file, the confirmation, the passphrase; None if the person cancels at any step."""
    folder = paths.data_dir(data_dir)
    start = folder / backup.DEFAULT_FOLDER_NAME
    chosen = dialogs.choose_backup_file(parent, str(start if start.is_dir() else Path.home()))
    if not chosen:
        return None
    name = Path(chosen).name
    if not dialogs.confirm(
            parent, "Restore from a backup",
            f"Restore the vault from {name}?\n\n"
            f"Your current vault is not deleted: it is moved, unchanged, into a folder named "
            f"vault-before-restore-(date and time) in {folder}, and the backup takes its place. "
            "The backup is checked first; if it is damaged, nothing is changed.",
            "Restore"):
        return None
    passphrase = dialogs.ask_passphrase(
        parent, f"The passphrase the vault had when {name} was made:")
    if not passphrase:
        return None
    return RestoreChoice(Path(chosen), passphrase)


def restore_and_unlock(data_dir, choice: RestoreChoice):
    """On the database lane: restore (the core checks before it touches anything), then open the result."""
    result = backup.restore(data_dir, choice.backup_file, choice.passphrase)
    session = sessions.unlock(data_dir, choice.passphrase)
    kept = f" The vault it replaced is kept, unchanged, in {result.kept_aside}." if result.kept_aside else ""
    session.note = f"Restored from the backup {result.backup.name}.{kept}"
    return session
