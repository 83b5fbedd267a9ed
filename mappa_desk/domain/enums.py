"""The product's own closed vocabularies, with the words a user sees (British English).

Only what is not a jurisdiction's law lives here (levels, statuses, states, stances ...). The jurisdiction's
vocabularies (MAPPA categories, order kinds, restricted-patient orders, tribunal recommendations and positions)
are data in templates/<jurisdiction>/profile.json; read every vocabulary through domain.vocabularies.
"""

from __future__ import annotations

LEVELS = {1: "Level 1", 2: "Level 2", 3: "Level 3 (MAPPP)"}
MEETING_LEVELS = (2, 3)

ROSH_LEVELS = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"}

# Where the individual is (the MAPPA Minute's individual section, schema 0013); no value is "not recorded".
CUSTODY_STATUSES = {
    "community": "In the community",
    "remand": "In custody on remand",
    "sentenced": "In custody serving a sentence",
    "hospital": "In hospital",
}

MEETING_KINDS = {"initial": "Initial", "review": "Review"}

MEETING_STATUSES = {
    "planned": "Planned", "in_progress": "In progress", "held": "Held", "draft": "Draft minute",
    "cleared": "Cleared by chair", "circulated": "Circulated for comment", "final": "Final",
    "cancelled": "Cancelled",
}

# A meeting is *decided* once it has been held: its review date and plan count (services/home.py says how).
# Planned, in-progress and cancelled meetings have not (yet) fixed either.
DECIDED_STATUSES = ("held", "draft", "cleared", "circulated", "final")

ATTENDANCE_STATUSES = {
    "invited": "Invited", "present": "Present", "apologies": "Apologies",
    "did_not_attend": "Did not attend",
}

AGENDA_STATES = {"not_started": "Not started", "in_progress": "In progress", "done": "Done", "skipped": "Skipped"}

RMP_HEADINGS = {
    "supervision": "Supervision",
    "monitoring_control": "Monitoring and control",
    "interventions_treatment": "Interventions and treatment",
    "victim_safety": "Victim safety planning",
}

# Whether the meeting agreed the risk management plan (national document 6), as the chair records it.
PLAN_AGREEMENTS = {
    "agreed": "Agreed",
    "agreed_with_amendments": "Agreed with amendments",
    "not_agreed": "Not agreed",
}

DECISION_OUTCOMES = {
    "consensus": "Consensus",
    "decided_with_dissent": "Decided with recorded dissent",
    "deferred": "Deferred",
}

STANCES = {"agree": "Agree", "disagree": "Disagree", "abstain": "Abstain"}

LEVEL_DECISIONS = {"increase": "Increase", "maintain": "Maintain", "decrease": "Decrease", "exit": "Exit MAPPA"}

# Whether the meeting considered disclosure (guidance 11.23; official-documents.md 1.1 item 9): no value is "not
# considered yet"; "none_needed" is the outcome "considered, none needed" with its reason, without a disclosure row.
DISCLOSURE_CONSIDERATIONS = {
    "none_needed": "Considered: no disclosure is needed",
    "recorded": "Considered: the disclosure decisions are recorded below",
}

ACTION_STATUSES = {"open": "Open", "closed": "Closed"}

ACTION_OUTCOMES = {
    "done": "Done",
    "ongoing": "Ongoing",  # issue 17 item 2: still being done at the review; the action stays open
    "not_done_circumstances_changed": "Not done: circumstances changed",
    "not_done_by_agency": "Not done by the agency",
}

AGENCY_KINDS = {
    "responsible_authority": "Responsible authority",
    "duty_to_cooperate": "Duty to co-operate agency",
    "other": "Other",
}

# The lifecycle of a meeting's record (schema 0004, guidance 11.15-11.18).
RECORD_EVENTS = {
    "drafted": "Draft generated", "cleared": "Cleared by the chair", "circulated": "Circulated for comment",
    "made_final": "Made final", "addendum": "Addendum added", "audio_attached": "Audio recording attached",
    "audio_destroyed": "Audio recording destroyed",
}

# Requests for a Minute or RMP (guidance 11.19-11.25).
REQUEST_KINDS = {
    "subject_access": "Subject access request", "mental_health_tribunal": "Mental Health Tribunal",
    "third_party": "Third party", "agency": "Agency",
}
REQUEST_DOCUMENTS = {"minute": "Minute", "rmp": "Risk management plan", "minute_and_rmp": "Minute and RMP"}
REQUEST_DECISIONS = {
    "pending": "Not yet decided", "executive_summary": "Executive Summary sent",
    "released": "Released with the chair's approval", "refused": "Refused",
}

# issue 18 item 4: what a person or place the record protects from release is (domain/protect.py masks them).
PROTECTED_KINDS = {"victim": "Victim", "potential_victim": "Potential victim", "child": "Child", "partner": "Partner",
                   "address": "Address", "school": "School", "workplace": "Workplace", "other": "Other"}
PROTECTED_PEOPLE = ("victim", "potential_victim", "child", "partner")  # masked by name and by each name part
PROTECTED_PLACES = ("address", "school", "workplace")  # masked as a whole entry ("other" too, with its own words)
