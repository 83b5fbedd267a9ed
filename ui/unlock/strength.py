"""The live passphrase hint: the core's own estimate (zxcvbn) in words, as the person types. Plain Python, no Qt."""

from __future__ import annotations

from dataclasses import dataclass

from mappa_desk.vault.keyfile import MIN_PASSPHRASE_CHARS, passphrase_strength


@dataclass(frozen=True)
class Hint:
    text: str
    acceptable: bool  # the core would accept it (long enough, hard enough to guess) and the two fields match


_WORDS = {0: "very weak", 1: "weak", 2: "fair", 3: "good", 4: "strong"}


def _strength_line(passphrase: str) -> tuple[str, bool]:
    strength = passphrase_strength(passphrase)
    line = f"Strength: {_WORDS[strength.score]}."
    if strength.acceptable:
        return line, True
    why = f" {strength.warning}" if strength.warning else ""
    return (f"{line}{why} Too easy to guess: add another word or two (uncommon words are better), "
            "rather than a number or a symbol."), False


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
    strength, strong_enough = _strength_line(passphrase)
    if not strong_enough:
        return Hint(strength, False)
    if not confirm:
        return Hint(f"{strength}\nNow type it again in the second box to confirm it.", False)
    if confirm != passphrase:
        return Hint(f"{strength}\nThe two passphrases don't match.", False)
    return Hint(f"{strength}\nThe two passphrases match.", True)
