"""Invented phrase banks for the synthetic vault: names, places, and the prose a MAPPA meeting records.

Everything here is fiction written for the benchmark. Templates name the individual and the people
around them through slots filled from a per-case context ({mr}, {he}, {his}, {partner}, {town}, ...),
so that the same few hundred phrases make tens of thousands of different-looking records.
"""

from __future__ import annotations

import random

GIVEN_MALE = (
    "Alasdair", "Angus", "Archie", "Blair", "Callum", "Cameron", "Craig", "Dougal", "Duncan", "Euan", "Fergus",
    "Finlay", "Fraser", "Gavin", "Gordon", "Greig", "Hamish", "Innes", "Jamie", "Keir", "Kenneth", "Lachlan",
    "Lewis", "Logan", "Magnus", "Malcolm", "Murdo", "Neil", "Niall", "Robbie", "Ronan", "Rory", "Ruaridh",
    "Scott", "Sandy", "Stuart", "Torquil", "Wallace", "Arran", "Calder", "Dermid", "Ewart", "Gillies", "Leith",
)
GIVEN_FEMALE = (
    "Ailsa", "Catriona", "Eilidh", "Elspeth", "Fiona", "Iona", "Isla", "Kirsteen", "Mairi", "Morag", "Morven",
    "Rhona", "Shona", "Skye", "Innes", "Lorna", "Jessie", "Una", "Seonaid", "Marsali",
)
MIDDLE = ("James", "John", "Alexander", "David", "Andrew", "Thomas", "Robert", "William", "Ian", "Peter", "Grant")
FAMILY_HEADS = (
    "Drum", "Kil", "Auch", "Bal", "Glen", "Strath", "Tor", "Craig", "Dun", "Inver", "Ard", "Loch", "Cairn",
    "Pit", "Tulli", "Garv", "Brae", "Corrie", "Fin", "Mor", "Rath", "Skel", "Tarr", "Wester", "Easter", "Lint",
    "Quarrie", "Haddow", "Pennie", "Ruth", "Ferrie", "Tannoch", "Blair", "Carn", "Dal", "Ettrick", "Kinn",
)
FAMILY_TAILS = (
    "lachie", "brae", "shaw", "gorm", "craig", "more", "keld", "rossie", "wick", "haugh", "lees", "bank", "muir",
    "ie", "ock", "ton", "dale", "garvie", "ballan", "side", "fauld", "rigg", "knowe", "burnie", "mains",
    "hope", "law", "strone", "sheil", "tullo",
)
NICKNAMES = {"Alasdair": "Ally", "Callum": "Cal", "Kenneth": "Kenny", "Robbie": "Rab", "Alexander": "Sandy",
             "Finlay": "Fin", "James": "Jimmy", "Duncan": "Dunc", "Lachlan": "Lachie", "Catriona": "Cat",
             "Elspeth": "Elsie", "Morag": "Mo", "Euan": "Ewie", "Malcolm": "Malky", "Ruaridh": "Roddy"}
TOWNS = ("Kilbrannan", "Glenbrannan", "Auchterlarig", "Strathmorrow", "Inverquhidder", "Port Ardlish",
         "Balnacrioch", "Dunmorrack", "Lochanbrae", "Torrisdale Mains", "Cairnlaw", "Pittenvar")
STREETS = ("Harbour Street", "Bridge Street", "Mill Wynd", "Kirk Brae", "Station Road", "Loanhead Crescent",
           "Burnside Court", "Tolbooth Lane", "Shore Road", "Quarry Place", "Marchfield Avenue", "Braehead Drive")
VENUES = ("Council Offices, Committee Room {n}", "Police Office, Conference Room", "Justice Social Work, "
          "Meeting Room {n}", "Forensic Mental Health Unit, Seminar Room", "Community Hub, Room {n}")


def family_name(rng: random.Random) -> str:
    return rng.choice(FAMILY_HEADS) + rng.choice(FAMILY_TAILS)


