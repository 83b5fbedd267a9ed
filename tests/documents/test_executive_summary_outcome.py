"""The Executive Summary's outcome (document 10, official-documents.md 1.4: the level decision and whether the
plan was agreed), worded by the template alone, read back from the PDF and DOCX as a reader would."""

import shutil

import pytest

from mappa_desk import paths
from mappa_desk.documents.build import build, load_templates, registry
from mappa_desk.documents.render_docx import render_docx
from mappa_desk.documents.render_pdf import render_pdf
from mappa_desk.documents.template import TemplateError, load_template
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile
from tests.documents.pdf_text import docx_text, pdf_pages_text

AGENCIES = {a.code: a.name for a in load_profile(DEFAULT_JURISDICTION).agencies}
MEETING_DATE = "2026-11-20"


def _meeting(**recorded) -> tuple[Individual, Meeting]:
    individual = Individual("Example", 1, 2, given_names="Alex", visor_ref="DEMO/9999")
    return individual, Meeting(individual.uid, "review", 2, MEETING_DATE, **recorded)


def _read(template, individual, meeting) -> dict[str, str]:
    """The summary's text in each format, its whitespace made single spaces (a PDF wraps long cells)."""
    document = build(template, individual, meeting, AGENCIES, version=1)
    return {"pdf": " ".join("\n".join(pdf_pages_text(render_pdf(document))).split()),
            "docx": " ".join(docx_text(render_docx(document)).split())}


@pytest.fixture(scope="module")
def summary():
    return load_templates(DEFAULT_JURISDICTION)["executive_summary"]


@pytest.mark.parametrize("recorded, expected", [
    (dict(level_decision="increase", level_after=3),
     "Outcome MAPPA level increased: managed at Level 3 (MAPPP) from this meeting."),
    (dict(level_decision="increase", level_after=3, level_effective_date="2026-12-01"),
     "Outcome MAPPA level increased: managed at Level 3 (MAPPP) from 1 December 2026."),
    (dict(level_decision="increase", level_after=3, level_effective_date=MEETING_DATE),
     "Outcome MAPPA level increased: managed at Level 3 (MAPPP) from this meeting."),
    (dict(level_decision="maintain", level_after=2),
     "Outcome MAPPA level maintained: managed at Level 2."),
    (dict(level_decision="decrease", level_after=1),
     "Outcome MAPPA level decreased: managed at Level 1 from this meeting."),
    (dict(level_decision="decrease", level_after=1, level_effective_date="2027-01-04"),
     "Outcome MAPPA level decreased: managed at Level 1 from 4 January 2027."),
    (dict(level_decision="exit"),
     "Outcome The individual no longer needs management at MAPPA Level 2 or 3."),
    (dict(), "Outcome Not recorded"),
], ids=["increase", "increase-from-a-later-day", "increase-from-the-meetings-own-day", "maintain", "decrease",
        "decrease-from-a-later-day", "exit", "none"])
def test_the_outcome_names_the_level_decision_in_both_formats(summary, recorded, expected):
    texts = _read(summary, *_meeting(**recorded))
    for kind, text in texts.items():
        assert expected in text, kind


@pytest.mark.parametrize("recorded, expected", [
    (dict(level_decision="increase", level_after=3), "Outcome Reworded: MAPPA level increased: managed at Level 3 "
                                                     "(MAPPP) from the meeting's own day."),
    (dict(level_decision="increase", level_after=3, level_effective_date="2026-12-01"),
     "Outcome Reworded: MAPPA level increased: managed at Level 3 (MAPPP) from 1 December 2026."),
    (dict(level_decision="maintain", level_after=2), "Outcome Reworded: MAPPA level maintained: managed at Level 2."),
    (dict(level_decision="decrease", level_after=1),
     "Outcome Reworded: MAPPA level decreased: managed at Level 1 from the meeting's own day."),
    (dict(level_decision="exit"), "Outcome Reworded: The individual no longer needs management"),
    (dict(), "Outcome Reworded: Not recorded"),
], ids=["increase", "increase-from-a-later-day", "maintain", "decrease", "exit", "none"])
def test_each_outcome_is_worded_by_the_template(template_copy, recorded, expected):
    """The same, from a copy of the template whose every outcome (and "this meeting") is reworded: the words
    printed are the template's, for each level decision, not MAPPA Desk's."""
    path = template_copy / "executive_summary.toml"
    head, row, rest = path.read_text(encoding="utf-8").partition('choice = "meeting.level_decision"')
    for key in ("increase", "decrease", "maintain", "exit", "none"):  # the outcome row's texts (it comes first)
        assert rest.index(f'["{key}", "') < rest.index('choice = "meeting.plan_agreement"')
        rest = rest.replace(f'["{key}", "', f'["{key}", "Reworded: ', 1)
    path.write_text(head + row + rest.replace('= "this meeting"', '= "the meeting\'s own day"', 1), encoding="utf-8")
    template = load_template("executive_summary", registry(), folder=template_copy)
    for kind, text in _read(template, *_meeting(**recorded)).items():
        assert expected in text, kind


