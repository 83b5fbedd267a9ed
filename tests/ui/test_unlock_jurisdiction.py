"""A vault made for a jurisdiction this installation lacks: the unlock page says so, and nothing opens."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QWidget

from mappa_desk.vault import Vault
from tests.conftest import PASSPHRASE, snapshot
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_unlock_screen import find, wait_for_unlock_page


def test_a_vault_of_a_jurisdiction_this_installation_lacks_is_refused_on_the_unlock_page(qtbot, open_window, vault):
    folder, _ = vault
    db = Vault(folder).unlock(PASSPHRASE)
    with db.transaction():
        db.execute("UPDATE settings SET value = 'atlantis' WHERE key = 'jurisdiction'")
    db.close()
    window = open_window(folder)
    field = wait_for_unlock_page(qtbot, window)
    before = snapshot(folder)
    error = find(window, QLabel, "unlockPageError")
    qtbot.keyClicks(field, PASSPHRASE)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert error.text() == ("This vault was made for the jurisdiction 'atlantis', which this MAPPA Desk does not "
                            "have (templates/atlantis). Nothing was opened.")
    assert find(window, QWidget, "unlockPage").isVisible()
    assert not find(window, QWidget, "homeView").isVisible()
    assert snapshot(folder) == before
