"""The live hint under the passphrase fields: it must agree with the core's minimum."""

from __future__ import annotations

import pytest

from mappa_desk.errors import InvalidInput
from mappa_desk.vault.keyfile import MIN_PASSPHRASE_CHARS, check_new_passphrase
from ui.unlock.strength import passphrase_hint


@pytest.mark.parametrize("text", ["", "a", " " * 20, "  " + "x" * (MIN_PASSPHRASE_CHARS - 1) + "  ",
                                  "x" * MIN_PASSPHRASE_CHARS, "x" * (MIN_PASSPHRASE_CHARS + 1), "é" * 12,
                                  "Password12345", "qwertyuiop123", "mappadesk2026", "a quiet harbour at dawn",
                                  "the cat sat on the mat", "Glasgow2026!"])
def test_acceptable_exactly_when_the_core_accepts(text):
    try:
        check_new_passphrase(text)
        core_accepts = True
    except InvalidInput:
        core_accepts = False
    assert passphrase_hint(text, text).acceptable == core_accepts
    if not core_accepts and len(text.strip()) < MIN_PASSPHRASE_CHARS:
        assert f"at least {MIN_PASSPHRASE_CHARS} characters" in passphrase_hint(text, text).text
    elif not core_accepts:
        assert "Too easy to guess" in passphrase_hint(text, text).text


def test_mismatch_and_missing_confirmation_are_not_acceptable():
    good = "a quiet harbour at dawn"
    assert not passphrase_hint(good, "").acceptable
    assert "again" in passphrase_hint(good, "").text
    mismatch = passphrase_hint(good, good + "x")
    assert not mismatch.acceptable and "don't match" in mismatch.text


def test_the_hint_says_how_guessable_it_is_not_how_many_kinds_of_character():
    assert "very weak" in passphrase_hint("abcdefghij", "").text  # a keyboard run
    weak = passphrase_hint("Password12345", "")
    assert "weak" in weak.text and "commonly used password" in weak.text and not weak.acceptable
    assert "strong" in passphrase_hint("a quiet harbour at dawn", "").text


@pytest.mark.parametrize("text", ["Password12345", "qwertyuiop123", "mappadesk2026", "aaaaaaaaaaaaaaaa"])
def test_the_core_refuses_a_guessable_passphrase_with_a_sentence(text):
    with pytest.raises(InvalidInput, match="would be too easy to guess.*Nothing was changed"):
        check_new_passphrase(text)
