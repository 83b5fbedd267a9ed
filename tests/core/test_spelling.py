"""British English spelling (issue 15): what is flagged, what is known, and the chair's words kept in the vault."""

from __future__ import annotations

import pytest

from mappa_desk import spelling
from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE


@pytest.fixture(scope="module")
def checker() -> spelling.Checker:
    return spelling.Checker(spelling.load_dictionary(), spelling.read_word_list(spelling.words_file("scotland")))


def flagged(checker, text: str) -> list[str]:
    return [miss.word for miss in checker.misses(text)]


def test_a_misspelling_is_found_where_it_is(checker):
    text = "Police Scotland Recieved the report from the offnder's supervisor."
    assert checker.misses(text) == [spelling.Miss(16, 8, "Recieved"), spelling.Miss(45, 9, "offnder's")]
    assert checker.suggestions("Recieved")[0] == "Received"
    assert "offender" in checker.suggestions("offnder")


def test_british_spellings_are_right_and_american_ones_flagged(checker):
    assert flagged(checker, "The licence, the offence, his behaviour, the colour of the car, a co-ordinator's "
                            "report, the programme, to practise, the defence.") == []
    assert flagged(checker, "The color of the center, his behavior, the defense.") == ["color", "center", "behavior",
                                                                                      "defense"]


def test_mappa_words_are_known_from_the_jurisdictions_list(checker):
    assert flagged(checker, "ViSOR updated; RoSH high; two SHPOs and a SOPO; MAPPA-eligible; OASys done; "
                            "desistance work; ViSOR's record; the CJSW report.") == []
    assert flagged(checker, "Visor and Rosh") == []  # a dictionary word either way: not the spell check's to judge
    assert spelling.read_word_list(spelling.words_file("scotland")) >= {"ViSOR", "RoSH", "SHPO", "SOPO", "JSW",
                                                                         "MAPPP"}


def test_acronyms_figures_references_and_addresses_are_not_checked(checker):
    assert flagged(checker, "NHS CPN XQZT, 3rd visit on 12th May, ref DEMO/0001, mail duty.sgt@example.org, "
                            "see https://example.org/path, and/or.") == []


def test_a_word_in_lower_case_is_known_capitalised_but_not_the_other_way(checker):
    lower = spelling.Checker(spelling.load_dictionary(), frozenset({"glenbrae"}))
    assert flagged(lower, "glenbrae Glenbrae") == []
    capital = spelling.Checker(spelling.load_dictionary(), frozenset({"Glenbrae"}))
    assert flagged(capital, "Glenbrae glenbrae") == ["glenbrae"]


def test_a_word_the_dictionary_has_not_answered_yet_is_not_called_misspelt():
    class Answers:  # the app's view of the worker's dictionary: None until the answer comes
        known: dict[str, bool] = {}

        def lookup(self, word):
            return self.known.get(word)
    answers = Answers()
    waiting = spelling.Checker(answers, frozenset({"ViSOR"}))
    assert waiting.misses("ViSOR Recieved it") == [] and waiting.knows("Recieved") is None
    answers.known.update({"Recieved": False, "it": True})
    assert waiting.misses("ViSOR Recieved it") == [spelling.Miss(6, 8, "Recieved")]


def test_the_workers_functions_answer_as_the_dictionary_does():
    assert spelling.worker_lookup(["Recieved", "received"]) == {"Recieved": False, "received": True}
    assert spelling.worker_suggest("Recieved")[0] == "Received"


def test_miss_at_finds_the_word_under_a_position(checker):
    misses = checker.misses("A Recieved note")
    assert spelling.miss_at(misses, 2).word == "Recieved"
    assert spelling.miss_at(misses, 10).word == "Recieved"  # just after its last letter
    assert spelling.miss_at(misses, 11) is None


def test_the_chairs_words_are_kept_inside_the_vault_and_nowhere_else(vault_session, data_dir):
    spelling.add_personal_word(vault_session.db, "Glenbraeside")
    spelling.add_personal_word(vault_session.db, "Glenbraeside")  # twice: kept once
    assert spelling.personal_words(vault_session.db) == {"Glenbraeside"}
    assert vault_session.db.query("SELECT key FROM settings WHERE key LIKE 'personal_word:%'") == [
        ("personal_word:Glenbraeside",)]
    vault_session.close()
    for path in data_dir.rglob("*"):
        if path.is_file():
            assert b"Glenbraeside" not in path.read_bytes(), path
    again = sessions.unlock(data_dir, PASSPHRASE)
    try:
        assert spelling.personal_words(again.db) == {"Glenbraeside"}
        mine = spelling.Checker(spelling.load_dictionary(), frozenset(), spelling.personal_words(again.db))
        assert flagged(mine, "The Glenbraeside hostel") == []
    finally:
        again.close()


@pytest.mark.parametrize("text", ["two words", "", "x" * 65, "12345", "hello!"])
def test_only_one_word_goes_into_the_chairs_dictionary(vault_session, text):
    with pytest.raises(ValueError, match="not one word"):
        spelling.add_personal_word(vault_session.db, text)
    assert spelling.personal_words(vault_session.db) == set()
