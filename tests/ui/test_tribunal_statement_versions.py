"""The Documents page records each statement for a Mental Health Tribunal it makes (schema 0017): it says which
version was written, and the record's list of versions names the statements beside the drafts, the final and the
addenda."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QPushButton

from mappa_desk.services import lifecycle, records
from tests.services.test_lifecycle import CHAIR, to_circulated
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_lifecycle import record_page, wait_for_status
from tests.ui.test_documents_screen import answer_folder_dialog, document_versions
from tests.ui.test_unlock_screen import click, find

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


def shown_release(qtbot, window):
    """The release dialog the Documents page opened (issue 18 item 4), once it is on screen."""
    documents = window.controller.documents
    qtbot.waitUntil(lambda: documents.release_dialog is not None and documents.release_dialog.isVisible(),
                    timeout=GUI_TIMEOUT_MS)
    return documents.release_dialog


@pytest.fixture
def restricted_final_vault(vault_session, data_dir, tmp_path):
    """A closed vault holding the demo records, the restricted patient's meeting made final by the chair."""
    records.load_demo(vault_session)
    meeting_id = vault_session.db.scalar(
        "SELECT m.id FROM meetings m JOIN individuals i ON i.id = m.individual_id WHERE i.category = 2 "
        "AND m.status = 'held' AND m.tribunal_position != ''")
    to_circulated(vault_session, meeting_id, tmp_path / "circulated")
    lifecycle.make_final(vault_session, meeting_id, CHAIR, tmp_path / "final")
    listing = records.list_records(vault_session)
    vault_session.close()  # the window opens its own connection
    return (data_dir, listing), next(m for m in listing["meetings"] if m["id"] == meeting_id)


def test_the_statement_made_is_recorded_and_listed_with_its_version(qtbot, open_window, restricted_final_vault,
                                                                     tmp_path):
    vault, meeting = restricted_final_vault
    folder, _, window = record_page(qtbot, open_window, vault, tmp_path, meeting)
    wait_for_status(qtbot, window, "Final")
    versions = find(window, QLabel, "recordVersions")
    qtbot.waitUntil(lambda: versions.text() == "Versions: draft v1; final v2.", timeout=GUI_TIMEOUT_MS)
    for number, out in ((1, "first"), (2, "second")):
        answer_folder_dialog(window, tmp_path / out)
        click(qtbot, find(window, QPushButton, "tribunalStatementButton"))
        dialog = shown_release(qtbot, window)  # the chair sees it before it is written (issue 18 item 4)
        with qtbot.waitSignal(window.controller.documents.sig_written, timeout=GUI_TIMEOUT_MS):
            click(qtbot, dialog.confirm_button)
        assert find(window, QLabel, "documentsResult").text().startswith(
            f"The statement for a Mental Health Tribunal (version {number}) is written to this folder.")
    qtbot.waitUntil(lambda: versions.text() == "Versions: draft v1; final v2; statements for a tribunal v1, v2.",
                    timeout=GUI_TIMEOUT_MS)
    rows = {(kind, version, status) for kind, _fmt, version, status, *_ in document_versions(folder, meeting["id"])}
    assert {row for row in rows if row[0] == "tribunal_statement"} == {("tribunal_statement", 1, "issued"),
                                                                        ("tribunal_statement", 2, "issued")}
