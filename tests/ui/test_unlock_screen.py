"""The vault screens driven as a chair would: keys and clicks on named controls, then the files checked."""

from __future__ import annotations

import inspect
import re

import keyring
import keyring.backends.fail
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QLabel, QLineEdit, QMessageBox, QPushButton, QWidget

from mappa_desk import errors
from mappa_desk.errors import WrongSecret
from mappa_desk.services import session as sessions
from mappa_desk.vault.keyfile import MIN_PASSPHRASE_CHARS
from tests.conftest import PASSPHRASE, snapshot
from tests.ui.conftest import GUI_TIMEOUT_MS

NEW_PASSPHRASE = "seven swans on the loch"
RECOVERY_KEY_SHAPE = re.compile(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){7}")
ERROR_CLASS_NAMES = [name for name, obj in vars(errors).items() if inspect.isclass(obj)] + ["Exception", "Error"]


def find(window: QWidget, cls, name: str):
    widget = window.findChild(cls, name)
    assert widget is not None, f"no {cls.__name__} named {name}"
    assert widget.accessibleName(), f"{name} has no accessible name"
    return widget


def click(qtbot, widget) -> None:
    if isinstance(widget, QCheckBox):
        # A checkbox stretches across the page but only its box and label take clicks: aim at the box.
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton, pos=QPoint(6, widget.height() // 2))
    else:
        qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def retype(qtbot, field: QLineEdit, text: str) -> None:
    field.clear()
    qtbot.keyClicks(field, text)


def wait_for_unlock_page(qtbot, window) -> QLineEdit:
    """The window first tries the keyring in the background; wait until the page takes input."""
    field = find(window, QLineEdit, "unlockPassphrase")
    qtbot.waitUntil(lambda: field.isVisible() and field.isEnabled(), timeout=GUI_TIMEOUT_MS)
    return field


def wait_for_home(qtbot, window) -> None:
    home = find(window, QWidget, "homeView")
    qtbot.waitUntil(home.isVisible, timeout=GUI_TIMEOUT_MS)


def test_first_run_creates_a_vault_and_shows_a_recovery_key_that_works(qtbot, open_window, data_dir):
    window = open_window(data_dir)
    assert find(window, QLabel, "createTitle").text() == "Create your MAPPA Desk vault"
    passphrase = find(window, QLineEdit, "createPassphrase")
    confirm = find(window, QLineEdit, "createConfirm")
    create = find(window, QPushButton, "createButton")
    hint = find(window, QLabel, "createHint")
    assert passphrase.isVisible()
    assert passphrase.echoMode() == QLineEdit.EchoMode.Password
    assert confirm.echoMode() == QLineEdit.EchoMode.Password

    short = "x" * (MIN_PASSPHRASE_CHARS - 1)
    qtbot.keyClicks(passphrase, short)
    qtbot.keyClicks(confirm, short)
    assert not create.isEnabled()
    assert f"at least {MIN_PASSPHRASE_CHARS} characters" in hint.text()

    retype(qtbot, passphrase, PASSPHRASE)
    retype(qtbot, confirm, PASSPHRASE + "!")
    assert not create.isEnabled()
    assert "don't match" in hint.text()

    qtbot.keyClick(confirm, Qt.Key.Key_Backspace)
    assert create.isEnabled()
    assert "match" in hint.text() and "don't" not in hint.text()
    click(qtbot, create)

    # Key derivation runs on a worker: the GUI answers at once, busy, inputs disabled.
    busy = find(window, QLabel, "createPageBusy")
    assert busy.isVisible() and busy.text()
    assert not passphrase.isEnabled() and not create.isEnabled()

    key_label = find(window, QLabel, "recoveryKeyLabel")
    qtbot.waitUntil(lambda: key_label.isVisible(), timeout=GUI_TIMEOUT_MS)
    recovery_key = key_label.text()
    assert RECOVERY_KEY_SHAPE.fullmatch(recovery_key)
    assert key_label.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    stored = find(window, QCheckBox, "recoveryKeyStoredCheck")
    carry_on = find(window, QPushButton, "recoveryKeyContinueButton")
    assert not stored.isChecked()
    assert not carry_on.isEnabled()
    click(qtbot, carry_on)
    assert key_label.isVisible(), "Continue worked before the box was ticked"

    click(qtbot, stored)
    assert carry_on.isEnabled()
    click(qtbot, carry_on)
    wait_for_home(qtbot, window)
    assert find(window, QLabel, "homeIndividualsCount").text() == "0"
    assert key_label.text() == "", "the recovery key stayed in the widget"
    assert passphrase.text() == "" and confirm.text() == ""

    assert (data_dir / "vault.key").is_file()
    assert (data_dir / "vault.db").is_file()
    window.close()
    recovered = sessions.unlock_with_recovery_key(data_dir, recovery_key)
    recovered.close()


def test_wrong_passphrase_shows_the_core_sentence_and_changes_no_file(qtbot, open_window, vault):
    folder, _ = vault
    window = open_window(folder)
    field = wait_for_unlock_page(qtbot, window)
    before = snapshot(folder)  # with the window's note of its hold on the vault
    error = find(window, QLabel, "unlockPageError")
    assert not error.isVisible()

    wrong = "not the passphrase at all"
    qtbot.keyClicks(field, wrong)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)

    with pytest.raises(WrongSecret) as raised:
        sessions.unlock(folder, wrong)
    assert error.text() == str(raised.value)
    for name in ERROR_CLASS_NAMES:
        assert name not in error.text()
    assert field.isEnabled()
    assert field.text() == wrong and field.selectedText() == wrong, "the typed passphrase should stay, selected"
    assert find(window, QWidget, "unlockPage").isVisible()
    assert snapshot(folder) == before


