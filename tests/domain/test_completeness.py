"""What a record still lacks: a complete Level 2 review has no gaps, and each omission gives exactly its gap."""

from __future__ import annotations

from datetime import date

import pytest

from mappa_desk.demo import demo_records
from mappa_desk.domain import agenda, completeness
from mappa_desk.domain.model import (
    Action, AgendaItem, Attendance, Contingency, Decision, Disclosure, Individual, InformationItem, Meeting,
    OptionNotTaken, Person, Position, PreviousMeeting, Risk, RiskScenario, RmpMeasure,
)
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile

PROFILE = load_profile(DEFAULT_JURISDICTION)
# A restricted patient's details (fictional), for the rows that ask for one of them.
ORDER, RMO, HOSPITAL = "compulsion_restriction_order", "Dr Eilidh Strathyre", "Carnbeg Forensic Unit"
TODAY = date(2026, 11, 21)
HELD_OR_LATER = ("held", "draft", "cleared", "circulated", "final")


def complete() -> tuple[Meeting, Individual]:
    """A fictional Level 2 review with everything recorded (Clachnaharry is invented)."""
    individual = Individual("Brackenridge", 1, 2, given_names="Tam", visor_ref="TEST/0001",
                            address="3 Dalnacardoch Road, Clachnaharry", custody_status="community")
    chair = Person("Morag Inchcailloch", "Offender Management Unit", "Inspector", "POLICE")
    previous = PreviousMeeting(
        "prev-uid", "initial", 2, "2026-08-17", "2026-11-02",
        actions=[Action("Carry out an environmental risk assessment of the new address", "PC Lachlan Ord",
                        "POLICE", "2026-09-01", status="closed", outcome="done"),
                 Action("Refer him to the groupwork programme", "Iona Balquhidder", "JSW", "2026-09-15",
                        status="closed", outcome="not_done_circumstances_changed", outcome_note="Moved area.")])
    meeting = Meeting(
        individual_uid=individual.uid, kind="review", level=2, meeting_date="2026-11-02", start_time="10:00",
        location="Clachnaharry Police Office", chair=chair, lead_agency="POLICE", status="held",
        confidentiality_agreed=True, confidentiality_agreed_at="10:05",
        individual_informed_by="The lead agency's offender manager, at the next home visit.",
        rosh_level="high", victim_issues="His former partner is supported by the domestic abuse service.",
        diversity_issues="He is hard of hearing: appointments are in a quiet room.",
        level_decision="maintain", level_after=2, level_rationale="The plan works; Level 3 resources not needed.",
        review_date="2027-01-18", next_meeting_date="2027-01-18", plan_agreement="agreed",
        purposes="information,rmp,level,review_date",
        basis_of_assessment="The police and JSW case files and his interviews.",
        risk_formulation="Violence towards partners when a relationship is new; imminent if he drinks.",
        attendance=[
            Attendance("present", "POLICE", chair, "Chair", confidentiality_agreed=True),
            Attendance("present", "JSW", Person("Iona Balquhidder", "Supervising officer", "", "JSW"),
                       "Supervising officer", confidentiality_agreed=True),
            Attendance("apologies", "HOUSING", None, "Housing SOLO", report_received=True),
            Attendance("did_not_attend", "DWP", None, "DWP", limitation="His income could not be confirmed."),
        ],
        agenda=[AgendaItem(s.key, s.title, "done", "", s.allocated_seconds, s.allocated_seconds)
                for s in agenda.steps_for("review", agenda.load_agenda(DEFAULT_JURISDICTION))],
        information=[InformationItem("He has kept every appointment.", "JSW", shareable=True)],
        risks=[Risk(1, "Domestic abuse", "Violence towards a new partner.", "Disclosure and monitoring.",
                    [RiskScenario("A new relationship", "Assault", "A new partner", "Early in the relationship",
                                  "Controlling behaviour", "Jealousy", "high")]),
               Risk(2, "General violence", "Fights when drunk.", "Alcohol work.",
                    [RiskScenario("Weekend drinking", "Assault", "Strangers", "Weekends", "Punching", "Alcohol",
                                  "medium")])],
        rmp_measures=[RmpMeasure("supervision", "Weekly supervision", "JSW", "Iona Balquhidder", "Weekly", [1, 2],
                                 review_date="2027-01-18"),
                      RmpMeasure("victim_safety", "Safety plan with the former partner", "POLICE", "PC Lachlan Ord",
                                 "By 9 November 2026", [1], review_date="2026-11-09")],
        contingencies=[Contingency("A new relationship is suspected", "Police consider disclosure", "POLICE",
                                   "PC Lachlan Ord")],
        decisions=[
            Decision("Should his new partner be told of his history?", "decided_with_dissent",
                     "Disclose; do not disclose", "Police will disclose.", "She is at risk of serious harm.",
                     "JSW's concern was recorded; the chair decided to disclose with JSW present.",
                     [Position("POLICE", "agree"), Position("JSW", "disagree", "It may end his engagement.")],
                     [OptionNotTaken("Wait until the next review", "The risk is current.")]),
            Decision("Is the address suitable?", "consensus", rationale="No children live nearby.",
                     positions=[Position("POLICE", "agree"), Position("JSW", "agree")])],
        disclosures=[Disclosure(True, "His new partner", "His domestic abuse convictions", "POLICE",
                                "PC Lachlan Ord", "2026-11-09"),
                     Disclosure(False, "His employer", "His convictions", "POLICE",
                                reason_not_made="No contact with the public at work.")],
        actions=[Action("Make the disclosure to his new partner", "PC Lachlan Ord", "POLICE", "2026-11-09")],
        previous=previous)
    return meeting, individual


