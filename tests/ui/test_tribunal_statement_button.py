"""The documents page offers the statement for a Mental Health Tribunal on a final record (issue 17 item 5); for a
meeting about someone who is not a restricted patient it is refused with the service's sentence and writes
nothing."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_lifecycle import record_page, wait_for_status
from tests.ui.test_documents_screen import answer_folder_dialog, demo_vault  # noqa: F401 - the fixture
from tests.ui.test_unlock_screen import click, find

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def test_the_statement_of_a_meeting_that_is_not_a_restricted_patients_is_refused_with_a_sentence(
        qtbot, open_window, demo_vault, tmp_path):  # noqa: F811
    _folder, listing = demo_vault
    final = next(m for m in listing["meetings"] if m["status"] == "final")  # the demo's finals are category 1 or 3
    _, _, window = record_page(qtbot, open_window, demo_vault, tmp_path, final)
    wait_for_status(qtbot, window, "Final")
    button = find(window, QPushButton, "tribunalStatementButton")
    assert button.isEnabled() and button.accessibleName() == "Statement for a Mental Health Tribunal"
    answer_folder_dialog(window, tmp_path / "tribunal")
    click(qtbot, button)
    error = find(window, QLabel, "recordError")
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert error.text().startswith("The statement for a Mental Health Tribunal is made only for a restricted "
                                   "patient (category 2)")
    assert not (tmp_path / "tribunal").exists() or not list((tmp_path / "tribunal").iterdir())
