"""domain.consistency_individual: the rules come from the profile, each decision where the issue was silent, and
the profile's individual_rules section is checked when it is loaded (fictional data)."""

from __future__ import annotations

import datetime as _dt
import json
import shutil

import pytest

from mappa_desk import paths
from mappa_desk.domain import consistency_individual as ci
from mappa_desk.domain.model import Individual, Order
from mappa_desk.domain.profile import load_profile
from mappa_desk.errors import UserFacingError

SCOTLAND = load_profile("scotland")
TODAY = _dt.date(2026, 12, 7)


def _problems(**changes):
    values = dict(family_name="Inverkip", category=1, current_level=2, lead_agency="POLICE", rosh_level="high",
                  visor_ref="VR/1", date_of_birth="1980-01-01")
    values.update(changes)
    return [(p.field, p.text) for p in ci.individual_problems(Individual(**values), SCOTLAND, TODAY)]


def test_a_plain_individual_has_no_problem():
    assert _problems() == []


@pytest.mark.parametrize("ref, ok", [
    (None, True), ("DEMO/0001", True), ("AB 1234", True), ("x" * 60, True),
    ("", False), ("  ", False), (" AB1", False), ("AB1\n2", False), ("---", False), ("x" * 61, False),
])
def test_visor_reference_shape(ref, ok):
    assert (ci.visor_ref_problem(ref) is None) == ok


def test_date_of_birth_bounds():
    assert ci.date_of_birth_problem("2026-12-06", TODAY) is None
    assert "not in the past" in ci.date_of_birth_problem("2026-12-07", TODAY)
    assert ci.date_of_birth_problem("1906-01-01", TODAY) is None
    assert "more than 120 years ago" in ci.date_of_birth_problem("1905-12-31", TODAY)


def test_meeting_date_bounds_come_from_the_profile():
    assert ci.meeting_date_problem("2007-04-30", SCOTLAND, TODAY) is None
    assert "before MAPPA began in Scotland (30 April 2007)" in ci.meeting_date_problem("2007-04-29", SCOTLAND, TODAY)
    assert ci.meeting_date_problem("2028-12-07", SCOTLAND, TODAY) is None
    assert "more than 2 years from today" in ci.meeting_date_problem("2028-12-08", SCOTLAND, TODAY)


def test_unassessed_rosh_does_not_contradict_category_3():
    assert _problems(category=3, rosh_level=None, lead_agency="JSW") == []


def test_order_dates():
    orders = [Order("sro", start_date="2026-05-01", end_date="2026-01-01")]
    assert _problems(orders=orders) == [("orders", "Order 1 ends before it starts. Check its dates.")]


@pytest.mark.parametrize("text, named", [
    ("His partner, Ms Dawn Keilloch", True), ("Sarah Lennox and her son", True), ("Mrs Lennox", True),
    ("A new partner", False), ("Children in the area", False), ("", False),
])
def test_a_named_victim(text, named):
    assert ci.names_a_victim(text) == named


def _testland(tmp_path, change):
    folder = tmp_path / "templates" / "testland"
    shutil.copytree(paths.jurisdiction_dir("scotland"), folder)
    doc = json.loads((folder / "profile.json").read_text(encoding="utf-8"))
    change(doc)
    (folder / "profile.json").write_text(json.dumps(doc), encoding="utf-8")
    return folder / "profile.json"


def test_the_rules_are_the_profiles(tmp_path):
    def change(doc):
        doc["individual_rules"]["mappa_start_date"] = "2001-04-02"
        doc["individual_rules"]["categories"]["3"]["rosh_levels"] = ["medium", "high", "very_high"]
    profile = load_profile(path=_testland(tmp_path, change))
    assert ci.meeting_date_problem("2003-01-01", profile, TODAY) is None
    individual = Individual("Inverkip", 3, 2, lead_agency="JSW", rosh_level="medium")
    assert ci.individual_problems(individual, profile, TODAY) == []
    assert ci.individual_problems(individual, SCOTLAND, TODAY) != []


@pytest.mark.parametrize("change, words", [
    (lambda d: d.pop("individual_rules"), "no valid individual_rules section"),
    (lambda d: d["individual_rules"].update(mappa_start_date="2007"), "mappa_start_date"),
    (lambda d: d["individual_rules"].update(health_agencies=["NHS"]), "health_agencies"),
    (lambda d: d["individual_rules"]["categories"].pop("3"), "one entry for each category"),
    (lambda d: d["individual_rules"]["categories"]["1"].update(levels=[4]), "category 1"),
    (lambda d: d["individual_rules"]["categories"]["1"].update(rosh_levels=["extreme"]), "category 1"),
])
def test_a_wrong_section_is_refused_when_the_profile_is_loaded(tmp_path, change, words):
    with pytest.raises(UserFacingError) as refused:
        load_profile(path=_testland(tmp_path, change))
    assert words in str(refused.value)


# -- a person named in the risks or victim issues is on the list protected from release (issue 18 item 4) -------

def _victims_record(victim_issues: str, protected=()):
    from mappa_desk.domain.model import Meeting, ProtectedPerson
    individual = Individual("Drumlachie", 1, 2, given_names="Calum Iain", aliases=["Cal Drummond"])
    meeting = Meeting(individual.uid, "initial", 2, "2026-11-20", victim_issues=victim_issues,
                      protected_persons=[ProtectedPerson(name, kind) for name, kind in protected])
    return meeting, individual


def _unlisted_warning(meeting, individual) -> list:
    return [f for f in ci.findings(meeting, individual, SCOTLAND, TODAY) if f.field == "protected_persons"]


@pytest.mark.parametrize("text, protected, warned", [
    ("Ms Sarah Lennox, his former partner, lives in Kirkton.", (), True),
    ("Sarah Lennox's new address is not known to him.", (), True),
    ("Ms Sarah Lennox, his former partner, lives in Kirkton.", (("Sarah Lennox", "victim"),), False),
    ("SARAH LENNOX and her son Kayla Lennox.", (("Sarah Lennox", "victim"),), True),  # the son is not listed
    ("SARAH LENNOX and her son Kayla Lennox.", (("Sarah Lennox", "victim"), ("Kayla Lennox", "child")), False),
    ("Calum Drumlachie and Cal Drummond have no known victim.", (), False),  # the individual's own names
    ("no named victim; the risk is to lone women in the town.", (), False),
])
def test_a_person_named_as_at_risk_who_is_not_protected_is_a_warning(text, protected, warned):
    found = _unlisted_warning(*_victims_record(text, protected))
    assert [f.blocking for f in found] == ([False] if warned else [])
