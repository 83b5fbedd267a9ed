"""The vault pages: create (first run), the recovery key shown once, unlock, and recover."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QPalette
from PySide6.QtWidgets import (QCheckBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton,
                               QStackedWidget, QWidget)

from mappa_desk.errors import WrongSecret
from mappa_desk.vault.keyfile import parse_recovery_key
from mappa_desk.vault.keyring_cache import NO_KEYRING as NO_KEYRING_TEXT
from ui.common import body_label, error_label, field_label, named, page_layout, password_field, title_label
from ui.unlock.strength import passphrase_hint



def _look_like_link(button: QPushButton) -> None:
    """A secondary way out, shown as a link: flat, underlined, in the system's link colour."""
    button.setFlat(True)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    font = QFont(button.font())
    font.setUnderline(True)
    button.setFont(font)
    palette = button.palette()
    palette.setColor(QPalette.ColorRole.ButtonText, palette.color(QPalette.ColorRole.Link))
    button.setPalette(palette)


class _Page(QWidget):
    """A page with a busy line ("Unlocking…") and an error line under its inputs. Beside the busy line, a
    Cancel button for the long work that can be stopped (an upgrade at unlock, a change of key)."""

    sig_cancel_requested = Signal()

    def __init__(self, name: str):
        super().__init__()
        named(self, name, name)
        self.busy_label = named(QLabel(), f"{name}Busy", "Progress")
        self.busy_label.setWordWrap(True)
        self.busy_label.hide()
        self.cancel_button = named(QPushButton("Cancel"), f"{name}CancelButton", "Cancel",
                                   "Stop it; nothing is changed")
        self.cancel_button.hide()
        self.cancel_button.clicked.connect(self.sig_cancel_requested)
        self.error_label = error_label(f"{name}Error")
        self._inputs: list[QWidget] = []
        self._busy = False

    def _add_status_lines(self, layout) -> None:
        """Under the inputs, so the answer appears where the person is looking."""
        layout.addSpacing(4)
        busy = QHBoxLayout()
        busy.addWidget(self.busy_label, 1)
        busy.addWidget(self.cancel_button)
        layout.addLayout(busy)
        layout.addWidget(self.error_label)

    def set_busy(self, busy: bool, text: str = "") -> None:
        self._busy = busy
        if busy:
            self.clear_error()
        self.busy_label.setText(text if busy else "")
        self.busy_label.setVisible(busy)
        self.show_cancel(False)
        for widget in self._inputs:
            widget.setEnabled(not busy)
        self._update_enabled()

    def show_cancel(self, shown: bool) -> None:
        """Offer Cancel beside the busy line (only while busy)."""
        self.cancel_button.setEnabled(True)
        self.cancel_button.setVisible(shown and self._busy)

    def is_busy(self) -> bool:
        return self._busy

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def _update_enabled(self) -> None:
        """Enable the action buttons when the inputs allow it (and nothing is running)."""


