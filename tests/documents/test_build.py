"""The build step: templates are checked when loaded, sections follow the brief, gaps say so."""

import shutil

import pytest

from mappa_desk import paths
from mappa_desk.demo import demo_records
from mappa_desk.documents import model as dm
from mappa_desk.documents.build import build, file_stem, load_templates, registry
from mappa_desk.documents.template import TemplateError, load_template
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile

AGENCIES = {a.code: a.name for a in load_profile(DEFAULT_JURISDICTION).agencies}


def _review(with_dissent=False):
    """A held demo review meeting (with a recorded disagreement, if asked)."""
    for individual, history in demo_records():
        for meeting in history:
            dissent = any(p.stance == "disagree" for d in meeting.decisions for p in d.positions)
            wanted = dissent if with_dissent else meeting.previous is not None
            if meeting.status != "planned" and wanted:
                return individual, meeting
    raise AssertionError("no such demo meeting")


def _texts(document: dm.Document) -> str:
    out = [document.title, document.subject]
    for block in document.blocks:
        for value in vars(block).values():
            out.append(repr(value))
    return "\n".join(out)


def test_the_minute_follows_the_brief_in_order():
    individual, meeting = _review()
    doc = build(load_templates(DEFAULT_JURISDICTION)["minute"], individual, meeting, AGENCIES, version=1)
    headings = [b.text for b in doc.blocks if isinstance(b, dm.Heading) and b.level == 1]
    assert [h.split(". ", 1)[1] for h in headings] == [
        "Purpose and confidentiality", "The individual and the meeting", "The meeting reviewed", "Attendance",
        "Actions from the previous meeting", "Information shared", "Assessment of the risk of serious harm",
        "Risk management plan (summary)", "Decisions and their reasons", "Disclosure", "MAPPA level", "Actions",
        "Review", "Distribution and sign-off"]
    assert doc.marks.draft_label == "DRAFT v1" and doc.marks.marking == "OFFICIAL-SENSITIVE"
    assert individual.visor_ref in doc.marks.identity


def test_dissent_and_how_the_meeting_proceeded_are_in_the_minute():
    individual, meeting = _review(with_dissent=True)
    doc = build(load_templates(DEFAULT_JURISDICTION)["minute"], individual, meeting, AGENCIES, version=1)
    text = _texts(doc)
    for must in ("Did not attend", "How the meeting agreed to proceed", "Options considered but not taken",
                 "Disagree", meeting.level_rationale, individual.visor_ref):
        assert must in text


def test_an_initial_meeting_has_no_previous_actions_section_and_empty_parts_say_none_recorded():
    individual = Individual("Example", 1, 2, given_names="Alex", visor_ref="DEMO/9999")
    meeting = Meeting(individual.uid, "initial", 2, "2026-11-20")
    doc = build(load_templates(DEFAULT_JURISDICTION)["minute"], individual, meeting, AGENCIES, version=None)
    headings = [b.text for b in doc.blocks if isinstance(b, dm.Heading)]
    assert not any("previous meeting" in h for h in headings)
    empties = [b for b in doc.blocks if isinstance(b, dm.Paragraph) and b.style == "empty"]
    assert len(empties) >= 8 and all(b.text == "None recorded" for b in empties)
    assert doc.marks.draft_label is None
    assert "Not recorded" in _texts(doc)


def test_file_names_name_nobody():
    individual, meeting = _review()
    for kind, template in load_templates(DEFAULT_JURISDICTION).items():
        stem = file_stem(template, individual, meeting, 3)
        assert individual.family_name.lower() not in stem.lower() and individual.given_names.lower() not in stem.lower()
        assert stem.endswith("_DRAFT-v3") and "/" not in stem
    assert file_stem(load_templates(DEFAULT_JURISDICTION)["minute"], individual, meeting, None).endswith("_FINAL")


@pytest.fixture
def template_copy(tmp_path):
    folder = tmp_path / "scotland"
    shutil.copytree(paths.jurisdiction_dir("scotland"), folder)
    return folder


@pytest.mark.parametrize("kind, old, new, expected", [
    ("minute", '"meeting.location"', '"meeting.favourite_colour"', "names a field 'meeting.favourite_colour'"),
    ("minute", '["Designation", "capacity"]', '["Capacity", "shoe_size"]', "names a column 'shoe_size'"),
    ("minute", "{meeting.kind_lower}", "{meeting.mood}", "names a field 'meeting.mood'"),
    ("executive_summary", '"shareable.review_date"', '"meeting.level_rationale"', "names a field 'meeting.level_rationale'"),
    ("executive_summary", 'source = "shareable.information"', 'source = "information"', "names a list 'information'"),
    ("executive_summary", '{ kind = "text", text = "This summary', '{ kind = "decisions" },\n  { kind = "text", text = "This summary',
     "may not appear in a document for people outside the meeting"),
    ("rmp", "{individual.file_ref}", "{individual.name}", "file names may only use"),
    ("rmp", 'title = "MAPPA Risk', 'title = "MAPPA Risk {', "unbalanced braces"),
    ("rmp", "[[section]]", "[[section]", "cannot be read"),
    ("rmp", 'numbering = "{number}. {heading}"', 'numbering = "{number}."', "should be text naming {number}"),
    ("rmp", 'numbering = "{number}. {heading}"', 'numbering = "{number. {heading}"', "should be text naming {number}"),
    ("minute", 'field = "individual.aliases", optional = true', 'field = "individual.aliases", optional = "yes"',
     "has a fields row table that is not"),
    ("minute", 'field = "individual.aliases"', 'field = "individual.nickname"', "names a field 'individual.nickname'"),
])
def test_a_bad_template_is_refused_at_load_with_a_sentence(template_copy, kind, old, new, expected):
    path = template_copy / f"{kind}.toml"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(TemplateError) as info:
        load_template(kind, registry(), folder=template_copy)
    assert expected in str(info.value)
    assert path.name in str(info.value)


def test_a_field_the_meeting_lacks_is_an_error_at_render_time(template_copy):
    path = template_copy / "minute.toml"
    path.write_text(path.read_text().replace('["Location", "meeting.location"]',
                                             '["Previous meeting", "meeting.previous_date"]', 1))
    template = load_template("minute", registry(), folder=template_copy)
    individual = Individual("Example", 1, 2)
    initial = Meeting(individual.uid, "initial", 2, "2026-11-20")
    with pytest.raises(TemplateError, match="meeting.previous_date.*does not have"):
        build(template, individual, initial, AGENCIES, version=1)
    _, review = _review()
    build(template, *_review(), AGENCIES, version=1)  # a review has it
    assert review.previous is not None


def test_a_restricted_patients_statement_for_the_tribunal_states_the_groups_position():
    """Issue 17: the statement is a document of its own (tests/documents/test_tribunal_statement.py), no longer a
    section of the Executive Summary."""
    individual, history = next((i, h) for i, h in demo_records() if i.category == 2)
    templates = load_templates(DEFAULT_JURISDICTION)
    statement = _texts(build(templates["tribunal_statement"], individual, history[0], AGENCIES, version=1))
    assert ("The MAPPA group supports the recommendation by the Responsible Medical Officer for unescorted "
            "suspension of detention.") in statement
    summary = _texts(build(templates["executive_summary"], individual, history[0], AGENCIES, version=1))
    assert "Mental Health Tribunal" not in summary
