"""The "New meeting" dialog, driven as a chair would: suggestions, the seniority warning, pre-reads, Create."""

from __future__ import annotations

import hashlib

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDateEdit, QLabel, QLineEdit, QListWidget, QPushButton, QTimeEdit)

from mappa_desk.services import records
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_unlock_screen import ERROR_CLASS_NAMES, click, find
from ui.new_meeting.controller import NewMeetingController
from ui.tasks import TaskRunner

# A dialog shown on its own makes the offscreen plugin say this whenever its size hints change; not ours.
pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


@pytest.fixture
def controller(qtbot, demo):
    runner = TaskRunner()
    ctl = NewMeetingController(runner, None)
    yield ctl
    ctl.clear()
    runner.wait_for_done()


def _individual(session, family_name):
    return session.db.scalar("SELECT id FROM individuals WHERE family_name = ?", (family_name,))


def open_dialog(qtbot, controller, session, individual_id):
    dialog = controller.open(session, individual_id)
    qtbot.waitExposed(dialog)
    create = find(dialog, QPushButton, "createMeetingButton")
    qtbot.waitUntil(create.isEnabled, timeout=GUI_TIMEOUT_MS)  # the suggestions have arrived
    return dialog


def invitee_texts(dialog) -> list[str]:
    listing = find(dialog, QListWidget, "inviteeList")
    return [listing.item(row).text() for row in range(listing.count())]


