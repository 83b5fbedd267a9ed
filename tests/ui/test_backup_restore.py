"""Backups in the app: restore from the unlock page (a damaged vault cannot be unlocked), Back up now, and on close."""

from __future__ import annotations

import datetime as _dt
import re

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QLabel, QPushButton, QWidget

from mappa_desk.services import backup, session as sessions
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_unlock_screen import click, find, wait_for_home, wait_for_unlock_page


class FakeDialogs:
    """Answers the backup questions as a chair would, and records what was asked."""

    def __init__(self, *, backup_file=None, folder=None, confirm=True, passphrase=PASSPHRASE):
        self.backup_file, self.folder, self.answer, self.passphrase = backup_file, folder, confirm, passphrase
        self.confirmations: list[str] = []
        self.asked: list[tuple[str, str]] = []  # (title, action) of each confirmation
        self.messages: list[tuple[str, str]] = []

    def choose_folder(self, parent, start):
        return str(self.folder) if self.folder else None

    def choose_backup_file(self, parent, start):
        return str(self.backup_file) if self.backup_file else None

    def confirm(self, parent, title, text, action):
        self.confirmations.append(text)
        self.asked.append((title, action))
        return self.answer

    def ask_passphrase(self, parent, text):
        return self.passphrase

    def inform(self, parent, title, text):
        self.messages.append((title, text))


def _backup_of(data_dir, folder):
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        return backup.make_backup(session, folder, _dt.datetime(2026, 11, 20, 9, 30))
    finally:
        session.close()


def _damage(path):
    data = bytearray(path.read_bytes())
    for offset in range(4096, len(data), 4096):
        data[offset + 100] ^= 0xFF
    path.write_bytes(bytes(data))


def test_a_damaged_vault_is_restored_from_the_unlock_page_and_kept_aside(qtbot, open_window, vault, tmp_path):
    folder, _ = vault
    made = _backup_of(folder, tmp_path / "usb")
    _damage(folder / "vault.db")
    damaged = snapshot(folder)

    window = open_window(folder)
    field = wait_for_unlock_page(qtbot, window)
    qtbot.keyClicks(field, PASSPHRASE)
    click(qtbot, find(window, QPushButton, "unlockButton"))
    error = find(window, QLabel, "unlockPageError")
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert "damaged" in error.text()

    dialogs = FakeDialogs(backup_file=made)
    window.controller.unlock.dialogs = dialogs
    click(qtbot, find(window, QPushButton, "restoreBackupButton"))
    wait_for_home(qtbot, window)

    assert "is not deleted" in dialogs.confirmations[0] and "vault-before-restore" in dialogs.confirmations[0]
    assert find(window, QLabel, "homeIndividualsCount").text() == "3"
    note = find(window, QLabel, "homeNote")
    assert note.isVisible() and note.text().startswith(f"Restored from the backup {made.name}.")
    kept = next(folder.glob("vault-before-restore-*"))
    assert str(kept) in note.text()
    assert snapshot(kept)["vault.db"] == damaged["vault.db"]
    assert snapshot(kept)["vault.key"] == damaged["vault.key"]


def test_a_wrong_passphrase_or_a_cancelled_restore_changes_nothing(qtbot, open_window, vault, tmp_path):
    folder, _ = vault
    made = _backup_of(folder, tmp_path / "usb")
    window = open_window(folder)
    wait_for_unlock_page(qtbot, window)
    before = snapshot(folder)  # with the window's note of its hold on the vault

    window.controller.unlock.dialogs = FakeDialogs(backup_file=made, confirm=False)
    click(qtbot, find(window, QPushButton, "restoreBackupButton"))
    assert snapshot(folder) == before

    window.controller.unlock.dialogs = FakeDialogs(backup_file=made, passphrase="not the passphrase at all")
    click(qtbot, find(window, QPushButton, "restoreBackupButton"))
    error = find(window, QLabel, "unlockPageError")
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert error.text().startswith("That passphrase doesn't open the backup")
    assert find(window, QWidget, "unlockPage").isVisible()
    assert snapshot(folder) == before