def test_the_complete_record_has_no_gaps():
    assert completeness.gaps(*complete(), PROFILE, today=TODAY) == []


def _set(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)


def _nobody_present(meeting, **values):
    _set(meeting, confidentiality_agreed=False, **values)
    for decision in meeting.decisions:
        decision.positions = []
    if meeting.decisions[0].outcome == "decided_with_dissent":  # no dissent without a position: not this test's
        meeting.decisions[0].outcome = "consensus"


# (id, mutation of (meeting, individual), step, blocking, words the sentence holds)
MUTATIONS = [
    ("confidentiality", lambda m, i: _set(m, confidentiality_agreed=False), "opening", True,
     "agreed the confidentiality statement"),
    ("no chair", lambda m, i: _set(m, chair=None), "opening", True, "No chair is recorded."),
    ("chair too junior", lambda m, i: _set(m.chair, rank="Sergeant"), "opening", False, "Sergeant is below that"),
    ("chair rank unknown", lambda m, i: _set(m.chair, rank="Station Manager"), "opening", False,
     "not in the profile's list"),
    # Nobody present: no agreement and no positions either (issue 18 item 2: those would contradict it).
    ("no attendance", lambda m, i: _nobody_present(m, attendance=[]), "opening", True, "No attendance is recorded."),
    ("nobody present", lambda m, i: _nobody_present(m, attendance=[_set(a, status="apologies", report_received=True,
                                                                          confidentiality_agreed=False) or a
                                                                     for a in m.attendance]),
     "opening", True, "Nobody is recorded as present."),
    ("apologies without report", lambda m, i: _set(m.attendance[2], report_received=False), "opening", False,
     "Local authority housing sent apologies and no written report"),
    ("absent without limitation", lambda m, i: _set(m.attendance[3], limitation=" "), "opening", False,
     "Department for Work and Pensions did not attend and sent no written report"),
    ("still invited", lambda m, i: _set(m.attendance[2], status="invited"), "opening", False,
     "Local authority housing is still recorded as invited"),
    ("dated after today", lambda m, i: _set(m, meeting_date="2026-12-01", review_date="2027-02-01"), "opening",
     False, "later than today"),
    ("previous action open", lambda m, i: _set(m.previous.actions[0], status="open", outcome=None),
     "previous_actions", True, "“Carry out an environmental risk assessment of the new…”"),
    ("no information", lambda m, i: _set(m, information=[]), "information", False, "No information"),
    ("no risks", lambda m, i: _set(m, risks=[]), "risks", True, "No risks are recorded."),
    ("risk without scenario", lambda m, i: _set(m.risks[1], scenarios=[]), "risks", True,
     "Risk 2 (General violence) has no scenario."),
    ("no strategy reason", lambda m, i: _set(m.risks[0], strategy_rationale=""), "risks", False,
     "strategy for risk 1 (Domestic abuse)"),
    ("no RoSH", lambda m, i: _set(m, rosh_level=None), "risks", True, "(RoSH) level is not recorded"),
    ("no victim issues", lambda m, i: _set(m, victim_issues="  "), "risks", False, "Victim and potential-victim"),
    ("no diversity issues", lambda m, i: _set(m, diversity_issues=""), "risks", False, "Diversity issues"),
    ("no measures", lambda m, i: _set(m, rmp_measures=[]), "rmp", True, "has no measures"),
    ("risk not addressed", lambda m, i: _set(m.rmp_measures[0], risk_numbers=[1]), "rmp", True,
     "No measure in the plan addresses risk 2 (General violence)."),
    ("measure without person", lambda m, i: _set(m.rmp_measures[1], person_name="", timescale=""), "rmp", False,
     "Measure 2 of the plan (Victim safety planning) has no person or timescale."),
    ("no contingency", lambda m, i: _set(m, contingencies=[]), "rmp", False, "no contingency"),
    ("plan agreement not recorded", lambda m, i: _set(m, plan_agreement=None), "rmp", False,
     "The record does not say whether the meeting agreed the plan."),
    ("restricted patient without order", lambda m, i: _set(i, category=2, rmo=RMO, hospital=HOSPITAL), "opening",
     True, "The restricted patient order is not recorded: a restricted patient (Category 2: restricted patient)"),
    ("restricted patient without RMO", lambda m, i: _set(i, category=2, restricted_patient_order=ORDER,
                                                          hospital=HOSPITAL), "opening", False,
     "restricted patient (category 2), but the record does not name their Responsible Medical Officer (RMO): add "
     "it to the individual's details."),
    ("restricted patient without hospital", lambda m, i: _set(i, category=2, restricted_patient_order=ORDER,
                                                               rmo=RMO, hospital=" "), "opening", False,
     "restricted patient (category 2), but the record does not name the hospital: add it to the individual's "
     "details."),
    ("no address", lambda m, i: _set(i, address=" "), "opening", False,
     "The individual's address is not recorded: add it to the individual's details"),
    ("sentenced without release date", lambda m, i: _set(i, custody_status="sentenced"), "opening", False,
     "The individual is in custody serving a sentence, but the record has no expected release date: add it to the "
     "individual's details."),
    ("no purpose", lambda m, i: _set(m, purposes="", purpose_other="  "), "opening", False,
     "The record does not say the purpose of the meeting: tick its purposes or record another."),
    ("review without previous meeting", lambda m, i: _set(m, previous=None), "previous_actions", False,
     "This is a review, but the record does not name the meeting before it"),
    ("meeting reviewed without its level", lambda m, i: _set(m, previous=None, reviewed_meeting_date="2026-08-17"),
     "opening", False, "The meeting this review follows is recorded by hand with only its date or only its level: "
     "record both."),
    ("meeting reviewed without its date", lambda m, i: _set(m, previous=None, reviewed_meeting_level=2),
     "opening", False, "recorded by hand with only its date or only its level"),
    ("ongoing action without note", lambda m, i: _set(m.previous.actions[0], status="open", outcome="ongoing"),
     "previous_actions", False, "The action from the last meeting “Carry out an environmental risk assessment of "
     "the new…” is still ongoing, but no note says how far it has got: add one."),
    ("action not done without note", lambda m, i: _set(m.previous.actions[1], outcome_note=" "),
     "previous_actions", False, "The action from the last meeting “Refer him to the groupwork programme” was not "
     "done, but no note says why: add one."),
    ("no basis of assessment", lambda m, i: _set(m, basis_of_assessment=" "), "rmp", False,
     "Part A of the risk management plan has no basis of assessment."),
    ("no risk formulation", lambda m, i: _set(m, risk_formulation=""), "rmp", False,
     "Part A of the risk management plan has no risk formulation."),
    ("measure without review date", lambda m, i: _set(m.rmp_measures[1], review_date=None), "rmp", False,
     "Measure 2 of the plan (Victim safety planning) has no review date."),
    ("tribunal recommendation without position",
     lambda m, i: (_set(i, category=2, restricted_patient_order=ORDER, rmo=RMO, hospital=HOSPITAL),
                   _set(m, tribunal_recommendation="conditional_discharge")), "decisions", True,
     "The RMO's recommendation to the Mental Health Tribunal is recorded, but not the meeting's position on it."),
    ("tribunal position without recommendation", lambda m, i: _set(m, tribunal_position="supports"), "decisions",
     False, "The meeting's position on a Mental Health Tribunal recommendation is recorded, but not what the RMO"),
    ("level change without its date", lambda m, i: _set(m, level_decision="decrease", level_after=1), "level", False,
     "The level decision changes the level, but the record does not say the date it takes effect."),
    ("dissent without how", lambda m, i: _set(m.decisions[0], how_proceeded=""), "decisions", True,
     "how the meeting agreed to proceed"),
    ("dissent without disagreement", lambda m, i: _set(m.decisions[0].positions[1], stance="abstain"),
     "decisions", True, "no agency is recorded as disagreeing"),
    ("disagreement without reason", lambda m, i: _set(m.decisions[0].positions[1], reason=""), "decisions", True,
     "Decision 1: the reason Justice Social Work disagreed is not recorded."),
    ("option without reason", lambda m, i: _set(m.decisions[0].options_not_taken[0], reason=""), "decisions",
     True, "considered but not taken"),
    ("decision without reasoning", lambda m, i: _set(m.decisions[1], rationale=""), "decisions", False,
     "Decision 2 has no reasoning recorded."),
    ("disclosure not considered", lambda m, i: _set(m, disclosures=[]), "disclosure", True,
     "disclosure was considered"),
    ("not made without reason", lambda m, i: _set(m.disclosures[1], reason_not_made=""), "disclosure", True,
     "Disclosure 2 is not to be made"),
    ("disclosure without date", lambda m, i: _set(m.disclosures[0], by_when=None), "disclosure", False,
     "Disclosure 1 has no date."),
    ("no level decision", lambda m, i: _set(m, level_decision=None), "level", True, "No level decision"),
    ("no level rationale", lambda m, i: _set(m, level_rationale=""), "level", True, "no rationale"),
    ("no level after", lambda m, i: _set(m, level_after=None), "level", True, "level from now on is not"),
    ("level after contradicts", lambda m, i: _set(m, level_after=1), "level", True,
     "The level from now on (Level 1) does not fit the decision to maintain from Level 2."),
    ("category 3 to Level 1", lambda m, i: (_set(i, category=3), _set(m, level_decision="decrease", level_after=1,
                                                                       level_effective_date="2026-11-02")),
     "level", True, "has no Level 1: leaving Level 2 is recorded as exit from MAPPA."),
    ("action without due date", lambda m, i: _set(m.actions[0], due_date=None, agency=None), "actions", False,
     "“Make the disclosure to his new partner” has no agency or due date."),
    ("no review date", lambda m, i: _set(m, review_date=None), "review", True, "No review date is recorded"),
    ("review too late", lambda m, i: _set(m, review_date="2027-01-26"), "review", True,
     "Level 2 reviews are due within 12 weeks: the latest allowed review date is 25 January 2027."),
    ("review before meeting", lambda m, i: _set(m, review_date="2026-11-02"), "review", True,
     "must be after the meeting date"),
    ("nobody tells the individual", lambda m, i: _set(m, individual_informed_by=""), "review", False,
     "who tells the individual"),
    ("skipped without reason", lambda m, i: _set(m.agenda[4], state="skipped"), "rmp", True,
     "skipped without a reason"),
    ("step not done", lambda m, i: _set(m.agenda[2], state="in_progress"), "information", False,
     "“Information shared” is not marked done or skipped."),
]


