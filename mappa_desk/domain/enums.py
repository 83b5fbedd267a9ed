"""The closed vocabularies of the record, with the words a user sees (British English).

The database CHECK constraints (storage/schema) and the interchange schema
(interchange/meeting.schema.json) use exactly these values; a test holds the
three together.
"""

from __future__ import annotations

CATEGORIES = {
    1: "Category 1: registered sex offender",
    2: "Category 2: restricted patient",
    3: "Category 3: other risk of serious harm",
}
LEVELS = {1: "Level 1", 2: "Level 2", 3: "Level 3 (MAPPP)"}
MEETING_LEVELS = (2, 3)

ROSH_LEVELS = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"}

RESTRICTED_PATIENT_ORDERS = {
    "": "None",
    "compulsion_restriction_order": "Compulsion order with restriction order",
    "hospital_direction": "Hospital direction",
    "transfer_for_treatment_direction": "Transfer for treatment direction",
}

ORDER_KINDS = {
    "sonr": "Sex offender notification requirements",
    "shpo": "Sexual harm prevention order",
    "sopo": "Sexual offences prevention order",
    "sro": "Supervised release order",
    "licence": "Licence",
    "olr": "Order for lifelong restriction",
    "restriction_order": "Restriction order",
    "sexual_risk_order": "Sexual risk order",
    "written_instruction": "Written instruction",
    "other": "Other order or condition",
}

MEETING_KINDS = {"initial": "Initial", "review": "Review"}

MEETING_STATUSES = {
    "planned": "Planned", "in_progress": "In progress", "held": "Held", "draft": "Draft minute",
    "cleared": "Cleared by chair", "circulated": "Circulated for comment", "final": "Final",
    "cancelled": "Cancelled",
}

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

DECISION_OUTCOMES = {
    "consensus": "Consensus",
    "decided_with_dissent": "Decided with recorded dissent",
    "deferred": "Deferred",
}

STANCES = {"agree": "Agree", "disagree": "Disagree", "abstain": "Abstain"}

LEVEL_DECISIONS = {"increase": "Increase", "maintain": "Maintain", "decrease": "Decrease", "exit": "Exit MAPPA"}

ACTION_STATUSES = {"open": "Open", "closed": "Closed"}

ACTION_OUTCOMES = {
    "done": "Done",
    "not_done_circumstances_changed": "Not done: circumstances changed",
    "not_done_by_agency": "Not done by the agency",
}

# Guidance 11.20: what the Responsible Medical Officer recommends to a Mental Health Tribunal
# for a restricted patient, and the MAPPA group's position on it.
TRIBUNAL_RECOMMENDATIONS = {
    "": "None",
    "unescorted_suspension": "unescorted suspension of detention",
    "conditional_discharge": "conditional discharge",
    "revocation_restriction_order": "revocation of the restriction order",
}
TRIBUNAL_POSITIONS = {"": "Not stated", "supports": "supports", "does_not_support": "does not support"}

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
