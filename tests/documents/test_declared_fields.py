"""Documents read the record's declarations: any declared field can be printed by naming it in a template, with
its declared label, and what leaves in a release is only what is declared releasable."""

import shutil

import pytest

from mappa_desk import paths
from mappa_desk.documents import build, context
from mappa_desk.documents.template import TemplateError, load_template
from mappa_desk.domain import model as m
from mappa_desk.domain import record


def _meeting():
    individual = m.Individual("Testperson", 2, 2, given_names="Alex", visor_ref="T/1", notes="Held at Carstairs")
    meeting = m.Meeting(individual.uid, "review", 2, "2026-03-04", victim_issues="A named victim lives nearby",
                        tribunal_recommendation="conditional_discharge", tribunal_position="supports",
                        review_date="2026-05-27")
    return individual, meeting


def test_every_declared_field_of_the_meeting_and_individual_can_be_named():
    known = build.registry()["full"]["scalars"]
    for part, prefix in ((record.MEETING, "meeting."), (record.INDIVIDUAL, "individual.")):
        for f in part.fields:
            assert prefix + f.name in known


def test_declared_values_are_in_words():
    individual, meeting = _meeting()
    said = build.load_templates("scotland")["minute"].common["words"]  # the jurisdiction's yes, no...
    scalars = context.full_context(individual, meeting, {}, said=said)["scalars"]
    assert scalars["meeting.tribunal_recommendation"] == "conditional discharge"
    assert scalars["meeting.review_date"] == "27 May 2026"
    # The made value wins over the declared one: a planned meeting has not agreed or refused anything yet.
    assert scalars["meeting.confidentiality_agreed"] == ""
    assert scalars["individual.notes"] == "Held at Carstairs"


def _template_folder(tmp_path, extra_row: str):
    folder = tmp_path / "land"
    shutil.copytree(paths.jurisdiction_dir("scotland"), folder)
    rmp = folder / "rmp.toml"
    text = rmp.read_text(encoding="utf-8")
    anchor = '["Risk of serious harm", "meeting.rosh_level"],'
    assert anchor in text
    rmp.write_text(text.replace(anchor, anchor + "\n      " + extra_row), encoding="utf-8")
    return folder


def test_a_template_names_a_declared_field_alone_and_prints_its_label(tmp_path):
    folder = _template_folder(tmp_path, '"individual.notes",')
    template = load_template("rmp", build.registry(), folder=folder)
    individual, meeting = _meeting()
    doc = build.build(template, individual, meeting, {}, version=1)
    pairs = [p for b in doc.blocks for p in getattr(b, "pairs", ())]
    assert ("Notes", "Held at Carstairs") in pairs


def test_a_name_alone_that_is_not_declared_is_refused(tmp_path):
    folder = _template_folder(tmp_path, '"meeting.favourite_colour",')
    with pytest.raises(TemplateError, match="not a declared field"):
        load_template("rmp", build.registry(), folder=folder)


def test_nothing_undeclared_as_releasable_reaches_a_release():
    """Every text value a user could type in a field not declared releasable is marked; none of the marks may
    appear in what the Executive Summary and the reply letter are given."""
    individual, meeting = _meeting()
    marks = []
    for obj, part in ((individual, record.INDIVIDUAL), (meeting, record.MEETING)):
        for f in part.fields:
            if not f.releasable and f.kind in ("line", "name", "prose"):
                mark = f"SECRET{len(marks)}"
                setattr(obj, f.name, mark)
                marks.append(mark)
    meeting.attendance = [m.Attendance("present", agency="POLICE", capacity="SECRETCAP", limitation="SECRETLIM")]
    meeting.information = [m.InformationItem("SECRETINFO", shareable=False)]
    meeting.risks = [m.Risk(1, "SECRETRISK", scenarios=[m.RiskScenario(what="SECRETWHAT")])]
    marks += ["SECRETCAP", "SECRETLIM", "SECRETINFO", "SECRETRISK", "SECRETWHAT"]
    shared = repr(context.shareable_context(individual, meeting, {"POLICE": "Police Scotland"}))
    assert [mark for mark in marks if mark in shared] == []
    assert "Alex" not in marks and len(marks) > 10
