"""The RMP as national documents 6 and 7B ask (issue 17): part A (basis of assessment, risk formulation, risk
and protective factors), the plan's context and timeframe, its exit strategy and its agreement as recorded,
each measure's frequency, start and review dates, and each contingency's contact. These tests follow each value
from the cockpit's editor into the vault and onto the RMP in both formats, and the agreement's wording onto the
RMP and the Minute for every value a chair can record, "not recorded" included."""

from __future__ import annotations

import shutil

import pytest

from mappa_desk import paths
from mappa_desk.documents import build
from mappa_desk.documents.template import TemplateError, load_template
from mappa_desk.domain import model as m, record
from mappa_desk.services import documents, records
from mappa_desk.services.editing import MeetingEditor
from tests.documents.pdf_text import docx_text, pdf_pages_text
from tests.demo.unfilled import empty_later_fields

MEETING_TEXT = {
    "basis_of_assessment": "Interviews, police intelligence and the case file",
    "risk_formulation": "Violence escalates when he drinks and feels rejected",
    "risk_factors": "Alcohol misuse and jealousy",
    "protective_factors": "Stable work and a supportive brother",
    "plan_context": "Community, the next six months",
    "exit_strategy": "Exit once the order ends and the plan holds",
}
MEETING_LABELS = {
    "basis_of_assessment": "Basis of assessment", "risk_formulation": "Risk formulation",
    "risk_factors": "Risk factors", "protective_factors": "Protective factors",
    "plan_context": "Context and timeframe of the plan", "exit_strategy": "Exit strategy",
}


def _held_review(session) -> int:
    records.load_demo(session)
    meeting_id = session.db.scalar("SELECT m.id FROM meetings m WHERE kind = 'review' AND status = 'held' AND "
                                   "EXISTS (SELECT 1 FROM rmp_measures x WHERE x.meeting_id = m.id) AND EXISTS "
                                   "(SELECT 1 FROM contingencies c WHERE c.meeting_id = m.id) ORDER BY id LIMIT 1")
    empty_later_fields(session.db, meeting_id)  # as the chair finds it before filling Part A, the sign-off ...
    return meeting_id


def _record_everything(session, meeting_id: int) -> tuple[int, int]:
    db, editor = session.db, MeetingEditor(session, meeting_id)
    measure = db.scalar("SELECT id FROM rmp_measures WHERE meeting_id = ? ORDER BY position LIMIT 1", (meeting_id,))
    contingency = db.scalar("SELECT id FROM contingencies WHERE meeting_id = ? ORDER BY position LIMIT 1",
                            (meeting_id,))
    for name, text in MEETING_TEXT.items():
        editor.write(record.MEETING.ref(meeting_id, name), text)
    editor.write(record.MEETING.ref(meeting_id, "plan_agreement"), "agreed_with_amendments")
    editor.write(record.MEASURE.ref(measure, "frequency"), "Every other Tuesday")
    editor.write(record.MEASURE.ref(measure, "start_date"), "2026-12-07")
    editor.write(record.MEASURE.ref(measure, "review_date"), "2027-03-01")
    editor.write(record.CONTINGENCY.ref(contingency, "contact"), "Duty inspector, 01632 960 555")
    return measure, contingency


def test_the_vault_holds_each_value(vault_session):
    meeting_id = _held_review(vault_session)
    measure, contingency = _record_everything(vault_session, meeting_id)
    db = vault_session.db
    columns = ", ".join(MEETING_TEXT) + ", plan_agreement"
    assert db.query(f"SELECT {columns} FROM meetings WHERE id = ?", (meeting_id,))[0] == (
        *MEETING_TEXT.values(), "agreed_with_amendments")
    assert db.query("SELECT frequency, start_date, review_date FROM rmp_measures WHERE id = ?", (measure,))[0] == (
        "Every other Tuesday", "2026-12-07", "2027-03-01")
    assert db.scalar("SELECT contact FROM contingencies WHERE id = ?", (contingency,)) == \
        "Duty inspector, 01632 960 555"


def _texts(generated, kind: str) -> list[str]:
    files = {g.format: g.path for g in generated if g.kind == kind}
    pdf = " ".join(" ".join(page.split()) for page in pdf_pages_text(files["pdf"].read_bytes()))
    return [" ".join(docx_text(files["docx"].read_bytes()).split()), pdf]


