"""Three fictional demo case histories with level changes and a planned review."""

from __future__ import annotations

from mappa_desk.domain.model import (
    Contingency, Decision, Disclosure, Individual, Meeting, OptionNotTaken, Order, Position, Risk, RiskScenario,
)
from mappa_desk.demo.kit import (
    _CHANGED, _DONE, _NOT_BY_AGENCY, _actions, _apologies, _did_not_attend, _info, _measure, _meeting, _name,
    _planned, _present, _previous, _staff, _uid,
)

# RiskScenario fields in order: context, what, who is at risk, when, how, why, seriousness.


# -- Calum Drumlachie: SONR only, partner with young children; Level 3 under a JSW lead, then Level 2 (Police) --
def _drumlachie_plan(lead: str) -> dict:
    risks = [
        Risk(1, "Sexual offending against children",
             "Sexual harm to the two children in the household (aged 6 and 9) and to children he meets through "
             "future partners.",
             "No order restricts his contact with the children, so the plan rests on the child protection plan, "
             "SONR home visits and the mother's protective capacity; each is strengthened and checked.",
             [RiskScenario("Living in the family home while his partner works two evening shifts a week",
                           "Sexual abuse of one or both children", "The two children in the household",
                           "When left in sole care, especially in the evenings and at bedtime",
                           "Using unsupervised care, treats and secrecy to groom the children",
                           "Offends within relationships where he seeks control; a previous allegation involved a "
                           "former partner's child", "very_high")]),
        Risk(2, "Domestic abuse",
             "Sexual and physical violence and coercive control towards his partner.",
             "Both index offences were against partners who tried to leave; the partner needs a direct route to "
             "police and a safety plan she owns.",
             [RiskScenario("Strain over money and over agency involvement with the children",
                           "Coercive control, sexual violence and assault", "His partner, Ms Dawn Keilloch",
                           "When she asserts independence or considers ending the relationship",
                           "Isolating her from support and checking her phone",
                           "Resents professional involvement; past violence followed a partner's attempt to leave",
                           "high")]),
    ]
    if lead == "JSW":
        supervision = _measure("supervision", "Fortnightly planned meetings (voluntary engagement) on his "
                               "relationship, household and routines", "JSW", "jsw_ssw",
                               "Fortnightly from 8 July 2026", 1, 2)
    else:
        supervision = _measure("supervision", "Lead-agency meeting with him each month, at home or at the "
                               "police office", "POLICE", "sopu", "Monthly from October 2026", 1, 2)
    measures = [
        supervision,
        _measure("monitoring_control", "SONR home visits, at least one in two unannounced, seeing every room "
                 "and asking who cares for the children", "POLICE", "sopu", "Monthly", 1, 2),
        _measure("monitoring_control", "Marker on the address so that any call is treated as a priority",
                 "POLICE", "di", "In place by 10 July 2026", 1, 2),
        _measure("interventions_treatment", "Voluntary offence-focused sessions on relationships and sexual "
                 "behaviour", "JSW", "jsw_ssw", "Weekly from 31 July 2026", 1, 2),
        _measure("victim_safety", "Child protection plan, including who may care for the children while their "
                 "mother works", "CSW", "csw", "Case conference by 21 July 2026, then as the plan sets", 1),
        _measure("victim_safety", "Safety advice to Ms Keilloch with direct contact details for the SOPU",
                 "POLICE", "sopu", "By 17 July 2026 and at every visit", 2),
    ]
    contingencies = [
        Contingency("He is found alone with the children, or a child's presentation at school changes",
                    "Immediate inter-agency referral discussion; police attend; child protection procedures "
                    "followed; the co-ordinator convenes an urgent MAPPA meeting", "CSW", _name("csw")),
        Contingency("Ms Keilloch reports abuse or ends the relationship, or he fails to notify a change",
                    "Priority police response; arrest for any offence; breach of notification reported to the "
                    "procurator fiscal", "POLICE", _name("di")),
    ]
    return {"risks": risks, "rmp_measures": measures, "contingencies": contingencies}


