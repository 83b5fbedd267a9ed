"""Three fictional demo case histories without a level change: a restricted patient, an OLR case, a SOPO case."""

from __future__ import annotations

from mappa_desk.domain.model import (
    Contingency, Decision, Disclosure, Individual, Meeting, OptionNotTaken, Order, Position, Risk, RiskScenario,
)
from mappa_desk.demo.kit import (
    _CHANGED, _DONE, _NOT_BY_AGENCY, _actions, _apologies, _did_not_attend, _info, _measure, _meeting, _name, _present, _previous, _staff, _uid,
)

# RiskScenario fields in order: context, what, who is at risk, when, how, why, seriousness.

# -- Alasdair Dunmorrow: restricted patient; the group supports unescorted leave, Police dissenting --
def _case_dunmorrow() -> tuple[Individual, list[Meeting]]:
    person = Individual(
        "Dunmorrow", 2, 2, given_names="Alasdair", date_of_birth="1990-05-22", visor_ref="DEMO/0004",
        aliases=["Ally Dunmorrow"], restricted_patient_order="compulsion_restriction_order",
        orders=[Order("restriction_order", "Compulsion order with restriction order (High Court) following "
                      "assault to severe injury", "2019-11-08", None,
                      ["Detained at Brannan House Forensic Mental Health Unit",
                       "Suspension of detention only as authorised by the Scottish Ministers",
                       "Escorted suspension of detention in Kilbrannan authorised on 3 June 2026"])],
        uid=_uid("individual/dunmorrow"))
    meeting = _meeting(
        "dunmorrow/1", person, "initial", 2, "2026-09-17", ("14:00", "15:20"), "hospital", "psychiatrist",
        "minutes_b", lead_agency="HEALTH", rosh_level="high",
        tribunal_recommendation="unescorted_suspension", tribunal_position="supports",
        skipped={"housing": "Not applicable: Mr Dunmorrow remains detained in hospital; accommodation will be "
                            "considered if conditional discharge is proposed."},
        attendance=_staff("psychiatrist", "minutes_b", "14:00") + [
            _present("rmo", "Responsible medical officer", "14:00"),
            _present("cpn", "Forensic community psychiatric nurse", "14:00"),
            _present("mho", "Mental health officer", "14:05"),
            _present("sergeant", "Police Scotland, local policing", "14:00"),
            _apologies("housing", "Local authority housing"),
            _did_not_attend("VOLUNTARY", "Lochside Supported Living (possible future provider)", False,
                            "Without the provider the meeting could not judge whether supported accommodation "
                            "would be available for a future discharge; today's decision is not affected."),
        ],
        information=[
            _info("HEALTH", True, "Fourteen escorted suspensions of detention in Kilbrannan since June 2026, "
                  "all without incident."),
            _info("HEALTH", False, "Paranoid schizophrenia in remission on depot medication since 2021; one "
                  "positive cannabis test in March 2026, negative since."),
            _info("POLICE", True, "Police have received no information of concern about him since his admission."),
            _info("POLICE", False, "The victim of the index offence works in the Market Square area of "
                  "Kilbrannan and has asked to be told of any change in his leave."),
            _info("JSW", True, "The Restricted Patient Team has asked for the MAPPA view before the RMO applies "
                  "to the Scottish Ministers for unescorted suspension of detention."),
        ],
        risks=[
            Risk(1, "General violence", "Serious violence towards strangers if his illness relapses.",
                 "Relapse and cannabis are the drivers, so leave depends on mental state and drug tests.",
                 [RiskScenario("Unescorted leave after stopping medication or using cannabis", "Serious "
                               "assault, possibly with a knife", "Members of the public he misreads as a threat",
                               "Within weeks of a relapse", "Carrying a knife for self-protection",
                               "The index offence happened when he was psychotic and using cannabis",
                               "very_high"),
                  RiskScenario("Daytime leave in Kilbrannan town centre", "A chance meeting with the index "
                               "victim, causing her distress or a confrontation", "The victim of the index "
                               "offence", "Daytime leave near Market Square", "An unplanned meeting in the "
                               "street", "She works there; an encounter could unsettle him and re-traumatise "
                               "her", "medium")]),
            Risk(2, "Violence towards staff", "Assault on ward or community staff.",
                 "Staff are most at risk when leave is restricted, so decisions are explained in advance.",
                 [RiskScenario("Leave refused or a drug test disputed", "Assault on a nurse", "Ward and "
                               "community nursing staff", "Straight after the decision is given", "Sudden "
                               "physical aggression", "Low frustration tolerance when plans change", "high")]),
        ],
        rmp_measures=[
            _measure("supervision", "RMO review of mental state before each leave; weekly ward review",
                     "HEALTH", "rmo", "Before every leave; weekly", 1, 2),
            _measure("monitoring_control", "Unescorted leave of up to four hours in daylight, with a leave plan, "
                     "a mobile phone, check-in calls and exclusion from Market Square", "HEALTH", "cpn",
                     "From the Scottish Ministers' approval", 1),
            _measure("monitoring_control", "Drug test after every leave", "HEALTH", "cpn", "After every leave",
                     1, 2),
            _measure("monitoring_control", "Police briefed before each unescorted leave for the first month",
                     "POLICE", "sergeant", "First month of unescorted leave", 1),
            _measure("interventions_treatment", "Depot medication, substance misuse work and psychology "
                     "relapse-prevention sessions", "HEALTH", "rmo", "Ongoing; psychology weekly", 1, 2),
            _measure("victim_safety", "The victim told of the exclusion area and given safety advice",
                     "POLICE", "sergeant", "Before the first unescorted leave", 1),
        ],
        contingencies=[
            Contingency("Late back or a missed check-in call", "Ward calls him; after 30 minutes Police are told "
                        "under the absconding protocol; leave suspended pending RMO review", "HEALTH",
                        _name("cpn")),
            Contingency("Positive drug test or signs of relapse", "Leave suspended; the Scottish Ministers and "
                        "the co-ordinator are told", "HEALTH", _name("rmo")),
        ],
        decisions=[Decision(
            "Does the MAPPA group support the RMO's recommendation for unescorted suspension of detention?",
            "decided_with_dissent",
            "Support as proposed; support with an exclusion area; do not support while the victim works in town",
            "The group supports the recommendation, with daytime leave only and an exclusion area around "
            "Market Square.",
            "Fourteen escorted leaves without incident, a stable mental state and negative tests since March; "
            "the exclusion area manages the chance of meeting the victim.",
            "Police Scotland's disagreement was recorded. The chair asked whether the exclusion area and police "
            "briefings met the concern; Police said they reduced but did not remove it. The chair decided to "
            "proceed on the clinical evidence and to review the decision at the next meeting.",
            [Position("HEALTH", "agree", "Graded testing in the community is the next step in his recovery."),
             Position("POLICE", "disagree", "The exclusion area cannot rule out a meeting with the victim; "
                      "unescorted leave should begin outside Kilbrannan."),
             Position("JSW", "abstain", "The MHO safeguards Mr Dunmorrow's rights and takes no position on "
                      "public protection conditions.")],
            [OptionNotTaken("Withhold support while the victim works in the town centre", "It would tie his "
                            "recovery to matters outside his control; the exclusion area manages the risk."),
             OptionNotTaken("Third-party disclosure to the victim's employer", "Not necessary: the victim is "
                            "kept informed and can decide whom to tell.")])],
        disclosures=[
            Disclosure(True, "The victim of the index offence", "That unescorted leave may begin, the exclusion "
                       "area, and how to report concerns", "POLICE", _name("sergeant"), "2026-10-01"),
            Disclosure(False, "The victim's employer", "His leave arrangements", "POLICE",
                       reason_not_made="Not necessary or proportionate (see decision 1)."),
        ],
        victim_issues="The victim works in the town centre; the exclusion area and police briefings are set "
                      "with her in mind, and she is told before unescorted leave begins.",
        diversity_issues="Mental illness is a disability: his leave plan is written in plain English. He "
                         "attends Mass on Sundays, which the leave plan allows for.",
        level_decision="maintain", level_after=2,
        level_rationale="Clinical controls are strong; multi-agency input is needed for leave and victim "
                        "safety, but not Level 3 resources.",
        review_date="2026-12-10", next_meeting_date="2026-12-10",
        individual_informed_by="Dr Imran Haddowfield (RMO, lead agency) will tell him at his ward review on "
                               "21 September 2026.",
        actions=_actions("dunmorrow/1",
                         ("Send the Minute Executive Summary to the Restricted Patient Team", "psychiatrist",
                          "HEALTH", "2026-09-24"),
                         ("Brief local officers on the leave plan and absconding protocol", "sergeant", "POLICE",
                          "2026-09-30"),
                         ("Ask Lochside Supported Living for a written report", "coordinator", "MAPPA_UNIT",
                          "2026-10-16")))
    return person, [meeting]