def test_the_rmp_prints_each_value_with_its_label_in_both_formats(vault_session, tmp_path):
    meeting_id = _held_review(vault_session)
    _record_everything(vault_session, meeting_id)
    generated = documents.generate_for_meeting(vault_session, meeting_id, tmp_path / "out")
    for text in _texts(generated, "rmp"):
        for name, value in MEETING_TEXT.items():
            assert MEETING_LABELS[name] in text and value in text, name
        # a measure's: under its timescale, each with its label; a contingency's contact in its own column
        for line in ("Frequency: Every other Tuesday", "Start date: 7 December 2026", "Review date: 1 March 2027"):
            assert line in text, line
        assert "Contact" in text and "Duty inspector, 01632 960 555" in text
        assert "Plan agreed with amendments at the meeting of" in text
        assert "Agreement of the plan: not recorded" not in text
    for text in _texts(generated, "minute"):
        assert "The plan was agreed with amendments at this meeting." in text


# -- the agreement's wording follows what was recorded ------------------------------------------------------------

RMP_WORDS = {"agreed": "Plan agreed at the meeting of 20 November 2026.",
             "agreed_with_amendments": "Plan agreed with amendments at the meeting of 20 November 2026.",
             "not_agreed": "Plan not agreed at the meeting of 20 November 2026.",
             None: "Agreement of the plan: not recorded."}
MINUTE_WORDS = {"agreed": "The plan was agreed at this meeting.",
                "agreed_with_amendments": "The plan was agreed with amendments at this meeting.",
                "not_agreed": "The plan was not agreed at this meeting.",
                None: "Agreement of the plan: not recorded."}


def _paragraphs(kind: str, agreement: str | None, folder=None) -> list[str]:
    individual = m.Individual("Sample", 1, 2)
    meeting = m.Meeting(individual.uid, "initial", 2, "2026-11-20", plan_agreement=agreement)
    template = load_template(kind, build.registry(), "scotland" if folder is None else None, folder=folder)
    doc = build.build(template, individual, meeting, {}, version=1)
    return [b.text for b in doc.blocks if hasattr(b, "text")]


@pytest.mark.parametrize("agreement", list(RMP_WORDS), ids=str)
def test_the_agreement_is_worded_as_recorded(agreement):
    rmp, minute = _paragraphs("rmp", agreement), _paragraphs("minute", agreement)
    assert RMP_WORDS[agreement] in rmp
    assert [w for w in RMP_WORDS.values() if w in rmp] == [RMP_WORDS[agreement]]  # one line, never another's
    assert MINUTE_WORDS[agreement] in minute
    assert [w for w in MINUTE_WORDS.values() if w in minute] == [MINUTE_WORDS[agreement]]


def _folder_with(tmp_path, old: str, new: str):
    folder = tmp_path / "land"
    shutil.copytree(paths.jurisdiction_dir("scotland"), folder)
    rmp = folder / "rmp.toml"
    text = rmp.read_text(encoding="utf-8")
    assert old in text
    rmp.write_text(text.replace(old, new), encoding="utf-8")
    return folder


def test_a_template_naming_a_value_the_field_cannot_hold_is_refused(tmp_path):
    folder = _folder_with(tmp_path, '["not_agreed", "Plan not agreed', '["disagreed", "Plan not agreed')
    with pytest.raises(TemplateError, match="gives a text for 'disagreed', which agreement of the plan cannot be"):
        load_template("rmp", build.registry(), folder=folder)


def test_a_template_leaving_out_a_value_is_refused(tmp_path):
    folder = _folder_with(tmp_path, '["none", "Agreement of the plan: not recorded."],', "")
    with pytest.raises(TemplateError, match="gives no text for 'none'"):
        load_template("rmp", build.registry(), folder=folder)


def test_a_choice_on_a_field_without_a_vocabulary_is_refused(tmp_path):
    folder = _folder_with(tmp_path, 'field = "meeting.plan_agreement"', 'field = "meeting.exit_strategy"')
    with pytest.raises(TemplateError, match="not a declared choice"):
        load_template("rmp", build.registry(), folder=folder)
