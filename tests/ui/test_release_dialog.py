"""Before anything is released the chair sees exactly what will leave and approves it (issue 18 item 4): the
Documents page's statement for a Mental Health Tribunal opens the release dialog, with the PDF's pages as the
tribunal will see them and their text; Cancel writes nothing and logs nothing; "Approve and release" writes exactly
the files shown and the requests log keeps the approval with their SHA-256."""

from __future__ import annotations

import hashlib
import os

import pytest
from PySide6.QtWidgets import QLabel, QPlainTextEdit, QPushButton, QTableView

from mappa_desk.services import requests as rq
from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_lifecycle import record_page, wait_for_status
from tests.ui.test_documents_screen import answer_folder_dialog, click_row
from tests.ui.test_requests_log import home, log_rows, show_log_of  # noqa: F401 (home is a fixture)
from tests.ui.test_tribunal_statement_versions import restricted_final_vault, shown_release  # noqa: F401
from tests.ui.test_unlock_screen import click, find

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

STATEMENT = ("A MAPPA meeting was held on 17 September 2026. MAPPA Level is 2. The MAPPA group supports the "
             "recommendation by the Responsible Medical Officer for unescorted suspension of detention.")


def vault_rows(data_dir, sql: str, params=()) -> list[tuple]:
    """Read through a second connection: what was committed."""
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        return session.db.query(sql, params)
    finally:
        session.close()


def flat(text: str) -> str:
    return " ".join(text.split())


def test_cancel_writes_nothing_and_approve_writes_what_was_shown_and_logs_it(qtbot, open_window, restricted_final_vault,
                                                                           tmp_path):
    vault, meeting = restricted_final_vault
    data_dir, window = vault[0], record_page(qtbot, open_window, vault, tmp_path, meeting)[2]
    wait_for_status(qtbot, window, "Final")
    out = tmp_path / "statement"
    answer_folder_dialog(window, out)

    # What will leave is shown first: the PDF's page as the tribunal will see it, and its text.
    click(qtbot, find(window, QPushButton, "tribunalStatementButton"))
    dialog = shown_release(qtbot, window)
    assert dialog.windowTitle() == "Approve what will leave"
    assert [b.text() for b in (dialog.cancel_button, dialog.confirm_button)] == ["Cancel", "Approve and release"]
    assert dialog.page_labels and all(not p.pixmap().isNull() for p in dialog.page_labels)
    assert STATEMENT in flat(dialog.findChild(QPlainTextEdit, "releaseText").toPlainText())
    assert not out.exists() or not list(out.iterdir())  # nothing is written while the chair reads

    click(qtbot, dialog.cancel_button)
    qtbot.waitUntil(lambda: window.controller.documents.release_dialog is None, timeout=GUI_TIMEOUT_MS)
    assert not out.exists() or not list(out.iterdir())
    assert vault_rows(data_dir, "SELECT count(*) FROM release_approvals") == [(0,)]
    assert vault_rows(data_dir, "SELECT count(*) FROM document_versions WHERE kind = 'tribunal_statement'") == [(0,)]

    # Again, approved this time: exactly the files listed are written, and the log keeps the approval.
    click(qtbot, find(window, QPushButton, "tribunalStatementButton"))
    dialog = shown_release(qtbot, window)
    listed = dialog.findChild(QPlainTextEdit, "releaseFiles").toPlainText().splitlines()
    name_field = dialog.approved_by
    name_field.clear()
    qtbot.keyClicks(name_field, "Dr Ann Baird")
    with qtbot.waitSignal(window.controller.documents.sig_written, timeout=GUI_TIMEOUT_MS):
        click(qtbot, dialog.confirm_button)
    written = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}
    assert sorted(f"{name}  SHA-256 {sha256}" for name, sha256 in written.items()) == sorted(listed)
    [(approved_by, recipient, what, files)] = vault_rows(
        data_dir, "SELECT approved_by, recipient, what, files FROM release_approvals WHERE meeting_id = ?",
        (meeting["id"],))
    assert (approved_by, recipient, what) == ("Dr Ann Baird", "the Mental Health Tribunal",
                                              "Statement for a Mental Health Tribunal (DOCX and PDF)")
    assert dict(line.split(" ") for line in files.splitlines()) == written
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        [entry] = [e for e in rq.log_for_individual(session, meeting["individual_id"]) if e.entry == "release"]
        assert "Dr Ann Baird approved releasing Statement for a Mental Health Tribunal" in rq.describe(entry)
    finally:
        session.close()
    assert find(window, QLabel, "documentsResult").text().startswith(
        "The statement for a Mental Health Tribunal (version 1) is written to this folder.")


