"""The meeting as national document 5A asks (issue 17 item 2): numbered actions, a previous action's status at
review ("Ongoing" among them), an action carried forward naming the action it came from, and each agenda step's
chair's summary, discussion and, for a step not taken, why. These tests record each value as the cockpit does
(services.editing), then read it back from the vault and from the Minute in both formats."""

from __future__ import annotations

from mappa_desk.domain import dates, record
from mappa_desk.services import documents, records
from mappa_desk.services.editing import MeetingEditor
from tests.documents.pdf_text import docx_text, pdf_pages_text
from tests.demo.unfilled import empty_later_fields

SUMMARY = "The chair summarised that the risk is high while the address is unsettled"
DISCUSSION = "Police and social work differed on how soon the next home visit should be"
SKIPPED = "Housing was covered fully at the last meeting and nothing has changed"


def _held_review(session) -> int:
    records.load_demo(session)
    meeting_id = session.db.scalar(
        "SELECT m.id FROM meetings m WHERE kind = 'review' AND status = 'held' AND EXISTS (SELECT 1 FROM actions a "
        "WHERE a.meeting_id = m.previous_meeting_id) AND EXISTS (SELECT 1 FROM actions a WHERE a.meeting_id = m.id) "
        "ORDER BY id LIMIT 1")
    empty_later_fields(session.db, meeting_id)  # as the chair finds it before writing the steps' summaries
    return meeting_id


def _record(session, meeting_id: int) -> dict:
    db, editor = session.db, MeetingEditor(session, meeting_id)
    previous_id, previous_date = db.query("SELECT p.id, p.meeting_date FROM meetings m JOIN meetings p "
                                          "ON p.id = m.previous_meeting_id WHERE m.id = ?", (meeting_id,))[0]
    first, first_number = db.query("SELECT id, number FROM actions WHERE meeting_id = ? ORDER BY number LIMIT 1",
                                   (previous_id,))[0]
    editor.write(record.ACTION.ref(first, "outcome"), "ongoing")
    carried = editor.carry_forward(first)
    step = lambda key: db.scalar("SELECT id FROM agenda_items WHERE meeting_id = ? AND step_key = ?",  # noqa: E731
                                 (meeting_id, key))
    editor.write(record.AGENDA_ITEM.ref(step("risks"), "summary"), SUMMARY)
    editor.write(record.AGENDA_ITEM.ref(step("risks"), "discussion"), DISCUSSION)
    editor.write(record.AGENDA_ITEM.ref(step("housing"), "skip_reason"), SKIPPED)
    editor.write(record.AGENDA_ITEM.ref(step("housing"), "state"), "skipped")
    return {"first": first, "first_number": first_number, "carried": carried, "previous_date": previous_date,
            "risks_step": step("risks")}


def test_the_vault_holds_each_value(vault_session):
    meeting_id = _held_review(vault_session)
    got = _record(vault_session, meeting_id)
    db = vault_session.db
    assert db.query("SELECT outcome, status, reviewed_in_meeting_id FROM actions WHERE id = ?", (got["first"],)) == [
        ("ongoing", "open", meeting_id)]
    uid = db.scalar("SELECT uid FROM actions WHERE id = ?", (got["first"],))
    numbers = [n for (n,) in db.query("SELECT number FROM actions WHERE meeting_id = ? ORDER BY position, id",
                                      (meeting_id,))]
    assert numbers == list(range(1, len(numbers) + 1))
    assert db.query("SELECT number, carried_from_uid FROM actions WHERE id = ?", (got["carried"],)) == [
        (len(numbers), uid)]
    assert db.query("SELECT summary, discussion FROM agenda_items WHERE id = ?", (got["risks_step"],)) == [
        (SUMMARY, DISCUSSION)]


def _texts(generated, kind: str) -> list[str]:
    files = {g.format: g.path for g in generated if g.kind == kind}
    pdf = " ".join(" ".join(page.split()) for page in pdf_pages_text(files["pdf"].read_bytes()))
    return [" ".join(docx_text(files["docx"].read_bytes()).split()), pdf]


