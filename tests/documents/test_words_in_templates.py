"""The words the documents print around what the meeting recorded (headings of risks and decisions, labels, table
headings) come from the jurisdiction's common.toml, not from MAPPA Desk's code (issue 17): reworded there, they are
reworded in the PDF and the DOCX; missing there, the templates are refused with a sentence naming the key."""

import shutil

import pytest

from mappa_desk import paths
from mappa_desk.demo import demo_records
from mappa_desk.documents.build import build, registry
from mappa_desk.documents.render_docx import render_docx
from mappa_desk.documents.render_pdf import render_pdf
from mappa_desk.documents.template import TemplateError, load_template
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile
from tests.documents.pdf_text import docx_text, pdf_pages_text

AGENCIES = {a.code: a.name for a in load_profile(DEFAULT_JURISDICTION).agencies}

# (key in [words], the demo's wording, a rewording): each printed by the Minute of a demo meeting with risks,
# scenarios, a plan and decisions.
REWORDED = [
    ("risk_heading", 'risk_heading = "Risk {number}: {kind}"', 'risk_heading = "Danger no. {number} ({kind})"',
     "Danger no. 1 ("),
    ("scenario_heading", 'scenario_heading = "Scenario {risk}.{scenario}"',
     'scenario_heading = "Possible event {risk}-{scenario}"', "Possible event 1-1"),
    ("risk_strategy_rationale", 'risk_strategy_rationale = "Rationale for the strategy"',
     'risk_strategy_rationale = "Why the group chose this plan"', "Why the group chose this plan"),
    ("decision_heading", 'decision_heading = "Decision {number}: {question}"',
     'decision_heading = "Question put {number}: {question}"', "Question put 1: "),
    ("measure_risks", 'measure_risks = "Risks"', 'measure_risks = "Risk numbers"', "Risk numbers"),
    ("page_number", 'page_number = "Page {number} of {total}"', 'page_number = "Sheet {number} out of {total}"',
     "Sheet 1 out of "),
    ("identity_name_and_visor_ref", 'identity_name_and_visor_ref = "{name} (ViSOR {visor_ref})"',
     'identity_name_and_visor_ref = "{name}, ViSOR reference {visor_ref}"', ", ViSOR reference "),
    ("flag_yes_at", 'flag_yes_at = "Yes, at {time}"', 'flag_yes_at = "Agreed at {time}"', "Agreed at "),
    ("flag_no", 'flag_no = "No"', 'flag_no = "Not so"', "Not so"),
    ("signature_minute_taker", 'signature_minute_taker = "Minute-taker"',
     'signature_minute_taker = "Recorded by"', "Recorded by"),
    ("draft_mark", 'draft_mark = "DRAFT v{version}"', 'draft_mark = "Draft-{version}"', "Draft-1"),
]


def _minute_meeting():
    """A held demo meeting whose Minute prints risks with scenarios, measures and decisions."""
    for individual, history in demo_records():
        for meeting in history:
            if meeting.status != "planned" and meeting.decisions and meeting.rmp_measures and any(
                    r.scenarios for r in meeting.risks):
                return individual, meeting
    raise AssertionError("no demo meeting with risks, scenarios, measures and decisions")


def _texts(folder, kind="minute") -> dict[str, str]:
    template = load_template(kind, registry(), folder=folder)
    document = build(template, *_minute_meeting(), AGENCIES, version=1)
    return {"pdf": " ".join("\n".join(pdf_pages_text(render_pdf(document))).split()),
            "docx": " ".join(docx_text(render_docx(document, document.reference)).split())}


@pytest.fixture
def template_copy(tmp_path):
    folder = tmp_path / "scotland"
    shutil.copytree(paths.jurisdiction_dir(DEFAULT_JURISDICTION), folder)
    return folder


def _reword(folder, old: str, new: str) -> None:
    path = folder / "common.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize("key, old, new, printed", REWORDED, ids=[r[0] for r in REWORDED])
def test_a_reworded_phrase_in_common_toml_is_printed_in_pdf_and_docx(template_copy, key, old, new, printed):
    assert all(printed not in text for text in _texts(template_copy).values())
    _reword(template_copy, old, new)
    for kind, text in _texts(template_copy).items():
        assert printed in text, kind


@pytest.mark.parametrize("old, new, printed", [
    ('reply_prompt_today = "[date of sending]"', 'reply_prompt_today = "[day it is posted]"', "[day it is posted]"),
    ('reply_prompt_salutation = "[Name]"', 'reply_prompt_salutation = "[Their name]"', "Dear [Their name]"),
], ids=["today", "salutation"])
def test_the_reply_letters_prompts_are_worded_in_common_toml(template_copy, old, new, printed):
    """A reply letter made without the request's details prompts for them in the jurisdiction's words."""
    _reword(template_copy, old, new)
    for kind, text in _texts(template_copy, "reply_letter").items():
        assert printed in text, kind


def test_templates_whose_common_toml_lacks_a_phrase_are_refused_naming_it(template_copy):
    _reword(template_copy, 'decision_reasons = "Reasons"\n', "")
    with pytest.raises(TemplateError, match="no words for 'decision_reasons'"):
        load_template("minute", registry(), folder=template_copy)


def test_a_phrase_naming_a_placeholder_the_code_does_not_fill_is_refused(template_copy):
    _reword(template_copy, 'measure_risks = "Risks"', 'measure_risks = "Risks of {individual.name}"')
    with pytest.raises(TemplateError, match=r"\[words\] measure_risks\) names 'individual.name'"):
        load_template("rmp", registry(), folder=template_copy)
