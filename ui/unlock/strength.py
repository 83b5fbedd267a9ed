"""The live passphrase hint: length first, then variety of characters. Plain Python, no Qt."""

from __future__ import annotations

from dataclasses import dataclass

from mappa_desk.vault.keyfile import MIN_PASSPHRASE_CHARS


@dataclass(frozen=True)
class Hint:
    text: str
    acceptable: bool  # meets the core's minimum and the two fields match


def _variety(text: str) -> int:
    kinds = [any(c.islower() for c in text), any(c.isupper() for c in text),
             any(c.isdigit() for c in text), any(not c.isalnum() for c in text)]
    return sum(kinds)


def _strength(length: int, variety: int) -> str:
    # Length matters far more than variety: a short sentence beats a jumble of symbols.
    if length >= 20 or (length >= 14 and variety >= 3):
        return "Strength: strong."
    if length >= 14 or variety >= 3:
        return "Strength: good."
    return "Strength: fair. Longer is stronger: a short sentence works well."


def passphrase_hint(passphrase: str, confirm: str) -> Hint:
    """What to say under the two passphrase fields, and whether the pair can be used."""
    # The core counts the passphrase without surrounding spaces, so the hint does too.
    length = len(passphrase.strip())
    if length == 0:
        return Hint(f"Use at least {MIN_PASSPHRASE_CHARS} characters. "
                    "A short sentence is easy to remember and hard to guess.", False)
    if length < MIN_PASSPHRASE_CHARS:
        missing = MIN_PASSPHRASE_CHARS - length
        more = "1 more character" if missing == 1 else f"{missing} more characters"
        return Hint(f"Too short: use at least {MIN_PASSPHRASE_CHARS} characters ({more} needed).", False)
    strength = _strength(length, _variety(passphrase))
    if not confirm:
        return Hint(f"{strength}\nNow type it again in the second box to confirm it.", False)
    if confirm != passphrase:
        return Hint(f"{strength}\nThe two passphrases don't match.", False)
    return Hint(f"{strength}\nThe two passphrases match.", True)