def _case_drumlachie() -> tuple[Individual, list[Meeting]]:
    person = Individual(
        "Drumlachie", 1, 3, given_names="Calum James", date_of_birth="1986-02-11", visor_ref="DEMO/0001",
        aliases=["Cal Drumlachie"], notes="Released at the end of his sentence: no statutory supervision.",
        orders=[Order("sonr", "Notification requirements for an indefinite period (sentence of five years)",
                      "2021-05-14", None,
                      ["Notify any change of name or address within 3 days",
                       "Notify any address where he stays for 3 days or more",
                       "Notify if he stays for 12 hours or more in a household where a child under 18 lives",
                       "Notify bank account, passport and travel details"])],
        uid=_uid("individual/drumlachie"))
    first = _meeting(
        "drumlachie/1", person, "initial", 3, "2026-07-07", ("10:00", "11:50"), "council", "cswo", "minutes_a",
        lead_agency="JSW", rosh_level="very_high", **_drumlachie_plan("JSW"),
        attendance=_staff("cswo", "minutes_a", "10:00") + [
            _present("di", "Police Scotland, Public Protection Unit", "10:00"),
            _present("sopu", "SOPU offender manager (SONR)", "10:00"),
            _present("jsw_ssw", "Justice Social Work, proposed lead", "10:00"),
            _present("csw", "Children and families social work", "10:05"),
            _present("solo", "Housing SOLO", "10:00", "11:15"),
            _apologies("reporter", "Scottish Children's Reporter Administration", report=True),
            _did_not_attend("HEALTH", "Health visiting and school nursing", False,
                            "No health information on the children was available, so the assessment of how they "
                            "are presenting rests on children and families social work alone."),
        ],
        information=[
            _info("POLICE", True, "Mr Drumlachie was released from HMP Glenbrannan on 29 June 2026 at the end of "
                  "his sentence and registered at Kilbrannan police office the next day."),
            _info("POLICE", False, "Before release Police disclosed his offending against former partners to Ms "
                  "Keilloch, who still chose to have him live with her and her two children."),
            _info("POLICE", False, "Intelligence (not for onward disclosure): in May 2026 a former partner was "
                  "contacted from an unknown social media account believed to be his."),
            _info("CSW", False, "An inter-agency referral discussion was held on 1 July 2026; a child protection "
                  "case conference is set for 21 July 2026. Ms Keilloch is co-operating but minimises the risk."),
            _info("JSW", True, "There is no licence or order; Mr Drumlachie has agreed to see a senior social "
                  "worker voluntarily."),
            _info("HOUSING", False, "The tenancy is in Ms Keilloch's name; the SOLO's environmental risk "
                  "assessment notes a primary school 250 metres away."),
            _info("SCRA", False, "Written report: no referral for either child is open with the Reporter."),
        ],
        decisions=[
            Decision("Which agency should lead while he has no statutory supervision?", "consensus",
                     "Police (the usual lead for SONR-only cases); Justice Social Work",
                     "Justice Social Work will lead while the case is at Level 3; Police keep SONR management.",
                     "The risk centres on the children, and JSW's child protection experience fits the plan.",
                     "Agreed by all present; to be looked at again whenever the level changes.",
                     [Position("POLICE", "agree", "SONR management stays with the SOPU."),
                      Position("JSW", "agree", "A senior social worker with child protection experience is free."),
                      Position("CSW", "agree", "Close links with the child protection plan.")]),
            Decision("Should the children's father be told of Mr Drumlachie's offending?", "decided_with_dissent",
                     "Third-party disclosure now; no disclosure while the child protection plan is tested",
                     "No MAPPA disclosure to the father at this stage; reconsider at the review.",
                     "The mother has been told and is engaging; the children are protected by the plan; in a "
                     "small town a further disclosure risks the information spreading and harming the household.",
                     "The chair recorded Police Scotland's disagreement and asked whether any safeguard would meet "
                     "it. It was agreed to proceed on the majority view, to bring the question back at once if the "
                     "contact arrangements change, and to reconsider it at the review on 11 August 2026.",
                     [Position("POLICE", "disagree", "The father has the children every second weekend and could "
                               "take protective steps himself."),
                      Position("JSW", "agree", "Not yet necessary or proportionate."),
                      Position("CSW", "agree", "The child protection plan is the right route to the father."),
                      Position("HOUSING", "abstain", "No view on a child protection matter.")],
                     [OptionNotTaken("Third-party disclosure to the children's father",
                                     "Not yet necessary: the mother knows and the plan protects the children; "
                                     "the risk of wider spread in the community outweighs the benefit for now.")]),
        ],
        disclosures=[
            Disclosure(False, "The children's father", "His previous offending and the concern for the children",
                       "POLICE", reason_not_made="Not necessary or proportionate while the mother is engaging "
                       "with the child protection plan; to be reconsidered on 11 August 2026."),
            Disclosure(True, "Ms Dawn Keilloch (partner)", "A renewed explanation of his convictions for violent "
                       "and sexual offences against former partners, with safety advice and SOPU contact details",
                       "POLICE", _name("sopu"), "2026-07-10"),
        ],
        victim_issues="The victims of the index offences live outside Kilbrannan and are registered with the "
                      "Victim Notification Scheme; no contact is known. The potential victims are Ms Keilloch and "
                      "her children.",
        diversity_issues="Mr Drumlachie has dyslexia: letters and conditions are explained to him in person.",
        housing_notes="Partner's local authority tenancy; ERA completed 2 July 2026. The school's distance was "
                      "not in itself a reason to object; he declined a homeless assessment.",
        level_decision="maintain", level_after=3,
        level_rationale="Very high risk to children in the household, no statutory order, and a plan that needs "
                        "several agencies to act quickly: senior oversight at Level 3 is needed.",
        review_date="2026-08-11", next_meeting_date="2026-08-11",
        individual_informed_by="Kenneth Ardgarvie (JSW, lead) told Mr Drumlachie of the meeting beforehand and "
                               "will explain the outcome at his next appointment, with DC Haldenby.",
        actions=_actions("drumlachie/1",
                         ("Convene the child protection case conference and send its outcome to the co-ordinator",
                          "csw", "CSW", "2026-07-21"),
                         ("Carry out the first unannounced SONR home visit, jointly with JSW", "sopu", "POLICE",
                          "2026-07-17"),
                         ("Offer voluntary offence-focused sessions and report his response", "jsw_ssw", "JSW",
                          "2026-07-31"),
                         ("Ask the health visiting service for a written report for the review",
                          "Health visiting team leader", "HEALTH", "2026-07-24")))

    second = _meeting(
        "drumlachie/2", person, "review", 3, "2026-08-11", ("10:00", "11:20"), "council", "cswo", "minutes_a",
        lead_agency="JSW", rosh_level="high", **_drumlachie_plan("JSW"),
        previous=_previous(first, [
            (_DONE, "Case conference held on 21 July 2026; both children registered; plan shared."),
            (_DONE, "Joint visit on 15 July 2026; no concerns found."),
            (_DONE, "He accepted and has attended three sessions."),
            (_NOT_BY_AGENCY, "No report arrived despite two reminders; raised with the Health Board's public "
                            "protection lead."),
        ]),
        attendance=_staff("cswo", "minutes_a", "10:00") + [
            _present("di", "Police Scotland, Public Protection Unit", "10:00"),
            _present("sopu", "SOPU offender manager (SONR)", "10:00"),
            _present("jsw_ssw", "Justice Social Work, lead", "10:00"),
            _present("csw", "Children and families social work", "10:00"),
            _apologies("solo", "Housing SOLO"),
            _did_not_attend("HEALTH", "Health visiting and school nursing", False,
                            "Health again sent no report; the children's wellbeing was assessed on social work "
                            "and school information only."),
        ],
        information=[
            _info("POLICE", True, "Two SONR visits, one unannounced, found no concerns; he has met every "
                  "notification requirement."),
            _info("POLICE", False, "Intelligence: no further contact with the former partner; the social media "
                  "account has been closed."),
            _info("CSW", False, "Both children are on the child protection register. Ms Keilloch has accepted "
                  "family centre support and now names the risk herself; school attendance is good."),
            _info("JSW", True, "Mr Drumlachie has attended all sessions and spoke openly about past relationships."),
        ],
        decisions=[
            Decision("Can the case now be managed at Level 2, and who should lead?", "consensus",
                     "Stay at Level 3; Level 2 with JSW lead; Level 2 with Police lead",
                     "Reduce to Level 2 from the next meeting; Police resume the lead; JSW continue the sessions.",
                     "The child protection plan now carries the protective work and the family accept support; "
                     "no resource needs senior commitment.", "Agreed by all present.",
                     [Position("POLICE", "agree", "Ready to resume the lead under SONR."),
                      Position("JSW", "agree", "Sessions continue on a voluntary basis."),
                      Position("CSW", "agree", "The child protection plan stays in place.")],
                     [OptionNotTaken("Keep Level 3 for a further review period",
                                     "Nothing in the plan now needs the commitment of senior resources.")]),
        ],
        disclosures=[Disclosure(False, "The children's father", "His previous offending", "POLICE",
                                reason_not_made="The father attended the case conference and knows the reasons "
                                "for registration; a separate MAPPA disclosure would add nothing.")],
        victim_issues="Ms Keilloch now engages directly with the SOPU; the children are on the register.",
        diversity_issues="Dyslexia: as before.", housing_notes="No change of address.",
        level_decision="decrease", level_after=2,
        level_rationale="Risk has reduced from very high to high; the family accept support and he complies. "
                        "Level 2 gives enough multi-agency oversight, with Police resuming the lead.",
        review_date="2026-09-22", next_meeting_date="2026-09-22",
        individual_informed_by="Kenneth Ardgarvie and DC Haldenby will tell him jointly, explaining the change "
                               "of lead agency.",
        actions=_actions("drumlachie/2",
                         ("Hand over the lead to Police, with a joint visit to explain it", "sopu", "POLICE",
                          "2026-08-28"),
                         ("Escalate the missing health report to the Health Board", "coordinator", "MAPPA_UNIT",
                          "2026-08-18"),
                         ("Provide a written summary of the sessions for the next meeting", "jsw_ssw", "JSW",
                          "2026-09-15")))

    third = _meeting(
        "drumlachie/3", person, "review", 2, "2026-09-22", ("14:00", "15:05"), "police", "insp", "minutes_b",
        lead_agency="POLICE", rosh_level="high", **_drumlachie_plan("POLICE"),
        previous=_previous(second, [
            (_DONE, "Joint visit on 26 August 2026; he understood the change."),
            (_DONE, "Health report received on 3 September 2026."),
            (_CHANGED, "Sessions paused when he started night shifts; a verbal update was given instead and "
                      "sessions resume in October."),
        ]),
        attendance=_staff("insp", "minutes_b", "14:00") + [
            _present("sopu", "SOPU offender manager, lead agency", "14:00"),
            _present("jsw_ssw", "Justice Social Work", "14:00"),
            _present("csw", "Children and families social work", "14:00"),
            _present("health_visitor", "Health visiting service", "14:00", "14:40"),
            _apologies("solo", "Housing SOLO"),
            _did_not_attend("SCRA", "Scottish Children's Reporter Administration", True),
        ],
        information=[
            _info("POLICE", True, "Fully compliant; he notified new employment at a distribution centre, which "
                  "involves no contact with children."),
            _info("CSW", False, "The children remain on the register; review case conference on 20 October 2026."),
            _info("HEALTH", False, "The younger child's developmental checks are up to date; no concerns."),
            _info("JSW", True, "Sessions resume in October around his shift pattern."),
        ],
        decisions=[
            Decision("Should SONR home visits reduce from monthly to every two months?", "consensus",
                     "Reduce now; keep monthly until the case conference review",
                     "Keep monthly visits until the children's registration is reviewed.",
                     "The plan still relies on visits while the children are registered.", "Agreed by all present.",
                     [Position("POLICE", "agree"), Position("JSW", "agree"), Position("CSW", "agree")],
                     [OptionNotTaken("Reduce visits to every two months",
                                     "Premature while the children remain on the register.")]),
        ],
        disclosures=[Disclosure(False, "His employer", "His convictions and SONR", "POLICE",
                                reason_not_made="The work involves no children or vulnerable adults; not necessary.")],
        victim_issues="As before; Ms Keilloch reports the relationship is settled.",
        diversity_issues="Dyslexia: as before.", housing_notes="No change of address.",
        level_decision="maintain", level_after=2,
        level_rationale="Stable at high risk with an effective plan; Level 2 remains right until the child "
                        "protection review.",
        review_date="2026-12-15", next_meeting_date="2026-12-15",
        individual_informed_by="DC Lewis Haldenby (Police, lead) will tell him at the next home visit.",
        actions=_actions("drumlachie/3",
                         ("Send the case conference outcome to the co-ordinator", "csw", "CSW", "2026-10-23"),
                         ("Resume the sessions and report attendance", "jsw_ssw", "JSW", "2026-11-30")))
    return person, [first, second, third]