def person_name(rng: random.Random, female: bool) -> tuple[str, str]:
    """(given names, family name) of an invented person."""
    given = rng.choice(GIVEN_FEMALE if female else GIVEN_MALE)
    if rng.random() < 0.45:
        given += " " + rng.choice(MIDDLE if not female else GIVEN_FEMALE)
    return given, family_name(rng)


def aliases(rng: random.Random, given: str, family: str) -> list[str]:
    first = given.split()[0]
    options = [f"{NICKNAMES.get(first, first[:3])} {family}", f"{first} {family_name(rng)}",
               f"{given.split()[-1]} {family}", f"{first[0]}. {family}"]
    return rng.sample(options, rng.choice((0, 0, 1, 1, 2)))


def fill(rng: random.Random, ctx: dict, bank: tuple[str, ...]) -> str:
    return rng.choice(bank).format_map(ctx)


def paragraph(rng: random.Random, ctx: dict, bank: tuple[str, ...], sentences: int, tail: tuple[str, ...] = ()) -> str:
    """`sentences` different sentences from `bank`, then one from `tail` (which may be empty)."""
    chosen = rng.sample(bank, min(sentences, len(bank))) + ([rng.choice(tail)] if tail else [])
    return " ".join(t.format_map(ctx) for t in chosen if t)


INFO = {
    "POLICE": (
        "{mr} reported in person at {town} police office on {weekday} as required and gave {his} new mobile number.",
        "Two home visits were completed since the last meeting, one unannounced; {he} was alone and the flat was tidy.",
        "Intelligence (not for onward disclosure) suggests {he} has been seen near {park} in the early evening.",
        "There have been no calls to the address and no new crimes recorded against {him} in the period.",
        "{mr} failed to notify a new bank card within the required time; words of advice were given and noted.",
        "A search of {his} phone under the order found no prohibited apps; browsing history had been cleared twice.",
        "Officers attended a neighbour dispute at {street} on {weekday}; no offence was disclosed and {he} was calm.",
        "A vehicle registered to an associate has been seen parked outside {his} address on several nights.",
        "{mr} asked about travelling to see family in {town2} for a weekend; the request is being assessed.",
    ),
    "JSW": (
        "{mr} has attended {attended} of {due} appointments with {his} supervising officer since the last meeting.",
        "In supervision {he} spoke openly about {his} relationship with {partner} and denied contact with children.",
        "{He} continues to minimise the index offence and describes the victim as having 'made a fuss'.",
        "Offence-focused work has reached the session on triggers and warning signs; engagement is described as fair.",
        "A warning letter was issued after {he} missed two appointments without explanation; {he} has attended since.",
        "The licence conditions were read over with {him} again and {he} signed to say {he} understood them.",
        "{He} has started a college course two mornings a week; the course tutor has not been told of {his} offending.",
        "A new risk assessment is due next month; the supervising officer expects the level of risk to stay the same.",
    ),
    "HOUSING": (
        "The environmental risk assessment of the flat at {street} is complete; no school or play park is in sight.",
        "{mr} remains in temporary accommodation at {hostel}; a permanent offer is expected within eight weeks.",
        "Rent arrears have risen to several hundred pounds and a repayment plan has been agreed with {him}.",
        "The SOLO visited the property and noted that a child's bicycle had been left in the shared close.",
        "Neighbours have complained about noise late at night; the housing officer will speak to {him} this week.",
        "A transfer request has been received; any new address will need a fresh risk assessment before an offer.",
    ),
    "SPS": (
        "{mr} is in the final months of {his} sentence at HMP {prison}; a date for release has been confirmed.",
        "{His} behaviour in custody has been settled with no misconduct reports in the last six months.",
        "{He} completed the accredited programme in custody; the post-programme report is awaited.",
        "Visits from {partner} were stopped after staff heard an argument about money during a visit.",
        "The integrated case management meeting agreed that {he} will be escorted home on the day of release.",
    ),
    "HEALTH": (
        "{His} mental state has been stable on depot medication; {he} attends the clinic every two weeks.",
        "The community psychiatric nurse reports poor sleep and increased drinking after a family bereavement.",
        "{mr} was seen at the emergency department after a fall while intoxicated; no injury to others was reported.",
        "The responsible medical officer considers that the risk rises quickly if {he} stops taking medication.",
        "{He} has been referred to the community alcohol service and attended an assessment last week.",
        "There are no concerns about {his} physical health; a dental appointment is booked.",
    ),
    "CSW": (
        "A child protection plan remains in place for the two children in the household; the next conference is set.",
        "The children's names were removed from the register at the last conference; support continues voluntarily.",
        "The social worker visited {partner} and the children; the agreed safety plan is being followed.",
        "School reports that the older child has been anxious and tired; staff will report any change.",
    ),
    "RSL": (
        "The housing association confirms the tenancy is in {his} sole name and no other adult is registered there.",
        "The association's housing officer will tell the SOLO of any request to add a household member.",
    ),
    "SCRA": (
        "Written report: no child in the household is currently referred to the Reporter.",
        "A Children's Hearing for the younger child is set for next month; grounds have been accepted.",
    ),
    "DWP": ("{mr}'s benefit claim is in payment; {he} has a work-search appointment every two weeks.",
            "No change of circumstances has been reported to the department in the period."),
    "SSS": ("An application for disability assistance is being assessed; no decision has been made yet.",),
    "EM": ("The tag has shown two late returns of under twenty minutes; both were explained and accepted.",
           "The curfew equipment reported a strap tamper at 02:10 on a {weekday}; the strap was found intact."),
    "VOLUNTARY": ("{mr} attends the {town} men's group on Tuesdays and has volunteered at the food bank.",
                  "The support worker helps {him} with budgeting and appointments; {he} is reliable but low in mood."),
    "DOMESTIC_ABUSE": (
        "The advocacy worker has regular contact with {partner}, who says she feels safer but still fears {him}.",
        "{partner} reports receiving messages from an unknown number and believes they come from {mr}.",
        "A safety plan has been agreed with {partner}, including a code word with her sister.",
    ),
    "MAPPA_UNIT": ("The co-ordinator confirmed that all agencies received the previous minute and RMP in time.",
                   "Reports were received in advance from all agencies except those recorded as not attending."),
}
FOLLOW_UP = (
    "This is consistent with what was reported at the last meeting.", "This is a change since the last meeting.",
    "The agency will report any further change to the co-ordinator straight away.",
    "Members agreed this should be kept under close review.", "", "", "",
)

