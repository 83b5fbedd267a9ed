"""The review clock (guidance 11.7, 11.30) and the profile's clocks section it reads."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from mappa_desk import paths
from mappa_desk.domain import clocks
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, GUIDANCE_CLOCKS, Clocks, load_profile
from mappa_desk.errors import UserFacingError

CLOCKS = load_profile(DEFAULT_JURISDICTION).clocks
MEETING = date(2026, 11, 21)


def test_the_shipped_profile_carries_the_guidance_clocks():
    assert CLOCKS == GUIDANCE_CLOCKS
    assert CLOCKS.review_weeks_by_level == {2: 12, 3: 6}
    assert CLOCKS.initial_meeting_working_days_by_level == {2: 20, 3: 5}
    assert (CLOCKS.olr_review_months, CLOCKS.draft_minute_working_days, CLOCKS.final_minute_working_days) == \
        (12, 5, 10)


@pytest.mark.parametrize("level, decision, after, olr, latest", [
    (2, None, None, False, date(2027, 2, 13)),  # Level 2: 12 weeks
    (3, None, None, False, date(2027, 1, 2)),  # Level 3: 6 weeks
    (2, "maintain", 2, False, date(2027, 2, 13)),
    (2, "increase", 3, False, date(2027, 1, 2)),  # the level decided on governs
    (3, "decrease", 2, False, date(2027, 2, 13)),
    (2, "decrease", 1, False, None),  # Level 1 without an OLR: no review clock
    (2, "decrease", 1, True, date(2027, 11, 21)),  # OLR at Level 1: 12 calendar months
    (2, "maintain", 2, True, date(2027, 2, 13)),  # OLR at Level 2: the earlier limit, 12 weeks
    (3, "exit", None, False, None),
    (3, "exit", None, True, None),  # exit: no review is due
    (3, "decrease", None, False, date(2027, 1, 2)),  # level not recorded yet: the meeting's level governs
])
def test_latest_review_date(level, decision, after, olr, latest):
    assert clocks.latest_review_date(MEETING, level, decision, after, olr, CLOCKS) == latest


def test_the_olr_months_govern_when_they_end_first():
    slow = replace(CLOCKS, review_weeks_by_level={2: 60, 3: 6})
    assert clocks.latest_review_date(MEETING, 2, None, None, True, slow) == date(2027, 11, 21)
    assert clocks.review_date_problem(MEETING, date(2027, 12, 1), 2, None, None, True, slow) == (
        "Under an Order for Lifelong Restriction the plan is reviewed at least every 12 months: the latest "
        "allowed review date is 21 November 2027.")


def test_29_february_plus_twelve_months_is_28_february():
    assert clocks.latest_review_date(date(2028, 2, 29), 1, None, None, True, CLOCKS) == date(2029, 2, 28)
    assert clocks.add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert clocks.add_months(date(2026, 12, 31), 2) == date(2027, 2, 28)
    assert clocks.add_months(date(2026, 11, 30), 14) == date(2028, 1, 30)


@pytest.mark.parametrize("review, level, decision, after, olr, problem", [
    (date(2027, 2, 13), 2, None, None, False, None),  # on the last allowed day
    (date(2026, 11, 22), 3, None, None, False, None),
    (date(2027, 2, 14), 2, None, None, False,
     "Level 2 reviews are due within 12 weeks: the latest allowed review date is 13 February 2027."),
    (date(2027, 2, 13), 2, "increase", 3, False,
     "Level 3 reviews are due within 6 weeks: the latest allowed review date is 2 January 2027."),
    (None, 2, None, None, False, "No review date is recorded: Level 2 reviews are due within 12 weeks, so the "
                                 "latest allowed review date is 13 February 2027."),
    (None, 2, "decrease", 1, True, "No review date is recorded: under an Order for Lifelong Restriction the plan "
                                   "is reviewed at least every 12 months, so the latest allowed review date is "
                                   "21 November 2027."),
    (MEETING, 2, None, None, False, "The review date must be after the meeting date, 21 November 2026."),
    (date(2026, 11, 1), 2, None, None, False, "The review date must be after the meeting date, 21 November 2026."),
    (None, 3, "exit", None, False, None),  # no review needed
    (None, 2, "decrease", 1, False, None),
    (date(2028, 1, 1), 2, "decrease", 1, False, None),  # no clock runs, so any later date will do
])
def test_review_date_problem(review, level, decision, after, olr, problem):
    assert clocks.review_date_problem(MEETING, review, level, decision, after, olr, CLOCKS) == problem


# -- the clocks section of the profile ----------------------------------------------------------------------

def _profile_with(tmp_path, change) -> object:
    doc = json.loads((paths.jurisdiction_dir("scotland") / "profile.json").read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("change", [
    lambda doc: doc.pop("clocks"),
    lambda doc: doc.update(clocks=[]),
    lambda doc: doc["clocks"].pop("olr_review_months"),
    lambda doc: doc["clocks"].update(olr_review_months="12"),
    lambda doc: doc["clocks"].update(olr_review_months=True),
    lambda doc: doc["clocks"].update(draft_minute_working_days=0),
    lambda doc: doc["clocks"].update(final_minute_working_days=3),  # shorter than the draft clock
    lambda doc: doc["clocks"]["review_weeks_by_level"].pop("3"),
    lambda doc: doc["clocks"]["review_weeks_by_level"].update({"4": 2}),
    lambda doc: doc["clocks"]["review_weeks_by_level"].update({"two": 2}),
    lambda doc: doc["clocks"].update(initial_meeting_working_days_by_level=20),
], ids=["missing", "not an object", "no olr months", "text", "boolean", "zero", "final before draft",
        "level 3 missing", "level 4", "key not a level", "not by level"])
def test_a_broken_clocks_section_is_named_in_a_plain_sentence(tmp_path, change):
    path = _profile_with(tmp_path, change)
    with pytest.raises(UserFacingError) as raised:
        load_profile(path=path)
    message = str(raised.value)
    assert str(path) in message and "clocks" in message and "Error" not in message


def test_a_level_1_review_clock_may_be_configured(tmp_path):
    path = _profile_with(tmp_path, lambda doc: doc["clocks"]["review_weeks_by_level"].update({"1": 52}))
    profile = load_profile(path=path)
    assert profile.clocks.review_weeks_by_level == {1: 52, 2: 12, 3: 6}
    assert clocks.latest_review_date(MEETING, 2, "decrease", 1, False, profile.clocks) == date(2027, 11, 20)


def test_clocks_are_a_value():
    assert isinstance(CLOCKS, Clocks)
    with pytest.raises(AttributeError):
        CLOCKS.olr_review_months = 6  # type: ignore[misc]
