"""Drives the vault pages: create, unlock (keyring, passphrase, recovery key) on the task runner."""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Signal

from mappa_desk.errors import UserFacingError, WrongSecret
from mappa_desk.services import session as sessions
from mappa_desk.services.session import Session
from mappa_desk.vault import new_recovery_key
from mappa_desk.vault.keyfile import check_new_passphrase
from mappa_desk.vault.rotation import RotationStopped
from ui.backup.dialogs import BackupDialogs
from ui.backup.restore import RESTORING, RestoreChoice, ask_for_restore, restore_and_unlock
from ui.ops import Op
from ui.tasks import TaskRunner
from ui.unlock.throttle import UnlockThrottle
from ui.unlock.view import UnlockView

UNLOCKING = "Unlocking…"
CREATING = "Creating your vault…"
CHECKING = "Checking the recovery key…"
ROTATING = "Changing the vault's key…"
STOPPING = "Stopping…"


@dataclass
class Upgrade:
    """How the work on the database lane tells the page about an upgrade of an older vault (`progress`, from
    the worker) and learns that Cancel was pressed (`stop`, set by the GUI thread); no `stop` where the
    upgrade cannot be cancelled."""

    progress: Callable
    stop: threading.Event | None = None

    @property
    def should_stop(self) -> Callable[[], bool] | None:
        return self.stop.is_set if self.stop is not None else None


@dataclass
class Opened:
    """What a successful unlock hands to the rest of the app."""

    session: Session
    counts: dict
    keyring_available: bool
    recovery_key: str = ""  # only when the vault has just been created


# -- work done on the task runner's database lane (plain Python, no Qt) ----------------

def _with_counts(session: Session, keyring_available: bool, recovery_key: str = "") -> Opened:
    try:
        counts = session.counts()
    except BaseException:
        session.close()
        raise
    return Opened(session, counts, keyring_available, recovery_key)


def _start(data_dir, upgrade: Upgrade) -> tuple[bool, Opened | None, str]:
    """Is there a keyring, and does it open the vault? A problem is returned as its sentence,
    not raised, so the unlock page still learns whether "Remember" can be offered."""
    available = sessions.keyring_available()
    if not available:
        return False, None, ""
    try:
        session = sessions.unlock_from_keyring(data_dir, progress=upgrade.progress, should_stop=upgrade.should_stop)
    except UserFacingError as err:
        return True, None, str(err)
    return True, (_with_counts(session, True) if session is not None else None), ""


def _create(data_dir, passphrase: str) -> Opened:
    recovery_key, session = sessions.create(data_dir, passphrase)
    return _with_counts(session, sessions.keyring_available(), recovery_key)


def _unlock(data_dir, passphrase: str, remember: bool | None, keyring_available: bool, upgrade: Upgrade) -> Opened:
    return _with_counts(sessions.unlock(data_dir, passphrase, remember=remember, progress=upgrade.progress,
                                        should_stop=upgrade.should_stop), keyring_available)


def _restore(data_dir, choice: RestoreChoice, keyring_available: bool) -> Opened:
    return _with_counts(restore_and_unlock(data_dir, choice), keyring_available)


def _recover(data_dir, recovery_key: str, new_passphrase: str, keyring_available: bool, upgrade: Upgrade) -> Opened:
    # Check first: the core opens the database before it checks the new passphrase, and
    # would leave it open if the passphrase were then refused.
    check_new_passphrase(new_passphrase)
    # An upgrade here shows its progress but is not offered Cancel: the new passphrase is set before the
    # database opens, so "nothing was changed" would not be true.
    session = sessions.unlock_with_recovery_key(data_dir, recovery_key, new_passphrase, progress=upgrade.progress)
    return _with_counts(session, keyring_available)


def _check_recovery(data_dir, recovery_key: str, new_passphrase: str) -> bytes:
    """Before a change of key: the new passphrase is acceptable and the recovery key opens the key file."""
    check_new_passphrase(new_passphrase)
    return sessions.vault_at(data_dir).key_from_recovery(recovery_key)


def _rotate_and_open(data_dir, key: bytes, new_passphrase: str, recovery_key: str, typed_back: str,
                     keyring_available: bool, progress, should_stop) -> Opened:
    sessions.vault_at(data_dir).rotate_key(key, new_passphrase, recovery_key, typed_back, progress=progress,
                                           should_stop=should_stop)
    return _with_counts(sessions.unlock(data_dir, new_passphrase), keyring_available)


# -- the controller --------------------------------------------------------------------