@pytest.mark.parametrize("mutate, step, blocking, words", [row[1:] for row in MUTATIONS],
                         ids=[row[0] for row in MUTATIONS])
def test_each_omission_gives_exactly_its_gap(mutate, step, blocking, words):
    meeting, individual = complete()
    mutate(meeting, individual)
    found = completeness.gaps(meeting, individual, PROFILE, today=TODAY)
    assert [(g.step, g.blocking) for g in found] == [(step, blocking)], found
    assert words in found[0].text
    assert found[0].text.endswith(".") and found[0].text[0].isupper()


def test_the_agenda_rows_are_the_ones_the_mutations_expect():
    meeting, _ = complete()
    assert [item.step_key for item in meeting.agenda][2:5] == ["information", "risks", "rmp"]


def test_skipped_with_a_reason_and_exit_without_a_review_date_are_complete():
    meeting, individual = complete()
    meeting.agenda[1].state, meeting.agenda[1].skip_reason = "skipped", "No actions were set last time."
    meeting.level_decision, meeting.level_after, meeting.review_date = "exit", None, None
    assert completeness.gaps(meeting, individual, PROFILE, today=TODAY) == []


def test_an_initial_meeting_does_not_look_for_previous_actions():
    meeting, individual = complete()
    meeting.kind = "initial"
    meeting.previous.actions[0].outcome = None
    meeting.agenda = [a for a in meeting.agenda if a.step_key != "previous_actions"]
    assert completeness.gaps(meeting, individual, PROFILE, today=TODAY) == []