# Each kind of risk: descriptions, strategy rationales, and the parts of a scenario that belong to it.
RISKS = {
    "Sexual offending against children": {
        "description": ("Sexual harm to children {he} gains access to through partners, family or the community.",
                        "Contact offending against a child known to {him}, following a period of grooming."),
        "rationale": ("No order prevents {his} contact with children, so the plan relies on monitoring, disclosure "
                      "and the protective adults around the children.", "The SHPO conditions set the boundaries; "
                      "the plan checks they are kept and that any new relationship is known about early."),
        "what": ("Grooming leading to sexual abuse", "Sexual assault of a child", "Indecent communication with "
                 "a child"),
        "who": ("Children in the household", "Children in the local community", "{partner}'s grandchildren"),
        "why": ("Sexual interest in children that {he} has not yet addressed", "Loneliness, and seeking intimacy "
                "from children rather than adults"),
    },
    "Online sexual offending": {
        "description": ("Accessing indecent images of children and contacting children online.",
                        "Using social media to contact young people under a false identity."),
        "rationale": ("Device monitoring under the order is the main control, backed by unannounced checks.",
                      "The risk is hidden and online; the plan pairs device checks with treatment work on motivation."),
        "what": ("Downloading and sharing indecent images of children", "Sexual chat with children online"),
        "who": ("Children online, unknown to {him}", "Teenagers met through gaming sites"),
        "why": ("Sexual preoccupation and boredom, late at night", "Believes online contact is harmless"),
    },
    "Sexual offending against adult women": {
        "description": ("Sexual assault of a woman {he} meets socially, most likely when drinking.",
                        "Sexual violence towards a partner or a woman {he} regards as owing {him} something."),
        "rationale": ("The risk is linked to alcohol and to rejection; the plan targets both and keeps a close watch "
                      "on new relationships.", "Supervision focuses on {his} attitudes to women; police monitoring "
                      "covers the night-time economy where the index offence took place."),
        "what": ("Rape or sexual assault", "Sexual assault following a night out"),
        "who": ("Women {he} meets socially", "A new partner", "Women working alone at night"),
        "why": ("Hostility towards women and a sense of entitlement", "Alcohol, and anger at being rejected"),
    },
    "Domestic abuse": {
        "description": ("Coercive control, threats and physical violence towards a current or former partner.",
                        "Violence and intimidation towards {partner}, particularly around contact and money."),
        "rationale": ("Past abuse escalated when partners tried to leave; the plan centres on the partner's safety "
                      "and on early warning signs.", "The strategy combines victim safety planning with close "
                      "supervision of {his} relationships."),
        "what": ("Serious assault and strangulation", "Threats to kill and damage to property", "Coercive control"),
        "who": ("{partner}", "{partner} and the children who live with her", "Any new partner"),
        "why": ("To regain control when {he} feels rejected", "Jealousy and a belief that {his} partner owes "
                "{him} obedience"),
    },
    "General violence": {
        "description": ("Serious assault of a stranger or acquaintance in a dispute, usually under the influence.",
                        "Violence towards people {he} believes have wronged {him}, including former associates."),
        "rationale": ("The triggers are alcohol, money and perceived disrespect; the plan keeps {him} engaged and "
                      "limits access to known associates.", "Monitoring of associations and structured activity "
                      "during the day reduce opportunity and motive."),
        "what": ("Serious physical assault", "Assault with a weapon", "Robbery with violence"),
        "who": ("Former associates in {town2}", "Strangers in pubs and on the street", "Neighbours at {street}"),
        "why": ("To settle a debt or a score with former associates", "Wanting to be seen as someone to fear"),
    },
    "Stalking and harassment": {
        "description": ("Persistent unwanted contact with a former partner, in person and through social media.",
                        "Fixated contact with a professional who worked with {him} in the past."),
        "rationale": ("The plan restricts contact through the order and gives the victim a fast route to the police.",
                      "Fixation increases when {he} is isolated; supervision and a named police contact are central."),
        "what": ("Repeated unwanted contact escalating to violence", "Following and watching the victim's home"),
        "who": ("{partner}", "A former support worker", "The victim of the index offence"),
        "why": ("Cannot accept that the relationship has ended", "A fixed belief that the victim wronged {him}"),
    },
    "Violence linked to mental illness": {
        "description": ("Serious violence towards family members when {his} mental state deteriorates.",
                        "Assault of a stranger during a psychotic relapse, driven by persecutory beliefs."),
        "rationale": ("The risk rises when {he} stops medication; the plan rests on early detection of relapse.",
                      "Close clinical monitoring and quick access to hospital are the key protective factors."),
        "what": ("Serious assault during a relapse", "Attack with a knife on someone {he} believes is a threat"),
        "who": ("Family members, especially {his} mother", "Strangers {he} believes are watching {him}",
                "Staff supervising {him}"),
        "why": ("Persecutory beliefs when unwell", "Command hallucinations when {he} stops medication"),
    },
    "Fire-setting": {
        "description": ("Setting fire to property when angry or rejected, with risk to anyone inside.",),
        "rationale": ("Fire-setting has followed loss of accommodation or relationships; the plan watches for both.",),
        "what": ("Setting fire to a building with people inside", "Setting fire to a car or bin store"),
        "who": ("Neighbours at {street}", "Staff and residents of the hostel"),
        "why": ("Anger and a wish to be noticed", "Revenge on those {he} blames for losing {his} home"),
    },
}
SCENARIO = {
    "context": ("Living alone at {street} after the end of a relationship", "Drinking heavily after losing {his} "
                "job", "Moving in with a new partner who has children", "Returning to {town2} where former "
                "associates live", "Released from custody with no settled address", "Under stress as the "
                "anniversary of a family death approaches", "Feeling watched and resentful of the restrictions"),
    "when": ("Within days of a relationship ending", "At weekends when drinking", "In the first weeks after "
             "release", "If {he} stops taking medication", "When {he} is refused contact with {his} children",
             "At night, when supervision is least", "When a court date or a decision about {him} is near"),
    "how": ("Using alcohol to lower {his} inhibitions", "Building trust before finding time alone with the victim",
            "Using a second phone that agencies do not know about", "Turning up unannounced at the victim's home",
            "Arming {himself} after a perceived slight", "Through online chat under a false name"),
}
SERIOUSNESS = ("medium", "high", "high", "very_high")

