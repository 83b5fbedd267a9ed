"""Issue 18 item 2 where values are entered by hand: New individual and New meeting refuse the individual's
contradictions and an implausible meeting date with a sentence naming the field, writing nothing (fictional
data)."""

from __future__ import annotations

import datetime as _dt

import pytest

from mappa_desk.errors import InvalidInput
from mappa_desk.services import new_meeting as nm
from mappa_desk.services import records
from mappa_desk.services.individuals import IndividualRefused, NewIndividual, create_individual

TODAY = _dt.date(2026, 12, 7)


def _spec(**changes) -> NewIndividual:
    values = dict(family_name="Balgedie", given_names="Iain", date_of_birth="1981-02-14", visor_ref="VR/2026/0202",
                  category=1, current_level=2, lead_agency="POLICE", rosh_level="high")
    values.update(changes)
    return NewIndividual(**values)


@pytest.mark.parametrize("changes, field, words", [
    (dict(visor_ref="-- / --"), "visor_ref", "The ViSOR reference has no letter or digit"),
    (dict(visor_ref="VR/" + "9" * 70), "visor_ref", "longer than 60 characters"),
    (dict(category=3, rosh_level="medium"), "rosh_level", "The risk of serious harm cannot be Medium"),
    (dict(category=3, rosh_level="low"), "rosh_level", "which needs High or Very high"),
    (dict(category=3, current_level=1), "current_level", "has no Level 1: leaving Level 2 is recorded as exit"),
    (dict(category=2, lead_agency="HEALTH"), "restricted_patient_order", "The restricted patient order is not"),
    (dict(category=2, restricted_patient_order="hospital_direction"), "lead_agency", "is a health agency"),
], ids=["visor punctuation", "visor too long", "cat 3 medium", "cat 3 low", "cat 3 level 1", "cat 2 no order",
        "cat 2 police lead"])
def test_new_individual_refuses_a_contradiction(vault_session, changes, field, words):
    with pytest.raises(IndividualRefused) as refused:
        create_individual(vault_session, _spec(**changes), today=TODAY)
    assert refused.value.field == field and words in str(refused.value)
    assert vault_session.db.scalar("SELECT count(*) FROM individuals") == 0


def test_new_individual_takes_what_the_category_allows(vault_session):
    create_individual(vault_session, _spec(category=3, rosh_level="very_high", current_level=3), today=TODAY)
    create_individual(vault_session, _spec(category=2, lead_agency="HEALTH", visor_ref="VR/2026/0203",
                                           restricted_patient_order="hospital_direction", rosh_level="medium"),
                      today=TODAY)
    assert vault_session.db.scalar("SELECT count(*) FROM individuals") == 2


def _meeting(session, **changes):
    individual_id = session.db.scalar("SELECT id FROM individuals WHERE family_name = 'Cairnbrake'")
    defaults = nm.defaults(session, individual_id)
    values = dict(individual_id=individual_id, kind=defaults.kind, level=defaults.level,
                  meeting_date=(_dt.date.today() + _dt.timedelta(days=14)).isoformat(), start_time="10:30",
                  location=defaults.location, chair=defaults.chair or nm.Chair("Niall Corrieshaw", "Service Manager",
                                                                               "JSW"),
                  minute_taker_name=defaults.minute_taker_name, invitees=defaults.invitees)
    values.update(changes)
    return nm.NewMeeting(**values)


@pytest.mark.parametrize("when, words", [
    ("0001-01-01", "The meeting date is before MAPPA began in Scotland (30 April 2007). Check the year."),
    ("2006-12-31", "The meeting date is before MAPPA began in Scotland (30 April 2007). Check the year."),
    ("far", "The meeting date is more than 2 years from today. Check the year."),
])
def test_new_meeting_refuses_an_implausible_date(vault_session, when, words):
    records.load_demo(vault_session)
    if when == "far":
        when = (_dt.date.today() + _dt.timedelta(days=3 * 366)).isoformat()
    count = vault_session.db.scalar("SELECT count(*) FROM meetings")
    spec = _meeting(vault_session, kind="initial", meeting_date=when)
    with pytest.raises(InvalidInput) as refused:
        nm.create_meeting(vault_session, spec)
    assert str(refused.value) == words
    assert vault_session.db.scalar("SELECT count(*) FROM meetings") == count


def test_new_meeting_takes_a_date_within_the_years_allowed(vault_session):
    records.load_demo(vault_session)
    count = vault_session.db.scalar("SELECT count(*) FROM meetings")
    nm.create_meeting(vault_session, _meeting(vault_session, kind="initial",
                                              meeting_date=(_dt.date.today() + _dt.timedelta(days=600)).isoformat()))
    assert vault_session.db.scalar("SELECT count(*) FROM meetings") == count + 1
