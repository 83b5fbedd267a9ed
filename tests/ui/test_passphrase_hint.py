"""The live hint under the passphrase fields: it must agree with the core's minimum."""

from __future__ import annotations

import pytest

from mappa_desk.errors import InvalidInput
from mappa_desk.vault.keyfile import MIN_PASSPHRASE_CHARS, check_new_passphrase
from ui.unlock.strength import passphrase_hint


@pytest.mark.parametrize("text", ["", "a", " " * 20, "  " + "x" * (MIN_PASSPHRASE_CHARS - 1) + "  ",
                                  "x" * MIN_PASSPHRASE_CHARS, "x" * (MIN_PASSPHRASE_CHARS + 1), "é" * 12])
def test_acceptable_exactly_when_the_core_accepts(text):
    try:
        check_new_passphrase(text)
        core_accepts = True
    except InvalidInput:
        core_accepts = False
    assert passphrase_hint(text, text).acceptable == core_accepts
    if not core_accepts:
        assert f"at least {MIN_PASSPHRASE_CHARS} characters" in passphrase_hint(text, text).text


def test_mismatch_and_missing_confirmation_are_not_acceptable():
    good = "a quiet harbour at dawn"
    assert not passphrase_hint(good, "").acceptable
    assert "again" in passphrase_hint(good, "").text
    mismatch = passphrase_hint(good, good + "x")
    assert not mismatch.acceptable and "don't match" in mismatch.text


def test_length_and_variety_raise_the_strength():
    assert "fair" in passphrase_hint("abcdefghij", "").text
    assert "good" in passphrase_hint("Abcdefgh1!", "").text
    assert "good" in passphrase_hint("abcdefghijklmn", "").text
    assert "strong" in passphrase_hint("a quiet harbour at dawn", "").text