class CreatePage(_Page):
    """First run: choose the passphrase for a new vault."""

    sig_create_requested = Signal(str)
    sig_restore_requested = Signal()  # a new laptop: start from a backup instead of an empty vault

    def __init__(self):
        super().__init__("createPage")
        layout = page_layout(self)
        layout.addWidget(title_label("Create your MAPPA Desk vault", "createTitle"))
        layout.addWidget(body_label(
            "Everything you record in MAPPA Desk is encrypted and kept on this computer. "
            "Choose a passphrase to unlock it. Nobody can recover the passphrase for you, "
            "so next you will be shown a recovery key, once, to write down.",
            "createExplanation", "About the vault"))
        layout.addSpacing(8)

        self.passphrase = password_field("createPassphrase", "Passphrase")
        self.confirm = password_field("createConfirm", "Confirm passphrase")
        layout.addWidget(field_label("&Passphrase", "createPassphraseLabel", self.passphrase))
        layout.addWidget(self.passphrase)
        layout.addWidget(field_label("Type it &again", "createConfirmLabel", self.confirm))
        layout.addWidget(self.confirm)
        self.hint = body_label("", "createHint", "Passphrase strength")
        layout.addWidget(self.hint)
        self._add_status_lines(layout)
        layout.addStretch(1)

        self.create_button = named(QPushButton("Create vault"), "createButton", "Create vault")
        self.restore_button = named(QPushButton("Restore from a backup…"), "createRestoreBackupButton",
                                    "Restore from a backup", "Start from a backup of your vault instead of an empty one")
        _look_like_link(self.restore_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout.addLayout(buttons)

        self._inputs = [self.passphrase, self.confirm, self.restore_button]
        self.restore_button.clicked.connect(self.sig_restore_requested)
        self.passphrase.textChanged.connect(self._on_text_changed)
        self.confirm.textChanged.connect(self._on_text_changed)
        self.confirm.returnPressed.connect(self._on_create_clicked)
        self.create_button.clicked.connect(self._on_create_clicked)
        self._on_text_changed()

    def _on_text_changed(self, _text: str = "") -> None:
        self.hint.setText(passphrase_hint(self.passphrase.text(), self.confirm.text()).text)
        self._update_enabled()

    def _update_enabled(self) -> None:
        ok = passphrase_hint(self.passphrase.text(), self.confirm.text()).acceptable
        self.create_button.setEnabled(ok and not self.is_busy())

    def _on_create_clicked(self) -> None:
        if self.create_button.isEnabled():
            self.sig_create_requested.emit(self.passphrase.text())

    def clear(self) -> None:
        self.passphrase.clear()
        self.confirm.clear()
        self.clear_error()

    def focus_first(self) -> None:
        self.passphrase.setFocus()


class RecoveryKeyPage(_Page):
    """Shows the new vault's recovery key, once."""

    sig_recovery_key_stored = Signal()

    def __init__(self):
        super().__init__("recoveryKeyPage")
        layout = page_layout(self)
        layout.addWidget(title_label("Your recovery key", "recoveryKeyTitle"))
        layout.addWidget(body_label(
            "If you forget your passphrase, this key is the only way back into the vault.",
            "recoveryKeyExplanation", "What the recovery key is for"))
        layout.addSpacing(6)

        self.key_label = named(QLabel(), "recoveryKeyLabel", "Recovery key")
        self.key_label.setTextFormat(Qt.TextFormat.PlainText)
        self.key_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                               | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 9) * 1.45)
        font.setWeight(QFont.Weight.DemiBold)
        self.key_label.setFont(font)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setFrameShape(QFrame.Shape.StyledPanel)
        self.key_label.setMargin(14)
        layout.addWidget(self.key_label)
        layout.addSpacing(6)

        layout.addWidget(body_label(
            "It is shown only once. Write it down now and store it somewhere safe, "
            "away from this laptop. Anyone with the key and this laptop can open the vault.",
            "recoveryKeyWarning", "Store the recovery key safely"))
        layout.addSpacing(10)
        self.stored_check = named(QCheckBox("I have stored my recovery key safely"), "recoveryKeyStoredCheck",
                                  "I have stored my recovery key safely")
        layout.addWidget(self.stored_check)
        # When the key replaces an old one (a change of the vault's key), it is typed back first.
        self.typed_back = named(QLineEdit(), "recoveryKeyTypedBack", "Type the recovery key back")
        self.typed_back.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.typed_back_label = field_label("&Type the key back to confirm you have it; the old recovery key stops "
                                            "working when the vault's key is changed", "recoveryKeyTypedBackLabel",
                                            self.typed_back)
        self.typed_back_label.setWordWrap(True)
        layout.addWidget(self.typed_back_label)
        layout.addWidget(self.typed_back)
        self.typed_back.textChanged.connect(self._update_enabled)
        self._add_status_lines(layout)
        layout.addStretch(1)
        self.continue_button = named(QPushButton("Continue"), "recoveryKeyContinueButton", "Continue")
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout.addLayout(buttons)

        self._inputs = [self.stored_check, self.typed_back]
        self.stored_check.toggled.connect(self._update_enabled)
        self.continue_button.clicked.connect(self._on_continue_clicked)
        self.show_key("")

    def show_key(self, recovery_key: str, *, typed_back: bool = False) -> None:
        """Show the key; with `typed_back`, Continue waits until it has been typed back correctly."""
        self.stored_check.setChecked(False)
        self.key_label.setText(recovery_key)
        self.typed_back.clear()
        self.typed_back.setVisible(typed_back)
        self.typed_back_label.setVisible(typed_back)
        self.continue_button.setText("Change the vault's key" if typed_back else "Continue")
        self._update_enabled()

    def typed_back_text(self) -> str:
        return self.typed_back.text()

    def _typed_back_ok(self) -> bool:
        if self.typed_back.isHidden():
            return True
        try:
            return parse_recovery_key(self.typed_back.text()) == parse_recovery_key(self.key_label.text())
        except WrongSecret:
            return False

    def _update_enabled(self, _checked: bool = False) -> None:
        self.continue_button.setEnabled(self.stored_check.isChecked() and self._typed_back_ok()
                                        and not self.is_busy())

    def _on_continue_clicked(self) -> None:
        if self.continue_button.isEnabled():
            self.sig_recovery_key_stored.emit()

    def clear(self) -> None:
        # The key must not linger in the widget once the person has moved on.
        self.key_label.clear()
        self.typed_back.clear()
        self.stored_check.setChecked(False)

    def focus_first(self) -> None:
        self.key_label.setFocus()


