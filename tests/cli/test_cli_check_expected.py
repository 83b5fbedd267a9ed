"""`mappa-desk check` prints each thing the record is expected to show and does not (completeness.EXPECTED),
and stops printing it once the record shows it. Run on a demo review written to a file; fictional data."""

from __future__ import annotations

import json
from pathlib import Path

import mappa_desk
from tests.cli.cli_helpers import run_cli

DEMO_REVIEW = Path(mappa_desk.__file__).parent / "demo" / "cases" / "1-drumlachie" / "2-review.json"

EXPECTED_LINES = [
    "BLOCKS  Introductions, confidentiality and attendance: The restricted patient order is not recorded: a "
    "restricted patient (Category 2: restricted patient) is subject to one. Choose it from the list.",
    "check   Actions from the last meeting: This is a review, but the record does not name the meeting before it, "
    "so its actions and plan cannot be reviewed.",
    "check   Risk management plan: Part A of the risk management plan has no basis of assessment.",
    "check   Risk management plan: Part A of the risk management plan has no risk formulation.",
    "check   Risk management plan: Measure 1 of the plan (Supervision) has no review date.",
    "check   Risk management plan: The record does not say whether the meeting agreed the plan.",
    "BLOCKS  Decisions: The RMO's recommendation to the Mental Health Tribunal is recorded, but not the meeting's "
    "position on it.",
    "check   MAPPA level: The level decision changes the level, but the record does not say the date it takes "
    "effect.",
    "BLOCKS  Disclosure: The record says no disclosure is needed, but not why.",
]


def _check(tmp_path, change) -> list[str]:
    doc = json.loads(DEMO_REVIEW.read_text(encoding="utf-8"))
    change(doc["individual"], doc["meeting"])
    path = tmp_path / "meeting.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run_cli("check", path)
    assert result.returncode in (0, 1), result.stderr
    return [line.strip() for line in result.stdout.splitlines()]


def _lacking(individual, meeting):
    individual["category"], individual["restricted_patient_order"] = 2, ""
    meeting["previous"] = None
    meeting["tribunal_recommendation"], meeting["tribunal_position"] = "conditional_discharge", ""
    meeting["disclosure_considered"], meeting["disclosure_none_reason"], meeting["disclosures"] = "none_needed", "", []
    # The demo review shows Part A of its plan, its measures' review dates and when its level changes: taken away.
    meeting["basis_of_assessment"], meeting["risk_formulation"], meeting["plan_agreement"] = "", "", None
    meeting["rmp_measures"][0]["review_date"], meeting["level_effective_date"] = None, None


def test_check_prints_what_the_record_does_not_show(tmp_path):
    lines = _check(tmp_path, _lacking)
    missing = [line for line in EXPECTED_LINES if line not in lines]
    assert missing == [], "\n".join(lines)


def test_check_is_quiet_about_what_the_record_shows(tmp_path):
    def shown(individual, meeting):
        individual["category"], individual["restricted_patient_order"] = 2, "compulsion_restriction_order"
        meeting["tribunal_recommendation"], meeting["tribunal_position"] = "conditional_discharge", "supports"
        meeting["disclosure_considered"], meeting["disclosures"] = "none_needed", []
        meeting["basis_of_assessment"], meeting["risk_formulation"] = "The case files.", "Imminent when drinking."
        meeting["plan_agreement"], meeting["level_effective_date"] = "agreed", "2026-08-11"
        meeting["disclosure_none_reason"] = "Nobody is at risk whom disclosure would protect."
        for measure in meeting["rmp_measures"]:
            measure["review_date"] = "2026-10-20"

    lines = _check(tmp_path, shown)
    still = [line for line in EXPECTED_LINES if line in lines]
    assert still == [], "\n".join(lines)


CASES = Path(__file__).resolve().parents[1] / "fixtures" / "cases"


def test_check_names_a_restricted_patients_missing_rmo_and_does_not_block(tmp_path):
    """issue 17 item 9: a complete case with its RMO taken away gives that one gap, a warning (exit 0)."""
    doc = json.loads((CASES / "restricted-patient-tribunal" / "1-review.json").read_text(encoding="utf-8"))
    doc["individual"]["rmo"] = ""
    path = tmp_path / "meeting.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    result = run_cli("check", path)
    assert result.returncode == 0, result.stderr
    lines = [line.strip() for line in result.stdout.splitlines()]
    assert lines[1:] == [
        "check   Introductions, confidentiality and attendance: The individual is a restricted patient (category 2), "
        "but the record does not name their Responsible Medical Officer (RMO): add it to the individual's details.",
        "Nothing blocks clearance."], result.stdout
    assert lines[0].endswith(": 0 blocking, 1 to check."), lines[0]