def test_the_dialog_at_1366_by_768(qtbot, open_window, restricted_final_vault, tmp_path):
    """Looked at by eye: a screenshot of the dialog on a laptop's screen."""
    vault, meeting = restricted_final_vault
    window = record_page(qtbot, open_window, vault, tmp_path, meeting)[2]
    window.resize(1366, 768)
    wait_for_status(qtbot, window, "Final")
    answer_folder_dialog(window, tmp_path / "statement")
    click(qtbot, find(window, QPushButton, "tribunalStatementButton"))
    dialog = shown_release(qtbot, window)
    assert dialog.width() <= 1366 and dialog.height() <= 768
    shot = os.environ.get("MAPPA_RELEASE_SCREENSHOT")
    if shot:
        dialog.grab().save(shot)
    click(qtbot, dialog.cancel_button)


def test_the_reply_for_a_request_is_approved_in_the_dialog_and_the_requests_tab_shows_it(qtbot, home, tmp_path):
    view, controller, session, refs = home
    person = refs["DEMO/0001"]
    meeting = session.db.scalar("SELECT id FROM meetings WHERE individual_id = ? AND status = 'final' "
                                "ORDER BY meeting_date DESC", (person,))
    request = rq.record_request(session, rq.NewRequest(person, meeting, "2026-11-02", "Ms Fiona Carrick",
                                                       "third_party", "Carrick & Lamont"), today="2026-12-09")
    rq.record_decision(session, request, "executive_summary", approved_by="DCI Moira Lennox",
                       approved_on="2026-11-05", withheld=("third_party",), today="2026-12-09")
    show_log_of(qtbot, view, controller, refs["DEMO/0002"])
    show_log_of(qtbot, view, controller, person)
    click_row(qtbot, find(view, QTableView, "requestLog"), 0)
    out = tmp_path / "reply"
    controller.requests.ask_for_folder = lambda: str(out)
    requests = controller.requests

    def opened():
        click(qtbot, find(view, QPushButton, "generateReplyButton"))
        qtbot.waitUntil(lambda: requests.release_dialog is not None and requests.release_dialog.isVisible(),
                        timeout=GUI_TIMEOUT_MS)
        return requests.release_dialog

    # Cancel: nothing written, nothing logged.
    dialog = opened()
    assert "Dear Ms Fiona Carrick" in flat(dialog.findChild(QPlainTextEdit, "releaseText").toPlainText())
    assert len(dialog.page_labels) >= 2  # the letter's page and the summary's, as the requester will see them
    click(qtbot, dialog.cancel_button)
    qtbot.waitUntil(lambda: requests.release_dialog is None, timeout=GUI_TIMEOUT_MS)
    assert not out.exists()
    assert session.db.scalar("SELECT count(*) FROM release_approvals") == 0
    assert [row[1] for row in log_rows(view)] == ["Third party"]

    # Approve: the files are written and the Requests tab lists the approval, with each file's hash.
    dialog = opened()
    with qtbot.waitSignal(requests.sig_reply_written, timeout=GUI_TIMEOUT_MS):
        click(qtbot, dialog.confirm_button)
    written = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir()}
    assert len(written) == 4
    qtbot.waitUntil(lambda: [row[1] for row in log_rows(view)] == ["Release", "Third party"], timeout=GUI_TIMEOUT_MS)
    click_row(qtbot, find(view, QTableView, "requestLog"), 0)
    detail = find(view, QLabel, "requestDetail").text()
    assert (f"DCI Moira Lennox approved releasing Reply letter and Executive Summary for request {request} (DOCX "
            "and PDF) to Ms Fiona Carrick, Carrick & Lamont") in detail
    for name, sha256 in written.items():
        assert f"{name} (SHA-256 {sha256})" in detail
