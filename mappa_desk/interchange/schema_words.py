"""The words of the interchange JSON Schema: each object's title and description, and what each of its
properties means. Only `interchange.schema` reads this; the shapes (types, vocabularies, null) come from the
record's declarations (domain.record). A property with no words here stops the generator."""

from __future__ import annotations

DESCRIPTION = ('One MAPPA Level 2/3 meeting with the individual it is about, as exported and imported by MAPPA Desk. The content is OFFICIAL-SENSITIVE: handle every file accordingly. Every field is always present (null where there is no value). Agencies are referred to by the codes in the jurisdiction profile. See docs/interchange.md.')

COMMENT = ("Objects that may be null are written as if/else rather than anyOf, so that a validator reports the bad field inside the object rather than the whole object. Patterns use [0-9] rather than \\d, which in some regex engines matches non-ASCII digits. Fixed-length values also carry minLength and maxLength, because in some regex engines (Python's among them) $ also matches before a final newline.")

TOP = {
    'format': 'Always "mappa-desk-meeting": marks this as a MAPPA Desk meeting file.',
    'version': 'Version of this format. A reader refuses a version it does not know.',
    'exported_at': 'When the file was exported: a UTC instant, e.g. 2026-11-21T15:04:05Z.',
    'individual': 'The individual the meeting is about.',
    'meeting': 'The meeting.',
}

