"""Full-text search across the text of every meeting's Minute (the index and its views are schema 0006).

Hits come newest meeting first, and within a meeting in the Minute's order. Newest first rather than
best first (bm25): the latest Minute about someone is the one that stands, a chair looking for "the
meeting where the dog was discussed" scans by date, and the order is one the user can predict. It is
also the cheap order here: the index rowid carries the meeting id, so the meetings a search matches
come from the index alone, and the date index is walked only until the page is full. Ranking every
match by bm25 costs a look-up per match (0.25-0.75 s for a common word at 50,000 meetings).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from mappa_desk.domain.enums import RMP_HEADINGS
from mappa_desk.services.session import Session
from mappa_desk.storage import search as store
from mappa_desk.storage.search import KIND_SHIFT as _KIND_SHIFT
from mappa_desk.storage.search import MEETING_SHIFT as _MEETING_SHIFT

DEFAULT_LIMIT = 50
MAX_WORDS = 16  # more words narrow the search no further in practice, and each one costs a merge
SHORTEST_PREFIX = 3  # "ro" as a prefix would mean thousands of words: one- and two-letter words match whole
SNIPPET_WORDS = 16
_ROW_MASK, _KIND_MASK = (1 << _KIND_SHIFT) - 1, 31  # the index rowid's parts (storage/search.py)
# A word is a run of letters and digits, as the index's unicode61 tokenizer sees it: quotes, stars,
# brackets, hyphens, emoji and the like only separate words and never reach the query as syntax.
_WORD = re.compile(r"[^\W_]+")

# kind (as numbered in schema 0006) -> (what it is, the view that holds its text)
KINDS: dict[int, tuple[str, str]] = {
    1: ("location", "minutes_text_meeting"), 2: ("attendance", "minutes_text_attendance"),
    3: ("informed_by", "minutes_text_meeting"), 4: ("information", "minutes_text_information"),
    5: ("risk", "minutes_text_risk"), 6: ("victim_issues", "minutes_text_meeting"),
    7: ("diversity_issues", "minutes_text_meeting"), 8: ("rmp_measure", "minutes_text_rmp_measure"),
    9: ("contingency", "minutes_text_contingency"), 10: ("housing_notes", "minutes_text_meeting"),
    11: ("decision", "minutes_text_decision"), 12: ("disclosure", "minutes_text_disclosure"),
    13: ("level_rationale", "minutes_text_meeting"), 14: ("action", "minutes_text_action"),
    15: ("addendum", "minutes_text_addendum"), 16: ("disclosure_none_reason", "minutes_text_meeting"),
    20: ("agenda_step", "minutes_text_agenda_item"),
}
_PLACES = {
    "location": "Meeting location", "attendance": "Attendance", "informed_by": "Who tells the individual",
    "information": "Information shared", "victim_issues": "Victim issues", "diversity_issues": "Diversity issues",
    "contingency": "Contingency plan", "housing_notes": "Housing", "disclosure": "Disclosure",
    "level_rationale": "Level decision", "action": "Action", "addendum": "Addendum",
    "disclosure_none_reason": "Disclosure", "agenda_step": "Summary and discussion",
}


@dataclass(frozen=True)
class Hit:
    """One row of a Minute that holds every word searched for."""

    individual_id: int
    name: str
    visor_ref: str
    meeting_id: int
    meeting_date: str  # ISO
    source: str  # the kind of row: "risk", "action", "victim_issues", ... (KINDS)
    where: str  # the same, for people: "Risk 2", "Action", "RMP: Supervision", ...
    snippet: str  # the text around the words found, on one line
    marks: tuple[tuple[int, int], ...]  # (start, end) of each word found, within `snippet`

    def marked(self, before: str = "[", after: str = "]") -> str:
        """The snippet with each word found between `before` and `after`."""
        parts, at = [], 0
        for start, end in self.marks:
            parts += [self.snippet[at:start], before, self.snippet[start:end], after]
            at = end
        return "".join(parts) + self.snippet[at:]

    def to_json(self) -> dict:
        return {"individual_id": self.individual_id, "name": self.name, "visor_ref": self.visor_ref,
                "meeting_id": self.meeting_id, "meeting_date": self.meeting_date, "source": self.source,
                "where": self.where, "snippet": self.snippet, "marks": [list(m) for m in self.marks]}


def words_of(text: str) -> list[str]:
    """The words of what the user typed (at most MAX_WORDS)."""
    return _WORD.findall(unicodedata.normalize("NFC", text or ""))[:MAX_WORDS]


def match_expression(text: str) -> str:
    """An FTS5 query in which every word must match, each as a prefix from three letters on; '' for none.

    Every word is quoted, so nothing the user types is read as FTS5 syntax (AND, OR, NEAR, *, ^, ...).
    """
    terms = []
    for word in words_of(text):
        quoted = '"' + word.replace('"', '""') + '"'
        terms.append(quoted + "*" if len(word) >= SHORTEST_PREFIX else quoted)
    return " AND ".join(terms)


def search_minutes(session: Session, text: str, limit: int = DEFAULT_LIMIT) -> list[Hit]:
    """The rows of the minutes holding every word of `text` (newest meeting first); [] when there is no word."""
    query = match_expression(text)
    if not query or limit <= 0:
        return []
    db = session.db
    keys = store.matching_keys(db, query, limit)  # one pass over the index (see storage/search.py)
    if not keys:
        return []
    ids = sorted({key >> _MEETING_SHIFT for key in keys})
    meetings = {row[0]: row for row in store.meetings_with_individuals(db, ids)}
    keys.sort(key=lambda k: (meetings[k >> _MEETING_SHIFT][1], k >> _MEETING_SHIFT, -k), reverse=True)
    wanted = [_fold(word) for word in words_of(text)]
    return [_hit(db, meetings[key >> _MEETING_SHIFT], key, wanted) for key in keys[:limit]]


def _hit(db, meeting: tuple, key: int, wanted: list[str]) -> Hit:
    meeting_id, meeting_date, individual_id, given_names, family_name, visor_ref = meeting
    kind, row_id = (key >> _KIND_SHIFT) & _KIND_MASK, key & _ROW_MASK
    source, view = KINDS.get(kind, ("minute", ""))
    text = store.row_text(db, view, row_id, kind) if view else ""
    snippet, marks = snippet_of(text or "", wanted)
    name = " ".join(part for part in (given_names, family_name) if part)
    return Hit(individual_id, name, visor_ref or "", meeting_id, meeting_date, source, place(db, source, row_id),
               snippet, marks)


def place(db, source: str, row_id: int) -> str:
    """Where in the Minute a row is, in the words of the cockpit: "Risk 2", "RMP: Supervision", ..."""
    if source == "risk":
        return f"Risk {store.risk_number(db, row_id)}"
    if source == "rmp_measure":
        heading = store.measure_heading(db, row_id)
        return f"RMP: {RMP_HEADINGS.get(heading, 'measure')}"
    if source == "decision":
        question = store.decision_question(db, row_id) or ""
        return f"Decision: {_shorten(question, 40)}" if question.strip() else "Decision"
    return _PLACES.get(source, "Minute")


def _shorten(text: str, most: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= most else text[:most - 1].rstrip() + "…"


# -- snippets ---------------------------------------------------------------------------------------

def _fold(word: str) -> str:
    """A word as the index compares it: lower case, accents removed (unicode61 remove_diacritics 2)."""
    if word.isascii():  # most words of English minutes: nothing to decompose (a fifth of a search's time)
        return word.lower()
    decomposed = unicodedata.normalize("NFD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _matched(token: str, wanted: list[str]) -> frozenset[int]:
    """Which of the wanted words (by index) a word of the text is, or begins with."""
    folded = _fold(token)
    return frozenset(i for i, w in enumerate(wanted)
                     if folded == w or (len(w) >= SHORTEST_PREFIX and folded.startswith(w)))


def snippet_of(text: str, wanted: list[str], size: int = SNIPPET_WORDS) -> tuple[str, tuple[tuple[int, int], ...]]:
    """About `size` words of `text` around the words found, on one line, and where those words are."""
    tokens = [(m.start(), m.end()) for m in _WORD.finditer(text)]
    if not tokens:
        return " ".join(text.split()), ()
    found = [_matched(text[s:e], wanted) for s, e in tokens]
    hit = [bool(f) for f in found]
    # The window showing the most of the different words searched for, then the most matches; it
    # starts two words before its first match, for context.
    best, best_score = 0, (-1, -1)
    for i in (i for i, h in enumerate(hit) if h):
        start = max(0, i - 2)
        window = found[start:start + size]
        score = (len(frozenset().union(*window)), sum(map(bool, window)))
        if score > best_score:
            best, best_score = start, score
    end = min(len(tokens), best + size)
    pieces, marks, length = [], [], 0
    if best > 0:
        pieces.append("… ")
        length = 2
    for i in range(best, end):
        s, e = tokens[i]
        if i > best:
            gap = _gap(text[tokens[i - 1][1]:s])
            pieces.append(gap)
            length += len(gap)
        if hit[i]:
            marks.append((length, length + e - s))
        pieces.append(text[s:e])
        length += e - s
    tail = text[tokens[end - 1][1]:tokens[end][0] if end < len(tokens) else len(text)]
    tail = _gap(tail).rstrip()
    pieces.append(tail + (" …" if end < len(tokens) else ""))
    return "".join(pieces), tuple(marks)


def _gap(text: str) -> str:
    """What lies between two words, on one line; a line break (between two fields) shows as a dot."""
    return re.sub(r"\s+", " ", re.sub(r"\s*\n\s*", " · ", text))
