"""Issue 18 item 2: the meeting's contradictions are blocking findings of the self-audit (domain.completeness), each
named in a sentence, from the one module that holds the rules (domain.consistency_meeting)."""

from __future__ import annotations

import pytest

from mappa_desk.domain import completeness
from mappa_desk.domain.model import Person
from tests.domain.test_completeness import PROFILE, TODAY, complete


def _only_apologies(m):
    for row in m.attendance:
        row.status, row.confidentiality_agreed = "apologies", False
        row.report_received = True


def _two_names(m):
    m.attendance[1].person.uid = m.attendance[0].person.uid


def _set(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)


CASES = [
    ("someone present did not agree", lambda m: _set(m.attendance[1], confidentiality_agreed=False), "opening",
     "The record says everyone present agreed the confidentiality statement, but attendee 2 (Iona Balquhidder, "
     "Justice Social Work) is not recorded as agreeing: tick their agreement, or untick the meeting's."),
    ("someone absent agreed", lambda m: _set(m.attendance[2], confidentiality_agreed=True), "opening",
     "Attendee 3 (Local authority housing) is recorded as agreeing the confidentiality statement, but not as "
     "present."),
    ("a position of an agency not present", lambda m: _set(m.decisions[1].positions[1], agency="HOUSING"),
     "decisions", "Decision 2 records a position for Local authority housing, which is not recorded as present at "
                  "the meeting: only an agency present gives a position."),
    ("one person, two names", _two_names, "opening",
     "One person (the same uid) is named “Morag Inchcailloch” at meeting.chair and “Iona Balquhidder” at "
     "meeting.attendance[1].person: one person has one name. Check which is right."),
    ("an end before the start", lambda m: _set(m, start_time="14:00", end_time="03:21"), "opening",
     "The end time does not fit: the meeting would end at 03:21, before it started at 14:00."),
    ("only apologies, agreement recorded", _only_apologies, "opening",
     "Nobody is recorded as present, but the record says everyone present agreed the confidentiality statement: "
     "a meeting of only apologies records no agreement."),
]


@pytest.mark.parametrize("mutate, step, sentence", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_contradiction_is_a_blocking_finding_with_its_sentence(mutate, step, sentence):
    meeting, individual = complete()
    assert completeness.gaps(meeting, individual, PROFILE, today=TODAY) == []
    mutate(meeting)
    found = completeness.gaps(meeting, individual, PROFILE, today=TODAY)
    assert completeness.Gap(step, sentence, True) in found, found


def test_the_same_name_under_one_uid_is_one_person():
    meeting, individual = complete()
    meeting.coordinator = Person(" morag  inchcailloch ", uid=meeting.chair.uid)  # spacing and case only
    assert completeness.gaps(meeting, individual, PROFILE, today=TODAY) == []


def test_a_record_of_the_meeting_s_agreement_alone_speaks_for_everyone_present():
    """Made before the roll-call had a tick per person: no attendee's agreement is ticked, and the meeting's flag
    says everyone present agreed. Not a contradiction; the Minute says agreed by all present."""
    from mappa_desk.domain import consistency_meeting

    meeting, individual = complete()
    for row in meeting.attendance:
        row.confidentiality_agreed = False
    assert completeness.gaps(meeting, individual, PROFILE, today=TODAY) == []
    assert consistency_meeting.not_agreed(meeting) == []
    meeting.attendance[0].confidentiality_agreed = True  # person by person now: the second did not agree
    assert [row.person.full_name for row in consistency_meeting.not_agreed(meeting)] == ["Iona Balquhidder"]
    assert any(g.blocking and "attendee 2 (Iona Balquhidder" in g.text
               for g in completeness.gaps(meeting, individual, PROFILE, today=TODAY))