# -- Martin Skellybrae: OLR, newly on life licence; Level 3 for the critical few --
def _skellybrae_plan() -> dict:
    risks = [
        Risk(1, "General violence", "Serious, possibly life-threatening violence in disputes.",
             "Alcohol and his old peer group drive the risk; curfew, abstinence and the exclusion area cut both.",
             [RiskScenario("Return to his former peer group and to drinking in Kilbrannan East", "Serious "
                           "assault with a weapon", "Former associates and people in the night-time economy",
                           "Evenings and weekends", "Carrying a knife; using violence to settle debts",
                           "Past offences were committed drunk, over money and status", "very_high")]),
        Risk(2, "Violence towards a known victim", "Threats or violence towards the index victim's family.",
             "The family live in Kilbrannan East; the exclusion area and a police marker protect them.",
             [RiskScenario("Contact, by chance or design, in Kilbrannan East", "Threats or assault",
                           "The surviving victim and her adult son", "If associates pass on information",
                           "Confrontation in the street or at her home", "He still blames her son for his "
                           "arrest", "high")]),
        Risk(3, "Violence towards staff", "Threats or assault on hostel staff or his supervising officer.",
             "Restrictions are explained in advance and no one visits alone in the first month.",
             [RiskScenario("Hostel rules or licence requirements enforced", "Threats escalating to assault",
                           "Hostel staff and his supervising officer", "At times of frustration", "Verbal "
                           "threats, then physical aggression", "History of threatening prison staff",
                           "medium")]),
    ]
    measures = [
        _measure("supervision", "Life-licence supervision: three office appointments a week for four weeks, "
                 "then two; visits at the hostel", "JSW", "jsw_life", "From 24 August 2026", 1, 2, 3),
        _measure("supervision", "OLR risk management plan to the Risk Management Authority", "JSW", "jsw_sm",
                 "By 30 September 2026; reviewed yearly", 1, 2, 3),
        _measure("monitoring_control", "Curfew 19:00 to 07:00 kept by the hostel and checked by Police",
                 "VOLUNTARY", "support", "Nightly", 1, 2),
        _measure("monitoring_control", "Intelligence monitoring of his former associates; marker on the "
                 "victim's address", "POLICE", "di", "Reviewed fortnightly", 1, 2),
        _measure("interventions_treatment", "Alcohol relapse prevention with breath tests", "HEALTH",
                 "addictions", "Weekly", 1),
        _measure("victim_safety", "Victim safety plan and personal attack alarm for the victim's family",
                 "POLICE", "di", "By 4 September 2026", 2),
        _measure("victim_safety", "No lone visits in the first month; hostel staff briefed on warning signs",
                 "JSW", "jsw_life", "First month", 3),
    ]
    contingencies = [
        Contingency("Curfew breach, alcohol use, or contact with former associates", "Supervising officer "
                    "reports to the Scottish Government Community Licence Team for recall; Police arrest if "
                    "the licence is revoked", "JSW", _name("jsw_life")),
        Contingency("Seen in Kilbrannan East or near the victim's family", "Priority police response and an "
                    "urgent MAPPA review", "POLICE", _name("di")),
    ]
    return {"risks": risks, "rmp_measures": measures, "contingencies": contingencies}


