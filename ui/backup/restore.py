"""Restore from a backup: which file, its passphrase, then the check and the comparison with the current
vault (off the GUI thread), then a confirmation that says what will be set aside and whether the backup
is of another vault. Nothing of the current vault is touched until the person confirms."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QEventLoop, Qt, QThread
from PySide6.QtWidgets import QProgressDialog, QWidget

from mappa_desk import paths
from mappa_desk.errors import UserFacingError
from mappa_desk.services import backup, restore as restoring, session as sessions
from mappa_desk.vault.keyfile import KeyFile
from ui.backup.dialogs import BackupDialogs

RESTORING = "Restoring the backup…"
CHECKING = "Checking the backup and comparing it with the vault…"
NOT_IN_BACKUPS = "Audio recordings are not kept in backups."


@dataclass(frozen=True)
class RestoreChoice:
    backup_file: Path
    passphrase: str
    plan: restoring.RestorePlan | None = None  # checked and staged, waiting to be put in place
    other_vault: bool = False  # the person confirmed that they mean a backup of another vault
    problem: UserFacingError | None = None  # the check refused the backup: shown where a restore's errors are


class _Worker(QThread):
    def __init__(self, fn: Callable):
        super().__init__()
        self.fn, self.result, self.error = fn, None, None

    def run(self) -> None:
        try:
            self.result = self.fn()
        except BaseException as err:  # handed back to the GUI thread, raised there
            self.error = err


def _off_the_gui_thread(parent: QWidget, fn: Callable):
    """Run `fn` on a thread while a modal "Checking…" keeps the window painted; return or raise its result."""
    progress = QProgressDialog(CHECKING, "", 0, 0, parent)
    progress.setCancelButton(None)
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(600)
    worker, loop = _Worker(fn), QEventLoop()
    worker.finished.connect(loop.quit)
    worker.start()
    if not worker.isFinished():
        loop.exec()
    worker.wait()
    progress.close()
    progress.deleteLater()
    if worker.error is not None:
        raise worker.error
    return worker.result


def _prepare(data_dir, backup_file: Path, passphrase: str, session) -> restoring.RestorePlan:
    plan = restoring.prepare_restore(data_dir, backup_file, passphrase)
    try:
        if not plan.has_current:
            return plan
        if session is not None:  # from Home: the open session sees the current vault
            restoring.compare_with(plan, current_db=session.db)
        else:  # from the unlock page: the backup's passphrase often opens the current vault too
            try:
                key_file = paths.data_dir(data_dir) / paths.KEY_FILE_NAME
                key = KeyFile.from_bytes(key_file.read_bytes()).unwrap_with_passphrase(passphrase)
            except (OSError, UserFacingError):
                key = None
            if key is not None:
                restoring.compare_with(plan, current_key=key)
        return plan
    except BaseException:
        restoring.discard(plan)
        raise


def ask_for_restore(dialogs: BackupDialogs, parent: QWidget, data_dir,
                    session: sessions.Session | None = None) -> RestoreChoice | None:
    """The file, its passphrase, the check, the confirmation; None if the person cancels at any step.

    A refused backup comes back as a choice carrying the sentence (`problem`), shown where restores
    report, with nothing changed.
    """
    folder = paths.data_dir(data_dir)
    start = folder / backup.DEFAULT_FOLDER_NAME
    chosen = dialogs.choose_backup_file(parent, str(start if start.is_dir() else Path.home()))
    if not chosen:
        return None
    name = Path(chosen).name
    passphrase = dialogs.ask_passphrase(parent, f"The passphrase the vault had when {name} was made:")
    if not passphrase:
        return None
    try:
        plan = _off_the_gui_thread(parent, lambda: _prepare(data_dir, Path(chosen), passphrase, session))
    except UserFacingError as err:
        return RestoreChoice(Path(chosen), passphrase, problem=err)
    text = (f"Restore the vault from {name}?\n\n{restoring.describe(plan)}\n\n{NOT_IN_BACKUPS} The backup has "
            "been checked; nothing has been changed yet.")
    if plan.other_vault:
        confirmed = dialogs.confirm(parent, "Restore ANOTHER vault?", text, "Restore the other vault")
    else:
        confirmed = dialogs.confirm(parent, "Restore from a backup", text, "Restore")
    if not confirmed:
        restoring.discard(plan)
        return None
    return RestoreChoice(Path(chosen), passphrase, plan, other_vault=plan.other_vault)


def restore_and_unlock(data_dir, choice: RestoreChoice):
    """On the database lane: put the checked backup in place (the current vault kept aside), then open it."""
    if choice.problem is not None:
        raise choice.problem
    if choice.plan is not None:
        result = restoring.apply_restore(choice.plan, allow_other_vault=choice.other_vault)
    else:
        result = backup.restore(data_dir, choice.backup_file, choice.passphrase)
    session = sessions.unlock(data_dir, choice.passphrase)
    kept = f" The vault it replaced is kept, unchanged, in {result.kept_aside}." if result.kept_aside else ""
    session.note = f"Restored from the backup {result.backup.name}.{kept} {NOT_IN_BACKUPS}"
    return session
