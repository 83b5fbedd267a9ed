"""The statement for a Mental Health Tribunal (guidance 11.20-11.21; issue 17 item 5) is a document of its own that
holds only the date of the MAPPA meeting, the MAPPA level and the group's position on the Responsible Medical
Officer's recommendation: never the individual's name, ViSOR reference, the agencies or the health information the
Minute holds. It is made only for a restricted patient's meeting that recorded both, from the final record; the
Minute of such a meeting shows the recommendation and the position; the Executive Summary no longer carries the
statement."""

from __future__ import annotations

import dataclasses

import pytest

from mappa_desk.demo import demo_records
from mappa_desk.documents import build as builder
from mappa_desk.domain import vocabularies
from mappa_desk.domain.model import Individual, Meeting
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile
from mappa_desk.errors import UserFacingError
from mappa_desk.services import documents, lifecycle, records
from tests.documents.pdf_text import docx_text, pdf_pages_text

PROFILE = load_profile(DEFAULT_JURISDICTION)
AGENCIES = {a.code: a.name for a in PROFILE.agencies}
STATEMENT = ("A MAPPA meeting was held on 17 September 2026. MAPPA Level is 2. The MAPPA group supports the "
             "recommendation by the Responsible Medical Officer for unescorted suspension of detention.")


def _restricted_patient(**changes) -> tuple[Individual, Meeting]:
    individual, history = next((i, h) for i, h in demo_records() if i.category == 2)
    return individual, dataclasses.replace(history[0], **changes)


def _import(session, individual: Individual, meeting: Meeting) -> int:
    return records.import_meeting(session, individual, meeting).meeting_id


def _texts(generated) -> list[str]:
    files = {g.format: g.path for g in generated}
    assert set(files) == {"docx", "pdf"} and all(g.kind == "tribunal_statement" for g in generated)
    return [" ".join(docx_text(files["docx"].read_bytes()).split()),
            " ".join(" ".join(page.split()) for page in pdf_pages_text(files["pdf"].read_bytes()))]


def test_the_statement_holds_the_date_the_level_and_the_position_and_nothing_else(vault_session, tmp_path):
    individual, meeting = _restricted_patient()  # held; made final here (an import does not take it, issue 18)
    meeting_id = _import(vault_session, individual, meeting)
    documents.generate_for_meeting(vault_session, meeting_id, tmp_path / "draft")
    lifecycle.clear(vault_session, meeting_id, "DCI Morag Lennox")
    lifecycle.circulate(vault_session, meeting_id, "Sam Reid")
    lifecycle.make_final(vault_session, meeting_id, "DCI Morag Lennox", tmp_path / "final")
    generated = documents.generate_tribunal_statement(vault_session, meeting_id, tmp_path / "out",
                                                      approved_by="Chair Test")
    stem = f"MAPPA-TribunalStatement_meeting-{meeting.uid[:8]}_2026-09-17_FINAL"  # not even the ViSOR reference
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [f"{stem}.docx", f"{stem}.pdf"]
    present = {AGENCIES[a.agency] for a in meeting.attendance if a.agency}
    for text in _texts(generated):
        assert STATEMENT in text
        for absent in ("Dunmorrow", "Alasdair", "DEMO/0004", "ViSOR", "22 May 1990",
                       "Compulsion order with restriction order", "Brannan House", *present):
            assert absent not in text, absent
        for item in meeting.information:  # health information and every other item the Minute holds
            assert item.text[:40] not in text


@pytest.mark.parametrize("category", [1, 3])
def test_it_is_refused_for_a_meeting_about_someone_who_is_not_a_restricted_patient(vault_session, tmp_path,
                                                                                     category):
    individual, meeting = _restricted_patient(status="final")
    individual = dataclasses.replace(individual, category=category, restricted_patient_order="")
    meeting_id = _import(vault_session, individual, meeting)
    with pytest.raises(UserFacingError, match=r"^The statement for a Mental Health Tribunal is made only for a "
                                              r"restricted patient \(category 2\)"):
        documents.generate_tribunal_statement(vault_session, meeting_id, tmp_path / "out", approved_by="Chair Test")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())


@pytest.mark.parametrize("changes", [dict(tribunal_position=""), dict(tribunal_recommendation="")])
def test_it_is_refused_while_the_recommendation_or_the_position_is_not_recorded(vault_session, tmp_path, changes):
    individual, meeting = _restricted_patient(status="final", **changes)
    meeting_id = _import(vault_session, individual, meeting)
    with pytest.raises(UserFacingError, match="needs the Responsible Medical Officer's recommendation and the MAPPA "
                                              "group's position on it"):
        documents.generate_tribunal_statement(vault_session, meeting_id, tmp_path / "out", approved_by="Chair Test")


def test_it_is_made_from_the_final_record_only(vault_session, tmp_path):
    individual, meeting = _restricted_patient()  # held
    meeting_id = _import(vault_session, individual, meeting)
    with pytest.raises(UserFacingError, match="is not final yet"):
        documents.generate_tribunal_statement(vault_session, meeting_id, tmp_path / "out", approved_by="Chair Test")


@pytest.mark.parametrize("code", [c for c in vocabularies.words("tribunal_recommendations") if c])
def test_every_option_the_guidance_names_can_be_stated(code):
    words = vocabularies.words("tribunal_recommendations")
    assert {"unescorted suspension of detention", "conditional discharge", "revocation of the restriction order",
            "revocation of the compulsion order"} <= set(words.values())
    individual, meeting = _restricted_patient(tribunal_recommendation=code, tribunal_position="does_not_support")
    template = builder.load_templates(DEFAULT_JURISDICTION)["tribunal_statement"]
    document = builder.build(template, individual, meeting, AGENCIES, version=None, profile=PROFILE)
    assert [b.text for b in document.blocks] == [
        "A MAPPA meeting was held on 17 September 2026. MAPPA Level is 2. The MAPPA group does not support the "
        f"recommendation by the Responsible Medical Officer for {words[code]}."]
    assert document.marks.identity == ""  # no name or ViSOR reference on its pages either


def _minute_and_summary(individual, meeting) -> tuple[str, str]:
    templates = builder.load_templates(DEFAULT_JURISDICTION)
    out = []
    for kind in ("minute", "executive_summary"):
        document = builder.build(templates[kind], individual, meeting, AGENCIES, version=1, profile=PROFILE)
        out.append("\n".join(repr(v) for b in document.blocks for v in vars(b).values()))
    return out[0], out[1]


def test_the_minute_of_a_restricted_patients_meeting_shows_the_recommendation_and_the_position():
    minute, summary = _minute_and_summary(*_restricted_patient())
    assert "('The RMO recommends', 'unescorted suspension of detention')" in minute
    assert "('MAPPA position on the recommendation', 'supports')" in minute
    assert "Mental Health Tribunal" not in summary and "Responsible Medical Officer" not in summary
    individual, history = next((i, h) for i, h in demo_records() if i.category == 1)
    other, _ = _minute_and_summary(individual, history[0])
    assert "The RMO recommends" not in other