# -- Kyle Cairnbrake: SRO for domestic abuse, written instruction; Level 2, then Level 3 after he pursues the victim --
def _cairnbrake_plan(seriousness: str) -> dict:
    risks = [
        Risk(1, "Domestic abuse", "Serious violence, abduction or threats towards his former partner.",
             "She has moved to an address he does not know; the plan keeps him away from the places she uses, "
             "gives her an emergency route to help, and acts on any breach at once.",
             [RiskScenario("Release into the same town as his former partner, who ended the relationship",
                           "Assault, abduction or serious threats", "His former partner",
                           "In the first weeks after release, or if he learns her address",
                           "Waiting near her work or her mother's home in the Harbour Road area",
                           "He blames her for his imprisonment and offended before when she tried to leave",
                           seriousness)]),
        Risk(2, "Stalking", "Persistent pursuit and surveillance of his former partner and her mother.",
             "Stalking is the route to the violence in risk 1, so the plan watches for its early signs.",
             [RiskScenario("Unstructured time in temporary accommodation, drinking again",
                           "Following, messaging and turning up uninvited", "His former partner and her mother",
                           "Evenings, weekends and anniversaries", "Walking or driving past, new social media "
                           "accounts, asking mutual friends", "Fixation on regaining control; alcohol lowers "
                           "his inhibitions", seriousness)]),
    ]
    measures = [
        _measure("supervision", "SRO supervision: weekly office appointments and home visits", "JSW", "jsw_so_a",
                 "Weekly from release", 1, 2),
        _measure("monitoring_control", "Written instruction not to enter the Harbour Road and Marine Parade "
                 "area without the supervising officer's approval", "JSW", "jsw_so_a", "From release day", 1, 2),
        _measure("monitoring_control", "Markers on the victim's address and the excluded area; patrol plan",
                 "POLICE", "dalo", "From release; reviewed fortnightly", 1, 2),
        _measure("interventions_treatment", "Offence-focused domestic abuse work and alcohol treatment",
                 "JSW", "jsw_so_a", "Within four weeks of release", 1, 2),
        _measure("victim_safety", "Emergency safety plan; CCTV, video doorbell and panic alarm checked; "
                 "scenario planning with the victim", "DOMESTIC_ABUSE", "women_aid", "Weekly contact", 1, 2),
    ]
    contingencies = [
        Contingency("He is seen in the excluded area, or contacts the victim in any way",
                    "Priority police response; JSW breach report to court within 24 hours; the emergency safety "
                    "plan is activated", "POLICE", _name("dalo")),
        Contingency("Missed appointments, heavy drinking or talk of the victim in supervision",
                    "Supervising officer tells police the same day and increases reporting; the co-ordinator "
                    "considers an early review", "JSW", _name("jsw_so_a")),
    ]
    return {"risks": risks, "rmp_measures": measures, "contingencies": contingencies}