class UnlockController(QObject):
    sig_unlocked = Signal(object)  # Opened
    sig_progress = Signal(float, str)  # from the worker during a change of key; shown on the page in the GUI thread
    sig_upgrade = Signal(object)  # migrations.Upgrading, from the worker while an older vault is upgraded at unlock

    def __init__(self, view: UnlockView, runner: TaskRunner, data_dir: str | Path | None,
                 parent: QObject | None = None):
        super().__init__(parent)
        self.view = view
        self.runner = runner
        self.data_dir = data_dir
        self._keyring_available = False
        self._created: Opened | None = None  # open, waiting for "I have stored my recovery key"
        self._shut_down = False
        self.dialogs = BackupDialogs()  # tests answer the restore questions with a fake
        self.throttle = UnlockThrottle(view.unlock_page.hold, self)
        self._rotation: tuple[bytes, str, str] | None = None  # key, new passphrase, new recovery key (shown)
        self._stop: threading.Event | None = None  # set by Cancel; the running work asks it (should_stop)
        self._busy_page = None
        self.sig_progress.connect(self._on_progress)
        self.sig_upgrade.connect(self._on_upgrade)
        for page in (view.unlock_page, view.recover_page, view.recovery_key_page, view.create_page):
            page.sig_cancel_requested.connect(self._on_cancel)

        view.create_page.sig_create_requested.connect(self._on_create_requested)
        view.recovery_key_page.sig_recovery_key_stored.connect(self._on_recovery_key_stored)
        view.unlock_page.sig_unlock_requested.connect(self._on_unlock_requested)
        view.recover_page.sig_recover_requested.connect(self._on_recover_requested)
        view.unlock_page.sig_restore_requested.connect(self.restore_from_backup)
        view.create_page.sig_restore_requested.connect(self.restore_from_backup)

    # -- entry points ----------------------------------------------------------------
    def start(self) -> None:
        """First run: the create page. Otherwise try the keyring, then the unlock page."""
        if not sessions.vault_at(self.data_dir).exists():
            self.view.show_page(self.view.create_page)
            return
        page = self.view.unlock_page
        self.view.show_page(page)
        upgrade = self._upgrade()
        self._run(page, UNLOCKING, partial(_start, self.data_dir, upgrade), self._on_started, stop=upgrade.stop)

    def show_locked(self, remember: bool) -> None:
        """After Lock: straight to the unlock page (the keyring is not tried, or Lock would undo itself)."""
        page = self.view.unlock_page
        page.clear()
        page.set_keyring_available(self._keyring_available)
        page.set_remember(remember)
        self.view.show_page(page)

    def restore_from_backup(self) -> None:
        """Ask for a backup, confirm, then restore it in place of the vault (kept aside) and open it."""
        choice = ask_for_restore(self.dialogs, self.view.window(), self.data_dir)
        if choice is not None:
            self.run_restore(choice)

    def run_restore(self, choice: RestoreChoice) -> None:
        # First run (no vault yet): stay on the create page, so a refusal leaves the way to create one.
        first_run = self.view.current_page() is self.view.create_page
        page = self.view.create_page if first_run else self.view.unlock_page
        page.clear_error()
        self.view.show_page(page)
        self._run(page, RESTORING, partial(_restore, self.data_dir, choice, self._keyring_available), self._on_opened)

    def shutdown(self) -> None:
        self._shut_down = True
        self._rotation = None
        if self._created is not None:
            self._created.session.close()
            self._created = None

    # -- slots -----------------------------------------------------------------------
    def _on_started(self, result: tuple[bool, Opened | None, str]) -> None:
        available, opened, problem = result
        self._keyring_available = available
        self.view.unlock_page.set_keyring_available(available)
        if problem and not self._shut_down:
            self.view.unlock_page.show_error(problem)
        if opened is not None:
            self._deliver(opened)

    def _on_create_requested(self, passphrase: str) -> None:
        page = self.view.create_page
        self._run(page, CREATING, partial(_create, self.data_dir, passphrase), self._on_created)

    def _on_created(self, opened: Opened) -> None:
        if self._discard_if_shut_down(opened):
            return
        self._keyring_available = opened.keyring_available
        self._created = opened
        self.view.create_page.clear()
        self.view.recovery_key_page.show_key(opened.recovery_key)
        self.view.show_page(self.view.recovery_key_page)

    def _on_recovery_key_stored(self) -> None:
        if self._rotation is not None:
            self._change_key()
            return
        opened, self._created = self._created, None
        self.view.recovery_key_page.clear()
        if opened is not None:
            opened.recovery_key = ""
            self._deliver(opened)

    def _on_unlock_requested(self, passphrase: str, remember: bool) -> None:
        # Unticked means "don't remember": remove any copy left from before. With no
        # keyring there is nothing to add or remove.
        wish = remember if self._keyring_available else None
        page = self.view.unlock_page

        def on_error(err: BaseException) -> None:
            if isinstance(err, WrongSecret):
                self.throttle.failed()

        upgrade = self._upgrade()
        self._run(page, UNLOCKING, partial(_unlock, self.data_dir, passphrase, wish, self._keyring_available, upgrade),
                  self._on_opened, on_error, stop=upgrade.stop)

    def _on_recover_requested(self, recovery_key: str, new_passphrase: str, rotate: bool = False) -> None:
        page = self.view.recover_page
        if rotate:
            self._run(page, CHECKING, partial(_check_recovery, self.data_dir, recovery_key, new_passphrase),
                      partial(self._on_recovery_checked, new_passphrase))
            return
        self._run(page, UNLOCKING,
                  partial(_recover, self.data_dir, recovery_key, new_passphrase, self._keyring_available,
                          self._upgrade(cancellable=False)), self._on_opened)

    def _on_recovery_checked(self, new_passphrase: str, key: bytes) -> None:
        """Show the new recovery key; the key is changed only once it has been typed back."""
        if self._shut_down:
            return
        recovery_key = new_recovery_key()
        self._rotation = (key, new_passphrase, recovery_key)
        self.view.recover_page.clear()
        self.view.recovery_key_page.show_key(recovery_key, typed_back=True)
        self.view.show_page(self.view.recovery_key_page)

    def _change_key(self) -> None:
        key, new_passphrase, recovery_key = self._rotation
        page = self.view.recovery_key_page
        stop = threading.Event()
        work = partial(_rotate_and_open, self.data_dir, key, new_passphrase, recovery_key, page.typed_back_text(),
                       self._keyring_available, self.sig_progress.emit, stop.is_set)

        def done(opened: Opened) -> None:
            self._rotation = None
            page.clear()
            self._on_opened(opened)

        def stopped(err: BaseException) -> None:
            """Cancelled before the swap: the vault is as before. Back to the recovery page, which says so."""
            if isinstance(err, RotationStopped) and not self._shut_down:
                self._rotation = None
                page.clear()
                self.view.show_page(self.view.recover_page)
                self.view.recover_page.show_error(str(err))

        self._run(page, ROTATING, work, done, stopped, stop=stop)
        page.show_cancel(True)

    def _on_progress(self, fraction: float, text: str) -> None:
        page = self.view.recovery_key_page
        if page.is_busy() and not self._stopping():
            page.busy_label.setText(f"{text} {int(fraction * 100)}%")

    def _on_upgrade(self, step) -> None:
        """An older vault is being upgraded: say which step, and offer Cancel where it can be cancelled."""
        page = self._busy_page
        if page is None or not page.is_busy() or self._stopping():
            return
        page.busy_label.setText(step.sentence())
        if self._stop is not None and not page.cancel_button.isVisible():
            page.show_cancel(True)

    def _on_cancel(self) -> None:
        page = self._busy_page
        if self._stop is None or page is None or not page.is_busy():
            return
        self._stop.set()
        page.busy_label.setText(STOPPING)
        page.cancel_button.setEnabled(False)

    def _stopping(self) -> bool:
        return self._stop is not None and self._stop.is_set()

    def _on_opened(self, opened: Opened) -> None:
        if not self._discard_if_shut_down(opened):
            self.throttle.succeeded()
            self._deliver(opened)

    # -- helpers ---------------------------------------------------------------------
    def _upgrade(self, cancellable: bool = True) -> Upgrade:
        """The hooks for an upgrade during a piece of work (with `stop`, Cancel shows once an upgrade starts)."""
        return Upgrade(self.sig_upgrade.emit, threading.Event() if cancellable else None)

    def _run(self, page, busy_text: str, work: Callable, on_success: Callable,
             on_error: Callable | None = None, *, stop: threading.Event | None = None) -> None:
        """Run `work` on the database lane with `page` busy; `stop`, if given, is what Cancel sets."""
        self._stop = stop
        self._busy_page = page
        page.set_busy(True, busy_text)

        def said(err: UserFacingError) -> None:
            page.show_error(str(err))
            if on_error is not None:
                on_error(err)

        Op(self.runner, work, crash_parent=self.view.window).stale_unless(lambda: not self._shut_down) \
            .on_stale(self._let_go).on_done(lambda: page.set_busy(False)).on_success(on_success) \
            .on_user_error(said).run()

    @staticmethod
    def _let_go(result) -> None:
        """A result that arrives after the window closed must not leave the vault open."""
        for item in result if isinstance(result, tuple) else (result,):
            if isinstance(item, Opened):
                item.session.close()

    def _deliver(self, opened: Opened) -> None:
        if self._discard_if_shut_down(opened):
            return
        self.view.unlock_page.clear()
        self.view.recover_page.clear()
        self.sig_unlocked.emit(opened)

    def _discard_if_shut_down(self, opened: Opened | None) -> bool:
        """A result that arrives after the window closed must not leave the vault open."""
        if self._shut_down and opened is not None:
            opened.session.close()
            return True
        return self._shut_down
