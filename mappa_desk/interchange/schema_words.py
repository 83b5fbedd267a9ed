"""The words of the interchange JSON Schema: each object's title and description, and what each of its
properties that is not a declared field means. Only `interchange.schema` reads this; a declared field's words
(`Field.help`) and shapes (types, vocabularies, null) come from its declaration (domain/model.py). A property
with no words stops the generator."""

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

# object name in the schema: (title, description, {property: meaning of each property that is not a declared
# field: identities, lists and the previous meeting; a declared field says what it means itself, `Field.help`})
OBJECTS = {
    'Person': ('Person', 'Someone named in the record: a chair, minute-taker, co-ordinator or attendee.', {
        'uid': 'Identifier of this person, the same on every laptop.',
    }),
    'Order': ('Order', 'An order or statutory requirement the individual is subject to.', {
        'conditions': 'The conditions or requirements of the order, one per entry, as worded.',
    }),
    'Individual': ('Individual', 'The person managed under MAPPA whom the meeting is about.', {
        'aliases': 'Other names the individual is known by, one per entry.',
        'orders': 'Orders and statutory requirements in force.',
        'uid': 'Identifier of the individual, the same on every laptop.',
    }),
    'Attendance': ('Attendance', 'One line of the attendance list: an agency or person invited to the meeting.', {
    }),
    'AgendaItem': ('Agenda item', "One step of the meeting's agenda, with the time it took.", {
    }),
    'InformationItem': ('Information item', 'A piece of information shared at the meeting by an agency.', {
    }),
    'RiskScenario': ('Risk scenario', 'A plausible way a risk could come about.', {
    }),
    'Risk': ('Risk', 'A risk of serious harm to be managed under the risk management plan.', {
        'scenarios': 'Plausible scenarios for this risk.',
    }),
    'RmpMeasure': ('RMP measure', 'One measure in the risk management plan (RMP).', {
        'risk_numbers': 'Numbers of the risks in the same plan that this measure addresses, in ascending order.',
    }),
    'Contingency': ('Contingency', 'One line of the contingency plan: a warning sign and what is done about it.', {
    }),
    'Position': ('Position', "One agency's view on a decision.", {
    }),
    'OptionNotTaken': ('Option not taken', 'A course of action considered but not taken.', {
    }),
    'Decision': ('Decision', 'A decision of the meeting, with its reasoning and any dissent.', {
        'positions': "Each agency's stated view, where recorded; shows who disagreed and why.",
        'options_not_taken': 'Courses of action considered and not taken, with reasons.',
    }),
    'Disclosure': ('Disclosure', 'A disclosure considered by the meeting: made, or not made and why.', {
    }),
    'Action': ('Action', 'An action agreed at a meeting.', {
        'uid': 'Identifier of the action, the same on every laptop; a review refers to it.',
    }),
    'Circulation': ('Circulation', "One line of the Minute's circulation list: who received which document, when.", {
    }),
    'ProtectedPerson': ('Protected person or place', "A person or place the record protects: every mention of it is masked in what leaves the Minute and RMP (the Executive Summary, letters, the tribunal statement, the projector).", {
    }),
    'PreviousMeeting': ('Previous meeting', 'What a review meeting needs of the meeting before it: its plan and its actions, with the outcomes recorded at the review.', {
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
        'attendance': 'Everyone invited, with whether they attended.',
        'agenda': 'The agenda, in order, with the time spent on each item.',
        'information': 'Information shared by agencies, in the order given.',
        'risks': 'The risks to be managed, in number order.',
        'rmp_measures': 'The measures of the risk management plan.',
        'contingencies': 'The contingency plan.',
        'decisions': 'Decisions of the meeting, with their reasoning.',
        'disclosures': 'Disclosures considered.',
        'actions': 'Actions agreed at this meeting.',
        'circulation': "The Minute's circulation list: who received which document of the meeting, and when.",
        'protected_persons': 'The people and places protected from release (victims, children, partners, their addresses, schools and workplaces).',
        'previous': "For a review: the previous meeting's plan and actions, with the actions' outcomes; null for an initial meeting.",
        'uid': 'Identifier of this meeting, the same on every laptop.',
    }),
}
