"""Enter in a dialog's entry field never accepts the dialog nor does what its confirm button does.

Handover export and import, signing off a record, adding an addendum, searching the minutes. Running a search or
reading a handover file on Enter is fine: neither changes a record. Ctrl+Enter still confirms where it can.
"""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QLineEdit

from ui.common import TextQuestion, ask_text
from ui.documents.lifecycle import AddendumDialog, SignOffDialog
from ui.handover.view import ExportDialog, ImportDialog
from ui.search.view import SearchMinutesDialog

# A dialog shown on its own makes the offscreen plugin say this whenever its size hints change; not ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def show(qtbot, dialog: QDialog) -> QDialog:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def press_enter(qtbot, field: QLineEdit, text: str | None = None) -> None:
    field.setFocus()
    qtbot.waitUntil(field.hasFocus)
    if text is not None:
        qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)
    qtbot.keyClick(field, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)


def still_open(dialog: QDialog) -> bool:
    return dialog.isVisible() and dialog.result() == QDialog.DialogCode.Rejected.value


def test_enter_in_the_handover_export_passphrase_does_not_export(qtbot):
    dialog = show(qtbot, ExportDialog(None, "the meeting of 15 Dec 2026", "Alex Example"))
    confirmed = []
    dialog.sig_confirmed.connect(lambda: confirmed.append(True))
    press_enter(qtbot, dialog.passphrase, "correct horse battery staple")
    press_enter(qtbot, dialog.confirm, "correct horse battery staple")
    assert still_open(dialog) and confirmed == []
    qtbot.keyClick(dialog.confirm, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert confirmed  # Ctrl+Enter is the way from the keyboard


def test_enter_in_the_handover_import_passphrase_reads_but_never_imports(qtbot):
    dialog = show(qtbot, ImportDialog(None, "handover.mdhandover"))
    reads, imports = [], []
    dialog.sig_read_requested.connect(lambda: reads.append(True))
    dialog.sig_confirmed.connect(lambda: imports.append(True))
    press_enter(qtbot, dialog.passphrase, "the passphrase")
    assert reads and imports == []
    dialog.show_preview(["One meeting of Alex Example.", "Importing adds it to this vault."])
    assert dialog.confirm_button.isEnabled()
    press_enter(qtbot, dialog.passphrase)
    assert still_open(dialog) and imports == []


def test_enter_in_the_sign_off_name_does_not_sign_off(qtbot):
    dialog = show(qtbot, SignOffDialog(None, "Clear the Minute", "Clearing says the Minute is right.", "Your name",
                                       "Clear"))
    press_enter(qtbot, dialog.name_field, "Sam Chair")
    assert still_open(dialog)
    assert dialog.name() == "Sam Chair"
    qtbot.keyClick(dialog.name_field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted.value  # Ctrl+Enter signs off


def test_enter_in_an_addendum_field_neither_adds_nor_throws_away_what_was_typed(qtbot):
    dialog = show(qtbot, AddendumDialog(None, 1, name="Sam Chair"))
    dialog.text_field.setPlainText("The review date is 23/02/2027.")
    press_enter(qtbot, dialog.reason_field, "The date was mistyped")
    press_enter(qtbot, dialog.by_field)
    assert still_open(dialog)
    assert dialog.values() == ("The date was mistyped", "The review date is 23/02/2027.", "Sam Chair")


def test_enter_in_the_search_field_searches_and_leaves_the_dialog_open(qtbot):
    dialog = show(qtbot, SearchMinutesDialog(None))
    searches = []
    dialog.sig_search_now.connect(lambda: searches.append(dialog.text()))
    press_enter(qtbot, dialog.field, "knife")
    assert still_open(dialog) and searches == ["knife", "knife"]


@pytest.mark.parametrize("password", [False, True], ids=["skip reason", "backup passphrase"])
def test_enter_in_a_one_line_question_does_not_answer_it(qtbot, password):
    """The cockpit's "why is this step skipped?" and a backup's passphrase: the button or Ctrl+Enter answers."""
    dialog = show(qtbot, TextQuestion(None, "question", "Skip this step", "Why is it skipped?", password=password))
    press_enter(qtbot, dialog.field, "Nothing was due")
    assert still_open(dialog) and dialog.answer() == "Nothing was due"
    qtbot.keyClick(dialog.field, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert dialog.result() == QDialog.DialogCode.Accepted.value


def test_the_skip_reason_and_backup_passphrase_are_asked_by_a_question_enter_cannot_answer():
    import ui.backup.dialogs as backup_dialogs
    import ui.cockpit.steps as cockpit_steps
    assert cockpit_steps.ask_text is ask_text and backup_dialogs.ask_text is ask_text