def _case_skellybrae() -> tuple[Individual, list[Meeting]]:
    person = Individual(
        "Skellybrae", 3, 3, given_names="Martin", date_of_birth="1975-12-02", visor_ref="DEMO/0005",
        aliases=["Marty Skelly"], olr=True,
        orders=[
            Order("olr", "Order for lifelong restriction (High Court) for attempted murder; punishment part "
                  "eight years", "2010-04-23", None,
                  ["Risk management plan approved by the Risk Management Authority and reviewed at least yearly"]),
            Order("licence", "Life licence on release by the Parole Board for Scotland", "2026-08-24", None,
                  ["Be under the supervision of Kilbrannan Council Justice Social Work",
                   "Reside at Cairnlea Hostel and keep its rules", "Curfew 19:00 to 07:00 for six months",
                   "Do not consume alcohol", "Do not contact the victim of the index offence or her family"]),
        ],
        uid=_uid("individual/skellybrae"))

    def team() -> list:
        return [_present("di", "Police Scotland, Public Protection Unit", "10:00"),
                _present("jsw_sm", "Justice Social Work, service manager", "10:00"),
                _present("jsw_life", "Supervising officer (life licence)", "10:00"),
                _present("support", "Lochside Supported Living & Cairnlea Hostel", "10:00"),
                _present("addictions", "Community alcohol and drug service", "10:10")]

    first = _meeting(
        "skellybrae/1", person, "initial", 3, "2026-09-01", ("10:00", "12:00"), "council", "cswo", "minutes_a",
        lead_agency="JSW", rosh_level="high", **_skellybrae_plan(),
        attendance=_staff("cswo", "minutes_a", "10:00") + team() + [
            _present("sps", "Scottish Prison Service (handover)", "10:00", "11:00"),
            _did_not_attend("DWP", "Department for Work and Pensions", False,
                            "The meeting could not confirm he will have an income in his first weeks, a known "
                            "stressor; the plan relies on the hostel's emergency fund meanwhile."),
        ],
        information=[
            _info("JSW", True, "Released on life licence on 24 August 2026 after 16 years in custody; he has "
                  "kept his curfew and appointments."),
            _info("SPS", True, "Completed a violence programme and two years in the open estate."),
            _info("POLICE", False, "Intelligence: former associates still supply drugs in Kilbrannan East; one "
                  "has asked about his release."),
            _info("POLICE", False, "The surviving victim and her son live in Kilbrannan East and have asked for "
                  "an exclusion area."),
            _info("VOLUNTARY", True, "Settled at Cairnlea; some friction with another resident over noise."),
        ],
        decisions=[
            Decision("Should JSW seek a licence condition excluding him from Kilbrannan East?", "consensus",
                     "Licence amendment request; written instruction only",
                     "JSW will submit a licence amendment request to the Scottish Government Community Licence "
                     "Team.", "The victim lives there and his associates are there; a licence condition can be "
                     "enforced by recall.", "Agreed by all present.",
                     [Position("JSW", "agree"), Position("POLICE", "agree"), Position("VOLUNTARY", "agree"),
                      Position("HEALTH", "agree"), Position("SPS", "agree")],
                     [OptionNotTaken("Rely on a written instruction", "Weaker than a licence condition given the "
                                     "risk to the victim's family.")]),
            Decision("Should the community be told of his release?", "consensus",
                     "Community disclosure in Kilbrannan East; no disclosure",
                     "No community disclosure.", "Everyone identifiably at risk is already protected; press "
                     "coverage has raised tension, and disclosure would risk vigilante action.",
                     "Agreed by all present.",
                     [Position("POLICE", "agree"), Position("JSW", "agree")],
                     [OptionNotTaken("Disclosure to the Kilbrannan East residents' association", "Not necessary "
                                     "or proportionate; would undermine his resettlement.")]),
        ],
        disclosures=[
            Disclosure(True, "Manager, Lochside Supported Living", "His index offence, licence conditions and "
                       "warning signs", "JSW", _name("jsw_life"), "2026-09-04"),
            Disclosure(False, "Kilbrannan East residents' association", "His release and offence", "POLICE",
                       reason_not_made="See decision 2."),
        ],
        victim_issues="The victim's family live in Kilbrannan East and are supported by a victim liaison "
                      "officer; the exclusion area is sought for them.",
        diversity_issues="Sixteen years in custody: he needs help with a phone, a bank account and online forms.",
        housing_notes="Cairnlea Hostel for six months; any move-on address must be outside Kilbrannan East.",
        level_decision="maintain", level_after=3,
        level_rationale="OLR, newly released after 16 years, press interest, intelligence about associates and "
                        "the victim nearby: the critical few who need senior resources and a fast route to recall.",
        review_date="2026-10-13", next_meeting_date="2026-10-13",
        individual_informed_by="Ewan Kilchattan (JSW, supervising officer) told him beforehand and will explain "
                               "the outcome the same afternoon.",
        actions=_actions("skellybrae/1",
                         ("Submit the licence amendment request", "jsw_life", "JSW", "2026-09-08"),
                         ("Submit the OLR risk management plan to the RMA", "jsw_sm", "JSW", "2026-09-30"),
                         ("Help him claim Universal Credit", "support", "VOLUNTARY", "2026-09-15"),
                         ("Send a written report on his benefit position", "DWP MAPPA single point of contact",
                          "DWP", "2026-10-06")))

    second = _meeting(
        "skellybrae/2", person, "review", 3, "2026-10-13", ("10:00", "11:35"), "police", "dsupt", "minutes_b",
        lead_agency="JSW", rosh_level="high", **_skellybrae_plan(),
        previous=_previous(first, [
            (_DONE, "Submitted on 7 September; the Parole Board added the condition on 29 September 2026."),
            (_DONE, "Submitted on 28 September 2026."),
            (_CHANGED, "He started paid work at a recycling depot on 21 September, so no claim was needed."),
            (_NOT_BY_AGENCY, "DWP did not reply to two requests; raised with the DWP's MAPPA contact."),
        ]),
        attendance=_staff("dsupt", "minutes_b", "10:00") + team() + [
            _apologies("sps", "Scottish Prison Service")],
        information=[
            _info("JSW", True, "Full compliance; working at a recycling depot, whose manager has been told."),
            _info("POLICE", False, "He was seen with a former associate in the town centre on 2 October; he "
                  "told his supervising officer about it himself."),
            _info("HEALTH", False, "All breath tests negative."),
        ],
        decisions=[Decision(
            "Is Level 3 still needed?", "consensus", "Reduce to Level 2; stay at Level 3",
            "Stay at Level 3 and consider Level 2 at the next review.", "Seven weeks since release; contact "
            "with an associate, though disclosed, needs watching.", "Agreed by all present.",
            [Position("POLICE", "agree"), Position("JSW", "agree"), Position("VOLUNTARY", "agree"),
             Position("HEALTH", "agree")],
            [OptionNotTaken("Reduce to Level 2 now", "Too soon after release.")])],
        disclosures=[Disclosure(False, "His co-workers at the depot", "His offence and licence", "JSW",
                                reason_not_made="The manager was told on 18 September; wider disclosure is not "
                                "necessary and would put his job and safety at risk.")],
        victim_issues="No contact with the victim's family; the exclusion condition is now in force.",
        diversity_issues="As before.", housing_notes="Move-on planning starts in January 2027.",
        level_decision="maintain", level_after=3,
        level_rationale="Good progress, but too early to step down.",
        review_date="2026-11-24", next_meeting_date="2026-11-24",
        individual_informed_by="Ewan Kilchattan (JSW) will tell him at his next appointment.",
        actions=_actions("skellybrae/2",
                         ("Explore the associate contact with him and report back", "jsw_life", "JSW",
                          "2026-11-17")))
    return person, [first, second]


