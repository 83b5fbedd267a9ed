"""The encrypted handover, driven as two chairs would: one exports a meeting from Home, the other imports it."""

from __future__ import annotations

import pytest
import shiboken6
from PySide6.QtWidgets import QCheckBox, QLabel, QLineEdit, QPlainTextEdit, QPushButton

from mappa_desk.services import handover, records
from mappa_desk.services import session as sessions
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_screen import click_row, row_of
from tests.ui.test_unlock_screen import click, find, wait_for_home, wait_for_unlock_page
from ui.handover.controller import HandoverController
from ui.handover.view import NOT_THE_SAME, PASSPHRASE_ADVICE
from ui.home.controller import HomeController
from ui.home.view import HomeView
from ui.tasks import TaskRunner

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

AGREED = "blue kettle on the windowsill"


class FakeDialogs:
    def __init__(self, folder=None, file=None):
        self.folder, self.file = folder, file
        self.messages: list[tuple[str, str]] = []

    def choose_folder(self, parent, start):
        return str(self.folder) if self.folder else None

    def choose_handover_file(self, parent, start):
        return str(self.file) if self.file else None

    def inform(self, parent, title, text):
        self.messages.append((title, text))


class Home:
    """HomeView, HomeController and HandoverController on one session, wired as ui/app.py wires them."""

    def __init__(self, qtbot, session, dialogs: FakeDialogs):
        self.session, self.dialogs = session, dialogs
        self.view = HomeView()
        qtbot.addWidget(self.view)
        self.view.resize(1366, 768)
        self.view.show()
        qtbot.waitExposed(self.view)
        self.runner = TaskRunner()
        self.home = HomeController(self.view, self.runner)
        self.handover = HandoverController(self.runner, self.view, lambda: session)
        self.handover.dialogs = dialogs
        self.view.sig_handover_requested.connect(lambda: self.handover.export(self.view.selected_meeting()))
        self.view.sig_import_handover_requested.connect(self.handover.import_file)
        self.handover.sig_imported.connect(lambda _r: self.home.reload())
        with qtbot.waitSignal(self.home.sig_meetings_shown, timeout=GUI_TIMEOUT_MS):
            self.home.load(session)

    def open_dialog(self, qtbot, button: str):
        click(qtbot, find(self.view, QPushButton, button))
        qtbot.waitUntil(lambda: self.handover.dialog is not None and self.handover.dialog.isVisible(),
                        timeout=GUI_TIMEOUT_MS)
        return self.handover.dialog

    def close(self) -> None:
        self.handover.clear()
        self.home.clear()
        self.runner.wait_for_done()


@pytest.fixture
def second_vault(tmp_path):
    _recovery, session = sessions.create(tmp_path / "second", PASSPHRASE, kdf=FAST_KDF)
    yield session
    session.close()


def _meetings(session) -> list[tuple]:
    return session.db.query("SELECT uid, meeting_date, kind FROM meetings ORDER BY uid")


