"""The RMP's version and sign-off (issue 17 item 3): what the chair records in the cockpit's editor is what the
vault holds and what the RMP prints, with its label, in both formats; nothing recorded prints "Not recorded"."""

from __future__ import annotations

from mappa_desk.domain import record
from mappa_desk.services import documents
from mappa_desk.services.editing import MeetingEditor
from tests.documents.test_rmp_as_documents_ask import _held_review, _texts

SIGN_OFF = {"plan_version": "4", "plan_signed_off_by": "Morag Strathdee",
            "plan_signed_off_role": "MAPPA Chair, Detective Superintendent", "plan_signed_off_date": "2026-12-04"}


def test_the_rmp_prints_its_version_and_who_signed_it_off(vault_session, tmp_path):
    meeting_id = _held_review(vault_session)
    editor = MeetingEditor(vault_session, meeting_id)
    for name, value in SIGN_OFF.items():
        editor.write(record.MEETING.ref(meeting_id, name), value)
    assert vault_session.db.query("SELECT plan_version, plan_signed_off_by, plan_signed_off_role, "
                                  "plan_signed_off_date FROM meetings WHERE id = ?", (meeting_id,))[0] == \
        tuple(SIGN_OFF.values())
    generated = documents.generate_for_meeting(vault_session, meeting_id, tmp_path / "out")
    for text in _texts(generated, "rmp"):
        assert "Version of the plan 4" in text
        assert "Plan signed off by Morag Strathdee" in text
        assert "Role of who signed the plan off MAPPA Chair, Detective Superintendent" in text
        assert "Plan signed off on 4 December 2026" in text


def test_a_plan_nobody_signed_off_says_so(vault_session, tmp_path):
    meeting_id = _held_review(vault_session)
    assert vault_session.db.scalar("SELECT plan_agreement FROM meetings WHERE id = ?", (meeting_id,)) is None
    generated = documents.generate_for_meeting(vault_session, meeting_id, tmp_path / "out")
    for text in _texts(generated, "rmp"):
        assert "agreed" not in text.replace("Agreement of the plan: not recorded", "")  # never unless recorded
        assert "Plan signed off by Not recorded" in text
        assert "Plan signed off on Not recorded" in text
