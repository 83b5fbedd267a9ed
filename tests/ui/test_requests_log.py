"""The Requests tab, driven as a chair would: record a request, decide, write the reply, mark it sent, export the log."""

from __future__ import annotations

import csv
import io

import pytest
import shiboken6
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QLabel, QLineEdit, QPlainTextEdit, QPushButton,
                               QTableView)

from mappa_desk.services import records
from mappa_desk.services import requests as rq
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_screen import click_row, row_of
from tests.ui.test_home_screen import cells, open_home
from tests.ui.test_unlock_screen import click, find
from ui.requests.view import FormDialog

# A top-level page shown on its own (not in the main window) makes the offscreen plugin say this.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def home(qtbot, vault_session):
    """HomeView and HomeController on the demo records, as the app builds them; DEMO/0001's record shown."""
    records.load_demo(vault_session)
    view, controller = open_home(qtbot, vault_session, today=None)
    refs = {ref: i for i, ref in vault_session.db.query("SELECT id, visor_ref FROM individuals")}
    show_log_of(qtbot, view, controller, refs["DEMO/0001"])
    view.record.tabs.setCurrentWidget(view.record.requests_panel)
    yield view, controller, vault_session, refs
    controller.clear()
    controller.runner.wait_for_done()


def show_log_of(qtbot, view, controller, individual_id: int) -> None:
    with qtbot.waitSignal(controller.requests.sig_log_shown, timeout=GUI_TIMEOUT_MS,
                          check_params_cb=lambda i: i == individual_id):
        click_row(qtbot, view.individual_list, row_of(view.individual_list, individual_id))


def open_form(qtbot, view, controller, button: str) -> FormDialog:
    click(qtbot, find(view, QPushButton, button))
    qtbot.waitUntil(lambda: controller.requests.dialog is not None and controller.requests.dialog.isVisible(),
                    timeout=GUI_TIMEOUT_MS)
    return controller.requests.dialog


def confirm(qtbot, controller, dialog: FormDialog) -> None:
    """Click the form's confirm button and wait for the log to come back with the change."""
    with qtbot.waitSignal(controller.requests.sig_log_shown, timeout=GUI_TIMEOUT_MS):
        click(qtbot, dialog.confirm_button)
    assert closed(dialog) and controller.requests.dialog is None