def retype(qtbot, field: QLineEdit, text: str) -> None:
    field.setFocus()
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Pick an entry by its text with the keyboard, as a person tabbing through the form would."""
    combo.setFocus()
    index = combo.findText(text)
    assert index >= 0, f"{text} is not offered"
    while combo.currentIndex() != index:
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < index else Qt.Key.Key_Up)


def test_a_review_is_suggested_warned_about_and_created(qtbot, controller, demo, tmp_path):
    db = demo.db
    ind = _individual(demo, "Drumlachie")
    previous = db.scalar("SELECT id FROM meetings WHERE individual_id = ? AND status != 'planned' "
                         "ORDER BY meeting_date DESC LIMIT 1", (ind,))
    dialog = open_dialog(qtbot, controller, demo, ind)
    assert find(dialog, QLabel, "newMeetingTitle").text() == "New meeting: Calum James Drumlachie"

    # Suggested: a review of the last meeting, its place, chair, minute-taker and invitees.
    kind = find(dialog, QComboBox, "meetingKind")
    assert kind.currentText() == "Review"
    assert "22 Sep 2026" in find(dialog, QLabel, "meetingKindNote").text()
    assert find(dialog, QComboBox, "meetingLevel").currentText() == "Level 2"
    assert find(dialog, QLineEdit, "meetingLocation").text().startswith("Kilbrannan Police Office")
    assert find(dialog, QLineEdit, "chairName").text() == "Fiona Lintbrae"
    assert find(dialog, QComboBox, "chairAgency").currentText() == "Police Scotland"
    assert find(dialog, QLineEdit, "minuteTakerName").text() == "Aileen Drumkeld"
    assert find(dialog, QDateEdit, "meetingDate").displayFormat() == "dd/MM/yyyy"
    assert find(dialog, QTimeEdit, "meetingTime").displayFormat() == "HH:mm"
    texts = invitee_texts(dialog)
    assert "Police Scotland: Lewis Haldenby (SOPU offender manager, lead agency)" in texts
    assert "MAPPA Unit: Gillian Tarrowby (MAPPA Co-ordinator)" in texts
    assert "Scottish Children's Reporter Administration" in texts  # absent last time, no one named: the agency
    assert not any("Fiona Lintbrae" in t or "Aileen Drumkeld" in t for t in texts)

    # The chair's rank: Inspector may chair Level 2; a Sergeant may not. The warning never blocks.
    rank = find(dialog, QComboBox, "chairRank")
    warning = find(dialog, QLabel, "seniorityWarning")
    assert rank.currentText() == "Inspector" and not warning.isVisible()
    assert "Detective Superintendent" in [rank.itemText(i) for i in range(rank.count())]
    retype(qtbot, rank.lineEdit(), "Sergeant")
    qtbot.waitUntil(warning.isVisible)
    assert "Level 2" in warning.text() and "Sergeant is below that" in warning.text()
    retype(qtbot, rank.lineEdit(), "Inspector")
    qtbot.waitUntil(lambda: not warning.isVisible())
    choose(qtbot, find(dialog, QComboBox, "meetingLevel"), "Level 3 (MAPPP)")
    qtbot.waitUntil(warning.isVisible)
    assert "Level 3" in warning.text()

    # When and where.
    date = find(dialog, QDateEdit, "meetingDate")
    date.setFocus(Qt.FocusReason.TabFocusReason)  # tabbing in selects the day
    for key in "08122026":  # one at a time: each section moves on to the next once full
        qtbot.keyClick(date, key)
    assert date.date() == QDate(2026, 12, 8)
    retype(qtbot, find(dialog, QLineEdit, "meetingLocation"), "Kilbrannan Council Offices, Room 3")
    emergency = find(dialog, QCheckBox, "meetingEmergency")  # issue 17 item 2: an emergency review
    assert emergency.text() == "Emergency meeting" and not emergency.isChecked()
    emergency.setFocus()
    qtbot.keyClick(emergency, Qt.Key.Key_Space)
    assert emergency.isChecked()

    # Untick the children's reporter; invite someone from the DWP.
    invitees = find(dialog, QListWidget, "inviteeList")
    scra = texts.index("Scottish Children's Reporter Administration")
    invitees.setFocus()
    invitees.setCurrentRow(scra)
    qtbot.keyClick(invitees.viewport(), Qt.Key.Key_Space)
    assert invitees.item(scra).checkState() == Qt.CheckState.Unchecked
    choose(qtbot, find(dialog, QComboBox, "addInviteeAgency"), "Department for Work and Pensions")
    retype(qtbot, find(dialog, QLineEdit, "addInviteeName"), "Pat Example")
    click(qtbot, find(dialog, QPushButton, "addInviteeButton"))
    assert invitee_texts(dialog)[-1] == "Department for Work and Pensions: Pat Example"

    # Pre-reads: two chosen, one taken off again.
    paper = tmp_path / "Referral summary.pdf"
    paper.write_bytes(b"%PDF-1.4 fictional referral\n" * 4000)
    other = tmp_path / "old notes.txt"
    other.write_bytes(b"not needed")
    controller.ask_for_pre_reads = lambda: [str(paper), str(other)]
    click(qtbot, find(dialog, QPushButton, "addPreReadButton"))
    pre_reads = find(dialog, QListWidget, "preReadList")
    assert [pre_reads.item(r).text() for r in range(pre_reads.count())] == [
        "Referral summary.pdf (109 KB)", "old notes.txt (1 KB)"]
    remove = find(dialog, QPushButton, "removePreReadButton")
    assert not remove.isEnabled()
    pre_reads.setCurrentRow(1)
    click(qtbot, remove)
    assert pre_reads.count() == 1

    with qtbot.waitSignal(controller.sig_meeting_created, timeout=GUI_TIMEOUT_MS) as created:
        click(qtbot, find(dialog, QPushButton, "createMeetingButton"))
    meeting_id = created.args[0]
    qtbot.waitUntil(lambda: controller.dialog is None)

    row = db.query("SELECT kind, level, meeting_date, start_time, location, status, previous_meeting_id "
                   "FROM meetings WHERE id = ?", (meeting_id,))[0]
    assert row == ("review", 3, "2026-12-08", "14:00", "Kilbrannan Council Offices, Room 3", "planned", previous)
    assert db.scalar("SELECT emergency FROM meetings WHERE id = ?", (meeting_id,)) == 1
    assert db.scalar("SELECT p.rank FROM meetings m JOIN people p ON p.id = m.chair_id WHERE m.id = ?",
                     (meeting_id,)) == "Inspector"
    invited = db.query("""SELECT g.code, coalesce(p.full_name, ''), a.status FROM attendance a
                          JOIN agencies g ON g.id = a.agency_id LEFT JOIN people p ON p.id = a.person_id
                          WHERE a.meeting_id = ? ORDER BY a.position""", (meeting_id,))
    assert ("DWP", "Pat Example", "invited") in invited
    assert "SCRA" not in [code for code, _, _ in invited]
    assert {status for _, _, status in invited} == {"invited"}
    assert db.scalar("SELECT count(*) FROM risks WHERE meeting_id = ?", (meeting_id,)) == \
        db.scalar("SELECT count(*) FROM risks WHERE meeting_id = ?", (previous,)) > 0
    name, content = db.query("SELECT file_name, content FROM meeting_documents WHERE meeting_id = ?",
                             (meeting_id,))[0]
    assert name == "Referral summary.pdf"
    assert hashlib.sha256(content).digest() == hashlib.sha256(paper.read_bytes()).digest()


def test_a_refusal_is_shown_in_the_dialog_which_stays_open(qtbot, controller, demo):
    db = demo.db
    with db.transaction():
        ind = db.execute("INSERT INTO individuals (uid, family_name, given_names, category, current_level, "
                         "lead_agency_id, created_at, updated_at) VALUES ('fresh', 'Newcome', 'Robin', 3, 2, "
                         "(SELECT id FROM agencies WHERE code = 'JSW'), 'x', 'x')").lastrowid
    before = db.scalar("SELECT count(*) FROM meetings")
    dialog = open_dialog(qtbot, controller, demo, ind)
    assert find(dialog, QComboBox, "meetingKind").currentText() == "Initial"
    assert find(dialog, QComboBox, "chairAgency").currentText() == "Justice Social Work"  # the lead agency
    assert find(dialog, QLineEdit, "chairName").text() == ""
    assert not find(dialog, QLabel, "seniorityWarning").isVisible()  # nothing entered: nothing to warn about
    authorities = [a.name for a in demo.profile.agencies if a.kind == "responsible_authority"]
    assert invitee_texts(dialog) == authorities

    retype(qtbot, find(dialog, QLineEdit, "chairName"), "Niall Corrieshaw")
    choose(qtbot, find(dialog, QComboBox, "meetingKind"), "Review")
    assert "nothing to review" in find(dialog, QLabel, "meetingKindNote").text()
    create = find(dialog, QPushButton, "createMeetingButton")
    click(qtbot, create)
    error = find(dialog, QLabel, "newMeetingError")
    qtbot.waitUntil(error.isVisible, timeout=GUI_TIMEOUT_MS)
    assert "Choose an initial meeting instead" in error.text()
    assert not any(name in error.text() for name in ERROR_CLASS_NAMES)
    assert dialog.isVisible() and create.isEnabled()
    assert db.scalar("SELECT count(*) FROM meetings") == before

    # A pre-read that is too big is refused when chosen, before anything is written.
    huge = demo.db.path.parent / "huge.pdf"
    with open(huge, "wb") as handle:
        handle.truncate(60 * 1024 * 1024)
    controller.add_pre_reads([huge])
    assert "huge.pdf is 60 MB" in error.text()
    assert find(dialog, QListWidget, "preReadList").count() == 0
    huge.unlink()


def test_the_dialog_fits_a_small_laptop_screen(qtbot, controller, demo):
    dialog = open_dialog(qtbot, controller, demo, _individual(demo, "Cairnbrake"))
    # 1366x768 less a taskbar and the title bar.
    assert dialog.minimumSizeHint().width() <= 1366 and dialog.minimumSizeHint().height() <= 690
    assert dialog.sizeHint().width() <= 1366 and dialog.sizeHint().height() <= 690
    named = [w for w in dialog.findChildren(QLineEdit) + dialog.findChildren(QComboBox)
             + dialog.findChildren(QPushButton) + dialog.findChildren(QListWidget)
             if w.objectName() and not w.objectName().startswith("qt_")]  # Qt's own parts of a date or spin box
    assert len(named) > 15
    assert [w.objectName() for w in named if not w.accessibleName()] == []


def test_enter_in_the_person_field_keeps_the_person_and_creates_nothing(qtbot, controller, demo):
    db = demo.db
    before = db.scalar("SELECT count(*) FROM meetings")
    dialog = open_dialog(qtbot, controller, demo, _individual(demo, "Drumlachie"))
    person = find(dialog, QLineEdit, "addInviteeName")
    retype(qtbot, person, "Morag Tulloch")
    qtbot.keyClick(person, Qt.Key.Key_Return)
    qtbot.keyClick(person, Qt.Key.Key_Enter)

    assert dialog.isVisible()
    assert person.text() == "Morag Tulloch"
    assert db.scalar("SELECT count(*) FROM meetings") == before

    qtbot.keyClick(person, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)  # Ctrl+Enter creates it
    qtbot.waitUntil(lambda: db.scalar("SELECT count(*) FROM meetings") == before + 1, timeout=GUI_TIMEOUT_MS)


def test_slow_suggestions_say_what_the_form_waits_for(qtbot, controller, demo, monkeypatch):
    import threading

    from mappa_desk.services import new_meeting

    release, real = threading.Event(), new_meeting.defaults

    def slow(session, individual_id):
        release.wait(10)  # held until the line has shown: no timing in the test
        return real(session, individual_id)

    monkeypatch.setattr(new_meeting, "defaults", slow)
    dialog = controller.open(demo, _individual(demo, "Fernbrae"))
    qtbot.waitExposed(dialog)
    status, create = find(dialog, QLabel, "newMeetingStatus"), find(dialog, QPushButton, "createMeetingButton")
    assert status.text() == "" and not create.isEnabled()  # not at once: quick work would only flicker
    qtbot.waitUntil(lambda: status.text() == "Loading the last meeting…", timeout=GUI_TIMEOUT_MS)
    release.set()
    qtbot.waitUntil(create.isEnabled, timeout=GUI_TIMEOUT_MS)
    assert status.text() == ""
