"""The cockpit's list of what the record still lacks (services.cockpit.check, which the review step shows)
carries each thing the record is expected to show (completeness.EXPECTED), read from the vault. Fictional data."""

from __future__ import annotations

import json
from pathlib import Path

import mappa_desk
from mappa_desk.interchange import files as interchange
from mappa_desk.services import cockpit, records

DEMO_REVIEW = Path(mappa_desk.__file__).parent / "demo" / "cases" / "1-drumlachie" / "2-review.json"


def _imported(session, change) -> int:
    doc = json.loads(DEMO_REVIEW.read_text(encoding="utf-8"))
    change(doc["individual"], doc["meeting"])
    individual, meeting = interchange.parse(json.dumps(doc).encode("utf-8"))
    return records.import_meeting(session, individual, meeting).meeting_id


def _lacking(individual, meeting):
    # A restricted patient with no order is refused at import (issue 18 item 2): the order is given, by health.
    individual["category"], individual["restricted_patient_order"] = 2, "compulsion_restriction_order"
    individual["lead_agency"] = "HEALTH"
    meeting["previous"] = None
    meeting["tribunal_recommendation"], meeting["tribunal_position"] = "", "does_not_support"
    # The demo review shows its purposes, Part A of its plan, its measures' review dates and when its level
    # changes: taken away.
    meeting["purposes"], meeting["basis_of_assessment"], meeting["risk_formulation"] = "", "", ""
    meeting["rmp_measures"][5]["review_date"], meeting["plan_agreement"], meeting["level_effective_date"] = (
        None, None, None)


def test_the_cockpit_lists_what_the_record_does_not_show(vault_session):
    meeting_id = _imported(vault_session, _lacking)
    shown = [(g.step, g.blocking, g.text) for g in cockpit.check(vault_session, meeting_id).gaps]
    for gap in [
        ("opening", False, "The individual is a restricted patient (category 2), but the record does not name their "
                           "Responsible Medical Officer (RMO): add it to the individual's details."),
        ("opening", False, "The individual is a restricted patient (category 2), but the record does not name the "
                           "hospital: add it to the individual's details."),
        ("opening", False, "The record does not say the purpose of the meeting: tick its purposes or record another."),
        ("previous_actions", False, "This is a review, but the record does not name the meeting before it, so its "
                                    "actions and plan cannot be reviewed."),
        ("rmp", False, "Part A of the risk management plan has no basis of assessment."),
        ("rmp", False, "Part A of the risk management plan has no risk formulation."),
        ("rmp", False, "Measure 6 of the plan (Victim safety planning) has no review date."),
        ("rmp", False, "The record does not say whether the meeting agreed the plan."),
        ("decisions", False, "The meeting's position on a Mental Health Tribunal recommendation is recorded, but not "
                             "what the RMO recommends."),
        ("level", False, "The level decision changes the level, but the record does not say the date it takes "
                         "effect."),
    ]:
        assert gap in shown, gap


def test_a_review_names_its_earlier_meeting_by_the_date_and_level_recorded_by_hand(vault_session):
    def by_hand(individual, meeting):
        meeting["previous"], meeting["reviewed_meeting_date"], meeting["reviewed_meeting_level"] = None, "2026-07-07", 2

    shown = [g.text for g in cockpit.check(vault_session, _imported(vault_session, by_hand)).gaps]
    assert not [text for text in shown if "the meeting before it" in text or "recorded by hand" in text], shown