# (agency, text): who would own the measure; the case's own officer for that agency is named.
MEASURES = {
    "supervision": (
        ("JSW", "Weekly supervision appointments at the office, with a home visit every month"),
        ("JSW", "Fortnightly supervision focused on relationships, alcohol and daily routine"),
        ("JSW", "Licence conditions reviewed with {him} at every appointment"),
        ("POLICE", "Lead-agency meeting with {him} each month to check notification details and circumstances"),
        ("POLICE", "Joint home visit by police and social work every six weeks"),
        ("HEALTH", "Care programme approach reviews with the responsible medical officer"),
    ),
    "monitoring_control": (
        ("POLICE", "SONR home visits, at least one in two unannounced"), ("POLICE", "Checks of {his} phone and "
        "devices under the order"), ("POLICE", "Marker on the address so that any call is treated as a priority"),
        ("EM", "Electronic monitoring of the curfew from 19:00 to 07:00"), ("HOUSING", "Regular checks with the "
        "housing officer about visitors to the flat"), ("POLICE", "Exclusion zone around {partner}'s home and work"),
    ),
    "interventions_treatment": (
        ("JSW", "Offence-focused sessions on sexual behaviour and relationships"), ("HEALTH", "Attendance at the "
        "community alcohol service"), ("HEALTH", "Depot medication and clinic reviews every two weeks"),
        ("JSW", "Domestic abuse perpetrator programme, group sessions weekly"), ("VOLUNTARY", "Support into "
        "structured daytime activity and volunteering"), ("HEALTH", "Psychology assessment of treatment needs"),
    ),
    "victim_safety": (
        ("DOMESTIC_ABUSE", "Safety plan with {partner}, reviewed by the advocacy worker"), ("CSW", "Child "
        "protection plan for the children in the household"), ("POLICE", "Direct police contact details given to "
        "{partner}"), ("CSW", "School told of the protective arrangements on a need-to-know basis"),
        ("JSW", "Victim notification scheme kept informed of release and address"), ("POLICE", "Alarm fitted at "
        "{partner}'s home and linked to the police"),
    ),
}
TIMESCALES = ("Weekly", "Fortnightly", "Monthly", "Every six weeks", "Ongoing", "By the next review",
              "Within two weeks", "From the start of next month", "Daily, 19:00 to 07:00")