def _case_cairnbrake() -> tuple[Individual, list[Meeting]]:
    person = Individual(
        "Cairnbrake", 3, 2, given_names="Kyle", date_of_birth="1991-10-03", visor_ref="DEMO/0002",
        aliases=["Kyle Cairns"],
        orders=[
            Order("sro", "Supervised release order, 12 months from release (20 months' imprisonment for assault "
                  "and abduction, domestic abuse aggravation)", "2026-08-27", "2027-08-26",
                  ["Be under the supervision of Kilbrannan Council Justice Social Work",
                   "Reside at an address approved by the supervising officer",
                   "Do not approach or contact his former partner, directly or indirectly",
                   "Undertake offence-focused work as directed by the supervising officer"]),
            Order("written_instruction", "Issued by the supervising officer on release after the court declined "
                  "a geographical exclusion condition", "2026-08-27", "2027-08-26",
                  ["Do not enter the Harbour Road and Marine Parade area of Kilbrannan (map attached) without "
                   "the prior approval of your supervising officer"]),
            Order("other", "Non-harassment order for five years protecting his former partner", "2026-01-15",
                  "2031-01-14", ["Do not approach, contact or harass his former partner"]),
        ],
        uid=_uid("individual/cairnbrake"))
    first = _meeting(
        "cairnbrake/1", person, "initial", 2, "2026-08-11", ("13:30", "15:00"), "council", "jsw_sm", "minutes_a",
        lead_agency="SPS", rosh_level="high", **_cairnbrake_plan("high"),
        attendance=_staff("jsw_sm", "minutes_a", "13:30") + [
            _present("sps", "Scottish Prison Service, custody", "13:30"),
            _present("jsw_so_a", "Supervising officer (SRO)", "13:30"),
            _present("dalo", "Police Scotland, domestic abuse", "13:30"),
            _present("women_aid", "Kilbrannan Women's Aid & Advocacy (victim's support)", "13:35"),
            _present("housing", "Homelessness and housing options", "13:30", "14:30"),
            _did_not_attend("HEALTH", "Community alcohol and drug service", False,
                            "Without the alcohol service the meeting could not judge his current drinking, a "
                            "trigger in the index offence; the plan assumes it is a live risk."),
        ],
        information=[
            _info("SPS", True, "Release date 27 August 2026. Conduct generally good; one adjudication in February "
                  "2026 for an unauthorised mobile phone."),
            _info("SPS", False, "Prison intelligence: the phone held numbers linked to the victim's family, and "
                  "a letter asked a mutual friend where she now lives."),
            _info("POLICE", False, "The victim has moved to an address he does not know; CCTV, a video doorbell "
                  "and a panic alarm were installed on 3 August 2026."),
            _info("DOMESTIC_ABUSE", False, "The victim is engaging and has an emergency safety plan. She works in "
                  "the Harbour Road area and visits her mother there."),
            _info("JSW", True, "JSW asked the court for a geographical exclusion condition; the court declined it "
                  "on 7 August 2026."),
            _info("HOUSING", True, "He will present as homeless; temporary accommodation outside the Harbour "
                  "Road area has been identified."),
        ],
        decisions=[Decision(
            "Should JSW issue a written instruction in place of the exclusion condition the court declined?",
            "consensus", "Written instruction; rely on the SRO conditions alone",
            "JSW will issue a written instruction on release not to enter the Harbour Road and Marine Parade area.",
            "The instruction is within SRO supervision, proportionate to the assessed risk and clear to him; a "
            "breach can be reported to the court.", "Supported by all present and by the chair.",
            [Position("JSW", "agree"), Position("POLICE", "agree", "Patrols can enforce a clear map."),
             Position("SPS", "agree"), Position("DOMESTIC_ABUSE", "agree", "The victim asked for this."),
             Position("HOUSING", "agree")],
            [OptionNotTaken("Electronic monitoring of the excluded area",
                            "Not available without a condition imposed by the court.")])],
        disclosures=[Disclosure(True, "His former partner (the victim)", "Release date, SRO conditions, the "
                                "written instruction, and how to report any contact", "POLICE", _name("dalo"),
                                "2026-08-25")],
        victim_issues="The victim and her mother are the people at risk; safety measures are in place and she "
                      "is supported by Kilbrannan Women's Aid & Advocacy.",
        diversity_issues="None identified; he reads and writes well and has no health needs affecting supervision.",
        housing_notes="Temporary accommodation at Lochside Supported Living, outside the excluded area.",
        level_decision="maintain", level_after=2,
        level_rationale="High risk that needs several agencies to co-ordinate victim safety; Level 2 is enough "
                        "while the plan is in place.",
        review_date="2026-11-03", next_meeting_date="2026-11-03",
        individual_informed_by="The SPS unit manager told him before the meeting; Rachel Dunoonan (JSW) will "
                               "explain the outcome at the pre-release interview.",
        actions=_actions("cairnbrake/1",
                         ("Issue the written instruction on release day", "jsw_so_a", "JSW", "2026-08-27"),
                         ("Confirm temporary accommodation for release day", "housing", "HOUSING", "2026-08-26"),
                         ("Check the victim's alarm and doorbell before release", "women_aid", "DOMESTIC_ABUSE",
                          "2026-08-25"),
                         ("Refer him to the community alcohol service", "jsw_so_a", "JSW", "2026-09-11")))

    second = _meeting(
        "cairnbrake/2", person, "review", 2, "2026-10-20", ("09:30", "11:10"), "council", "jsw_sm", "minutes_a",
        lead_agency="JSW", rosh_level="very_high", **_cairnbrake_plan("very_high"),
        previous=_previous(first, [
            (_DONE, "Written instruction issued and signed on 27 August 2026."),
            (_DONE, "He moved into Lochside Supported Living on release."),
            (_DONE, "Checked on 24 August 2026; all working."),
            (_CHANGED, "His new GP referred him directly on 31 August 2026, so no JSW referral was needed."),
        ]),
        attendance=_staff("jsw_sm", "minutes_a", "09:30") + [
            _present("jsw_so_a", "Supervising officer (SRO)", "09:30"),
            _present("dalo", "Police Scotland, domestic abuse", "09:30"),
            _present("women_aid", "Kilbrannan Women's Aid & Advocacy (victim's support)", "09:30"),
            _present("housing", "Housing options", "09:30"),
            _present("addictions", "Community alcohol and drug service", "09:45"),
            _apologies("sps", "Scottish Prison Service"),
        ],
        information=[
            _info("POLICE", False, "On 12 October 2026 the victim's doorbell camera recorded a man matching his "
                  "description at 23:10; on 15 October a patrol saw him on Marine Parade."),
            _info("JSW", True, "A breach report was sent to Kilbrannan Sheriff Court on 16 October 2026."),
            _info("JSW", True, "He kept every appointment until October; since then he is guarded and admits "
                  "drinking again."),
            _info("DOMESTIC_ABUSE", False, "The emergency safety plan was activated on 12 October 2026 and the "
                  "victim moved to safe temporary accommodation the next day."),
            _info("HEALTH", False, "He missed his last two alcohol service appointments."),
        ],
        decisions=[Decision(
            "Should the case be raised to Level 3?", "consensus", "Stay at Level 2 with more reporting; Level 3",
            "Refer to Level 3 at once; the co-ordinator to convene a MAPPP within five working days.",
            "He is pursuing the victim in breach of the written instruction and drinking again; the risk is now "
            "imminent and needs senior police resources and quick housing decisions for the victim.",
            "Agreed by all present.",
            [Position("JSW", "agree"), Position("POLICE", "agree"), Position("DOMESTIC_ABUSE", "agree"),
             Position("HOUSING", "agree"), Position("HEALTH", "agree")],
            [OptionNotTaken("Stay at Level 2 with daily reporting", "Reporting alone cannot protect the victim "
                            "from a man already going to places she uses.")])],
        disclosures=[Disclosure(True, "Manager, Lochside Supported Living", "The written instruction and the "
                                "non-harassment order, and that overnight absences must be reported to JSW", "JSW",
                                _name("jsw_so_a"), "2026-10-22")],
        victim_issues="The victim is in safe temporary accommodation and needs a permanent move; her mother has "
                      "been given safety advice.",
        diversity_issues="None identified.", housing_notes="Priority transfer for the victim agreed.",
        level_decision="increase", level_after=3,
        level_rationale="Evidence of pursuit and breach with alcohol use returning: imminent, very high risk.",
        review_date="2026-10-27", next_meeting_date="2026-10-27",
        individual_informed_by="Rachel Dunoonan (JSW) will tell him at his appointment on 21 October 2026.",
        actions=_actions("cairnbrake/2",
                         ("Convene a Level 3 MAPPP within five working days", "coordinator", "MAPPA_UNIT",
                          "2026-10-27"),
                         ("Ask the court whether the breach hearing can be brought forward", "jsw_so_a", "JSW",
                          "2026-10-26"),
                         ("Offer him an urgent alcohol service appointment", "addictions", "HEALTH",
                          "2026-10-26")))

    third = _meeting(
        "cairnbrake/3", person, "review", 3, "2026-10-27", ("14:00", "15:30"), "police", "dsupt", "minutes_b",
        lead_agency="JSW", rosh_level="very_high", **_cairnbrake_plan("very_high"),
        previous=_previous(second, [
            (_DONE, "MAPPP convened for 27 October 2026."),
            (_DONE, "Breach hearing fixed for 5 November 2026."),
            (_NOT_BY_AGENCY, "No appointment was offered because the duty worker was absent; he will be seen "
                            "on 29 October 2026."),
        ]),
        attendance=_staff("dsupt", "minutes_b", "14:00") + [
            _present("di", "Police Scotland, Public Protection Unit", "14:00"),
            _present("dalo", "Police Scotland, domestic abuse", "14:00"),
            _present("jsw_sm", "Justice Social Work, service manager", "14:00"),
            _present("jsw_so_a", "Supervising officer (SRO)", "14:00"),
            _present("women_aid", "Kilbrannan Women's Aid & Advocacy (victim's support)", "14:00"),
            _present("housing", "Housing options", "14:00", "15:00"),
            _did_not_attend("VOLUNTARY", "Lochside Supported Living", True,
                            "The written report covered only the last week, so the meeting could not judge how "
                            "often he is out overnight."),
        ],
        information=[
            _info("JSW", True, "Breach hearing on 5 November 2026; JSW will ask the court to consider the "
                  "pattern of pursuit."),
            _info("POLICE", False, "Intelligence: he asked a mutual friend on 23 October where the victim is "
                  "staying."),
            _info("HOUSING", False, "A permanent tenancy for the victim in another part of the council area is "
                  "offered from 9 November 2026."),
        ],
        decisions=[Decision(
            "What more is needed before the breach hearing?", "consensus",
            "Daily reporting; police surveillance of the excluded area; both",
            "Daily reporting to JSW and targeted police patrols of the excluded area until the hearing.",
            "The risk is imminent and the hearing is nine days away.", "Agreed by all present.",
            [Position("POLICE", "agree"), Position("JSW", "agree"), Position("DOMESTIC_ABUSE", "agree"),
             Position("HOUSING", "agree")])],
        disclosures=[Disclosure(False, "The mutual friend he contacted", "His conditions and the risk to the "
                                "victim", "POLICE", reason_not_made="Police will speak to the friend as a "
                                "witness; a MAPPA disclosure could reach him and put the victim at risk.")],
        victim_issues="The victim moves to a permanent tenancy from 9 November 2026; the new address is known "
                      "only to Housing and Women's Aid.",
        diversity_issues="None identified.", housing_notes="Victim's move as above; he stays at Lochside.",
        level_decision="maintain", level_after=3,
        level_rationale="The risk stays imminent until the court decides the breach.",
        review_date="2026-12-08", next_meeting_date="2026-12-08",
        individual_informed_by="Rachel Dunoonan (JSW) will tell him at his daily report on 28 October 2026.",
        actions=_actions("cairnbrake/3",
                         ("Report the outcome of the breach hearing to the co-ordinator", "jsw_so_a", "JSW",
                          "2026-11-06"),
                         ("Support the victim's move to her permanent tenancy", "women_aid", "DOMESTIC_ABUSE",
                          "2026-11-13")))
    return person, [first, second, third]


