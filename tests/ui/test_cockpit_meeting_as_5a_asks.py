"""issue 17 item 2: the cockpit records the meeting as 5A asks: the opening step's purposes (ticked from
the keyboard), other purpose and emergency flag; the roll-call's organisation behind an agency; for a review
whose earlier meeting is not in the vault, that meeting's date and level; and, at the close, the date the Minute
was approved and its circulation list. What the chair enters is what the vault holds."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QLineEdit, QPlainTextEdit, QPushButton

from tests.ui.cockpit_driver import choose, click, go_to, idle, new_row_field, row_field, tick, type_into, widget
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_cockpit_undo import british_short, held_review, read  # noqa: F401 (the fixture)


def test_the_opening_step_records_the_purposes_the_emergency_and_the_organisation(
        qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    attendee = read(folder, "SELECT id FROM attendance WHERE meeting_id = ? ORDER BY position LIMIT 1",
                    (meeting_id,))[0][0]
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Introductions")
    level = widget(window, f"meetings:{meeting_id}:purposes:level", QCheckBox)
    assert level.accessibleName() == "To consider whether the MAPPA level should go up or down"
    tick(qtbot, widget(window, f"meetings:{meeting_id}:purposes:rmp", QCheckBox))
    tick(qtbot, level)
    idle(qtbot, window)
    assert read(folder, "SELECT purposes FROM meetings WHERE id = ?", (meeting_id,)) == [("rmp,level",)]
    tick(qtbot, widget(window, f"meetings:{meeting_id}:purposes:rmp", QCheckBox), on=False)
    tick(qtbot, widget(window, f"meetings:{meeting_id}:emergency", QCheckBox))
    type_into(qtbot, row_field(window, "meetings", meeting_id, "purpose_other", QPlainTextEdit),
              "To hear the housing panel's outcome")
    type_into(qtbot, row_field(window, "attendance", attendee, "organisation", QLineEdit),
              "Safe Harbour Women's Aid")
    idle(qtbot, window)
    assert read(folder, "SELECT purposes, emergency, purpose_other FROM meetings WHERE id = ?", (meeting_id,)) == [
        ("level", 1, "To hear the housing panel's outcome")]
    assert read(folder, "SELECT organisation FROM attendance WHERE id = ?", (attendee,)) == [
        ("Safe Harbour Women's Aid",)]
    # This review's earlier meeting is in the vault: nothing is asked of it by hand.
    assert window.findChild(QLineEdit, f"meetings:{meeting_id}:reviewed_meeting_date") is None


def test_a_review_without_its_earlier_meeting_asks_its_date_and_level(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    from mappa_desk.services import session as sessions
    from tests.conftest import PASSPHRASE
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        with session.db.transaction():  # as if the earlier meeting had been minuted on paper
            session.db.execute("UPDATE meetings SET previous_meeting_id = NULL WHERE id = ?", (meeting_id,))
    finally:
        session.close()
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Introductions")
    type_into(qtbot, row_field(window, "meetings", meeting_id, "reviewed_meeting_date", QLineEdit), "03/06/2026")
    choose(qtbot, row_field(window, "meetings", meeting_id, "reviewed_meeting_level", QComboBox), "Level 3 (MAPPP)")
    idle(qtbot, window)
    assert read(folder, "SELECT reviewed_meeting_date, reviewed_meeting_level FROM meetings WHERE id = ?",
                (meeting_id,)) == [("2026-06-03", 3)]


def test_the_close_records_the_approval_and_the_circulation(qtbot, open_window, held_review):  # noqa: F811
    folder, meeting_id, visor, date = held_review
    window = unlock_and_open(qtbot, open_window, folder, visor, british_short(date))
    go_to(qtbot, window, "Review date")
    type_into(qtbot, row_field(window, "meetings", meeting_id, "approved_date", QLineEdit), "20/01/2027")
    click(qtbot, widget(window, "addRecipientButton", QPushButton))
    recipient = new_row_field(qtbot, window, "circulation", "recipient")
    type_into(qtbot, recipient, "Morag Fictional")
    line = int(recipient.objectName().split(":")[1])
    choose(qtbot, row_field(window, "circulation", line, "agency_id", QComboBox), "Police Scotland")
    type_into(qtbot, row_field(window, "circulation", line, "document", QLineEdit), "Minute, version 2")
    type_into(qtbot, row_field(window, "circulation", line, "sent_date", QLineEdit), "21/01/2027")
    idle(qtbot, window)
    assert read(folder, "SELECT approved_date FROM meetings WHERE id = ?", (meeting_id,)) == [("2027-01-20",)]
    assert read(folder, "SELECT c.recipient, a.code, c.document, c.sent_date FROM circulation c "
                        "JOIN agencies a ON a.id = c.agency_id WHERE c.meeting_id = ?", (meeting_id,)) == [
        ("Morag Fictional", "POLICE", "Minute, version 2", "2027-01-21")]
