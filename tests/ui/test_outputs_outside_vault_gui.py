"""Outputs never land in the vault, in the app: a folder chosen inside the data folder is refused with a sentence."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QPushButton

from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_screen import (answer_folder_dialog, demo_vault, document_versions, held_review,  # noqa: F401
                                            open_documents_page, unlocked_window)
from tests.ui.test_unlock_screen import click, find


def test_documents_into_the_data_folder_are_refused_with_a_sentence_and_write_nothing(
        qtbot, open_window, demo_vault, tmp_path):  # noqa: F811
    folder, listing = demo_vault
    meeting = held_review(listing)
    window = unlocked_window(qtbot, open_window, folder)
    open_documents_page(qtbot, window, meeting, folder)  # the chair picks the data folder itself
    error = find(window, QLabel, "documentsError")
    click(qtbot, find(window, QPushButton, "generateButton"))
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert error.text() == (f"The documents cannot be written to {folder}: that is inside the data folder {folder}, "
                            "which holds the vault itself, and it could replace the vault's own files. Choose a place "
                            "outside it; nothing was written.")
    answer_folder_dialog(window, folder / "documents")  # a folder inside it, not there yet: the same
    click(qtbot, find(window, QPushButton, "generateButton"))
    qtbot.waitUntil(lambda: "documents cannot be written to" in error.text() and str(folder / "documents") in error.text(),
                    timeout=GUI_TIMEOUT_MS)
    window.close()
    assert not [p for p in folder.rglob("*") if p.suffix in (".docx", ".pdf")]
    assert not (folder / "documents").exists()
    assert document_versions(folder, meeting["id"]) == []