# -- Ciarán Fernbrae: SHPO and licence after online offending; Level 2; a library visit leads to a disclosure --
def _fernbrae_plan() -> dict:
    risks = [
        Risk(1, "Sexual offending against children",
             "Contact sexual offending against children he meets in public places.",
             "He offended when isolated; structured days, close supervision and the SHPO's limits on contact "
             "with children are the main controls.",
             [RiskScenario("Living alone with little structure to his days", "Grooming leading to sexual "
                           "assault of a child", "Children aged about 8 to 13 in libraries, parks and pools",
                           "After school and at weekends", "Frequenting places children go and striking up "
                           "conversations", "Established sexual interest in children; offends when isolated",
                           "high")]),
        Risk(2, "Online sexual offending against children",
             "Downloading and sharing indecent images; contacting children online.",
             "The index offending was online, so device control and checks carry most weight.",
             [RiskScenario("Access to a device other than the one declared", "Downloading indecent images and "
                           "contacting children through social media", "Children online, including local "
                           "children", "At night, or on public computers", "Undeclared devices, public "
                           "computers, deleted histories", "Has tried to evade monitoring before", "high")]),
    ]
    measures = [
        _measure("supervision", "Licence supervision with home visits", "JSW", "jsw_so_b",
                 "Weekly for three months from release, then fortnightly", 1, 2),
        _measure("monitoring_control", "SHPO device checks with monitoring software, announced and unannounced",
                 "POLICE", "sopu", "At least monthly; first within 7 days of release", 2),
        _measure("monitoring_control", "SONR registration and home visits", "POLICE", "sopu",
                 "Register within 3 days of release; visit monthly", 1, 2),
        _measure("interventions_treatment", "Community sexual offending programme", "JSW", "jsw_so_b",
                 "Assessment by 30 September 2026", 1, 2),
        _measure("victim_safety", "Index victims' families told of his release through the Victim "
                 "Notification Scheme; approved address far from them", "SPS", "sps", "Before release", 1),
    ]
    contingencies = [
        Contingency("He is found with an undeclared device or using a public computer",
                    "Arrest for breach of the SHPO; licence breach reported for recall; urgent MAPPA review",
                    "POLICE", _name("sopu")),
        Contingency("He is seen repeatedly where children gather, or engagement becomes superficial",
                    "Formal warning and more reporting; police told the same day; consider recall", "JSW",
                    _name("jsw_so_b")),
    ]
    return {"risks": risks, "rmp_measures": measures, "contingencies": contingencies}