def test_a_meeting_exported_from_one_vault_is_imported_into_another(qtbot, vault_session, second_vault, tmp_path):
    records.load_demo(vault_session)
    sender = Home(qtbot, vault_session, FakeDialogs(folder=tmp_path / "usb"))
    (tmp_path / "usb").mkdir()
    try:
        refs = {ref: i for i, ref in vault_session.db.query("SELECT id, visor_ref FROM individuals")}
        with qtbot.waitSignal(sender.home.sig_individual_shown, timeout=GUI_TIMEOUT_MS):
            click_row(qtbot, sender.view.individual_list, row_of(sender.view.individual_list, refs["DEMO/0001"]))
        click_row(qtbot, sender.view.meeting_list, 0)
        chosen = sender.view.selected_meeting()
        assert chosen is not None

        dialog = sender.open_dialog(qtbot, "handoverButton")
        assert dialog.objectName() == "handoverExportDialog"
        assert find(dialog, QLabel, "handoverPassphraseAdvice").text() == PASSPHRASE_ADVICE
        assert not find(dialog, QCheckBox, "handoverWholeHistory").isChecked()
        qtbot.keyClicks(find(dialog, QLineEdit, "handoverPassphrase"), AGREED)
        qtbot.keyClicks(find(dialog, QLineEdit, "handoverConfirm"), AGREED + "x")
        click(qtbot, find(dialog, QPushButton, "handoverExportButton"))
        assert find(dialog, QLabel, "handoverExportDialogError").text() == NOT_THE_SAME
        assert not list((tmp_path / "usb").iterdir())
        find(dialog, QLineEdit, "handoverConfirm").backspace()
        click(qtbot, find(dialog, QPushButton, "handoverChooseFolder"))
        assert find(dialog, QLabel, "handoverFolder").text() == str(tmp_path / "usb")
        with qtbot.waitSignal(sender.handover.sig_exported, timeout=GUI_TIMEOUT_MS) as exported:
            click(qtbot, find(dialog, QPushButton, "handoverExportButton"))
        path = exported.args[0]
        assert path.endswith(".mdhandover") and (tmp_path / "usb").iterdir().__next__().samefile(path)
        assert not shiboken6.isValid(dialog) or not dialog.isVisible()
        assert path in sender.dialogs.messages[-1][1] and "never in the same email" in sender.dialogs.messages[-1][1]
        sent_uid = vault_session.db.scalar("SELECT uid FROM meetings WHERE id = ?", (chosen.meeting_id,))
    finally:
        sender.close()

    receiver = Home(qtbot, second_vault, FakeDialogs(file=path))
    try:
        assert _meetings(second_vault) == []
        dialog = receiver.open_dialog(qtbot, "importHandoverButton")
        assert dialog.objectName() == "handoverPreview"
        importing = find(dialog, QPushButton, "confirmImportButton")
        assert not importing.isEnabled()
        qtbot.keyClicks(find(dialog, QLineEdit, "handoverImportPassphrase"), AGREED)
        with qtbot.waitSignal(receiver.handover.sig_previewed, timeout=GUI_TIMEOUT_MS):
            click(qtbot, find(dialog, QPushButton, "handoverReadButton"))
        shown = find(dialog, QPlainTextEdit, "handoverPreviewText").toPlainText()
        assert "This handover file holds one meeting of DEMO/0001" in shown
        assert "not yet in your vault and will be added" in shown and "is new here and will be added" in shown
        assert _meetings(second_vault) == []  # reading the file writes nothing
        with qtbot.waitSignal(receiver.home.sig_meetings_shown, timeout=GUI_TIMEOUT_MS):
            click(qtbot, importing)
        assert receiver.dialogs.messages[-1][1].startswith("Imported: 1 added, 0 replaced")
        # The meeting, and the one it reviews when there is one (added as the interchange import adds it).
        assert sent_uid in [uid for uid, *_ in _meetings(second_vault)]
        assert second_vault.db.scalar("SELECT visor_ref FROM individuals") == "DEMO/0001"
        assert receiver.view.individuals_model.rowCount() == 1
    finally:
        receiver.close()


def test_a_wrong_passphrase_shows_the_sentence_and_imports_nothing(qtbot, vault_session, second_vault, tmp_path):
    records.load_demo(vault_session)
    meeting_id = vault_session.db.scalar("SELECT min(id) FROM meetings")
    path = handover.export_handover(vault_session, meeting_id, tmp_path, AGREED, kdf=FAST_KDF)
    receiver = Home(qtbot, second_vault, FakeDialogs(file=path))
    try:
        dialog = receiver.open_dialog(qtbot, "importHandoverButton")
        error = find(dialog, QLabel, "handoverPreviewError")
        qtbot.keyClicks(find(dialog, QLineEdit, "handoverImportPassphrase"), "not the agreed passphrase")
        click(qtbot, find(dialog, QPushButton, "handoverReadButton"))
        qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
        assert error.text() == handover.WRONG_PASSPHRASE
        assert find(dialog, QPlainTextEdit, "handoverPreviewText").toPlainText() == ""
        importing = find(dialog, QPushButton, "confirmImportButton")
        assert not importing.isEnabled()
        click(qtbot, importing)
        receiver.runner.wait_for_done()
        assert _meetings(second_vault) == [] and receiver.dialogs.messages == []
        assert second_vault.db.scalar("SELECT count(*) FROM individuals") == 0
        click(qtbot, find(dialog, QPushButton, "handoverPreviewCancel"))
        assert receiver.handover.dialog is None
    finally:
        receiver.close()


def test_the_app_wires_import_to_home_and_lock_closes_the_dialog(qtbot, open_window, vault, tmp_path):
    folder, _ = vault
    junk = tmp_path / "notes.mdhandover"
    junk.write_bytes(b"not a handover at all")
    window = open_window(folder)
    qtbot.keyClicks(wait_for_unlock_page(qtbot, window), PASSPHRASE)
    click(qtbot, find(window, QPushButton, "unlockButton"))
    wait_for_home(qtbot, window)
    controller = window.controller.handover
    controller.dialogs = FakeDialogs(file=junk)
    click(qtbot, find(window, QPushButton, "importHandoverButton"))
    qtbot.waitUntil(lambda: controller.dialog is not None and controller.dialog.isVisible(), timeout=GUI_TIMEOUT_MS)
    dialog = controller.dialog
    error = find(dialog, QLabel, "handoverPreviewError")
    qtbot.keyClicks(find(dialog, QLineEdit, "handoverImportPassphrase"), AGREED)
    click(qtbot, find(dialog, QPushButton, "handoverReadButton"))
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert error.text() == handover.NOT_HANDOVER
    window.lock_action.trigger()  # Lock (Ctrl+L), as the idle timer also locks
    assert controller.dialog is None and (not shiboken6.isValid(dialog) or not dialog.isVisible())
    assert find(window, QPushButton, "handoverButton").accessibleName() == "Hand over"