CONDITIONS = {
    "sonr": ("Notify any change of name or address within 3 days", "Notify any stay of 12 hours or more in a "
             "household with a child under 18", "Notify bank cards, passport and travel plans"),
    "shpo": ("Not to have unsupervised contact with any child under 16", "Not to use any device that cannot "
             "show its internet history", "Not to delete internet history", "To allow police to examine any device"),
    "licence": ("To be under the supervision of a supervising officer", "To reside at an address approved by "
                "the supervising officer", "Not to approach or contact {partner}", "To observe a curfew at home"),
    "sro": ("To attend appointments as the supervising officer directs", "Not to enter {town2} without approval"),
    "written_instruction": ("To attend the alcohol service", "To notify the supervising officer of any new "
                            "relationship"),
    "restriction_order": ("To reside where the responsible medical officer directs", "To accept medication as "
                          "prescribed", "To attend the clinic as required"),
    "olr": ("To comply with the risk management plan approved by the Risk Management Authority", "To be under "
            "supervision for life", "To reside at an approved address"),
}
# (agency, trigger, response): early warning signs and who does what.
CONTINGENCIES = (
    ("JSW", "{He} fails to report or misses two appointments in a row", "Home visit the same day; if {he} cannot "
     "be found, police are asked to trace {him} and recall is considered"),
    ("POLICE", "{partner} reports contact or threats", "Police attend at once, the safety plan is activated and "
     "the co-ordinator convenes an urgent meeting"),
    ("POLICE", "{He} is found with an unregistered phone or device", "The device is seized and examined; any breach "
     "of the order is reported to the procurator fiscal"),
    ("CSW", "Police receive intelligence of contact with children", "Urgent inter-agency referral discussion; child "
     "protection procedures followed"),
    ("HEALTH", "{He} stops taking medication or misses a depot", "The responsible medical officer reviews {him} within "
     "48 hours; recall to hospital is considered"),
    ("EM", "The tag reports an absence from the address overnight", "The monitoring provider alerts the supervising "
     "officer by 09:00; recall to custody is considered the same day"),
    ("HOUSING", "{He} loses {his} accommodation or is asked to leave", "Emergency accommodation is found through the "
     "SOLO and risk-assessed before {he} moves in"),
    ("POLICE", "{He} is arrested or charged with any offence", "The custody sergeant informs the lead agency and the "
     "co-ordinator; the chair decides whether to reconvene"),
)

