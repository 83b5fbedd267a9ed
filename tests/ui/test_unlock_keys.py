"""The vault screens and the keys: strength while typing, a wait after wrong passphrases, a change of key."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPushButton

from mappa_desk.errors import KeyFileMismatch, WrongSecret
from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_unlock_screen import (NEW_PASSPHRASE, RECOVERY_KEY_SHAPE, click, find, retype,
                                         wait_for_home, wait_for_unlock_page)
from ui.unlock.throttle import wait_after


@pytest.mark.attack("A guessable passphrase on the create page", "refused with a sentence")
def test_the_create_page_shows_strength_while_typing_and_refuses_a_guessable_passphrase(qtbot, open_window, data_dir):
    window = open_window(data_dir)
    passphrase = find(window, QLineEdit, "createPassphrase")
    confirm = find(window, QLineEdit, "createConfirm")
    hint = find(window, QLabel, "createHint")
    create = find(window, QPushButton, "createButton")
    qtbot.keyClicks(passphrase, "Password12345")
    qtbot.keyClicks(confirm, "Password12345")
    assert "Strength: weak" in hint.text() and "Too easy to guess" in hint.text()
    assert not create.isEnabled()
    retype(qtbot, passphrase, "a quiet harbour at dawn")
    retype(qtbot, confirm, "a quiet harbour at dawn")
    assert "Strength: strong" in hint.text() and create.isEnabled()


def test_the_wait_grows_after_the_third_wrong_passphrase():
    assert [wait_after(n) for n in range(1, 9)] == [0, 0, 5, 10, 20, 40, 80, 160]
    assert wait_after(50) == 300


def _wrong(qtbot, window, field, error) -> None:
    retype(qtbot, field, "not the passphrase at all")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: error.isVisible() and field.isEnabled(), timeout=GUI_TIMEOUT_MS)


@pytest.mark.attack("Repeated wrong passphrases in the window", "a growing wait, said on the page")
def test_repeated_wrong_passphrases_make_unlock_wait_longer_and_say_so(qtbot, open_window, vault):
    folder, _ = vault
    window = open_window(folder)
    field = wait_for_unlock_page(qtbot, window)
    error = find(window, QLabel, "unlockPageError")
    wait = find(window, QLabel, "unlockWaitLabel")
    unlock = find(window, QPushButton, "unlockButton")
    throttle = window.controller.unlock.throttle
    for _ in range(2):
        _wrong(qtbot, window, field, error)
        assert not wait.isVisible() and unlock.isEnabled()
    _wrong(qtbot, window, field, error)
    assert wait.isVisible() and "wait 5 seconds before trying again" in wait.text()
    assert not unlock.isEnabled()
    qtbot.keyClick(field, Qt.Key.Key_Return)  # Return does nothing while it waits
    assert not window.controller.runner.is_busy()
    for _ in range(4):
        throttle.tick()  # a second passes, without the test sleeping
    assert "wait 1 second before" in wait.text() and not unlock.isEnabled()
    throttle.tick()
    assert not wait.isVisible() and unlock.isEnabled()
    _wrong(qtbot, window, field, error)
    assert "wait 10 seconds" in wait.text()
    for _ in range(10):
        throttle.tick()
    retype(qtbot, field, PASSPHRASE)
    click(qtbot, unlock)
    wait_for_home(qtbot, window)
    assert throttle.failures == 0


def recover_asking_for_a_new_key(qtbot, window, old_recovery: str) -> QLabel:
    """On the unlock page: Use the recovery key, a new passphrase, "change the vault's key" ticked, Recover;
    returns the label showing the new recovery key, once it shows."""
    wait_for_unlock_page(qtbot, window)
    click(qtbot, find(window, QPushButton, "useRecoveryKeyButton"))
    key_field = find(window, QLineEdit, "recoveryKeyInput")
    qtbot.waitUntil(key_field.isVisible)
    qtbot.keyClicks(key_field, old_recovery)
    qtbot.keyClicks(find(window, QLineEdit, "recoverNewPassphrase"), NEW_PASSPHRASE)
    qtbot.keyClicks(find(window, QLineEdit, "recoverConfirm"), NEW_PASSPHRASE)
    click(qtbot, find(window, QCheckBox, "recoverRotateCheck"))
    click(qtbot, find(window, QPushButton, "recoverButton"))
    key_label = find(window, QLabel, "recoveryKeyLabel")
    qtbot.waitUntil(key_label.isVisible, timeout=GUI_TIMEOUT_MS)
    return key_label


def test_recovery_can_change_the_vaults_key_once_the_new_recovery_key_is_typed_back(qtbot, open_window, vault):
    folder, old_recovery = vault
    old_keyfile = (folder / "vault.key").read_bytes()
    window = open_window(folder)
    key_label = recover_asking_for_a_new_key(qtbot, window, old_recovery)
    new_recovery = key_label.text()
    assert RECOVERY_KEY_SHAPE.fullmatch(new_recovery) and new_recovery != old_recovery
    typed_back = find(window, QLineEdit, "recoveryKeyTypedBack")
    carry_on = find(window, QPushButton, "recoveryKeyContinueButton")
    assert typed_back.isVisible() and carry_on.text() == "Change the vault's key"
    click(qtbot, find(window, QCheckBox, "recoveryKeyStoredCheck"))
    qtbot.keyClicks(typed_back, old_recovery)
    assert not carry_on.isEnabled()  # not the key shown
    # Nothing has changed yet: the old recovery key and the old passphrase still work.
    sessions.unlock(folder, PASSPHRASE).close()
    retype(qtbot, typed_back, new_recovery.lower())
    assert carry_on.isEnabled()
    progress = []
    window.controller.unlock.sig_progress.connect(lambda fraction, text: progress.append(fraction))
    click(qtbot, carry_on)
    wait_for_home(qtbot, window)
    assert progress and progress[-1] == 1.0  # reported from the worker, shown on the page
    assert find(window, QLabel, "homeIndividualsCount").text() == "3"
    assert key_label.text() == "" and typed_back.text() == ""
    window.close()

    sessions.unlock(folder, NEW_PASSPHRASE).close()
    sessions.unlock_with_recovery_key(folder, new_recovery).close()
    with pytest.raises(WrongSecret):
        sessions.unlock_with_recovery_key(folder, old_recovery)
    (folder / "vault.key").write_bytes(old_keyfile)
    with pytest.raises(KeyFileMismatch):
        sessions.unlock(folder, PASSPHRASE)


def test_the_handover_export_dialog_shows_strength_while_typing(qtbot):
    from ui.handover.view import ExportDialog

    dialog = ExportDialog(None, "the meeting of 1 May 2026", "Test Person")
    qtbot.addWidget(dialog)
    hint = find(dialog, QLabel, "handoverHint")
    qtbot.keyClicks(find(dialog, QLineEdit, "handoverPassphrase"), "Password12345")
    assert "Strength: weak" in hint.text() and "Too easy to guess" in hint.text()
    retype(qtbot, find(dialog, QLineEdit, "handoverPassphrase"), "a quiet harbour at dawn")
    assert "Strength: strong" in hint.text()
