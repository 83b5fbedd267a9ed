"""An unlock that upgrades an older vault shows each step with a Cancel button beside it; Cancel stops the
upgrade, leaves the vault as it was and says so on the unlock page. A change of key has its Cancel too."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton

from mappa_desk.services import session as sessions
from mappa_desk.storage import migrations
from mappa_desk.vault import rotation
from tests.conftest import PASSPHRASE
from tests.storage.test_upgrade_progress import _schema_of
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_unlock_keys import recover_asking_for_a_new_key
from tests.ui.test_unlock_screen import click, find, wait_for_home, wait_for_unlock_page

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
OLD_PASSPHRASE = "fixture passphrase for schema 0005"


def _held_until_cancelled(progress, should_stop):
    """A progress callback that, at the first report, waits (on the worker) until Cancel is pressed, so the
    test sees the page while the work is under way; the work then carries on and meets the stop itself."""
    held = []

    def report(*args):
        progress(*args)
        if not held:
            held.append(True)
            deadline = time.monotonic() + GUI_TIMEOUT_MS / 1000
            while not should_stop() and time.monotonic() < deadline:
                time.sleep(0.01)
    return report


def test_an_upgrade_at_unlock_shows_its_step_and_cancel_stops_it(qtbot, open_window, tmp_path, monkeypatch):
    folder = tmp_path / "old"
    shutil.copytree(FIXTURES / "vault-schema-0005", folder)
    real = migrations.apply_pending
    monkeypatch.setattr(migrations, "apply_pending", lambda conn, progress=None, should_stop=None: real(
        conn, _held_until_cancelled(progress, should_stop) if should_stop else progress, should_stop))
    window = open_window(folder)
    field = wait_for_unlock_page(qtbot, window)
    busy = find(window, QLabel, "unlockPageBusy")
    cancel = find(window, QPushButton, "unlockPageCancelButton")
    error = find(window, QLabel, "unlockPageError")
    assert not cancel.isVisible()
    qtbot.keyClicks(field, OLD_PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(cancel.isVisible, timeout=GUI_TIMEOUT_MS)
    steps = migrations.latest_version() - 5
    assert busy.text() == f"Updating the vault (1 of {steps}): building the search index of the minutes…"
    click(qtbot, cancel)
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert error.text() == ("The upgrade was stopped before it finished; nothing was changed. It will run again "
                            "next time you unlock.")
    assert not cancel.isVisible() and not busy.isVisible()
    assert find(window, QLineEdit, "unlockPassphrase").isEnabled()
    assert _schema_of(folder, OLD_PASSPHRASE) == 5
    # Unlocked again (nothing held this time), it upgrades and opens.
    monkeypatch.setattr(migrations, "apply_pending", real)
    field.clear()
    qtbot.keyClicks(field, OLD_PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_for_home(qtbot, window)
    assert _schema_of(folder, OLD_PASSPHRASE) == migrations.latest_version()


def test_a_normal_unlock_offers_no_cancel(qtbot, open_window, vault):
    folder, _ = vault
    window = open_window(folder)
    field = wait_for_unlock_page(qtbot, window)
    seen = []
    window.controller.unlock.sig_upgrade.connect(seen.append)
    qtbot.keyClicks(field, PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_for_home(qtbot, window)
    assert seen == []


def test_cancel_during_a_change_of_key_leaves_the_vault_as_before(qtbot, open_window, vault, monkeypatch):
    folder, old_recovery = vault
    old_keyfile = (folder / "vault.key").read_bytes()
    real = rotation.rotate
    monkeypatch.setattr(rotation, "rotate", lambda *args, progress=None, should_stop=None, **kwargs: real(
        *args, progress=_held_until_cancelled(progress, should_stop), should_stop=should_stop, **kwargs))
    window = open_window(folder)
    key_label = recover_asking_for_a_new_key(qtbot, window, old_recovery)
    click(qtbot, find(window, QCheckBox, "recoveryKeyStoredCheck"))
    qtbot.keyClicks(find(window, QLineEdit, "recoveryKeyTypedBack"), key_label.text())
    cancel = find(window, QPushButton, "recoveryKeyPageCancelButton")
    click(qtbot, find(window, QPushButton, "recoveryKeyContinueButton"))
    busy = find(window, QLabel, "recoveryKeyPageBusy")
    qtbot.waitUntil(lambda: busy.text().startswith("Copying the vault under a new key…"), timeout=GUI_TIMEOUT_MS)
    assert cancel.isVisible()
    click(qtbot, cancel)
    error = find(window, QLabel, "recoverPageError")
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert error.text() == ("The change of the vault's key was stopped before it finished; nothing was changed. The "
                            "vault opens with the same passphrase and recovery key as before.")
    assert key_label.text() == ""
    window.close()
    assert (folder / "vault.key").read_bytes() == old_keyfile
    assert sorted(p.name for p in folder.iterdir()) == ["vault.db", "vault.key", "vault.lock"]
    sessions.unlock(folder, PASSPHRASE).close()
    sessions.unlock_with_recovery_key(folder, old_recovery).close()