# -- Ryan Glenquharrie: SOPO, learning disability, supported tenancy with wrap-around staff; Level 2 --
def _case_glenquharrie() -> tuple[Individual, list[Meeting]]:
    person = Individual(
        "Glenquharrie", 1, 2, given_names="Ryan", date_of_birth="1997-08-14", visor_ref="DEMO/0006",
        orders=[
            Order("sonr", "Notification requirements for 10 years", "2025-06-12", "2035-06-11"),
            Order("sopo", "Sexual offences prevention order, 10 years (Kilbrannan Sheriff Court)", "2025-06-12",
                  "2035-06-11", ["Do not be alone with any child under 16",
                                 "Do not enter play parks, school grounds or swimming pools",
                                 "Possess no internet-enabled device unless approved by Police"]),
            Order("other", "Compulsion order (not restricted), ending on 20 November 2026", "2024-11-20",
                  "2026-11-20"),
        ],
        uid=_uid("individual/glenquharrie"))
    meeting = _meeting(
        "glenquharrie/1", person, "initial", 2, "2026-11-10", ("13:30", "15:15"), "council", "jsw_sm",
        "minutes_a", lead_agency="POLICE", rosh_level="high",
        attendance=_staff("jsw_sm", "minutes_a", "13:30") + [
            _present("sopu", "SOPU offender manager, lead agency", "13:30"),
            _present("ld_nurse", "Community learning disability team", "13:30"),
            _present("support", "Lochside Supported Living (tenancy & support)", "13:30"),
            _present("solo", "Housing SOLO", "13:30"),
            _present("csw", "Children and families social work", "13:40"),
            _did_not_attend("SSS", "Social Security Scotland", False,
                            "The meeting could not confirm his disability payment continues after discharge; "
                            "the funding for his support depends on it."),
        ],
        information=[
            _info("HEALTH", True, "He has a mild learning disability and no experience of living on his own."),
            _info("POLICE", True, "He has kept his notification requirements while in hospital."),
            _info("POLICE", False, "Reported in August 2026 for entering a play park while on escorted leave; "
                  "no contact with children."),
            _info("CSW", False, "His sister has two children, aged 4 and 7, whom he wants to visit."),
            _info("VOLUNTARY", True, "A supported tenancy with 24-hour staffing for the first three months is "
                  "funded from 20 November 2026."),
        ],
        risks=[
            Risk(1, "Sexual offending against children", "Sexual harm to children, including his sister's.",
                 "Wrap-around staffing and SOPO limits on where he goes carry most weight.",
                 [RiskScenario("Support reduced after the first months", "Sexual assault of a child",
                               "His niece and nephew; children in local parks", "When staffing reduces or "
                               "family visits are unsupervised", "Seeking time alone with children",
                               "Poor understanding of boundaries; emboldened non-contact behaviour", "high")]),
            Risk(2, "Sexual offending against vulnerable adults", "Sexual harm to other supported tenants.",
                 "Staff supervise shared spaces and the provider knows the warning signs.",
                 [RiskScenario("Shared lounge in the supported housing", "Sexual assault of another tenant",
                               "Other tenants with learning disabilities", "Evenings in shared spaces",
                               "Exploiting friendship", "Limited victim empathy", "medium")]),
        ],
        rmp_measures=[
            _measure("supervision", "Lead-agency home visits with his key worker present", "POLICE", "sopu",
                     "Fortnightly", 1, 2),
            _measure("monitoring_control", "24-hour staffing; staff accompany him in the community", "VOLUNTARY",
                     "support", "First three months from 20 November 2026", 1, 2),
            _measure("interventions_treatment", "Adapted harm-reduction programme", "HEALTH", "ld_nurse",
                     "Weekly", 1, 2),
            _measure("victim_safety", "Safety plan with his sister: supervised visits only", "CSW", "csw",
                     "Before any visit", 1),
        ],
        contingencies=[
            Contingency("He goes missing from support, or enters a play park", "Staff call Police at once; "
                        "SOPO breach considered; urgent review", "VOLUNTARY", _name("support")),
        ],
        decisions=[Decision(
            "Is the supported tenancy at Tannery Close suitable?", "consensus",
            "Tannery Close; an out-of-area placement",
            "Tannery Close is suitable, with staffing as planned.",
            "The SOLO's ERA found no school or park within 500 metres, and family support is nearby.",
            "Agreed by all present.",
            [Position("POLICE", "agree"), Position("HEALTH", "agree"), Position("VOLUNTARY", "agree"),
             Position("HOUSING", "agree"), Position("CSW", "agree")],
            [OptionNotTaken("Out-of-area placement", "Would cut him off from family support that helps him "
                            "comply.")])],
        disclosures=[
            Disclosure(True, "His sister", "His offending, the SOPO and the need for supervised visits", "CSW",
                       _name("csw"), "2026-11-13"),
            Disclosure(False, "Other tenants' families", "His offending", "POLICE",
                       reason_not_made="Staff supervision manages the risk; disclosure would breach other tenants' "
                       "privacy and his own without a protective benefit."),
        ],
        victim_issues="Potential victims are his sister's children and other tenants; there is no index victim "
                      "in the area.",
        diversity_issues="Learning disability: easy-read information, shorter sessions, and his key worker "
                         "attends appointments with him.",
        housing_notes="Tannery Close supported tenancy; ERA by the SOLO on 3 November 2026.",
        level_decision="maintain", level_after=2,
        level_rationale="High risk with funded wrap-around support in place; Level 2 is enough.",
        review_date="2027-02-02", next_meeting_date="2027-01-26",
        individual_informed_by="DC Lewis Haldenby (Police, lead) will tell him with his key worker, using "
                               "easy-read notes.",
        actions=_actions("glenquharrie/1",
                         ("Confirm his disability payment with Social Security Scotland", "support", "VOLUNTARY",
                          "2026-11-19"),
                         ("Agree the visit plan with his sister", "csw", "CSW", "2026-11-20")))
    return person, [meeting]

CASES = (_case_dunmorrow, _case_skellybrae, _case_glenquharrie)