# (question, options considered, decision, rationale, what was not done and why)
DECISIONS = (
    ("Should {partner} be told of {his} previous offending?", "Disclosure now; no disclosure while the plan is "
     "tested", "{partner} is to be told of the offending relevant to her safety.", "She is at real and immediate "
     "risk and cannot protect herself without knowing."),
    ("Which agency should lead while {he} is on licence?", "Police; Justice Social Work", "Justice Social Work "
     "will lead; Police continue to manage the notification requirements.", "The licence gives social work the "
     "main levers and the relationship with {him}."),
    ("Should a variation of the order be sought to add a condition on devices?", "Seek a variation; rely on the "
     "current conditions", "A variation will be sought.", "The current conditions do not cover the devices "
     "{he} has been found using."),
    ("Is the address at {street} suitable?", "Accept the address; seek another", "The address is accepted "
     "with the measures in the plan.", "The risk assessment found no children in the close and good lighting."),
    ("Should recall to custody be requested?", "Request recall; issue a final warning", "A final warning will "
     "be issued and supervision increased.", "The breach is real but {he} accepted it and the risk is manageable "
     "with the extra measures."),
)
DEFERRED = ("Deferred until the psychiatric report is available.", "Deferred to the review: the police checks "
            "are not complete.", "Deferred: the meeting needs the view of the agency that did not attend.")
STANCE_REASONS = {
    "agree": ("Supports the proposal as proportionate.", "Agrees: it fits what the agency knows.",
              "Agrees, provided the plan is reviewed if circumstances change."),
    "disagree": ("Considers the risk to the victim too high to wait.", "Believes the step is not proportionate "
                 "at this stage.", "Does not think the evidence supports the change."),
    "abstain": ("No view on a matter outside the agency's remit.", "Not enough information to take a view."),
}
PROCEEDED = {
    "consensus": ("Agreed by all present.", "Agreed after discussion; no agency dissented."),
    "decided_with_dissent": ("The chair recorded the disagreement and the meeting proceeded on the majority view, "
                             "to be revisited at the review.", "The dissenting agency's reasons are recorded; the "
                             "chair asked it to bring any new information back at once."),
    "deferred": ("The chair set a date for the agencies to report back.", "To be decided at the next meeting."),
}
DISCLOSURE_TO = ("{partner}", "The head teacher of the local primary school", "The manager of the supported "
                 "accommodation", "{his} employer", "The parent of the children {he} visits", "The church elder")
