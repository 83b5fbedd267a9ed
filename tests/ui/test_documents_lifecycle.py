"""The record's lifecycle on the documents page, driven as a chair would: clear, circulate, make final, add an
addendum, attach a recording, export for ViSOR; then what the vault and the folder hold."""

from __future__ import annotations

import threading

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton, QWidget

from mappa_desk.services import lifecycle, visor_export
from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_screen import demo_vault  # noqa: F401 - the fixture
from tests.ui.test_documents_screen import (FILES_PER_MEETING, answer_folder_dialog, document_versions, generate,
                                            held_review, open_documents_page, page_label, unlocked_window)
from tests.ui.test_unlock_screen import ERROR_CLASS_NAMES, click, find, retype

# The offscreen platform says so whenever a dialog is shown.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CHAIR = "DCI Morag Lennox"
COORDINATOR = "Sam Reid"
RECORD_BUTTONS = ("clearButton", "circulateButton", "makeFinalButton", "addAddendumButton", "attachAudioButton",
                  "visorExportButton")


def in_vault(data_dir, sql: str, params=()):
    """Read or change the vault through a second connection: what was committed."""
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        rows = session.db.query(sql, params)
    finally:
        session.close()
    return rows


def status_text(window) -> str:
    return find(window, QLabel, "recordStatus").text()


def wait_for_status(qtbot, window, label: str) -> None:
    qtbot.waitUntil(lambda: status_text(window) == f"Status: {label}", timeout=GUI_TIMEOUT_MS)


def enabled_buttons(window) -> set[str]:
    return {name for name in RECORD_BUTTONS if find(window, QPushButton, name).isEnabled()}


def open_dialog(qtbot, name: str) -> QWidget:
    def shown():
        return next((w for w in QApplication.topLevelWidgets() if w.objectName() == name and w.isVisible()), None)
    qtbot.waitUntil(lambda: shown() is not None, timeout=GUI_TIMEOUT_MS)
    return shown()


def sign_off(qtbot, window, button: str, name: str) -> QWidget:
    """Click a step's button, type the name in the dialog and confirm; returns the dialog's explanation label."""
    click(qtbot, find(window, QPushButton, button))
    dialog = open_dialog(qtbot, "signOffDialog")
    explanation = dialog.findChild(QLabel, "signOffExplanation").text()
    retype(qtbot, find(dialog, QLineEdit, "signOffName"), name)
    click(qtbot, find(dialog, QPushButton, "signOffButton"))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=GUI_TIMEOUT_MS)
    return explanation


def record_page(qtbot, open_window, demo_vault, tmp_path, meeting=None):  # noqa: F811
    folder, listing = demo_vault
    meeting = meeting or held_review(listing)
    window = unlocked_window(qtbot, open_window, folder)
    open_documents_page(qtbot, window, meeting, tmp_path / "draft")
    return folder, meeting, window