class UnlockPage(_Page):
    """Unlock with the passphrase; optionally remember the vault on this computer."""

    sig_unlock_requested = Signal(str, bool)  # passphrase, remember on this computer
    sig_recovery_requested = Signal()
    sig_restore_requested = Signal()  # a damaged vault cannot be unlocked, so restore is offered here

    def __init__(self):
        super().__init__("unlockPage")
        layout = page_layout(self)
        layout.addWidget(title_label("Unlock MAPPA Desk", "unlockTitle"))
        layout.addWidget(body_label("Enter your passphrase to open your vault.", "unlockExplanation",
                                    "How to unlock"))
        layout.addSpacing(8)

        self.passphrase = password_field("unlockPassphrase", "Passphrase")
        layout.addWidget(field_label("&Passphrase", "unlockPassphraseLabel", self.passphrase))
        layout.addWidget(self.passphrase)
        layout.addSpacing(4)
        self.remember_check = named(QCheckBox("&Remember on this computer"), "rememberCheck",
                                    "Remember on this computer",
                                    "Keeps a copy of the vault key in this computer's system keyring, "
                                    "so the vault opens without the passphrase.")
        layout.addWidget(self.remember_check)
        self.no_keyring_label = body_label(NO_KEYRING_TEXT, "noKeyringLabel", "Why the vault can't be remembered")
        self.no_keyring_label.setContentsMargins(self._checkbox_text_indent(), 0, 0, 0)
        self.no_keyring_label.hide()
        layout.addWidget(self.no_keyring_label)
        self._add_status_lines(layout)
        layout.addStretch(1)

        self.recovery_button = named(QPushButton("Use recovery key"), "useRecoveryKeyButton", "Use recovery key",
                                     "Unlock with the recovery key and choose a new passphrase")
        _look_like_link(self.recovery_button)
        self.restore_button = named(QPushButton("Restore from a backup…"), "restoreBackupButton",
                                    "Restore from a backup", "Put a backup in place of this vault, which is kept aside")
        _look_like_link(self.restore_button)
        self.unlock_button = named(QPushButton("Unlock"), "unlockButton", "Unlock")
        buttons = QHBoxLayout()
        buttons.addWidget(self.recovery_button)
        buttons.addWidget(self.restore_button)
        buttons.addStretch(1)
        buttons.addWidget(self.unlock_button)
        layout.addLayout(buttons)

        self._keyring_available = False  # until the controller has asked the system
        self.held = False
        self.wait_label = named(QLabel(), "unlockWaitLabel", "Wait before trying again")
        self.wait_label.hide()
        layout.insertWidget(layout.indexOf(self.error_label) + 1, self.wait_label)
        self._inputs = [self.passphrase, self.recovery_button, self.restore_button]
        self.passphrase.textChanged.connect(self._update_enabled)
        self.passphrase.returnPressed.connect(self._on_unlock_clicked)
        self.unlock_button.clicked.connect(self._on_unlock_clicked)
        self.recovery_button.clicked.connect(self.sig_recovery_requested)
        self.restore_button.clicked.connect(self.sig_restore_requested)
        self._update_enabled()

    def _checkbox_text_indent(self) -> int:
        """Line the explanation up with the checkbox's text, under its label."""
        style = self.remember_check.style()
        return (style.pixelMetric(style.PixelMetric.PM_IndicatorWidth)
                + style.pixelMetric(style.PixelMetric.PM_CheckBoxLabelSpacing))

    def set_keyring_available(self, available: bool) -> None:
        self._keyring_available = available
        if not available:
            self.remember_check.setChecked(False)
        self.no_keyring_label.setVisible(not available)
        self._update_enabled()

    def set_remember(self, remember: bool) -> None:
        self.remember_check.setChecked(remember and self._keyring_available)

    def _update_enabled(self, _text: str = "") -> None:
        self.unlock_button.setEnabled(bool(self.passphrase.text()) and not self.is_busy() and not self.held)
        self.remember_check.setEnabled(self._keyring_available and not self.is_busy())

    def hold(self, seconds: int) -> None:
        """After repeated wrong passphrases: Unlock waits `seconds`, and the page says so (0 releases it)."""
        self.held = seconds > 0
        self.wait_label.setText(f"Several wrong passphrases in a row: wait {seconds} second"
                                f"{'' if seconds == 1 else 's'} before trying again." if self.held else "")
        self.wait_label.setVisible(self.held)
        self._update_enabled()

    def _on_unlock_clicked(self) -> None:
        if self.unlock_button.isEnabled():
            self.sig_unlock_requested.emit(self.passphrase.text(), self.remember_check.isChecked())

    def set_busy(self, busy: bool, text: str = "") -> None:
        super().set_busy(busy, text)
        if not busy:
            self.passphrase.setFocus()

    def show_error(self, text: str) -> None:
        super().show_error(text)
        # Keep what was typed, selected, so the next attempt simply types over it.
        self.passphrase.setFocus()
        self.passphrase.selectAll()

    def clear(self) -> None:
        self.passphrase.clear()
        self.clear_error()

    def focus_first(self) -> None:
        self.passphrase.setFocus()