def closed(dialog: FormDialog) -> bool:
    """Closed forms delete themselves (what was typed is case material)."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()


def set_date(dialog: FormDialog, name: str, iso: str) -> None:
    field = dialog.findChild(QDateEdit, name)
    field.setDate(QDate.fromString(iso, "yyyy-MM-dd"))


def choose(dialog: FormDialog, name: str, text: str) -> None:
    combo = dialog.findChild(QComboBox, name)
    combo.setFocus()
    index = combo.findText(text)
    assert index >= 0, f"{text} is not offered"
    combo.setCurrentIndex(index)


def log_rows(view) -> list[list]:
    return cells(find(view, QTableView, "requestLog"))


def buttons(view) -> dict[str, bool]:
    return {name: find(view, QPushButton, name).isEnabled() for name in (
        "recordRequestButton", "recordSharingButton", "exportRequestLogButton", "requestDecisionButton",
        "generateReplyButton", "markSentButton")}


def test_a_request_from_record_to_sent_then_the_log_exported(qtbot, home, tmp_path):
    view, controller, session, refs = home
    person = refs["DEMO/0001"]
    assert log_rows(view) == []
    assert find(view, QLabel, "requestLogEmpty").isVisible()
    assert buttons(view) == {"recordRequestButton": True, "recordSharingButton": True,
                             "exportRequestLogButton": False, "requestDecisionButton": False,
                             "generateReplyButton": False, "markSentButton": False}

    # Record a request: the newest final record is offered first.
    dialog = open_form(qtbot, view, controller, "recordRequestButton")
    assert dialog.findChild(QComboBox, "requestMeeting").currentText() == "11 Aug 2026 · Review · Final"
    assert dialog.focusWidget() is dialog.findChild(QLineEdit, "requestRequester")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "requestRequester"), "Ms Fiona Carrick")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "requestOrganisation"), "Carrick & Lamont, solicitors")
    choose(dialog, "requestKind", "Third party")
    choose(dialog, "requestDocuments", "Minute and RMP")
    set_date(dialog, "requestReceived", "2026-11-02")
    confirm(qtbot, controller, dialog)
    assert log_rows(view) == [["2 Nov 2026", "Third party", "Ms Fiona Carrick (Carrick & Lamont, solicitors)",
                               "Awaiting chair", "Not yet"]]
    [entry] = rq.log_for_individual(session, person)
    assert (entry.kind, entry.documents, entry.decision) == ("third_party", "minute_and_rmp", "pending")
    assert find(view, QLabel, "requestDetail").text() == (
        "2 November 2026: Third-party request from Ms Fiona Carrick, Carrick & Lamont, solicitors for the Minute and "
        "RMP of the meeting of 11 August 2026. Not yet decided.")
    assert buttons(view)["requestDecisionButton"] and not buttons(view)["markSentButton"]

    # The chair decides: answer with the Executive Summary.
    dialog = open_form(qtbot, view, controller, "requestDecisionButton")
    assert dialog.findChild(QComboBox, "requestDecision").currentText() == "Answer with the Executive Summary"
    qtbot.keyClicks(dialog.findChild(QLineEdit, "requestApprovedBy"), "DCI Moira Lennox")
    set_date(dialog, "requestApprovedOn", "2026-11-05")
    # What the reply letter says the full Minute holds (issue 17): nothing is ticked until the chair ticks it.
    ticks = {t.objectName(): t for t in dialog.findChildren(QCheckBox) if t.objectName().startswith("requestWithheld_")}
    assert {name: (t.text(), t.isChecked()) for name, t in ticks.items()} == {
        "requestWithheld_third_party": ("information about third parties", False),
        "requestWithheld_confidential": ("confidential information", False),
        "requestWithheld_sensitive": ("sensitive information", False)}
    click(qtbot, ticks["requestWithheld_sensitive"])
    click(qtbot, ticks["requestWithheld_third_party"])
    confirm(qtbot, controller, dialog)
    assert session.db.scalar("SELECT withheld FROM minute_requests") == "third_party,sensitive"
    assert log_rows(view)[0][3] == "Summary approved"
    assert buttons(view)["generateReplyButton"] and buttons(view)["markSentButton"]

    # The reply letter and Executive Summary, into a folder the chair chooses.
    # The chair sees what will leave first, and approves it (issue 18 item 4): the name of the chair who decided is
    # offered.
    controller.requests.ask_for_folder = lambda: str(tmp_path / "reply")
    click(qtbot, find(view, QPushButton, "generateReplyButton"))
    qtbot.waitUntil(lambda: controller.requests.dialog is not None and controller.requests.dialog.isVisible(),
                    timeout=GUI_TIMEOUT_MS)
    release = controller.requests.dialog
    assert release.objectName() == "releaseDialog" and release.value("approved_by") == "DCI Moira Lennox"
    with qtbot.waitSignal(controller.requests.sig_reply_written, timeout=GUI_TIMEOUT_MS) as written:
        click(qtbot, release.confirm_button)
    assert sorted(p.name for p in (tmp_path / "reply").iterdir()) == sorted(g.path.name for g in written.args[0])
    assert len(written.args[0]) == 4
    assert "OFFICIAL-SENSITIVE" in find(view, QLabel, "requestStatus").text()

    # Mark sent: what was generated is offered as what was sent.
    dialog = open_form(qtbot, view, controller, "markSentButton")
    assert dialog.findChild(QLineEdit, "requestSentWhat").text() == "Reply letter and Executive Summary, version 1"
    set_date(dialog, "requestSentOn", "2026-11-06")
    confirm(qtbot, controller, dialog)
    assert log_rows(view)[0][1:4] == ["Release", "Ms Fiona Carrick, Carrick & Lamont, solicitors", "Approved"]
    assert log_rows(view)[1][4] == "6 Nov 2026"
    assert not buttons(view)["requestDecisionButton"] and not buttons(view)["markSentButton"]
    assert rq.log_for_individual(session, person)[1].sent_on == "2026-11-06"

    # Export the log: the suggested name carries the ViSOR reference, never the name.
    suggested = []
    controller.requests.ask_for_file = lambda name: suggested.append(name) or str(tmp_path / "log")
    with qtbot.waitSignal(controller.requests.sig_log_exported, timeout=GUI_TIMEOUT_MS):
        click(qtbot, find(view, QPushButton, "exportRequestLogButton"))
    assert suggested == ["MAPPA-RequestsLog_DEMO-0001.csv"]
    rows = list(csv.reader(io.StringIO((tmp_path / "log.csv").read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows] == ["Entry", "Release approval", "Request"] and rows[2][3] == "Ms Fiona Carrick"
    assert find(view, QLabel, "requestStatus").text().startswith("Wrote 2 entries to log.csv.")


def test_a_refused_form_says_why_keeps_what_was_typed_and_writes_nothing(qtbot, home):
    view, controller, session, refs = home
    dialog = open_form(qtbot, view, controller, "recordRequestButton")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "requestOrganisation"), "Mental Health Tribunal for Scotland")
    click(qtbot, dialog.confirm_button)
    error = dialog.findChild(QLabel, "requestDialogError")
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert error.text() == "Enter who asked for the record: a name, or the body that asked."
    assert dialog.isVisible() and dialog.confirm_button.isEnabled()
    assert dialog.focusWidget() is dialog.findChild(QLineEdit, "requestRequester")
    assert dialog.findChild(QLineEdit, "requestOrganisation").text() == "Mental Health Tribunal for Scotland"
    assert session.db.scalar("SELECT count(*) FROM minute_requests") == 0

    qtbot.keyClicks(dialog.findChild(QLineEdit, "requestRequester"), "The Clerk")
    confirm(qtbot, controller, dialog)
    dialog = open_form(qtbot, view, controller, "requestDecisionButton")
    choose(dialog, "requestDecision", "Refuse")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "requestApprovedBy"), "DCI Moira Lennox")
    click(qtbot, dialog.confirm_button)
    qtbot.waitUntil(dialog.findChild(QLabel, "decisionDialogError").isVisible, timeout=GUI_TIMEOUT_MS)
    assert dialog.focusWidget() is dialog.findChild(QPlainTextEdit, "requestDecisionReason")
    assert session.db.scalar("SELECT decision FROM minute_requests") == "pending"
    qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "requestDecisionReason"), "Third-party information.")
    confirm(qtbot, controller, dialog)
    assert log_rows(view)[0][3] == "Refused"
    assert not buttons(view)["generateReplyButton"] and buttons(view)["markSentButton"]


def test_an_approval_of_onward_sharing_is_logged(qtbot, home):
    view, controller, session, refs = home
    dialog = open_form(qtbot, view, controller, "recordSharingButton")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "sharingWith"), "Kilbrannan Housing Options")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "sharingWhat"), "RMP")
    qtbot.keyClicks(dialog.findChild(QPlainTextEdit, "sharingReason"), "Suitability of a property")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "sharingApprovedBy"), "DCI Moira Lennox")
    set_date(dialog, "sharingApprovedOn", "2026-11-20")
    confirm(qtbot, controller, dialog)
    assert log_rows(view) == [["20 Nov 2026", "Sharing", "Kilbrannan Housing Options", "Approved", ""]]
    assert find(view, QLabel, "requestDetail").text() == (
        "20 November 2026: DCI Moira Lennox approved sharing RMP with Kilbrannan Housing Options (the meeting of "
        "11 August 2026). Reason: Suitability of a property.")
    assert not any(buttons(view)[b] for b in ("requestDecisionButton", "generateReplyButton", "markSentButton"))
    # The chair typed once is offered in the next form.
    dialog = open_form(qtbot, view, controller, "recordSharingButton")
    assert dialog.findChild(QLineEdit, "sharingApprovedBy").text() == "DCI Moira Lennox"
    dialog.reject()


def test_the_log_follows_the_individual_and_lock_closes_the_form(qtbot, home):
    view, controller, session, refs = home
    meeting = session.db.scalar("SELECT id FROM meetings WHERE individual_id = ? AND status = 'final'",
                                (refs["DEMO/0002"],))
    rq.record_request(session, rq.NewRequest(refs["DEMO/0002"], meeting, "2026-11-01", "Kyle Cairnbrake",
                                             "subject_access"))
    show_log_of(qtbot, view, controller, refs["DEMO/0002"])
    assert [row[2] for row in log_rows(view)] == ["Kyle Cairnbrake"]
    show_log_of(qtbot, view, controller, refs["DEMO/0001"])
    assert log_rows(view) == []

    dialog = open_form(qtbot, view, controller, "recordRequestButton")
    qtbot.keyClicks(dialog.findChild(QLineEdit, "requestRequester"), "Typed, then locked away")
    controller.clear()  # Lock
    assert closed(dialog) and controller.requests.dialog is None
    assert log_rows(view) == [] and not find(view, QPushButton, "recordRequestButton").isEnabled()
    assert session.db.scalar("SELECT count(*) FROM minute_requests") == 1
