"""Nothing marked not shareable can reach the Executive Summary or the reply letter."""

import dataclasses
import typing

from hypothesis import given, settings, strategies as st

from mappa_desk.documents import model as dm
from mappa_desk.documents.build import build, load_templates, refusal
from mappa_desk.domain import enums, model as m, vocabularies
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile

AGENCIES = {a.code: a.name for a in load_profile(DEFAULT_JURISDICTION).agencies}
CODES = sorted(AGENCIES)
SECRET = "§SECRET§"
OPEN = "§OPEN§"
# Fields that hold codes, vocabulary values, dates, times or uids rather than free text.
NOT_FREE_TEXT = {"uid", "individual_uid", "kind", "status", "heading", "outcome", "stance", "agency", "lead_agency",
                 "source_agency", "by_agency", "level_decision", "rosh_level", "seriousness",
                 "restricted_patient_order", "meeting_date", "review_date", "next_meeting_date", "due_date", "by_when",
                 "start_date", "end_date", "date_of_birth", "start_time", "end_time", "arrived_at", "left_at",
                 "confidentiality_agreed_at", "tribunal_recommendation", "tribunal_position", "plan_agreement",
                 "level_effective_date"}
# What the summary may show by design: the individual's identity (with the address the reply letter names,
# document 9).
IDENTITY = {("Individual", "family_name"), ("Individual", "given_names"), ("Individual", "visor_ref"),
            ("Individual", "address")}

_free = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="§"), max_size=12)


@st.composite
def meetings(draw):
    """A random meeting whose every free-text field carries SECRET, except shareable items' text (OPEN)."""
    counter = iter(range(10**6))

    def text(kind):
        return f"{kind}{next(counter)}:{draw(_free)}"

    def fill(obj):
        hints = typing.get_type_hints(type(obj))
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if dataclasses.is_dataclass(value):
                fill(value)
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    if dataclasses.is_dataclass(item):
                        fill(item)
                    elif isinstance(item, str):
                        value[i] = text(SECRET)
            elif f.name not in NOT_FREE_TEXT and (isinstance(value, str) or hints[f.name] in (str, str | None)):
                if (type(obj).__name__, f.name) in IDENTITY:
                    setattr(obj, f.name, text("ID"))
                elif isinstance(obj, m.InformationItem) and f.name == "text" and obj.shareable:
                    setattr(obj, f.name, text(OPEN))
                else:
                    setattr(obj, f.name, text(SECRET))
        return obj

    n = lambda top: draw(st.integers(0, top))  # noqa: E731
    agency = lambda: draw(st.sampled_from(CODES))  # noqa: E731
    individual = m.Individual("x", draw(st.sampled_from([1, 2, 3])), draw(st.sampled_from([2, 3])),
                              aliases=["x"] * n(2), orders=[m.Order("sopo", conditions=["x"] * n(2)) for _ in range(n(2))])
    person = lambda: m.Person("x", agency=agency())  # noqa: E731
    meeting = m.Meeting(
        individual.uid, draw(st.sampled_from(["initial", "review"])), draw(st.sampled_from([2, 3])), "2026-11-20",
        chair=person(), minute_taker=person(), coordinator=person(), lead_agency=agency(),
        confidentiality_agreed=draw(st.booleans()),
        level_decision=draw(st.sampled_from([None, *enums.LEVEL_DECISIONS])), level_after=draw(st.sampled_from([None, 1, 2, 3])),
        attendance=[m.Attendance(draw(st.sampled_from(list(enums.ATTENDANCE_STATUSES))), agency=agency(),
                                 person=person()) for _ in range(n(4))],
        information=[m.InformationItem("x", source_agency=agency(), shareable=draw(st.booleans())) for _ in range(n(5))],
        risks=[m.Risk(i + 1, "x", scenarios=[m.RiskScenario() for _ in range(n(2))]) for i in range(n(3))],
        rmp_measures=[m.RmpMeasure(draw(st.sampled_from(list(enums.RMP_HEADINGS))), "x", agency=agency())
                      for _ in range(n(3))],
        contingencies=[m.Contingency("x", "y", agency=agency()) for _ in range(n(2))],
        decisions=[m.Decision("x", draw(st.sampled_from(list(enums.DECISION_OUTCOMES))),
                              positions=[m.Position(agency(), draw(st.sampled_from(list(enums.STANCES))))
                                         for _ in range(n(3))],
                              options_not_taken=[m.OptionNotTaken("x", "y") for _ in range(n(2))]) for _ in range(n(2))],
        disclosures=[m.Disclosure(draw(st.booleans()), by_agency=agency()) for _ in range(n(2))],
        actions=[m.Action("x", agency=agency()) for _ in range(n(3))],
        agenda=[m.AgendaItem("step", "x") for _ in range(n(2))],
        tribunal_recommendation=draw(st.sampled_from(list(vocabularies.words("tribunal_recommendations")))),
        tribunal_position=draw(st.sampled_from(list(vocabularies.words("tribunal_positions")))),
    )
    if meeting.kind == "review":
        meeting.previous = m.PreviousMeeting(m.new_uid(), "initial", 2, "2026-10-01",
                                             actions=[m.Action("x", outcome="done") for _ in range(n(3))])
    return fill(individual), fill(meeting)


def _all_text(document: dm.Document) -> str:
    parts = [document.title, document.subject, document.marks.identity, document.marks.meeting_date]
    for block in document.blocks:
        parts.append(repr(dataclasses.astuple(block)))
    return "\n".join(parts)


TEMPLATES = load_templates(DEFAULT_JURISDICTION)


@settings(max_examples=500, deadline=None)
@given(meetings())
def test_no_unshareable_text_reaches_the_summary_or_the_reply_letter(record):
    individual, meeting = record
    assert SECRET in repr(meeting)  # the generator really did plant secrets
    meeting.chair.full_name = "ID-chair"  # the reply letter is signed by the meeting's chair (issue 17)
    for kind in ("executive_summary", "reply_letter"):
        text = _all_text(build(TEMPLATES[kind], individual, meeting, AGENCIES, version=1))
        assert SECRET not in text, kind
    if not refusal("tribunal_statement", individual, meeting):  # not even the identity reaches the tribunal
        text = _all_text(build(TEMPLATES["tribunal_statement"], individual, meeting, AGENCIES, version=1))
        assert SECRET not in text and "ID" not in text
    summary = _all_text(build(TEMPLATES["executive_summary"], individual, meeting, AGENCIES, version=1))
    for item in meeting.information:
        if item.shareable:
            assert item.text.split(":")[0] + ":" in summary  # what is shareable does arrive


@settings(max_examples=40, deadline=None)
@given(meetings())
def test_the_rendered_summary_files_hold_no_secret_either(record):
    from tests.documents.pdf_text import docx_text, pdf_pages_text
    from mappa_desk.documents.render_docx import render_docx
    from mappa_desk.documents.render_pdf import render_pdf
    individual, meeting = record
    document = build(TEMPLATES["executive_summary"], individual, meeting, AGENCIES, version=1)
    assert SECRET not in "".join(pdf_pages_text(render_pdf(document)))
    assert SECRET not in docx_text(render_docx(document))


@settings(max_examples=20, deadline=None)
@given(meetings())
def test_the_full_minute_does_carry_the_secrets(record):
    """The same generator's secrets do reach the Minute, so the property above is not vacuous."""
    individual, meeting = record
    text = _all_text(build(TEMPLATES["minute"], individual, meeting, AGENCIES, version=1))
    assert SECRET in text