@pytest.mark.parametrize("agreement, expected", [
    ("agreed", "Risk management plan Agreed at this meeting"),
    ("agreed_with_amendments", "Risk management plan Agreed with amendments at this meeting"),
    ("not_agreed", "Risk management plan Not agreed at this meeting"),
    (None, "Risk management plan Not recorded"),
])
def test_the_summary_says_whether_the_plan_was_agreed_as_recorded(summary, agreement, expected):
    texts = _read(summary, *_meeting(level_decision="maintain", level_after=2, plan_agreement=agreement))
    for kind, text in texts.items():
        assert expected in text, kind
        assert text.index("Outcome") < text.index("Risk management plan") < text.index("Next review"), kind
    if agreement != "agreed":  # never assumed: no other agreement than the one recorded is printed
        assert "Agreed at this meeting" not in texts["pdf"] and "Agreed at this meeting" not in texts["docx"]


@pytest.fixture
def template_copy(tmp_path):
    folder = tmp_path / "scotland"
    shutil.copytree(paths.jurisdiction_dir("scotland"), folder)
    return folder


def test_the_outcomes_words_are_the_templates(template_copy):
    """A jurisdiction words the outcome in its template, not MAPPA Desk in code."""
    path = template_copy / "executive_summary.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count("MAPPA level increased: managed at") == 1 and '= "this meeting"' in text
    path.write_text(text.replace("MAPPA level increased: managed at", "Level raised; now at", 1)
                    .replace('= "this meeting"', '= "the day of the meeting"', 1), encoding="utf-8")
    template = load_template("executive_summary", registry(), folder=template_copy)
    texts = _read(template, *_meeting(level_decision="increase", level_after=3))
    for kind, text in texts.items():
        assert "Outcome Level raised; now at Level 3 (MAPPP) from the day of the meeting." in text, kind


@pytest.mark.parametrize("old, new, expected", [
    ('["exit", "The individual no longer needs management at MAPPA Level 2 or 3."],', "",
     "gives no text for 'exit'"),
    ('["none", "{common.not_recorded}"],\n        ], when_empty', "], when_empty", "gives no text for 'none'"),
    ('["not_agreed", "Not agreed at this meeting"],', "", "gives no text for 'not_agreed'"),
])
def test_the_summary_is_refused_at_load_when_a_value_has_no_words(template_copy, old, new, expected):
    path = template_copy / "executive_summary.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        load_template("executive_summary", registry(), folder=template_copy)
    assert expected in str(info.value) and "executive_summary.toml" in str(info.value)


@pytest.mark.parametrize("old, new, expected", [
    ('choice = "meeting.level_decision"', 'choice = "meeting.level_rationale"', "not a declared choice"),
    ('choice = "meeting.level_decision"', 'choice = "meeting.disclosure_considered"', "may not leave the meeting"),
    ('"shareable.level_effective_date" = "this meeting"', '"shareable.review_date" = "this meeting"',
     "which none of its texts names"),
    ('{shareable.level_after} from {shareable.level_effective_date}."],\n          ["decrease"',
     '{meeting.level_rationale}."],\n          ["decrease"', "names a field 'meeting.level_rationale'"),
])
def test_a_bad_choice_row_is_refused_at_load(template_copy, old, new, expected):
    path = template_copy / "executive_summary.toml"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) >= 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(TemplateError, match=expected):
        load_template("executive_summary", registry(), folder=template_copy)
