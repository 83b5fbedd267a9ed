"""Protected persons, by construction (issue 18 item 4): every mention of a protected person or place masked.

A meeting's record lists the people and places it protects (model.ProtectedPerson: victims, potential victims,
children, partners, their addresses, schools and workplaces). Whatever leaves the Minute and RMP (the Executive
Summary, the tribunal statement, the reply letter, the covering note, the projector) passes its text through a
`Masker` made once for that list, which replaces each mention with the jurisdiction's words (common.toml
[words] withheld_name, withheld_place, withheld_other).

What is a mention:
- a person (victim, potential victim, child, partner, or a kind not recorded): the name as written, each of its
  name parts alone (a first name alone, a surname alone; parts of two or more characters holding a letter) and
  each of its other forms, with or without a title before it (Mr, Mrs, Ms, Miss, Mx, Dr, Master, with or
  without a dot), which is masked with it;
- a place (address, school, workplace) or "other": the whole entry and each of its other forms;
- in any case (upper, lower, mixed), with any run of whitespace (line breaks too) between its words, and a
  hyphen or a comma with spaces around it where a space is written (and a space where a hyphen is: "Mary-Jane"
  is also "Mary Jane"), followed or not by a possessive ('s, ’s, s', s’, or a bare apostrophe); a
  plural without an apostrophe ("Keillochs") is another word, and is not masked;
- a person's name part alone is not masked where it is one of the individual's own names (`spare`), so a child
  who shares his surname does not mask the individual's name (the child's full name and first name still are);
- never inside another word: a mention starts and ends at a word's edge ("Ann" is not masked in "Annual"; a
  hyphen is an edge, so "Ann" is masked in "Ann-Marie").

A longer mention wins over a shorter one at the same place ("Dawn Keilloch" is masked once, not twice). The
masking is done with one regular expression per list, compiled once (`masker` keeps the last few).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

from mappa_desk.domain import enums

TITLES = ("Mr", "Mrs", "Ms", "Miss", "Mx", "Dr", "Master")
WORDS = ("withheld_name", "withheld_place", "withheld_other")  # the [words] keys the masking says
_SEPARATOR = r"(?:\s*[-‐‑–,]\s*|\s+)"  # between two words of a mention
_POSSESSIVE = r"(?:['’]s|s['’]|['’])?"
_TITLE = r"(?:(?:" + "|".join(TITLES) + r")(?:\.\s*|\s+))?"
_SPLIT = re.compile(r"[\s\-‐‑–,]+")


@dataclass(frozen=True)
class Entry:
    """One protected person or place, as masking needs it: the name as written, its kind (a PROTECTED_KINDS code
    or None) and its other forms as written (separated by semicolons or line breaks)."""

    name: str
    kind: str | None = None
    other_forms: str = ""

    @property
    def is_person(self) -> bool:
        return self.kind is None or self.kind in enums.PROTECTED_PEOPLE

    @property
    def words_key(self) -> str:
        if self.is_person:
            return "withheld_name"
        return "withheld_place" if self.kind in enums.PROTECTED_PLACES else "withheld_other"

    def forms(self, spare: frozenset[str] = frozenset()) -> list[str]:
        """Every way it may be written, before spacing, case and possessives: the name, its other forms and, for a
        person, each name part alone, except a part in `spare` (folded: the individual's own names)."""
        forms = [self.name] + [f for f in re.split(r"[;\n]", self.other_forms or "")]
        if self.is_person:
            tokens = re.split(r"[\s,]+", self.name)  # "Mary-Jane" is a part, and so are "Mary" and "Jane"
            parts = [*tokens, *(p for token in tokens if _SPLIT.search(token) for p in _SPLIT.split(token))]
            forms += [part for part in parts if len(part) > 1 and any(c.isalpha() for c in part)
                      and part.rstrip(".").casefold() not in _TITLES_FOLDED and part.casefold() not in spare]
        return [f.strip() for f in forms if f and f.strip()]


_TITLES_FOLDED = {t.casefold() for t in TITLES}


def entries(protected: Iterable) -> tuple[Entry, ...]:
    """Entries from the record's rows (model.ProtectedPerson, or anything with name, kind and other_forms)."""
    return tuple(Entry(p.name, p.kind, p.other_forms or "") for p in protected if (p.name or "").strip())


def _word(word: str) -> str:
    """One word of a mention as a pattern: an apostrophe in it matches either apostrophe."""
    return "".join("['’]" if c in "'’" else re.escape(c) for c in word)


def _pattern(form: str, titled: bool) -> str:
    words = [w for w in _SPLIT.split(form) if w]
    # a title written in the entry itself ("Ms Dawn Keilloch") is matched as any title, or none
    while titled and len(words) > 1 and words[0].rstrip(".").casefold() in _TITLES_FOLDED:
        words = words[1:]
    return (_TITLE if titled else "") + _SEPARATOR.join(_word(w) for w in words)


class Masker:
    """Masks every mention of a list's entries in a text; compiled once for the list."""

    def __init__(self, protected: Iterable[Entry], words: Mapping[str, str], spare: Iterable[str] = ()):
        spare = frozenset(w.casefold() for w in spare)
        found: dict[str, tuple[int, str, str]] = {}  # folded pattern -> (length, words key, pattern)
        for entry in protected:
            for form in entry.forms(spare):
                pattern = _pattern(form, entry.is_person)
                key = pattern.casefold()
                if key not in found or len(form) > found[key][0]:
                    found[key] = (len(form), entry.words_key, pattern)
        ordered = sorted(found.values(), key=lambda f: -f[0])
        self._keys = [key for _, key, _ in ordered]
        self._words = {key: words[key] for key in set(self._keys)}
        self._regex = re.compile(
            r"(?<!\w)(?:" + "|".join(f"({pattern})" for _, _, pattern in ordered) + r")" + _POSSESSIVE + r"(?!\w)",
            re.IGNORECASE) if ordered else None

    def __bool__(self) -> bool:
        return self._regex is not None

    def __call__(self, text: str) -> str:
        if self._regex is None or not text:
            return text
        return self._regex.sub(lambda m: self._words[self._keys[m.lastindex - 1]], text)


@lru_cache(maxsize=32)
def _masker(protected: tuple[Entry, ...], words: tuple[tuple[str, str], ...], spare: tuple[str, ...]) -> Masker:
    return Masker(protected, dict(words), spare)


def masker(protected: Iterable, words: Mapping[str, str], spare: Iterable[str] = ()) -> Masker:
    """The masker for a meeting's protected list (rows with name, kind and other_forms), saying the jurisdiction's
    `words` (common.toml [words], which hold the WORDS keys). `spare`: the individual's own names (given names,
    family name, aliases), whose words are not masked alone when a protected person shares them (a child with his
    surname is masked by full name and first name; the individual's own name stays). Made once per list."""
    spared = tuple(sorted({w for text in spare for w in _SPLIT.split(text or "") if w}))
    return _masker(entries(protected), tuple(sorted((k, words[k]) for k in WORDS)), spared)


def mask(text: str, protected: Iterable, words: Mapping[str, str], spare: Iterable[str] = ()) -> str:
    """`text` with every mention of the protected list masked (see the module's docstring)."""
    return masker(protected, words, spare)(text)



def unlisted(text: str, protected: Iterable, spare: Iterable[str], names_in) -> bool:
    """Whether `text` names someone the protected list (with the individual's own names, `spare`) does not
    cover: a name `names_in(text)` finds (the self-audit's rule of what looks like a name) that keeps a capitalised
    word other than a title once the list's mentions are taken out of it ("Kayla Lennox" with only "Sarah Lennox"
    listed keeps "Kayla")."""
    found = names_in(text)
    if not found:
        return False
    blank = {key: "" for key in WORDS}
    own = [w for name in spare for w in _SPLIT.split(name or "") if w]
    cut = masker([*protected, *(Entry(w, "other") for w in own)], blank)
    return any(word[:1].isupper() and word.rstrip(".").casefold() not in _TITLES_FOLDED
               for name in found for word in _SPLIT.split(cut(name)) if word)