def test_back_up_now_from_home_and_the_days_backup_after_unlock(qtbot, open_window, vault, tmp_path):
    folder, _ = vault
    window = open_window(folder)
    backups = window.controller.backups
    field = wait_for_unlock_page(qtbot, window)
    with qtbot.waitSignal(backups.sig_backed_up, timeout=GUI_TIMEOUT_MS) as daily:
        qtbot.keyClicks(field, PASSPHRASE)
        click(qtbot, find(window, QPushButton, "unlockButton"))
    wait_for_home(qtbot, window)
    assert daily.args[0].parent == folder / "backups"

    dialogs = FakeDialogs(folder=tmp_path / "usb")
    backups.dialogs = dialogs
    with qtbot.waitSignal(backups.sig_backed_up, timeout=GUI_TIMEOUT_MS) as now:
        window.findChild(QAction, "backUpNowAction").trigger()
    qtbot.waitUntil(lambda: bool(dialogs.messages), timeout=GUI_TIMEOUT_MS)
    assert now.args[0].parent == tmp_path / "usb"
    title, text = dialogs.messages[0]
    assert title == "Backed up" and now.args[0].name in text and "The newest 10 backups" in text

    # Closing after a change backs up again, into the folder chosen last.
    session = window.controller.session
    window.controller.runner.submit(lambda: session.db.execute(
        "INSERT INTO settings (key, value) VALUES ('test_change', 'x')"))
    window.controller.runner.wait_for_done()
    window.close()
    assert len(list((tmp_path / "usb").glob("*.mdbackup"))) == 2


def test_restore_from_home_locks_first(qtbot, open_window, vault, tmp_path):
    folder, _ = vault
    made = _backup_of(folder, tmp_path / "usb")
    window = open_window(folder)
    field = wait_for_unlock_page(qtbot, window)
    qtbot.keyClicks(field, PASSPHRASE)
    click(qtbot, find(window, QPushButton, "unlockButton"))
    wait_for_home(qtbot, window)
    first = window.controller.session

    # A change after the backup: the confirmation, asked while the vault is still open, counts it.
    window.controller.runner.submit(lambda: first.db.execute(
        "UPDATE individuals SET family_name = family_name || ' (changed)'"))
    window.controller.runner.wait_for_done()
    changed = first.db.scalar("SELECT count(*) FROM individuals")

    window.controller.unlock.dialogs = dialogs = FakeDialogs(backup_file=made)
    window.findChild(QAction, "restoreBackupAction").trigger()
    qtbot.waitUntil(lambda: window.controller.session not in (None, first), timeout=GUI_TIMEOUT_MS)
    wait_for_home(qtbot, window)
    assert next(folder.glob("vault-before-restore-*/vault.db")).is_file()
    # The changed names, and the stamps of the backups made since (the day's, after unlock).
    newer = re.search(r"The current vault holds (\d+) changes \(audit entries\) that are not in the backup",
                      dialogs.confirmations[0])
    assert newer and int(newer.group(1)) >= changed
    assert "Audio recordings are not kept in backups." in dialogs.confirmations[0]
    assert dialogs.asked == [("Restore from a backup", "Restore")]
    restored = window.controller.session
    assert restored.db.scalar("SELECT count(*) FROM individuals WHERE family_name LIKE '%(changed)'") == 0
    assert made.name in restored.db.scalar("SELECT value FROM settings WHERE key = 'last_restore'")


def test_a_backup_of_another_vault_is_named_in_the_confirmation(qtbot, open_window, vault, tmp_path):
    folder, _ = vault
    other = tmp_path / "other"
    _, session = sessions.create(other, PASSPHRASE, kdf=FAST_KDF)
    try:
        made = backup.make_backup(session, tmp_path / "usb", _dt.datetime(2026, 11, 20, 9, 30))
    finally:
        session.close()
    window = open_window(folder)
    wait_for_unlock_page(qtbot, window)
    before = snapshot(folder)  # with the window's note of its hold on the vault

    window.controller.unlock.dialogs = dialogs = FakeDialogs(backup_file=made, confirm=False)
    click(qtbot, find(window, QPushButton, "restoreBackupButton"))
    assert dialogs.asked == [("Restore ANOTHER vault?", "Restore the other vault")]
    assert "It is a backup of ANOTHER vault" in dialogs.confirmations[0]
    assert snapshot(folder) == before and not list(folder.glob(".mappa-desk-tmp-*"))


def test_a_new_laptop_starts_from_a_backup_on_the_create_page(qtbot, open_window, vault, tmp_path):
    folder, _ = vault
    made = _backup_of(folder, tmp_path / "usb")
    new_laptop = tmp_path / "new-laptop"
    window = open_window(new_laptop)
    assert find(window, QWidget, "createPage").isVisible()

    window.controller.unlock.dialogs = FakeDialogs(backup_file=tmp_path / "missing.mdbackup")
    click(qtbot, find(window, QPushButton, "createRestoreBackupButton"))
    error = find(window, QLabel, "createPageError")
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert "There is no backup file" in error.text() and find(window, QWidget, "createPage").isVisible()

    window.controller.unlock.dialogs = FakeDialogs(backup_file=made)
    click(qtbot, find(window, QPushButton, "createRestoreBackupButton"))
    wait_for_home(qtbot, window)
    assert find(window, QLabel, "homeIndividualsCount").text() == "3"
    assert not list(new_laptop.glob("vault-before-restore-*"))  # there was nothing to keep aside