# object name in the schema: (title, description, {property: meaning})
OBJECTS = {
    'Person': ('Person', 'Someone named in the record: a chair, minute-taker, co-ordinator or attendee.', {
        'full_name': "The person's full name, as it appears in the minute.",
        'role': 'Their job or role, e.g. "MAPPA Co-ordinator"; empty if not recorded.',
        'rank': 'Police rank or grade, where one is used; empty if none.',
        'agency': 'Code of the agency they work for, or null if none is recorded.',
        'uid': 'Identifier of this person, the same on every laptop.',
    }),
    'Order': ('Order', 'An order or statutory requirement the individual is subject to.', {
        'kind': 'The kind of order or requirement (e.g. SHPO, SRO, licence).',
        'description': 'Description of the order, e.g. the court, date made and its terms.',
        'start_date': 'Date the order began (YYYY-MM-DD), or null if not known.',
        'end_date': 'Date the order ends (YYYY-MM-DD), or null if it has no end date or it is not known.',
        'conditions': 'The conditions or requirements of the order, one per entry, as worded.',
    }),
    'Individual': ('Individual', 'The person managed under MAPPA whom the meeting is about.', {
        'family_name': 'Family name (surname). Must not be empty.',
        'category': 'MAPPA category: 1 registered sex offender, 2 restricted patient, 3 other risk of serious harm.',
        'current_level': 'Current MAPPA management level: 1, 2 or 3.',
        'given_names': 'Given names (forenames); empty if not known.',
        'date_of_birth': 'Date of birth (YYYY-MM-DD), or null if not known.',
        'visor_ref': 'ViSOR reference, or null if there is none. Never an empty string.',
        'lead_agency': 'Code of the lead agency for this individual, or null if not yet decided.',
        'rosh_level': 'Risk of serious harm (RoSH) level from the latest assessment, or null if not assessed.',
        'olr': 'True if the individual is subject to an order for lifelong restriction (OLR).',
        'restricted_patient_order': ('For a restricted patient (category 2), the order or direction they are '
            'subject to; empty string if none.'),
        'notes': 'General notes about the individual.',
        'aliases': 'Other names the individual is known by, one per entry.',
        'orders': 'Orders and statutory requirements in force.',
        'uid': 'Identifier of the individual, the same on every laptop.',
    }),
    'Attendance': ('Attendance', 'One line of the attendance list: an agency or person invited to the meeting.', {
        'status': 'Whether they were invited (not yet known), present, gave apologies or did not attend.',
        'agency': 'Code of the agency represented, or null if they attend for no agency.',
        'person': 'The person attending or invited, or null where only the agency is known.',
        'capacity': 'The capacity in which they attend, e.g. "Lead officer"; empty if not recorded.',
        'arrived_at': 'Time they arrived (HH:MM), or empty if there from the start or not recorded.',
        'left_at': 'Time they left (HH:MM), or empty if there to the end or not recorded.',
        'report_received': 'True if the agency sent a written report (the question matters when it was absent).',
        'limitation': 'Any limitation on the assessment or plan because this agency was absent or sent no report.',
        'confidentiality_agreed': 'True if they agreed the confidentiality statement.',
    }),
    'AgendaItem': ('Agenda item', "One step of the meeting's agenda, with the time it took.", {
        'step_key': 'Key of the step in the meeting template, e.g. "introductions".',
        'title': "The item's heading as shown to the meeting.",
        'state': 'Whether the item was not started, in progress, done or skipped.',
        'skip_reason': 'Why the item was skipped; empty unless it was.',
        'allocated_seconds': 'Time allowed for the item, in seconds; 0 if none was set.',
        'seconds_spent': 'Time actually spent on the item, in seconds.',
    }),
    'InformationItem': ('Information item', 'A piece of information shared at the meeting by an agency.', {
        'text': 'The information shared, as minuted.',
        'source_agency': 'Code of the agency that shared it, or null if not recorded.',
        'shareable': 'True if it may appear in the releasable executive summary; false keeps it to the full minute.',
    }),
    'RiskScenario': ('Risk scenario', 'A plausible way a risk could come about.', {
        'context': 'The setting or circumstances in which the harm could happen.',
        'what': 'What harm could happen.',
        'who_at_risk': 'Who would be harmed: victims and potential victims.',
        'when_likely': 'When it is most likely, e.g. warning signs, times or events.',
        'how': 'How it would come about.',
        'why': 'Why the individual would act in this way (motivation, drivers).',
        'seriousness': 'Likely seriousness of the harm if it happened, or null if not assessed.',
    }),
    'Risk': ('Risk', 'A risk of serious harm to be managed under the risk management plan.', {
        'number': ('Number of the risk in this plan (1, 2, 3 ...); unique within the plan. RMP measures refer to'
            ' risks by this number.'),
        'kind': 'The kind of risk, e.g. "Sexual offending", "Domestic abuse", "Stalking".',
        'description': 'Description of the risk.',
        'strategy_rationale': 'The rationale for the strategy chosen to manage this risk.',
        'scenarios': 'Plausible scenarios for this risk.',
    }),
    'RmpMeasure': ('RMP measure', 'One measure in the risk management plan (RMP).', {
        'heading': ('RMP heading: supervision, monitoring and control, interventions and treatment, or victim '
            'safety planning.'),
        'description': 'What will be done.',
        'agency': 'Code of the agency responsible, or null if not assigned.',
        'person_name': 'Name of the person responsible; empty if not named.',
        'timescale': 'When or how often, e.g. "Weekly" or "By 31 January"; empty if not set.',
        'risk_numbers': 'Numbers of the risks in the same plan that this measure addresses, in ascending order.',
    }),
    'Contingency': ('Contingency', ('One line of the contingency plan: a warning sign and what is done '
            'about it.'), {
        'trigger': 'The early warning sign or trigger.',
        'response': 'What will be done if it happens.',
        'agency': 'Code of the agency that will act, or null if not assigned.',
        'person_name': 'Name of the person who will act; empty if not named.',
    }),
    'Position': ('Position', "One agency's view on a decision.", {
        'agency': 'Code of the agency whose view this is.',
        'stance': "The agency's view: agree, disagree or abstain.",
        'reason': "The agency's reason, above all when it disagreed.",
    }),
    'OptionNotTaken': ('Option not taken', 'A course of action considered but not taken.', {
        'option_text': 'The course of action considered, e.g. disclosure to a third party.',
        'reason': 'Why it was not taken.',
    }),
    'Decision': ('Decision', 'A decision of the meeting, with its reasoning and any dissent.', {
        'question': 'The question the meeting had to decide.',
        'outcome': 'Consensus, decided with recorded dissent, or deferred.',
        'options_considered': 'The options discussed, with the reasons for and against.',
        'decision_text': 'What was decided.',
        'rationale': 'Why it was decided.',
        'how_proceeded': 'Where there was dissent, how the meeting agreed to proceed.',
        'positions': "Each agency's stated view, where recorded; shows who disagreed and why.",
        'options_not_taken': 'Courses of action considered and not taken, with reasons.',
    }),
    'Disclosure': ('Disclosure', 'A disclosure considered by the meeting: made, or not made and why.', {
        'made': 'True if disclosure is to be made; false if it was considered and not made.',
        'to_whom': 'To whom the disclosure is (or would have been) made.',
        'what': 'What is to be disclosed.',
        'by_agency': 'Code of the agency making the disclosure, or null.',
        'by_person': 'Name of the person making the disclosure; empty if not named.',
        'by_when': 'Date by which disclosure is to be made (YYYY-MM-DD), or null.',
        'reason_not_made': 'Why disclosure is not being made; empty if it is.',
    }),
    'Action': ('Action', 'An action agreed at a meeting.', {
        'description': 'What is to be done.',
        'person_name': 'Who will do it; empty if not named.',
        'agency': 'Code of the agency responsible, or null.',
        'due_date': 'Date by which it is to be done (YYYY-MM-DD), or null.',
        'status': 'Open or closed.',
        'outcome': ('Outcome recorded at the review meeting: done, not done because circumstances changed, or '
            'not done by the agency; null until reviewed.'),
        'outcome_note': 'Comment on the outcome, e.g. why it was not done.',
        'uid': 'Identifier of the action, the same on every laptop; a review refers to it.',
    }),
    'PreviousMeeting': ('Previous meeting', ('What a review meeting needs of the meeting before it: its '
            'plan and its actions, with the outcomes recorded at the review.'), {
        'uid': 'Identifier of the previous meeting.',
        'kind': 'Whether the previous meeting was an initial or a review meeting.',
        'level': 'The level at which the previous meeting was held: 2 or 3.',
        'meeting_date': 'Date of the previous meeting (YYYY-MM-DD).',
        'review_date': 'The review date set at the previous meeting (YYYY-MM-DD), or null.',
        'risks': "The risks in the previous meeting's plan.",
        'rmp_measures': "The measures in the previous meeting's plan.",
        'contingencies': "The previous meeting's contingency plan.",
        'actions': 'The actions set at the previous meeting, each with the outcome recorded at this review.',
    }),
    'Meeting': ('Meeting', 'One MAPPA Level 2 or 3 meeting about the individual.', {
        'individual_uid': 'uid of the individual the meeting is about; must equal individual.uid.',
        'kind': 'Initial or review meeting.',
        'level': 'The level at which the meeting is held: 2 or 3 (MAPPP).',
        'meeting_date': 'Date of the meeting (YYYY-MM-DD).',
        'start_time': 'Time the meeting started (HH:MM), or empty if not recorded.',
        'end_time': 'Time the meeting ended (HH:MM), or empty if not recorded.',
        'location': 'Where the meeting was held, e.g. a room or "Video call"; empty if not recorded.',
        'chair': 'The chair, or null if not recorded.',
        'minute_taker': 'The minute-taker, or null if not recorded.',
        'coordinator': 'The MAPPA Co-ordinator, or null if not recorded.',
        'lead_agency': 'Code of the lead agency for this meeting, or null.',
        'status': ('Where the meeting and its minute stand: planned, in progress, held, draft minute, cleared by'
            ' chair, circulated for comment, final, or cancelled.'),
        'confidentiality_agreed': 'True if everyone present agreed the confidentiality statement at the start.',
        'confidentiality_agreed_at': 'Time the confidentiality statement was agreed (HH:MM), or empty.',
        'individual_informed_by': ('Who is to tell the individual about the meeting and its outcome, e.g. the '
            'lead officer; empty if not recorded.'),
        'rosh_level': 'Risk of serious harm (RoSH) level agreed at this meeting, or null.',
        'victim_issues': 'Victim and potential victim issues considered.',
        'diversity_issues': 'Diversity issues considered.',
        'housing_notes': 'Housing, including the suitability of environmentally risk-assessed properties.',
        'level_decision': 'Level decision: increase, maintain, decrease, or exit MAPPA; null if not yet made.',
        'level_after': ('The MAPPA level after this meeting (1, 2 or 3), or null if not yet decided (also null '
            'on exit).'),
        'level_rationale': 'The reasons for the level decision.',
        'review_date': 'Formal review date of the risk management plan (YYYY-MM-DD), or null.',
        'next_meeting_date': 'Date of the next meeting (YYYY-MM-DD), or null if none is set.',
        'tribunal_recommendation': ('Restricted patients: what the Responsible Medical Officer recommends to a '
            'Mental Health Tribunal (guidance 11.20); empty when there is none.'),
        'tribunal_position': "The MAPPA group's position on that recommendation; empty when not stated.",
        'attendance': 'Everyone invited, with whether they attended.',
        'agenda': 'The agenda, in order, with the time spent on each item.',
        'information': 'Information shared by agencies, in the order given.',
        'risks': 'The risks to be managed, in number order.',
        'rmp_measures': 'The measures of the risk management plan.',
        'contingencies': 'The contingency plan.',
        'decisions': 'Decisions of the meeting, with their reasoning.',
        'disclosures': 'Disclosures considered.',
        'actions': 'Actions agreed at this meeting.',
        'previous': ("For a review: the previous meeting's plan and actions, with the actions' outcomes; null "
            'for an initial meeting.'),
        'uid': 'Identifier of this meeting, the same on every laptop.',
    }),
}