def test_gaps_follow_the_agenda_blocking_first_and_name_nobody():
    meeting, individual = complete()
    empty = Meeting(individual_uid=individual.uid, kind="review", level=2, meeting_date="2026-11-02",
                    status="in_progress", previous=meeting.previous, agenda=meeting.agenda[:3])
    empty.previous.actions[1].outcome = None
    empty.agenda[0].state = "in_progress"
    found = completeness.gaps(empty, individual, PROFILE, today=TODAY)
    order = [agenda.PANELS.index(g.step) for g in found]
    assert order == sorted(order)
    for panel in {g.step for g in found}:
        flags = [g.blocking for g in found if g.step == panel]
        assert flags == sorted(flags, reverse=True), panel
    assert {g.step for g in found} == {"opening", "previous_actions", "information", "risks", "rmp", "disclosure",
                                      "level", "review"}
    names = ("Brackenridge", "Tam", "Morag", "Inchcailloch", "Lachlan", "Balquhidder", "TEST/0001")
    assert not [g.text for g in found if any(name in g.text for name in names)]


def test_older_agenda_keys_go_to_their_panel():
    meeting, individual = complete()
    meeting.agenda.append(AgendaItem("victims_diversity", "Victim and diversity issues", "not_started"))
    meeting.agenda.append(AgendaItem("something_local", "Local business", "skipped"))
    found = completeness.gaps(meeting, individual, PROFILE, today=TODAY)
    assert [(g.step, g.blocking) for g in found] == [("risks", False), ("review", True)]


