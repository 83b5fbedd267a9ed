"""Issue 18 item 1 through the window: a handover's final without matching hashes comes in held and the import
says so; the ViSOR export of a final the self-audit blocks is refused with its findings, and nothing is written."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QLabel, QLineEdit, QListWidget, QPlainTextEdit, QPushButton

from mappa_desk.services import handover, lifecycle, records
from mappa_desk.services import session as sessions
from mappa_desk.vault.keyfile import KdfParams
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_lifecycle import record_page, wait_for_status
from tests.ui.test_documents_screen import answer_folder_dialog, demo_vault  # noqa: F401 - the fixture
from tests.ui.test_handover_gui import FakeDialogs, Home
from tests.ui.test_unlock_screen import click, find

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

AGREED = "blue kettle on the windowsill"


@pytest.fixture
def sent_final(tmp_path):
    """A handover file of one of the demo's final records, which carries no seal (so no proof it is final)."""
    _, sender = sessions.create(tmp_path / "sender", PASSPHRASE, kdf=FAST_KDF)
    try:
        records.load_demo(sender)
        meeting_id, uid = sender.db.query("SELECT id, uid FROM meetings WHERE status = 'final' ORDER BY id LIMIT 1")[0]
        path = handover.export_handover(sender, meeting_id, tmp_path / "final.mdhandover", AGREED,
                                        kdf=KdfParams(memory_kib=8192, iterations=1, lanes=1))
    finally:
        sender.close()
    return path, uid


def test_a_handover_final_without_its_proof_is_imported_held_and_the_window_says_so(qtbot, vault_session,
                                                                                     sent_final):
    path, uid = sent_final
    receiver = Home(qtbot, vault_session, FakeDialogs(file=path))
    try:
        dialog = receiver.open_dialog(qtbot, "importHandoverButton")
        qtbot.keyClicks(find(dialog, QLineEdit, "handoverImportPassphrase"), AGREED)
        with qtbot.waitSignal(receiver.handover.sig_previewed, timeout=GUI_TIMEOUT_MS):
            click(qtbot, find(dialog, QPushButton, "handoverReadButton"))
        shown = find(dialog, QPlainTextEdit, "handoverPreviewText").toPlainText()
        assert "it was imported as held" not in shown  # the preview says what will happen, before it does
        assert "is final, but the handover carries no proof" in shown and "it will be imported as held" in shown
        assert vault_session.db.scalar("SELECT count(*) FROM meetings") == 0
        with qtbot.waitSignal(receiver.home.sig_meetings_shown, timeout=GUI_TIMEOUT_MS):
            click(qtbot, find(dialog, QPushButton, "confirmImportButton"))
        told = receiver.dialogs.messages[-1][1]
        assert "is final, but the handover carries no proof that it was made final on the sending laptop" in told
        assert "it was imported as held" in told
        assert vault_session.db.scalar("SELECT status FROM meetings WHERE uid = ?", (uid,)) == "held"
    finally:
        receiver.close()


def test_the_visor_export_of_a_final_the_self_audit_blocks_is_refused_with_its_findings(
        qtbot, open_window, demo_vault, tmp_path):  # noqa: F811
    folder, listing = demo_vault
    final = next(m for m in listing["meetings"] if m["status"] == "final")
    session = sessions.unlock(folder, PASSPHRASE)
    try:  # a final made before a rule existed: the self-audit now blocks it
        with session.db.transaction():
            session.db.execute("UPDATE meetings SET confidentiality_agreed = 0 WHERE id = ?", (final["id"],))
        blocking = [f for f in lifecycle.findings(session, final["id"]) if f.blocking]
    finally:
        session.close()
    assert blocking
    _, _, window = record_page(qtbot, open_window, demo_vault, tmp_path, final)
    wait_for_status(qtbot, window, "Final")
    answer_folder_dialog(window, tmp_path / "visor")
    click(qtbot, find(window, QPushButton, "visorExportButton"))
    findings = find(window, QListWidget, "auditFindings")  # as a refused clearance shows them
    qtbot.waitUntil(findings.isVisible, timeout=GUI_TIMEOUT_MS)
    assert [findings.item(i).text() for i in range(findings.count())] == [
        f"{f.step_title}: {f.text}" for f in blocking]
    assert find(window, QLabel, "auditFindingsTitle").text().startswith(
        "The record cannot be exported for ViSOR yet.")
    assert not (tmp_path / "visor").exists() or not any((tmp_path / "visor").iterdir())


def test_a_handover_of_a_later_meeting_through_the_window_brings_the_individual_up_to_it(qtbot, vault_session,
                                                                                         tmp_path):
    """Issue 18 item 3: the receiving vault holds the individual's first meeting (Level 3, RoSH very high); the
    handover brings the review of 22 September (Level 2, RoSH high, police lead)."""
    import dataclasses

    from mappa_desk.demo import demo_records
    individual, history = next((i, h) for i, h in demo_records() if i.family_name == "Drumlachie")
    first = next(m for m in history if m.meeting_date == "2026-07-07")
    stale = dataclasses.replace(individual, current_level=3, rosh_level="very_high", lead_agency="JSW",
                                lead_agency_since="2026-07-07")
    records.import_meeting(vault_session, stale, first)
    _, sender = sessions.create(tmp_path / "sender", PASSPHRASE, kdf=FAST_KDF)
    try:
        records.load_demo(sender)
        later = sender.db.scalar("SELECT id FROM meetings WHERE meeting_date = '2026-09-22'")
        path = handover.export_handover(sender, later, tmp_path / "later.mdhandover", AGREED,
                                        kdf=KdfParams(memory_kib=8192, iterations=1, lanes=1))
    finally:
        sender.close()
    receiver = Home(qtbot, vault_session, FakeDialogs(file=path))
    try:
        dialog = receiver.open_dialog(qtbot, "importHandoverButton")
        qtbot.keyClicks(find(dialog, QLineEdit, "handoverImportPassphrase"), AGREED)
        with qtbot.waitSignal(receiver.handover.sig_previewed, timeout=GUI_TIMEOUT_MS):
            click(qtbot, find(dialog, QPushButton, "handoverReadButton"))
        with qtbot.waitSignal(receiver.home.sig_meetings_shown, timeout=GUI_TIMEOUT_MS):
            click(qtbot, find(dialog, QPushButton, "confirmImportButton"))
        assert "now follow the meeting of 22 September 2026" in receiver.dialogs.messages[-1][1]
        assert vault_session.db.query(
            "SELECT i.current_level, i.rosh_level, a.code FROM individuals i JOIN agencies a "
            "ON a.id = i.lead_agency_id WHERE i.uid = ?", (individual.uid,)) == [(2, "high", "POLICE")]
    finally:
        receiver.close()
