"""Minimum chair seniority (guidance 11.32-11.33) against the profile's chair ranks."""

from __future__ import annotations

import json

import pytest

from mappa_desk import paths
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, ChairRank, load_profile
from mappa_desk.domain.seniority import chair_warning, ranks_for
from mappa_desk.errors import UserFacingError

RANKS = load_profile(DEFAULT_JURISDICTION).chair_ranks
# A short list of the guidance's own wording, for exact sentences.
SHORT = (ChairRank("Inspector", "POLICE", 2), ChairRank("Chief Social Work Officer", "JSW", 3),
         ChairRank("Detective Superintendent", "POLICE", 3), ChairRank("Clinical Director", "HEALTH", 3, (2,)))


@pytest.mark.parametrize("rank, agency, level, category", [
    ("Inspector", "POLICE", 2, 1),
    ("  detective   INSPECTOR ", "POLICE", 2, 3),  # case and spacing do not matter
    ("Service Manager", "JSW", 2, 1),
    ("Detective Superintendent", "POLICE", 2, 1),  # more senior than needed
    ("Chief Social Work Officer", "JSW", 3, 3),
    ("Consultant Forensic Psychiatrist", "HEALTH", 3, 2),  # restricted patients: a health chair
    ("Inspector", None, 2, 1),  # no agency recorded: any agency's listing counts
])
def test_a_senior_enough_chair_gets_no_warning(rank, agency, level, category):
    assert chair_warning(rank, agency, level, category, RANKS) is None


def test_a_chair_below_the_level_is_told_who_should_chair():
    assert chair_warning("Inspector", "POLICE", 3, 1, SHORT) == (
        "A Level 3 meeting should be chaired by a Chief Social Work Officer, Detective Superintendent or "
        "equivalent (guidance 11.32-11.33); Inspector is below that.")
    assert chair_warning(" inspector ", "POLICE", 3, 1, SHORT).endswith("; inspector is below that.")


def test_the_shipped_list_names_the_least_senior_qualifying_rank_of_each_agency():
    assert chair_warning("Sergeant", "POLICE", 2, 1, RANKS) == (
        "A Level 2 meeting should be chaired by an Inspector, Service Manager or equivalent "
        "(guidance 11.32-11.33); Sergeant is below that.")
    assert chair_warning("Team Leader", "JSW", 3, 2, RANKS) == (
        "A Level 3 meeting should be chaired by a Superintendent, Chief Social Work Officer, Consultant Forensic "
        "Psychiatrist or equivalent (guidance 11.32-11.33); Team Leader is below that.")


def test_a_rank_listed_for_other_categories_says_so():
    assert chair_warning("Clinical Director", "HEALTH", 2, 1, SHORT) == (
        "A Level 2 meeting should be chaired by an Inspector, Chief Social Work Officer or equivalent "
        "(guidance 11.32-11.33); the profile lists Clinical Director to chair category 2 cases only, and this "
        "individual is category 1.")
    assert chair_warning("Clinical Director", "HEALTH", 3, 2, SHORT) is None


@pytest.mark.parametrize("rank, agency", [
    ("Station Manager", "POLICE"),
    ("Inspector", "JSW"),  # a police rank, but the chair is recorded under JSW
    ("Inspector", "HOUSING"),
])
def test_a_rank_the_profile_does_not_list_cannot_be_checked(rank, agency):
    assert chair_warning(rank, agency, 2, 1, RANKS) == (
        f"The rank {rank} is not in the profile's list of chair ranks for the chair's agency, so the chair's "
        "seniority cannot be checked.")


def test_no_chair_and_no_rank():
    assert chair_warning(None, None, 2, 1, RANKS) == "No chair is recorded."
    assert chair_warning("  ", "POLICE", 2, 1, RANKS) == \
        "The chair's rank is not recorded, so their seniority cannot be checked."


def test_no_rank_in_the_list_may_chair_the_level():
    only_level_2 = (ChairRank("Inspector", "POLICE", 2),)
    assert chair_warning("Inspector", "POLICE", 3, 1, only_level_2) == (
        "A Level 3 meeting needs a more senior chair (guidance 11.32-11.33); Inspector is below that.")


def test_ranks_for_an_agency_in_the_profile_order():
    assert ranks_for("JSW", RANKS) == ("Team Leader", "Service Manager", "Chief Social Work Officer")
    assert ranks_for("HEALTH", RANKS) == ("Consultant Forensic Psychiatrist", "Clinical Director")
    assert ranks_for("DWP", RANKS) == ()
    assert ranks_for(None, SHORT) == ("Inspector", "Chief Social Work Officer", "Detective Superintendent",
                                      "Clinical Director")


def test_the_shipped_profile_lists_chair_ranks():
    assert ChairRank("Detective Superintendent", "POLICE", 3) in RANKS
    assert ChairRank("Clinical Director", "HEALTH", 3, (2,)) in RANKS
    codes = {a.code for a in load_profile(DEFAULT_JURISDICTION).agencies}
    assert all(r.agency in codes and 1 <= r.level <= 3 for r in RANKS)


# -- the chair_ranks section of the profile -----------------------------------------------------------------

def _profile_with(tmp_path, change):
    doc = json.loads((paths.jurisdiction_dir("scotland") / "profile.json").read_text(encoding="utf-8"))
    change(doc)
    path = tmp_path / "profile.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.mark.parametrize("change", [
    lambda doc: doc.pop("chair_ranks"),
    lambda doc: doc["chair_ranks"].update(ranks={}),
    lambda doc: doc["chair_ranks"]["ranks"].append({"rank": "", "agency": "POLICE", "level": 2}),
    lambda doc: doc["chair_ranks"]["ranks"].append({"rank": "Chief Constable", "agency": "NOPE", "level": 3}),
    lambda doc: doc["chair_ranks"]["ranks"].append({"rank": "Chief Constable", "agency": "POLICE", "level": 4}),
    lambda doc: doc["chair_ranks"]["ranks"].append({"rank": "Chief Constable", "agency": "POLICE", "level": "3"}),
    lambda doc: doc["chair_ranks"]["ranks"].append({"rank": "Matron", "agency": "HEALTH", "level": 2,
                                                    "categories": [5]}),
    lambda doc: doc["chair_ranks"]["ranks"].append({"rank": "Matron", "agency": "HEALTH", "level": 2,
                                                    "categories": 2}),
    lambda doc: doc["chair_ranks"]["ranks"].append({"rank": " inspector", "agency": "POLICE", "level": 2}),
], ids=["missing", "not a list", "no name", "unknown agency", "level 4", "level as text", "unknown category",
        "categories not a list", "listed twice"])
def test_a_broken_chair_ranks_section_is_named_in_a_plain_sentence(tmp_path, change):
    path = _profile_with(tmp_path, change)
    with pytest.raises(UserFacingError) as raised:
        load_profile(path=path)
    assert str(path) in str(raised.value) and "chair rank" in str(raised.value).replace("_", " ")


def test_rank_names_are_tidied_on_load(tmp_path):
    path = _profile_with(tmp_path, lambda doc: doc["chair_ranks"]["ranks"].append(
        {"rank": "  Chief   Constable ", "agency": "POLICE", "level": 3}))
    assert ChairRank("Chief Constable", "POLICE", 3) in load_profile(path=path).chair_ranks