def test_a_chair_takes_the_record_from_held_to_final_with_an_addendum(
        qtbot, open_window, demo_vault, tmp_path, monkeypatch):  # noqa: F811
    threads = []
    real_state = lifecycle.state

    def recording_state(*args):
        threads.append(threading.get_ident())
        return real_state(*args)

    monkeypatch.setattr(lifecycle, "state", recording_state)
    folder, meeting, window = record_page(qtbot, open_window, demo_vault, tmp_path)
    wait_for_status(qtbot, window, "Held")
    assert enabled_buttons(window) == {"attachAudioButton"}
    assert find(window, QLabel, "recordNextStep").text() == "Next: generate the draft Minute and RMP."
    assert not find(window, QWidget, "auditFindings").isVisible()

    # A recording of the meeting, kept in the vault with a warning while it is there.
    recording = tmp_path / "meeting.m4a"
    recording.write_bytes(b"\0\0\0\x18ftypM4A " + bytes(range(256)) * 4000)
    window.controller.documents.ask_for_audio_file = lambda: str(recording)
    click(qtbot, find(window, QPushButton, "attachAudioButton"))
    warning = find(window, QLabel, "audioWarning")
    qtbot.waitUntil(warning.isVisible, timeout=GUI_TIMEOUT_MS)
    assert warning.text().startswith("An audio recording of this meeting (1000 KB) is held in the vault.")
    assert in_vault(folder, "SELECT size_bytes FROM audio_recordings WHERE meeting_id = ?", (meeting["id"],)) == \
        [(recording.stat().st_size,)]
    assert "attachAudioButton" not in enabled_buttons(window)

    generate(qtbot, window)
    wait_for_status(qtbot, window, "Draft minute")
    assert find(window, QLabel, "stepDraft").text().startswith("<b>✓ Draft v1</b>")
    assert enabled_buttons(window) == {"clearButton"}

    explanation = sign_off(qtbot, window, "clearButton", CHAIR)
    assert "draft v1" in explanation and "self-audit" in explanation
    wait_for_status(qtbot, window, "Cleared by chair")
    assert f"by {CHAIR}" in find(window, QLabel, "stepCleared").text()
    assert find(window, QLabel, "recordMessage").text() == f"Draft v1 is cleared by {CHAIR}."
    assert enabled_buttons(window) == {"circulateButton"}

    sign_off(qtbot, window, "circulateButton", COORDINATOR)
    wait_for_status(qtbot, window, "Circulated for comment")
    assert f"by {COORDINATOR}" in find(window, QLabel, "stepCirculated").text()

    final_folder = tmp_path / "final"
    answer_folder_dialog(window, final_folder)
    with qtbot.waitSignal(window.controller.documents.sig_written, timeout=GUI_TIMEOUT_MS):
        explanation = sign_off(qtbot, window, "makeFinalButton", CHAIR)
    assert "cannot be changed" in explanation and "audio recording" in explanation
    wait_for_status(qtbot, window, "Final")
    files = find(window, QListWidget, "generatedFiles")
    names = sorted(files.item(i).text() for i in range(files.count()))
    assert names == sorted(p.name for p in final_folder.iterdir()) and len(names) == FILES_PER_MEETING
    assert all(name.endswith(("_FINAL.docx", "_FINAL.pdf")) for name in names)
    assert not warning.isVisible(), "the audio warning outlived the recording"
    assert not find(window, QPushButton, "generateButton").isEnabled()
    assert enabled_buttons(window) == {"addAddendumButton", "visorExportButton"}
    qtbot.waitUntil(lambda: page_label(window).startswith("Page 1 of "), timeout=GUI_TIMEOUT_MS)

    # The vault: every step with who and when, the recording gone, the final's files hashed.
    steps = in_vault(folder, "SELECT event, version, by_person FROM record_events WHERE meeting_id = ? ORDER BY id",
                     (meeting["id"],))
    assert [(e, v) for e, v, _ in steps] == [("audio_attached", None), ("drafted", 1), ("cleared", 1),
                                             ("circulated", 1), ("made_final", 2), ("audio_destroyed", None)]
    assert [by for _, _, by in steps][2:5] == [CHAIR, COORDINATOR, CHAIR]
    assert in_vault(folder, "SELECT count(*) FROM audio_recordings") == [(0,)]
    assert {(r[2], r[3]) for r in document_versions(folder, meeting["id"])} == {(1, "draft"), (2, "final")}

    # A correction after the final: an addendum with its reason, and the Minute written again with it.
    click(qtbot, find(window, QPushButton, "addAddendumButton"))
    dialog = open_dialog(qtbot, "addendumDialog")
    save = find(dialog, QPushButton, "addendumSaveButton")
    assert find(dialog, QLineEdit, "addendumBy").text() != "" and not save.isEnabled()
    qtbot.keyClicks(find(dialog, QLineEdit, "addendumReason"), "The review date was mistyped")
    qtbot.keyClicks(find(dialog, QPlainTextEdit, "addendumText"), "The review date is 15 December 2026.")
    retype(qtbot, find(dialog, QLineEdit, "addendumBy"), CHAIR)
    assert save.isEnabled()
    answer_folder_dialog(window, tmp_path / "addendum")
    with qtbot.waitSignal(window.controller.documents.sig_written, timeout=GUI_TIMEOUT_MS) as written:
        click(qtbot, save)
    assert sorted(p.name.rsplit("_", 1)[1] for p in written.args[0]) == ["ADDENDUM-1.docx", "ADDENDUM-1.pdf"]
    qtbot.waitUntil(lambda: find(window, QLabel, "recordVersions").text().endswith("; 1 addendum."),
                    timeout=GUI_TIMEOUT_MS)
    assert find(window, QLabel, "recordMessage").text() == "Addendum 1 is added to the final record."
    assert in_vault(folder, "SELECT number, reason, created_by FROM addenda WHERE meeting_id = ?",
                    (meeting["id"],)) == [(1, "The review date was mistyped", CHAIR)]
    assert {(r[0], r[2], r[3]) for r in document_versions(folder, meeting["id"]) if r[3] == "addendum"} == \
        {("minute", 3, "addendum")}

    # The final goes to ViSOR: the Minute and RMP, PDF and DOCX, and a manifest; the page says the addendum
    # is not part of it.
    answer_folder_dialog(window, tmp_path / "visor")
    with qtbot.waitSignal(window.controller.documents.sig_written, timeout=GUI_TIMEOUT_MS) as written:
        click(qtbot, find(window, QPushButton, "visorExportButton"))
    assert sorted(p.suffix for p in written.args[0]) == [".csv", ".docx", ".docx", ".pdf", ".pdf"]
    assert sorted(p.name for p in (tmp_path / "visor").iterdir()) == sorted(p.name for p in written.args[0])
    assert find(window, QLabel, "documentsResult").text() == "5 files for ViSOR written to this folder:"
    message = find(window, QLabel, "recordMessage").text()
    assert message.startswith("The final Minute and RMP are exported for ViSOR.") and "addendum" in message

    gui = threading.get_ident()
    assert threads and gui not in threads, "the record was read on the GUI thread"