def test_held_demo_meetings_have_no_blocking_gap():
    checked = 0
    for individual, meetings in demo_records():
        for meeting in meetings:
            if meeting.status in HELD_OR_LATER:
                blocking = [g.text for g in completeness.gaps(meeting, individual, PROFILE, today=TODAY)
                            if g.blocking]
                assert blocking == [], (individual.visor_ref, meeting.meeting_date, blocking)
                checked += 1
    assert checked >= 10


def test_a_plan_with_no_measures_is_not_asked_for_its_agreement_or_part_a():
    meeting, individual = complete()
    meeting.rmp_measures, meeting.plan_agreement, meeting.basis_of_assessment = [], None, ""
    found = [g.text for g in completeness.gaps(meeting, individual, PROFILE, today=TODAY) if g.step == "rmp"]
    assert found == ["The risk management plan has no measures."]


def test_a_new_row_of_the_table_is_a_new_check(monkeypatch):
    """How another field's check is added: one `Expected` row (here on each action, as an action number would be)."""
    row = completeness.Expected("actions", "Action {n} (“{name}”) has no owner recorded.",
                                lambda action: action.person_name == "PC Lachlan Ord",
                                each=lambda case: case.meeting.actions, name=lambda action: action.description[:8])
    monkeypatch.setattr(completeness, "EXPECTED", completeness.EXPECTED + (row,))
    found = completeness.gaps(*complete(), PROFILE, today=TODAY)
    expected = [("actions", False, "Action 1 (“Make the”) has no owner recorded.")]
    assert [(g.step, g.blocking, g.text) for g in found] == expected


def test_a_review_whose_earlier_meeting_is_recorded_by_hand_names_it():
    """A review whose earlier meeting is not in the vault names it by the date and level the chair recorded."""
    meeting, individual = complete()
    meeting.previous, meeting.reviewed_meeting_date, meeting.reviewed_meeting_level = None, "2026-08-17", 2
    assert completeness.gaps(meeting, individual, PROFILE, today=TODAY) == []


def test_a_purpose_in_the_chairs_words_alone_is_a_purpose():
    meeting, individual = complete()
    meeting.purposes, meeting.purpose_other = "", "To agree the lead agency while he is in custody."
    assert completeness.gaps(meeting, individual, PROFILE, today=TODAY) == []


@pytest.mark.parametrize("status, olr", [("remand", False), ("hospital", False), ("sentenced", True)])
def test_no_release_date_is_asked_where_none_is_set(status, olr):
    """On remand, in hospital, or serving an order for lifelong restriction, there is no release date to record."""
    meeting, individual = complete()
    individual.custody_status, individual.olr = status, olr
    assert completeness.gaps(meeting, individual, PROFILE, today=TODAY) == []


def test_a_restricted_patient_with_order_rmo_and_hospital_is_complete():
    meeting, individual = complete()
    _set(individual, category=2, restricted_patient_order=ORDER, rmo=RMO, hospital=HOSPITAL)
    assert completeness.gaps(meeting, individual, PROFILE, today=TODAY) == []
