"""British English spelling: which words of a text are misspelt, and what might be meant instead (Qt-free).

The engine is spylls (Hunspell's algorithms in Python) over LibreOffice's en_GB Hunspell dictionary, shipped
in resources/dictionaries/en_GB.zip with its licence (resources/dictionaries/README.md). Two word lists add to
it: the words of MAPPA work the dictionary lacks (ViSOR, RoSH, SHPO...), declared per jurisdiction in
templates/<jurisdiction>/words.txt, and the chair's own words ("Add to dictionary"), kept inside the vault in
its settings table, never in a plain file.

In the app the dictionary lives in a worker process (worker_start, worker_lookup, worker_suggest): it takes
about 85 MB of Python objects, which the app's own process does not carry (ui/spelling.py).

As in a word processor, a word in capitals (an acronym: CJSW, MAPPP), a word with a figure in it, and a chunk
that looks like an address, a reference or a path (DEMO/0001, name@example.org) are not checked.
"""

from __future__ import annotations

import datetime as _dt
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from mappa_desk import paths

PERSONAL_SETTING = "personal_word:"  # one settings row a word: key personal_word:<word>, value the day it was added
MAX_WORD = 64
SUGGESTIONS = 6

_CHUNK = re.compile(r"\S+")
_WORD = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?")
_NOT_PROSE = ("@", "://", "www.", "/", "\\")


@dataclass(frozen=True)
class Miss:
    """One misspelt word: where it starts in the text, how long it is, and the word."""

    start: int
    length: int
    word: str


def dictionary_path() -> Path:
    return paths.resources_dir() / "dictionaries" / "en_GB.zip"


def words_file(jurisdiction: str) -> Path:
    return paths.jurisdiction_dir(jurisdiction) / "words.txt"


def read_word_list(path: Path) -> frozenset[str]:
    """A word list: one word a line; blank lines and lines starting with # are not words."""
    if not path.is_file():
        return frozenset()
    words = (line.strip() for line in path.read_text(encoding="utf-8").splitlines())
    return frozenset(word for word in words if word and not word.startswith("#"))


_loaded = None
_loading = threading.Lock()


def load_dictionary():
    """The en_GB dictionary, read once a process (about a second): call it off the GUI thread."""
    global _loaded
    with _loading:
        if _loaded is None:
            from spylls.hunspell import Dictionary  # imported here: start-up does not pay for it
            _loaded = Dictionary.from_zip(str(dictionary_path()))
        return _loaded


def words(text: str):
    """(start, word) for each word of the text that is checked (see the module's note)."""
    for chunk in _CHUNK.finditer(text):
        if any(mark in chunk.group() for mark in _NOT_PROSE):
            continue
        for found in _WORD.finditer(chunk.group()):
            word = found.group()
            if any(c.isdigit() or c == "_" for c in word) or (len(word) > 1 and word.isupper()):
                continue
            yield chunk.start() + found.start(), word


class Checker:
    """A dictionary with the jurisdiction's words and the chair's own. Lookups are remembered, so checking a
    field again costs little; suggestions take a fraction of a second and belong off the GUI thread.

    The dictionary is anything with lookup(word) -> True, False, or None for "not known yet" (the app's
    dictionary lives in a worker process and answers a moment later); a word not known yet is not called
    misspelt, and is asked again at the next check.
    """

    def __init__(self, dictionary, known: frozenset[str] = frozenset(), personal: set[str] | frozenset = ()):
        self._dictionary = dictionary
        self._known = set(known) | set(personal)
        self._seen: dict[str, bool] = {}

    def add(self, word: str) -> None:
        self._known.add(word)
        self._seen.clear()

    def knows(self, word: str) -> bool | None:
        seen = self._seen.get(word)
        if seen is None:
            seen = self._looks_up(word)
            if seen is None:
                return None
            self._seen[word] = seen
            if len(self._seen) > 50_000:
                self._seen.clear()
        return seen

    def _looks_up(self, word: str) -> bool | None:
        plain = word.replace("’", "'")
        for form in (plain, plain[:-2] if plain.endswith("'s") else None):
            if not form:
                continue
            if form in self._known or (form[0].isupper() and form[0].lower() + form[1:] in self._known):
                return True
        if "-" in plain.strip("-") and all(self.knows(part) is True for part in plain.split("-") if part):
            return True  # MAPPA-eligible, post-ViSOR: each part known
        found = self._dictionary.lookup(plain)
        return None if found is None else bool(found)

    def misses(self, text: str) -> list[Miss]:
        return [Miss(start, len(word), word) for start, word in words(text) if self.knows(word) is False]

    def suggestions(self, word: str, limit: int = SUGGESTIONS) -> list[str]:
        return suggestions(self._dictionary, word, limit)


def suggestions(dictionary, word: str, limit: int = SUGGESTIONS) -> list[str]:
    """What might be meant instead of a misspelt word, best first (a fraction of a second)."""
    found: list[str] = []
    for suggestion in dictionary.suggest(word.replace("’", "'")):
        if suggestion != word and suggestion not in found:
            found.append(suggestion)
        if len(found) == limit:
            break
    return found


# The app's dictionary lives in a worker process: it takes ~85 MB of Python objects, which the app itself does
# not carry. The worker holds no record text between calls (spylls keeps no cache of the words it is asked).

def worker_start() -> None:
    """A spawned worker's start: hardened like the render workers, ends with the app, reads the dictionary."""
    from mappa_desk.hardening import exit_with_parent, harden_process
    harden_process()
    threading.Thread(target=exit_with_parent, name="watch-parent", daemon=True).start()
    load_dictionary()


def worker_lookup(words_asked: list[str]) -> dict[str, bool]:
    """In the worker: the dictionary's answer for each word."""
    dictionary = load_dictionary()
    return {word: bool(dictionary.lookup(word)) for word in words_asked}


def worker_suggest(word: str) -> list[str]:
    """In the worker: the suggestions for one word."""
    return suggestions(load_dictionary(), word)


def miss_at(misses: list[Miss], position: int) -> Miss | None:
    """The misspelt word under a text position (a cursor just after a word's last letter is still on it)."""
    for miss in misses:
        if miss.start <= position <= miss.start + miss.length:
            return miss
    return None


# The chair's own words, inside the vault.

def personal_words(db) -> set[str]:
    return {key[len(PERSONAL_SETTING):] for (key,) in db.query(
        "SELECT key FROM settings WHERE key LIKE ?", (f"{PERSONAL_SETTING}%",))}


def personal_word_problem(word: str) -> str | None:
    """Why a word cannot go into the personal word list, or None."""
    if not word or len(word) > MAX_WORD or list(words(word)) != [(0, word)]:
        return f"“{word[:MAX_WORD]}” is not one word, so it was not added to your dictionary."
    return None


def add_personal_word(db, word: str, today: _dt.date | None = None) -> None:
    problem = personal_word_problem(word)
    if problem:
        raise ValueError(problem)
    with db.transaction():
        db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)",
                   (f"{PERSONAL_SETTING}{word}", (today or _dt.date.today()).isoformat()))