DISCLOSURE_WHAT = ("The nature of {his} previous sexual offending", "The convictions for violence against "
                   "former partners", "That {he} is subject to notification requirements", "The conditions "
                   "of {his} order relevant to children")
NOT_MADE = ("Not necessary: the protective adult already knows and the plan protects the children.",
            "Not proportionate at present; to be reconsidered if contact increases.", "The risk can be "
            "managed without disclosure, and disclosure could drive {him} away from supervision.")
ACTIONS = (
    ("POLICE", "Arrange a joint home visit and report the findings to the co-ordinator"), ("HOUSING", "Complete "
    "the environmental risk assessment of the new address"), ("DOMESTIC_ABUSE", "Share the updated safety plan "
    "with {partner}"), ("POLICE", "Check {his} devices under the order and report any concerns"), ("JSW", "Write "
    "to the court seeking a variation of the order"), ("HEALTH", "Confirm the date of the next psychiatric "
    "review"), ("MAPPA_UNIT", "Chase the written report that was missing from this meeting"), ("JSW", "Refer "
    "{him} to the alcohol service and confirm attendance"), ("POLICE", "Update ViSOR with the new address and "
    "vehicle details"), ("CSW", "Ask the school to report any change in the children's presentation"),
    ("MAPPA_UNIT", "Invite the GP practice to the next meeting"), ("EM", "Review the curfew hours with the "
    "supervising officer"), ("POLICE", "Complete the disclosure agreed at this meeting and record the response"),
    ("HOUSING", "Seek a permanent tenancy offer suitable for an RSO"), ("SPS", "Send the release plan and "
    "programme report to the supervising officer"), ("DWP", "Confirm the benefit arrangements after the move"),
)
OUTCOME_NOTES = {"done": ("Completed on time.", "Done; report circulated.", ""),
                 "not_done_circumstances_changed": ("No longer needed after the change of address.",
                                                    "Overtaken by {his} return to custody."),
                 "not_done_by_agency": ("Not done: staff absence. Carried forward.", "Not done; the agency will "
                                        "report at the next meeting.")}
VICTIM = ("{partner} is supported by the domestic abuse service and knows how to contact the police directly.",
          "The victim of the index offence lives in {town2}; the exclusion zone protects her home and work.",
          "No identified victim; potential victims are children in the local community and the plan reflects that.",
          "The victim notification scheme has been updated; the victim asked not to be contacted again.",
          "Potential victims include any new partner; agencies will share news of a relationship at once.")
DIVERSITY = ("No diversity issues were identified.", "{He} has a mild learning disability; written material is "
             "kept short and read over with {him}.", "{He} has limited literacy; appointments are confirmed "
             "by phone.", "{His} first language is Gaelic; {he} is fluent in English and declined an interpreter.",
             "{He} uses a wheelchair; meetings with {him} are held on the ground floor.")
HOUSING = ("No change in accommodation since the last meeting.", "The tenancy at {street} remains suitable.",
           "A move to {town2} has been requested; a fresh risk assessment is needed first.", "{He} remains at "
           "{hostel}; move-on is being planned.")
RATIONALE = {
    "maintain": ("The risk remains high and the plan needs the commitment of several agencies at this level.",
                 "There has been progress but too little time to show it will last; the level is maintained."),
    "increase": ("Recent behaviour shows the risk is rising and senior managers need to commit resources.",
                 "The breach and the new intelligence call for the oversight of a higher level."),
    "decrease": ("The plan is working, {he} is engaging, and a single-agency lead with multi-agency support "
                 "is enough.", "The risk has reduced and is stable; the case can be managed at a lower level."),
    "exit": ("The notification period has ended and there are no current concerns.", "The risk can now be "
             "managed by the lead agency alone; MAPPA management ends."),
}
LIMITATIONS = ("Without the health report the assessment of {his} mental state rests on what {he} says.",
               "No report from the agency: the plan cannot confirm {his} benefit and address details.",
               "The absence of housing limited the discussion of the new address.")