def test_right_passphrase_reaches_the_unlocked_page_with_counts_and_lock_closes_it(
        qtbot, open_window, vault, memory_keyring):
    folder, _ = vault
    window = open_window(folder)
    field = wait_for_unlock_page(qtbot, window)
    unlock = find(window, QPushButton, "unlockButton")
    assert not unlock.isEnabled()
    qtbot.keyClicks(field, PASSPHRASE)
    click(qtbot, unlock)
    assert find(window, QLabel, "unlockPageBusy").text() == "Unlocking…"
    assert not field.isEnabled()

    wait_for_home(qtbot, window)
    assert find(window, QLabel, "homeIndividualsCount").text() == "3"
    assert find(window, QLabel, "homeMeetingsCount").text() == "2"
    assert find(window, QLabel, "homeDataFolder").text() == str(folder.resolve())
    assert memory_keyring.entries == {}, "the vault was remembered without being asked"

    session = window.controller.session
    click(qtbot, find(window, QPushButton, "lockButton"))
    field = wait_for_unlock_page(qtbot, window)
    assert field.text() == ""
    assert window.controller.session is None
    with pytest.raises(Exception):
        session.counts()  # the connection is closed


def test_without_a_system_keyring_remember_is_disabled_and_explained(qtbot, open_window, vault, memory_keyring):
    keyring.set_keyring(keyring.backends.fail.Keyring())  # in place of the working one
    window = open_window(vault[0])
    wait_for_unlock_page(qtbot, window)
    remember = find(window, QCheckBox, "rememberCheck")
    explanation = find(window, QLabel, "noKeyringLabel")
    assert not remember.isEnabled()
    assert explanation.isVisible()
    assert "no system keyring" in explanation.text()
    assert "Unlock with your passphrase each time." in explanation.text()


def test_remember_stores_the_key_so_the_next_window_opens_without_a_passphrase(
        qtbot, open_window, vault, memory_keyring):
    folder, _ = vault
    window = open_window(folder)
    field = wait_for_unlock_page(qtbot, window)
    remember = find(window, QCheckBox, "rememberCheck")
    assert remember.isEnabled() and not remember.isChecked()
    assert not find(window, QLabel, "noKeyringLabel").isVisible()

    qtbot.keyClicks(field, PASSPHRASE)
    click(qtbot, remember)
    assert remember.isChecked()
    qtbot.keyClick(field, Qt.Key.Key_Return)
    wait_for_home(qtbot, window)
    assert len(memory_keyring.entries) == 1
    window.close()

    again = open_window(folder)
    wait_for_home(qtbot, again)  # no passphrase typed
    assert find(again, QLabel, "homeMeetingsCount").text() == "2"
    assert find(again, QLineEdit, "unlockPassphrase").text() == ""


def test_recovery_key_unlocks_and_sets_a_new_passphrase(qtbot, open_window, vault):
    folder, recovery_key = vault
    window = open_window(folder)
    wait_for_unlock_page(qtbot, window)
    click(qtbot, find(window, QPushButton, "useRecoveryKeyButton"))
    key_field = find(window, QLineEdit, "recoveryKeyInput")
    qtbot.waitUntil(key_field.isVisible)
    new = find(window, QLineEdit, "recoverNewPassphrase")
    confirm = find(window, QLineEdit, "recoverConfirm")
    button = find(window, QPushButton, "recoverButton")
    assert button.text() == "Unlock and set new passphrase"

    # A key of the wrong shape: the core's sentence, and nothing opened.
    qtbot.keyClicks(key_field, "ABCD-EFGH")
    qtbot.keyClicks(new, NEW_PASSPHRASE)
    assert not button.isEnabled()
    qtbot.keyClicks(confirm, NEW_PASSPHRASE)
    assert button.isEnabled()
    click(qtbot, button)
    error = find(window, QLabel, "recoverPageError")
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert "recovery key" in error.text()
    for name in ERROR_CLASS_NAMES:
        assert name not in error.text()

    retype(qtbot, key_field, recovery_key.lower().replace("-", " "))  # as someone might copy it out
    click(qtbot, button)
    wait_for_home(qtbot, window)
    assert find(window, QLabel, "homeIndividualsCount").text() == "3"
    window.close()

    sessions.unlock(folder, NEW_PASSPHRASE).close()
    with pytest.raises(WrongSecret):
        sessions.unlock(folder, PASSPHRASE)


# The offscreen platform plugin warns when a dialog asks it about size hints; that is not ours.
@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")
def test_an_unexpected_error_shows_a_plain_dialog_with_copy_details(qtbot, open_window, vault, monkeypatch):
    def broken_unlock(*args, **kwargs):
        raise RuntimeError("individual Jane Example, 12 Harbour Road")

    monkeypatch.setattr(sessions, "unlock", broken_unlock)
    window = open_window(vault[0])
    field = wait_for_unlock_page(qtbot, window)
    qtbot.keyClicks(field, PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)

    def dialog():
        return next((w for w in QApplication.topLevelWidgets()
                     if w.objectName() == "unexpectedErrorDialog" and w.isVisible()), None)

    qtbot.waitUntil(lambda: dialog() is not None, timeout=GUI_TIMEOUT_MS)
    box: QMessageBox = dialog()
    assert "RuntimeError" not in box.text() and "Jane" not in box.text()
    assert field.isEnabled(), "the page stayed busy after the failure"
    click(qtbot, find(box, QPushButton, "copyDetailsButton"))
    details = QApplication.clipboard().text()
    assert "RuntimeError" in details
    assert "Jane Example" not in details, "the error's message (possible personal data) was copied"