def test_clearance_blocked_lists_the_gaps_and_names_the_step_to_put_each_right(
        qtbot, open_window, demo_vault, tmp_path):  # noqa: F811
    folder, listing = demo_vault
    meeting = held_review(listing)
    in_vault(folder, "DELETE FROM disclosures WHERE meeting_id = ?", (meeting["id"],))
    # (the demo records that disclosure was considered: taken away with the disclosures)
    in_vault(folder, "UPDATE meetings SET disclosure_considered = NULL WHERE id = ?", (meeting["id"],))
    folder, meeting, window = record_page(qtbot, open_window, demo_vault, tmp_path, meeting)
    generate(qtbot, window)
    wait_for_status(qtbot, window, "Draft minute")

    sign_off(qtbot, window, "clearButton", CHAIR)
    findings = find(window, QListWidget, "auditFindings")
    qtbot.waitUntil(findings.isVisible, timeout=GUI_TIMEOUT_MS)
    assert [findings.item(i).text() for i in range(findings.count())] == [
        "Disclosure: The record does not show that disclosure was considered."]
    title = find(window, QLabel, "auditFindingsTitle").text()
    assert title.startswith("The record cannot be cleared yet.")
    for name in ERROR_CLASS_NAMES:
        assert name not in title
    assert status_text(window) == "Status: Draft minute" and "clearButton" in enabled_buttons(window)
    assert not find(window, QLabel, "recordError").isVisible()

    with qtbot.waitSignal(window.controller.documents.sig_step_requested, timeout=GUI_TIMEOUT_MS) as jump:
        item = findings.item(0)
        qtbot.mouseClick(findings.viewport(), Qt.MouseButton.LeftButton, pos=findings.visualItemRect(item).center())
    assert jump.args == [meeting["id"], "disclosure"]
    # The app takes the chair to that step in the cockpit to put it right.
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.cockpit_view
                    and window.controller.cockpit.data is not None, timeout=GUI_TIMEOUT_MS)
    assert "Disclosure" in window.cockpit_view.step_title.text()
    assert in_vault(folder, "SELECT event FROM record_events WHERE meeting_id = ?", (meeting["id"],)) == [("drafted",)]


