"""`mappa-desk search-minutes`, run as a user would run it, on the demo data."""

import json

import pytest

from tests.conftest import PASSPHRASE
from tests.cli.cli_helpers import run_cli


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli-search") / "vault"
    for command in ("init", "demo"):
        result = run_cli(command, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
        assert result.returncode == 0, result.stderr
    return folder


def _search(folder, *args):
    return run_cli("search-minutes", *args, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")


def test_search_lists_the_newest_meeting_first_with_the_words_marked(demo_vault):
    result = _search(demo_vault, "KNÍFE")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "3 results for “KNÍFE”, newest meeting first:"
    assert lines[2].split("  ", 2)[1:] == ["13 Oct 2026", "Martin Skellybrae (DEMO/0005), meeting 12: Risk 1"]
    assert "[knife]" in lines[3]
    assert [line.split()[:3] for line in lines[2::3]] == [["13", "Oct", "2026"], ["17", "Sep", "2026"],
                                                          ["1", "Sep", "2026"]]
    assert result.stderr == ""


def test_search_json_with_a_limit(demo_vault):
    result = _search(demo_vault, "victim", "safety", "--json", "--limit", "2")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["query"] == "victim safety" and len(data["results"]) == 2
    first = data["results"][0]
    assert set(first) == {"individual_id", "name", "visor_ref", "meeting_id", "meeting_date", "source", "where",
                          "snippet", "marks"}
    assert (first["meeting_date"], first["visor_ref"], first["where"]) == ("2026-10-27", "DEMO/0002",
                                                                          "RMP: Victim safety planning")
    marked = {first["snippet"][s:e].lower() for s, e in first["marks"]}
    assert marked == {"victim", "safety"}


def test_odd_characters_and_no_matches_are_plain_answers(demo_vault):
    result = _search(demo_vault, '"knife*', "(NEAR", "😀")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("1 result for “\"knife* (NEAR 😀”, newest meeting first:")
    assert "[knife] · Members of the public he misreads" in result.stdout
    result = _search(demo_vault, "knife", "OR", "zebra")
    assert (result.returncode, result.stdout.strip()) == (
        0, "No part of any Minute holds every word of “knife OR zebra”.")
    result = run_cli("search-minutes", "--data-dir", demo_vault, "--passphrase-stdin", "--", "**", "-",
                     stdin=PASSPHRASE + "\n")
    assert (result.returncode, result.stdout.strip()) == (
        0, "There is no word to search for: give at least one word of letters or digits.")


def test_a_bad_limit_is_refused(demo_vault):
    result = _search(demo_vault, "knife", "--limit", "0")
    assert result.returncode == 2 and "--limit" in result.stderr