def test_the_minute_prints_each_value_in_both_formats(vault_session, tmp_path):
    meeting_id = _held_review(vault_session)
    got = _record(vault_session, meeting_id)
    carried_number = vault_session.db.scalar("SELECT number FROM actions WHERE id = ?", (got["carried"],))
    generated = documents.generate_for_meeting(vault_session, meeting_id, tmp_path / "out")
    for text in _texts(generated, "minute"):
        assert "No. Action Owner Due Status at review" in text  # the previous meeting's actions
        assert "No. Action Person Agency Due" in text  # this meeting's
        assert "Ongoing" in text
        assert (f"Action {carried_number}: carried forward from action {got['first_number']} of the meeting of "
                f"{dates.long(got['previous_date'])}.") in text
        assert f"Chair's summary {SUMMARY}" in text and f"Discussion {DISCUSSION}" in text
        # the skipped step's reason, under its section (which tells two steps: each is named)
        assert f"Housing and accommodation: Not taken at this meeting {SKIPPED}" in text
    # in the order of the Minute (the PDF's text is in page order; docx_text gives tables after paragraphs): the
    # summary under the risk assessment, the skipped housing step under the plan's section
    pdf = text
    assert pdf.index(SUMMARY) < pdf.index("Risk management plan (summary)") < pdf.index(SKIPPED)
    assert pdf.index(SKIPPED) < pdf.index("Decisions and their reasons")


def test_a_step_with_nothing_recorded_adds_nothing_to_the_minute(vault_session, tmp_path):
    meeting_id = _held_review(vault_session)
    generated = documents.generate_for_meeting(vault_session, meeting_id, tmp_path / "out")
    for text in _texts(generated, "minute"):
        assert "Chair's summary" not in text and "Not taken at this meeting" not in text


def test_a_step_s_summary_and_discussion_are_found_by_search(vault_session):
    from mappa_desk.services import fulltext
    meeting_id = _held_review(vault_session)
    _record(vault_session, meeting_id)
    for word in ("unsettled", "visit"):  # one from the summary, one from the discussion
        # (the demo's other meetings have summaries of their own, which may hold the word too)
        hits = [h for h in fulltext.search_minutes(vault_session, word)
                if h.source == "agenda_step" and h.meeting_id == meeting_id]
        assert [(h.meeting_id, h.where) for h in hits] == [(meeting_id, "Summary and discussion")], word


def test_every_agenda_step_has_one_place_in_the_minute():
    """What is recorded at a step is printed under one section of the Minute: the template names each step of
    the agenda in exactly one `step_notes` block, and no step the agenda does not have."""
    from mappa_desk.documents.build import registry
    from mappa_desk.documents.template import load_template
    from mappa_desk.domain import agenda
    minute = load_template("minute", registry(), "scotland")
    named = [key for section in minute.sections for block in section.get("blocks", [])
             if block["kind"] == "step_notes" for key in block["steps"]]
    assert sorted(named) == sorted(step.key for step in agenda.load_agenda("scotland"))


def test_a_step_notes_block_without_its_words_or_steps_is_refused(tmp_path):
    import shutil

    import pytest

    from mappa_desk import paths
    from mappa_desk.documents.build import registry
    from mappa_desk.documents.template import TemplateError, load_template
    block = '{ kind = "step_notes", steps = ["information"], skipped = "Not taken at this meeting" }'
    for broken, sentence in (('{ kind = "step_notes", steps = ["information"] }', "needs skipped"),
                             ('{ kind = "step_notes", steps = [], skipped = "Not taken" }', "needs steps")):
        folder = tmp_path / sentence.replace(" ", "_")
        shutil.copytree(paths.jurisdiction_dir("scotland"), folder)
        minute = folder / "minute.toml"
        text = minute.read_text(encoding="utf-8")
        assert block in text
        minute.write_text(text.replace(block, broken), encoding="utf-8")
        with pytest.raises(TemplateError, match=sentence):
            load_template("minute", registry(), folder=folder)


def test_an_action_reviewed_as_ongoing_has_its_outcome_recorded(vault_session):
    """Ongoing keeps the action open (still on the due list), and the review's record does not lack its outcome."""
    from mappa_desk.services import cockpit
    meeting_id = _held_review(vault_session)
    got = _record(vault_session, meeting_id)
    description = vault_session.db.scalar("SELECT description FROM actions WHERE id = ?", (got["first"],))
    gaps = [g.text for g in cockpit.check(vault_session, meeting_id).gaps if g.step == "previous_actions"]
    assert not any(description[:20] in text for text in gaps), gaps
    editor = MeetingEditor(vault_session, meeting_id)
    editor.write(record.ACTION.ref(got["first"], "outcome"), None)  # cleared: the gap is back
    gaps = [g.text for g in cockpit.check(vault_session, meeting_id).gaps if g.step == "previous_actions"]
    assert any(description[:20] in text for text in gaps), gaps