def test_a_step_needs_a_name_and_cancel_changes_nothing(qtbot, open_window, demo_vault, tmp_path):  # noqa: F811
    folder, meeting, window = record_page(qtbot, open_window, demo_vault, tmp_path)
    generate(qtbot, window)
    wait_for_status(qtbot, window, "Draft minute")
    click(qtbot, find(window, QPushButton, "clearButton"))
    dialog = open_dialog(qtbot, "signOffDialog")
    field, confirm = find(dialog, QLineEdit, "signOffName"), find(dialog, QPushButton, "signOffButton")
    retype(qtbot, field, "   ")
    assert not confirm.isEnabled()
    qtbot.keyClicks(field, CHAIR)
    assert confirm.isEnabled()
    click(qtbot, find(dialog, QPushButton, "signOffCancelButton"))
    qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=GUI_TIMEOUT_MS)
    assert status_text(window) == "Status: Draft minute"
    assert in_vault(folder, "SELECT status FROM meetings WHERE id = ?", (meeting["id"],)) == [("draft",)]


def test_export_for_visor_is_offered_on_a_final_record_and_lists_what_it_wrote(
        qtbot, open_window, demo_vault, tmp_path, monkeypatch):  # noqa: F811
    folder, listing = demo_vault
    final = next(m for m in listing["meetings"] if m["status"] == "final")
    calls = []

    def export_for_visor(session, meeting_id, out):
        calls.append((meeting_id, str(out), threading.get_ident()))
        written = [tmp_path / "visor" / name for name in ("minute.pdf", "rmp.pdf", "manifest.csv")]
        for path in written:
            path.parent.mkdir(exist_ok=True)
            path.write_text("x")
        return written

    monkeypatch.setattr(visor_export, "export_for_visor", export_for_visor)
    _, _, window = record_page(qtbot, open_window, demo_vault, tmp_path, final)
    wait_for_status(qtbot, window, "Final")
    assert "No details recorded" in find(window, QLabel, "stepFinal").text()
    assert enabled_buttons(window) == {"addAddendumButton", "visorExportButton"}
    assert find(window, QLabel, "draftExplanation").text().startswith("The record is final, so no new draft")

    answer_folder_dialog(window, tmp_path / "visor")
    with qtbot.waitSignal(window.controller.documents.sig_written, timeout=GUI_TIMEOUT_MS):
        click(qtbot, find(window, QPushButton, "visorExportButton"))
    assert [(m, out) for m, out, _ in calls] == [(final["id"], str(tmp_path / "visor"))]
    assert calls[0][2] != threading.get_ident(), "the export ran on the GUI thread"
    files = find(window, QListWidget, "generatedFiles")
    assert [files.item(i).text() for i in range(files.count())] == ["minute.pdf", "rmp.pdf", "manifest.csv"]
    assert find(window, QLabel, "documentsResult").text() == "3 files for ViSOR written to this folder:"


def test_a_refused_export_is_a_plain_sentence(qtbot, open_window, demo_vault, tmp_path, monkeypatch):  # noqa: F811
    from mappa_desk.errors import UserFacingError
    folder, listing = demo_vault
    final = next(m for m in listing["meetings"] if m["status"] == "final")

    def refuse(session, meeting_id, out):
        raise UserFacingError("This record has no final documents yet, so there is nothing to export.")

    monkeypatch.setattr(visor_export, "export_for_visor", refuse)
    _, _, window = record_page(qtbot, open_window, demo_vault, tmp_path, final)
    wait_for_status(qtbot, window, "Final")
    answer_folder_dialog(window, tmp_path / "visor")
    click(qtbot, find(window, QPushButton, "visorExportButton"))
    error = find(window, QLabel, "recordError")
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert error.text() == "This record has no final documents yet, so there is nothing to export."
    assert find(window, QPushButton, "visorExportButton").isEnabled()