def _case_fernbrae() -> tuple[Individual, list[Meeting]]:
    person = Individual(
        "Fernbrae", 1, 2, given_names="Ciarán", date_of_birth="1979-03-30", visor_ref="DEMO/0003",
        aliases=["Kieran Fernbrae", "Ciaran O'Neill"],
        orders=[
            Order("sonr", "Notification requirements for an indefinite period", "2024-02-12"),
            Order("shpo", "Sexual harm prevention order, indefinite (Kilbrannan Sheriff Court)", "2024-02-12", None,
                  ["No unsupervised contact with any child under 16 without the approval of Police and social work",
                   "Use or possess no more than one internet-enabled device, declared to Police",
                   "Give passwords on request; no encryption software; do not delete browsing history",
                   "Make the device available for inspection on request, announced or unannounced",
                   "Do not use any public or shared computer or internet access point"]),
            Order("licence", "Short-term sex offender licence to the end of sentence", "2026-07-30", "2027-07-29",
                  ["Be under the supervision of Kilbrannan Council Justice Social Work",
                   "Reside at an address approved by the supervising officer",
                   "Do not undertake paid or unpaid work involving children under 18"]),
        ],
        uid=_uid("individual/fernbrae"))
    first = _meeting(
        "fernbrae/1", person, "initial", 2, "2026-07-14", ("10:00", "11:30"), "police", "insp", "minutes_b",
        lead_agency="SPS", rosh_level="high", **_fernbrae_plan(),
        attendance=_staff("insp", "minutes_b", "10:00") + [
            _present("sps", "Scottish Prison Service, custody", "10:00"),
            _present("sopu", "SOPU offender manager", "10:00"),
            _present("jsw_so_b", "Supervising officer (licence)", "10:00"),
            _present("solo", "Housing SOLO", "10:10"),
            _apologies("csw", "Children and families social work"),
            _did_not_attend("HEALTH", "Community mental health team", True),
        ],
        information=[
            _info("SPS", True, "Release on 30 July 2026 on a short-term sex offender licence; he completed the "
                  "prison sexual offending programme in March 2026."),
            _info("SPS", False, "Forensic psychology (June 2026): high risk of online and contact offending if "
                  "he regains unrestricted internet access."),
            _info("POLICE", True, "SHPO conditions explained in custody on 8 July 2026; he has declared one "
                  "smartphone for use on release."),
            _info("POLICE", False, "Intelligence: he asked another prisoner how to hide browsing on a phone."),
            _info("HOUSING", False, "Approved address: a one-bedroom flat at Lomond Court, Kilbrannan. ERA: "
                  "nearest school 600 metres, public library 300 metres."),
            _info("HEALTH", False, "Written report: not known to the community mental health team."),
        ],
        decisions=[Decision(
            "Should the library service be told about him now?", "consensus",
            "Proactive disclosure to the library manager; no disclosure unless he is seen there",
            "No disclosure now; Police to reconsider at once if he is seen at the library.",
            "No sign yet that he will use the library, the SHPO already bars public computers, and in a small "
            "town disclosure would identify him.", "Agreed by all present.",
            [Position("POLICE", "agree"), Position("JSW", "agree"), Position("SPS", "agree"),
             Position("HOUSING", "agree")],
            [OptionNotTaken("Third-party disclosure to the library manager",
                            "Not yet necessary or proportionate; kept under review.")])],
        disclosures=[Disclosure(False, "Library services manager, Kilbrannan Council", "His offending and SHPO",
                                "POLICE", reason_not_made="Not necessary at present (see decision 1).")],
        victim_issues="The index victims are children in another council area; their families are registered "
                      "with the Victim Notification Scheme.",
        diversity_issues="Irish national; prefers the Irish spelling Ciarán. No other issues identified.",
        housing_notes="Lomond Court approved after the SOLO's ERA; the library nearby is covered by the plan.",
        level_decision="maintain", level_after=2,
        level_rationale="High risk needing Police, JSW and Housing to work together; Level 3 is not needed.",
        review_date="2026-10-06", next_meeting_date="2026-10-06",
        individual_informed_by="The SPS unit manager told him before the meeting; Hannah Tollcraig (JSW) will "
                               "explain the outcome on release day.",
        actions=_actions("fernbrae/1",
                         ("Install monitoring software on the declared phone on release day", "sopu", "POLICE",
                          "2026-07-30"),
                         ("Assess him for the community sexual offending programme", "jsw_so_b", "JSW",
                          "2026-09-30")))

    second = _meeting(
        "fernbrae/2", person, "review", 2, "2026-10-06", ("10:00", "11:30"), "police", "insp", "minutes_b",
        lead_agency="JSW", rosh_level="high", **_fernbrae_plan(),
        previous=_previous(first, [
            (_DONE, "Installed on 30 July 2026; five checks since, all clear."),
            (_CHANGED, "Postponed after his arrest on 24 September 2026; to be rescheduled once the court "
                      "position is known."),
        ]),
        attendance=_staff("insp", "minutes_b", "10:00") + [
            _present("sopu", "SOPU offender manager", "10:00"),
            _present("jsw_so_b", "Supervising officer, lead agency", "10:00"),
            _present("solo", "Housing SOLO", "10:00"),
            _present("csw", "Children and families social work", "10:00", "10:50"),
            _did_not_attend("SPS", "Scottish Prison Service", False),
        ],
        information=[
            _info("POLICE", True, "On 24 September 2026 he was charged with breach of the SHPO and released on "
                  "an undertaking to appear at Kilbrannan Sheriff Court on 20 October 2026."),
            _info("POLICE", False, "Library staff reported that on 22 September he used a public computer "
                  "during a children's reading session; the library's logs are being examined."),
            _info("JSW", True, "He attends appointments but engagement is superficial; a breach report has gone "
                  "to the Scottish Government Community Licence Team."),
        ],
        decisions=[Decision(
            "Should the case be raised to Level 3 after the arrest?", "consensus", "Level 3; stay at Level 2",
            "Stay at Level 2, with police checks weekly until the court date.",
            "The breach was found and acted on quickly; the plan is working and needs no senior resources.",
            "Agreed by all present.",
            [Position("POLICE", "agree"), Position("JSW", "agree"), Position("HOUSING", "agree"),
             Position("CSW", "agree")])],
        disclosures=[Disclosure(True, "Library services manager, Kilbrannan Council", "That a man subject to a "
                                "court order must not use public computers or attend children's sessions, and "
                                "that staff should report any visit to Police", "POLICE", _name("sopu"),
                                "2026-10-09")],
        victim_issues="Children attending library sessions are potential victims; the disclosure protects them.",
        diversity_issues="As before.", housing_notes="No change.",
        level_decision="maintain", level_after=2,
        level_rationale="Risk is being managed at Level 2; recall is for the Parole Board to decide.",
        review_date="2026-12-29", next_meeting_date="2026-12-15",
        individual_informed_by="Hannah Tollcraig (JSW, lead) will tell him at his appointment on 8 October 2026.",
        actions=_actions("fernbrae/2",
                         ("Make the disclosure to the library services manager", "sopu", "POLICE", "2026-10-09"),
                         ("Report the court outcome and any recall decision to the co-ordinator", "jsw_so_b",
                          "JSW", "2026-10-21")))

    third = _planned("fernbrae/3", person, 2, "2026-12-15", "10:00", "police", "insp", "JSW",
                     [("coordinator", "MAPPA Co-ordinator"), ("minutes_b", "Minute-taker"),
                      ("sopu", "SOPU offender manager"), ("jsw_so_b", "Supervising officer, lead agency"),
                      ("solo", "Housing SOLO"), ("csw", "Children and families social work")],
                     _previous(second, None))
    return person, [first, second, third]


CASES = (_case_drumlachie, _case_cairnbrake, _case_fernbrae)
