"""Working days in Scotland, and every clock that counts them (domain brief section 4, guidance 11.15).

Every expected date below was worked out by hand on a calendar; the comment beside it shows the count.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date

import pytest

from mappa_desk import paths
from mappa_desk.domain import clocks
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, GUIDANCE_CLOCKS, Profile, load_profile
from mappa_desk.domain.working_days import Holiday, WorkingCalendar, load_local_holidays, working_calendar
from mappa_desk.errors import UserFacingError

PROFILE = load_profile(DEFAULT_JURISDICTION)
CLOCKS = PROFILE.clocks
SCOTLAND = WorkingCalendar("GB", "SCT")


# -- the calendar ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize("start, expected", [
    (date(2026, 11, 20), date(2026, 11, 23)),  # Fri -> Mon: the weekend is skipped
    (date(2026, 11, 21), date(2026, 11, 23)),  # Sat -> Mon: counting starts after the day, whatever it is
    (date(2026, 11, 22), date(2026, 11, 23)),  # Sun -> Mon
    (date(2026, 11, 23), date(2026, 11, 24)),  # Mon -> Tue
    (date(2026, 11, 27), date(2026, 12, 1)),  # Fri -> Tue: Mon 30 Nov 2026 is St Andrew's Day
    (date(2025, 11, 28), date(2025, 12, 2)),  # Fri -> Tue: St Andrew's Day on Sun 30 Nov 2025, substitute Mon 1 Dec
    (date(2030, 11, 29), date(2030, 12, 3)),  # Fri -> Tue: St Andrew's Day on Sat 30 Nov 2030, substitute Mon 2 Dec
    (date(2026, 12, 24), date(2026, 12, 29)),  # Thu -> Tue: Christmas Fri 25, Boxing Day Sat 26 -> substitute Mon 28
    (date(2027, 12, 24), date(2027, 12, 29)),  # Fri -> Wed: Christmas Sat and Boxing Day Sun -> substitutes Mon 27, Tue 28
    (date(2032, 12, 24), date(2032, 12, 29)),  # Fri -> Wed: the same shape in 2032
    (date(2030, 12, 31), date(2031, 1, 3)),  # Tue -> Fri: 1 and 2 January (Wed, Thu) are both holidays in Scotland
    (date(2026, 12, 31), date(2027, 1, 5)),  # Thu -> Tue: Fri 1 Jan; 2 Jan is a Saturday -> substitute Mon 4 Jan
    (date(2027, 3, 25), date(2027, 3, 29)),  # Thu -> Mon: Good Friday 26 Mar skipped; Easter Monday is worked
    (date(2027, 4, 30), date(2027, 5, 4)),  # Fri -> Tue: early May bank holiday Mon 3 May
    (date(2027, 5, 28), date(2027, 6, 1)),  # Fri -> Tue: spring bank holiday Mon 31 May
    (date(2027, 7, 30), date(2027, 8, 3)),  # Fri -> Tue: Scotland's summer holiday, first Monday of August (2 Aug)
    (date(2027, 8, 27), date(2027, 8, 30)),  # Fri -> Mon: 30 Aug is England's summer holiday, not Scotland's
])
def test_the_next_working_day(start, expected):
    assert SCOTLAND.add_working_days(start, 1) == expected


@pytest.mark.parametrize("day, name", [
    (date(2027, 1, 1), "New Year's Day"),
    (date(2027, 1, 2), "New Year Holiday"),  # Scotland has both 1 and 2 January
    (date(2027, 3, 26), "Good Friday"),
    (date(2027, 11, 30), "Saint Andrew's Day"),
    (date(2027, 12, 27), "Christmas Day (observed)"),
    (date(2027, 12, 28), "Boxing Day (observed)"),
    (date(2027, 8, 2), "Summer Bank Holiday"),
])
def test_the_scottish_holidays_by_name(day, name):
    assert SCOTLAND.holiday_name(day) == name
    assert not SCOTLAND.is_working_day(day)


@pytest.mark.parametrize("day", [
    date(2027, 3, 29),  # Easter Monday: a bank holiday in England and Wales, not in Scotland
    date(2027, 8, 30),  # the last Monday of August: England's summer holiday
    date(2027, 1, 5),
])
def test_days_that_are_holidays_elsewhere_but_worked_in_scotland(day):
    assert SCOTLAND.holiday_name(day) is None
    assert SCOTLAND.is_working_day(day)


def test_weekends_are_not_working_days_nor_holidays():
    assert not SCOTLAND.is_working_day(date(2026, 11, 21))
    assert not SCOTLAND.is_working_day(date(2026, 11, 22))
    assert SCOTLAND.holiday_name(date(2026, 11, 21)) is None


def test_counting_and_measuring_working_days():
    assert SCOTLAND.add_working_days(date(2026, 11, 21), 0) == date(2026, 11, 21)  # nothing to count
    with pytest.raises(ValueError):
        SCOTLAND.add_working_days(date(2026, 11, 21), -1)
    # Tue 22 Dec 2026 to Tue 5 Jan 2027: 23, 24, 29, 30, 31 Dec and 5 Jan (25, 28 Dec, 1, 4 Jan are holidays)
    assert SCOTLAND.working_days_between(date(2026, 12, 22), date(2027, 1, 5)) == 6
    assert SCOTLAND.working_days_between(date(2026, 12, 22), date(2026, 12, 22)) == 0
    assert SCOTLAND.working_days_between(date(2027, 1, 5), date(2026, 12, 22)) == 0


def test_a_year_of_holidays_lists_them_in_order():
    listed = SCOTLAND.holidays_in(2027)
    assert [h.day for h in listed] == sorted(h.day for h in listed)
    assert Holiday(date(2027, 5, 3), "May Day") in listed
    assert not any(h.local for h in listed)


# -- local holidays from the settings file --------------------------------------------------------------------

def _local_file(tmp_path, content) -> object:
    path = tmp_path / "local_holidays.json"
    path.write_text(content if isinstance(content, str) else json.dumps(content), encoding="utf-8")
    return path


def test_a_local_holiday_is_skipped(tmp_path):
    # An invented local holiday: Monday 19 July 2027.
    path = _local_file(tmp_path, {"note": "test", "holidays": [{"date": "2027-07-19", "name": "Test  Fair Monday"}]})
    local = WorkingCalendar("GB", "SCT", load_local_holidays(path))
    assert local.add_working_days(date(2027, 7, 16), 1) == date(2027, 7, 20)  # Fri -> Tue: Mon 19 is the local holiday
    assert SCOTLAND.add_working_days(date(2027, 7, 16), 1) == date(2027, 7, 19)  # without it, Mon
    # Each calendar keeps its own sums (What is due asks for the same ones at every listing): asked again, the same.
    assert [c.add_working_days(date(2027, 7, 16), 1) for c in (SCOTLAND, local)] == [date(2027, 7, 19),
                                                                                      date(2027, 7, 20)]
    assert local.holiday_name(date(2027, 7, 19)) == "Test Fair Monday"
    assert Holiday(date(2027, 7, 19), "Test Fair Monday", local=True) in local.holidays_in(2027)


def test_a_local_holiday_on_a_bank_holiday_keeps_the_public_name(tmp_path):
    path = _local_file(tmp_path, [{"date": "2027-08-02", "name": "Local summer holiday"}])  # a bare list is read too
    local = WorkingCalendar("GB", "SCT", load_local_holidays(path))
    assert local.holiday_name(date(2027, 8, 2)) == "Summer Bank Holiday"
    assert local.add_working_days(date(2027, 7, 30), 1) == date(2027, 8, 3)


@pytest.mark.parametrize("content", [
    "{not json",
    {"holidays": "2027-07-19"},
    {"holidays": [{"date": "19/07/2027", "name": "Fair"}]},
    {"holidays": [{"date": "2027-07-19"}]},
    {"holidays": [{"date": "2027-07-19", "name": "  "}]},
    {"holidays": [{"date": 20270719, "name": "Fair"}]},
    {"holidays": ["2027-07-19"]},
    "42",
], ids=["not json", "not a list", "date the wrong way", "no name", "blank name", "date a number", "bare date",
        "a number"])
def test_a_malformed_local_holidays_file_is_named_in_a_plain_sentence(tmp_path, content):
    path = _local_file(tmp_path, content)
    with pytest.raises(UserFacingError) as raised:
        load_local_holidays(path)
    message = str(raised.value)
    assert str(path) in message and "Error" not in message and "Traceback" not in message


def test_no_local_holidays_file_means_no_local_holidays(tmp_path):
    assert load_local_holidays(tmp_path / "absent.json") == ()


def test_the_shipped_local_holidays_file_reads_and_says_why_it_is_empty():
    path = paths.jurisdiction_dir("scotland") / "local_holidays.json"
    assert load_local_holidays(path) == ()
    note = json.loads(path.read_text(encoding="utf-8"))["note"]
    assert "local authority" in note and "YYYY-MM-DD" in note


def test_the_profile_calendar_is_built_once_and_reads_its_local_file(tmp_path, monkeypatch):
    assert working_calendar(PROFILE) is working_calendar(PROFILE)
    (tmp_path / "scotland").mkdir()
    _local_file(tmp_path / "scotland", {"holidays": [{"date": "2027-07-19", "name": "Fair Monday"}]})
    monkeypatch.setattr(paths, "templates_dir", lambda: tmp_path)
    local = working_calendar(PROFILE)
    assert local.holiday_name(date(2027, 7, 19)) == "Fair Monday"
    _local_file(tmp_path / "scotland", "{broken")
    with pytest.raises(UserFacingError, match="local_holidays.json"):
        working_calendar(PROFILE)


def test_an_unknown_holiday_calendar_is_a_plain_sentence():
    odd = Profile("scotland", "Scotland", (), replace(GUIDANCE_CLOCKS, holiday_subdivision="XYZ"))
    with pytest.raises(UserFacingError, match="holiday_subdivision"):
        working_calendar(odd)


# -- the clocks, from the profile ------------------------------------------------------------------------------

def test_the_shipped_profile_carries_every_clock_of_the_domain_brief():
    assert (CLOCKS.notification_days_after_sentence, CLOCKS.referral_working_days_after_notification,
            CLOCKS.referral_working_days_after_sentence) == (3, 5, 8)
    assert (CLOCKS.holiday_country, CLOCKS.holiday_subdivision, CLOCKS.local_holidays_file) == \
        ("GB", "SCT", "local_holidays.json")


def test_notification_is_three_calendar_days_after_sentence():
    # Thu 24 Dec 2026 + 3 calendar days = Sun 27 Dec: holidays and weekends count
    assert clocks.notification_due(date(2026, 12, 24), CLOCKS) == date(2026, 12, 27)


@pytest.mark.parametrize("sentence, notified, expected", [
    # Notified Wed 25 Nov 2026 + 5: Thu 26 (1), Fri 27 (2), [Mon 30 St Andrew's], Tue 1 Dec (3), Wed 2 (4), Thu 3 (5).
    # Sentence Mon 23 Nov + 8: Tue 24, Wed 25, Thu 26, Fri 27, Tue 1, Wed 2, Thu 3, Fri 4 Dec. The earlier: 3 Dec.
    (date(2026, 11, 23), date(2026, 11, 25), date(2026, 12, 3)),
    # A late notification, Fri 27 Nov + 5: Tue 1, Wed 2, Thu 3, Fri 4, Mon 7 Dec; the sentence's 4 Dec governs.
    (date(2026, 11, 23), date(2026, 11, 27), date(2026, 12, 4)),
    (date(2026, 11, 23), None, date(2026, 12, 4)),  # only the sentence is known
    (None, date(2026, 11, 25), date(2026, 12, 3)),  # only the notification is known
    (None, None, None),
])
def test_referral_deadline(sentence, notified, expected):
    assert clocks.referral_due(sentence, notified, CLOCKS, SCOTLAND) == expected


def test_initial_level_2_meeting_is_20_working_days_after_referral():
    # Referred Fri 11 Dec 2026. Mon 14 (1) .. Fri 18 (5), Mon 21 (6) .. Thu 24 (9), [Fri 25, Mon 28 Dec],
    # Tue 29 (10), Wed 30 (11), Thu 31 (12), [Fri 1 Jan, Mon 4 Jan], Tue 5 (13) .. Fri 8 (16),
    # Mon 11 (17), Tue 12 (18), Wed 13 (19), Thu 14 Jan 2027 (20).
    assert clocks.initial_meeting_due(date(2026, 12, 11), 2, CLOCKS, SCOTLAND) == date(2027, 1, 14)


def test_initial_level_3_meeting_is_5_working_days_after_referral():
    # Referred Thu 25 Mar 2027. [Good Friday 26], Mon 29 (1; Easter Monday is worked), Tue 30 (2), Wed 31 (3),
    # Thu 1 Apr (4), Fri 2 Apr (5).
    assert clocks.initial_meeting_due(date(2027, 3, 25), 3, CLOCKS, SCOTLAND) == date(2027, 4, 2)


def test_no_initial_meeting_clock_at_level_1():
    assert clocks.initial_meeting_due(date(2027, 3, 25), 1, CLOCKS, SCOTLAND) is None
    assert clocks.initial_meeting_due(date(2027, 3, 25), None, CLOCKS, SCOTLAND) is None


@pytest.mark.parametrize("meeting, draft, final", [
    # Tue 24 Nov 2026. Draft: Wed 25 (1), Thu 26 (2), Fri 27 (3), [Mon 30 St Andrew's], Tue 1 Dec (4), Wed 2 (5).
    # Final: Thu 3 (6), Fri 4 (7), Mon 7 (8), Tue 8 (9), Wed 9 Dec (10).
    (date(2026, 11, 24), date(2026, 12, 2), date(2026, 12, 9)),
    # Mon 21 Dec 2026. Draft: Tue 22 (1), Wed 23 (2), Thu 24 (3), [Fri 25, Mon 28], Tue 29 (4), Wed 30 (5).
    # Final: Thu 31 (6), [Fri 1 Jan, Sat 2 Jan, Mon 4 Jan substitute], Tue 5 (7), Wed 6 (8), Thu 7 (9), Fri 8 Jan (10).
    (date(2026, 12, 21), date(2026, 12, 30), date(2027, 1, 8)),
    # Tue 23 Mar 2027. Draft: Wed 24 (1), Thu 25 (2), [Good Friday], Mon 29 (3), Tue 30 (4), Wed 31 (5).
    # Final: Thu 1 Apr (6), Fri 2 (7), Mon 5 (8), Tue 6 (9), Wed 7 Apr (10).
    (date(2027, 3, 23), date(2027, 3, 31), date(2027, 4, 7)),
    # Tue 20 Jul 2027. Draft: Wed 21 .. Fri 23 (3), Mon 26 (4), Tue 27 (5). Final: Wed 28 (6), Thu 29 (7),
    # Fri 30 (8), [Mon 2 Aug summer holiday], Tue 3 (9), Wed 4 Aug (10).
    (date(2027, 7, 20), date(2027, 7, 27), date(2027, 8, 4)),
])
def test_draft_and_final_minute_deadlines(meeting, draft, final):
    assert clocks.draft_due(meeting, CLOCKS, SCOTLAND) == draft
    assert clocks.final_due(meeting, CLOCKS, SCOTLAND) == final


def test_olr_review_is_twelve_calendar_months_after_the_latest_meeting():
    assert clocks.olr_review_due(date(2026, 11, 21), CLOCKS) == date(2027, 11, 21)
    assert clocks.olr_review_due(date(2028, 2, 29), CLOCKS) == date(2029, 2, 28)


def test_every_clock_follows_the_profile(tmp_path):
    doc = json.loads((paths.jurisdiction_dir("scotland") / "profile.json").read_text(encoding="utf-8"))
    doc["clocks"].update(notification_days_after_sentence=2, referral_working_days_after_notification=3,
                         referral_working_days_after_sentence=6, draft_minute_working_days=3,
                         final_minute_working_days=7, olr_review_months=6,
                         initial_meeting_working_days_by_level={"2": 10, "3": 2})
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    custom = load_profile(path=path).clocks
    assert clocks.notification_due(date(2026, 11, 23), custom) == date(2026, 11, 25)
    # Notified Mon 23 Nov + 3: Tue 24, Wed 25, Thu 26
    assert clocks.referral_due(None, date(2026, 11, 23), custom, SCOTLAND) == date(2026, 11, 26)
    # Sentence Mon 23 Nov + 6: Tue 24 .. Fri 27 (4), [Mon 30], Tue 1 Dec (5), Wed 2 Dec (6)
    assert clocks.referral_due(date(2026, 11, 23), None, custom, SCOTLAND) == date(2026, 12, 2)
    # Meeting Tue 24 Nov + 3: Wed 25, Thu 26, Fri 27; + 7: [Mon 30], Tue 1, Wed 2, Thu 3, Fri 4 Dec
    assert clocks.draft_due(date(2026, 11, 24), custom, SCOTLAND) == date(2026, 11, 27)
    assert clocks.final_due(date(2026, 11, 24), custom, SCOTLAND) == date(2026, 12, 4)
    # Referred Thu 25 Mar 2027 at Level 3 + 2: [Good Friday], Mon 29, Tue 30
    assert clocks.initial_meeting_due(date(2027, 3, 25), 3, custom, SCOTLAND) == date(2027, 3, 30)
    assert clocks.olr_review_due(date(2026, 11, 21), custom) == date(2027, 5, 21)


@pytest.mark.parametrize("change", [
    lambda c: c.pop("notification_days_after_sentence"),
    lambda c: c.update(referral_working_days_after_notification=0),
    lambda c: c.update(referral_working_days_after_sentence="8"),
    lambda c: c.update(referral_working_days_after_sentence=4),  # shorter than the one from notification
    lambda c: c.update(holiday_country=""),
    lambda c: c.update(holiday_subdivision=7),
    lambda c: c.update(local_holidays_file="../elsewhere.json"),
    lambda c: c.update(local_holidays_file="sub\\holidays.json"),
], ids=["no notification days", "zero", "text", "sentence before notification", "blank country",
        "subdivision a number", "a folder", "a windows folder"])
def test_a_broken_working_day_setting_is_named_in_a_plain_sentence(tmp_path, change):
    doc = json.loads((paths.jurisdiction_dir("scotland") / "profile.json").read_text(encoding="utf-8"))
    change(doc["clocks"])
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(UserFacingError) as raised:
        load_profile(path=path)
    assert str(path) in str(raised.value) and "clocks" in str(raised.value)