class RecoverPage(_Page):
    """Unlock with the recovery key and set a new passphrase."""

    sig_recover_requested = Signal(str, str, bool)  # recovery key, new passphrase, also change the vault's key
    sig_back_requested = Signal()

    def __init__(self):
        super().__init__("recoverPage")
        layout = page_layout(self)
        layout.addWidget(title_label("Unlock with your recovery key", "recoverTitle"))
        layout.addWidget(body_label(
            "Type the recovery key you wrote down when the vault was created, then choose a new "
            "passphrase. Your old passphrase will stop working.", "recoverExplanation", "How recovery works"))
        layout.addSpacing(4)

        self.recovery_key = named(QLineEdit(), "recoveryKeyInput", "Recovery key")
        self.recovery_key.setPlaceholderText("XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX-XXXX")
        # Monospace, as it was shown: easier to check group by group (0 against O, 1 against I).
        self.recovery_key.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.new_passphrase = password_field("recoverNewPassphrase", "New passphrase")
        self.confirm = password_field("recoverConfirm", "Confirm new passphrase")
        layout.addWidget(field_label("Recovery &key", "recoveryKeyInputLabel", self.recovery_key))
        layout.addWidget(self.recovery_key)
        layout.addWidget(field_label("&New passphrase", "recoverNewPassphraseLabel", self.new_passphrase))
        layout.addWidget(self.new_passphrase)
        layout.addWidget(field_label("Type it &again", "recoverConfirmLabel", self.confirm))
        layout.addWidget(self.confirm)
        self.hint = body_label("", "recoverHint", "Passphrase strength")
        layout.addWidget(self.hint)
        self.rotate_check = named(QCheckBox("Also change the vault's &key: recommended if the recovery key or the "
                                            "old passphrase may have been seen. You will get a new recovery key."),
                                  "recoverRotateCheck", "Also change the vault's key")
        layout.addWidget(self.rotate_check)
        self._add_status_lines(layout)
        layout.addStretch(1)

        self.back_button = named(QPushButton("Back"), "recoverBackButton", "Back to unlocking with the passphrase")
        self.recover_button = named(QPushButton("Unlock and set new passphrase"), "recoverButton",
                                    "Unlock and set new passphrase")
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.recover_button)
        layout.addLayout(buttons)

        self._inputs = [self.recovery_key, self.new_passphrase, self.confirm, self.rotate_check, self.back_button]
        for field in (self.recovery_key, self.new_passphrase, self.confirm):
            field.textChanged.connect(self._on_text_changed)
        self.confirm.returnPressed.connect(self._on_recover_clicked)
        self.recover_button.clicked.connect(self._on_recover_clicked)
        self.back_button.clicked.connect(self.sig_back_requested)
        self._on_text_changed()

    def _on_text_changed(self, _text: str = "") -> None:
        self.hint.setText(passphrase_hint(self.new_passphrase.text(), self.confirm.text()).text)
        self._update_enabled()

    def _update_enabled(self) -> None:
        ok = passphrase_hint(self.new_passphrase.text(), self.confirm.text()).acceptable
        has_key = bool(self.recovery_key.text().strip())
        self.recover_button.setEnabled(ok and has_key and not self.is_busy())

    def _on_recover_clicked(self) -> None:
        if self.recover_button.isEnabled():
            self.sig_recover_requested.emit(self.recovery_key.text(), self.new_passphrase.text(),
                                            self.rotate_check.isChecked())

    def show_error(self, text: str) -> None:
        super().show_error(text)
        self.recovery_key.setFocus()
        self.recovery_key.selectAll()

    def clear(self) -> None:
        for field in (self.recovery_key, self.new_passphrase, self.confirm):
            field.clear()
        self.rotate_check.setChecked(False)
        self.clear_error()

    def focus_first(self) -> None:
        self.recovery_key.setFocus()


class UnlockView(QStackedWidget):
    """The four vault pages; the controller decides which one shows."""

    def __init__(self):
        super().__init__()
        named(self, "unlockView", "Open the vault")
        self.create_page = CreatePage()
        self.recovery_key_page = RecoveryKeyPage()
        self.unlock_page = UnlockPage()
        self.recover_page = RecoverPage()
        for page in (self.create_page, self.recovery_key_page, self.unlock_page, self.recover_page):
            self.addWidget(page)
        self.unlock_page.sig_recovery_requested.connect(self._on_recovery_requested)
        self.recover_page.sig_back_requested.connect(self._on_back_requested)

    def show_page(self, page: _Page) -> None:
        self.setCurrentWidget(page)
        page.focus_first()

    def current_page(self) -> _Page:
        return self.currentWidget()

    def _on_recovery_requested(self) -> None:
        self.unlock_page.clear_error()
        self.show_page(self.recover_page)

    def _on_back_requested(self) -> None:
        self.recover_page.clear()
        self.show_page(self.unlock_page)

