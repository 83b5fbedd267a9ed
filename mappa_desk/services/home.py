"""The home screen's reads: the caseload with its review clock, search, and one individual's record.

Which meeting counts, in one place (both functions below use it):

- A meeting is *decided* once it has been held: status held, draft, cleared, circulated or final.
  Planned, in-progress and cancelled meetings have not (yet) fixed a review date or agreed a plan.
- The *next review due* is the review date set by the individual's latest decided meeting. A
  planned meeting does not move it: the review is due on that date until the meeting is held
  (a planned meeting later than the review date leaves the individual overdue). If the latest
  decided meeting set no review date (e.g. the individual left MAPPA), there is none.
- The *current RMP* is the plan of the latest decided meeting; if none has been held yet, the plan
  of the latest meeting that is not cancelled (the one being prepared), marked as not held.

Every function only reads; values come back as plain dicts, lists and strings.
"""

from __future__ import annotations

import bisect
import datetime as _dt
import unicodedata
from itertools import accumulate

from mappa_desk.domain import vocabularies
from mappa_desk.domain.enums import DECIDED_STATUSES, LEVELS, MEETING_KINDS, MEETING_STATUSES, RMP_HEADINGS, ROSH_LEVELS
from mappa_desk.errors import NotFound
from mappa_desk.services import individuals as individual_details
from mappa_desk.services.session import Session
from mappa_desk.storage import home as store, individuals

DUE_SOON_DAYS = 14


def full_name(given_names: str, family_name: str) -> str:
    return f"{given_names or ''} {family_name or ''}".strip() or "(no name)"


def fold(text: str) -> str:
    """Case- and accent-blind form for searching: 'Ciarán' and 'CIARAN' both become 'ciaran'."""
    if not text:
        return ""
    if text.isascii():  # NFKD leaves ASCII as it is: most names, and 20 ms saved on a caseload of 5,000
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


PAGE = 200  # rows of the list read at a time (services.home.listing_page): a screenful is ~20


def individual_rows(session: Session, today: str | None = None) -> list[dict]:
    """One row per individual, most urgent first: overdue, then by review date, then by name.

    Two queries whatever the caseload: the rows (with each one's review date, from the review clock) and all
    aliases.
    """
    db = session.db
    aliases: dict[int, list[str]] = {}
    for individual_id, alias in store.all_aliases(db):
        aliases.setdefault(individual_id, []).append(alias)
    return _rows(session, store.caseload(db), aliases, today)


def listing_page(session: Session, today: str | None = None, *, after: dict | None = None,
                 through: int | None = None, limit: int = PAGE) -> tuple[list[dict], bool]:
    """The list in `individual_rows`' order, a page at a time: the `limit` rows after the row `after` (one of
    the rows it gave), else from the first; with `through`, every row up to that individual's and `limit` more.
    Also whether the list ends there. Each page costs the rows it holds, whatever the caseload."""
    db = session.db
    if through is not None and after is None and (key := store.clock_key(db, through)) is not None:
        limit += store.listed_before(db, key) + 1
    found = []
    undated = after is not None and after["review_due"] is None
    if not undated:
        found += store.caseload_stretch(db, True, _key(after) if after else None, limit + 1)
    if len(found) <= limit:
        found += store.caseload_stretch(db, False, _key(after)[1:] if undated else None, limit + 1 - len(found))
    found = found[:limit + 1]
    ends = len(found) <= limit
    shown = found[:limit]
    aliases: dict[int, list[str]] = {}
    for individual_id, alias in store.aliases_of(db, [row[0] for row in shown]):
        aliases.setdefault(individual_id, []).append(alias)
    return _rows(session, shown, aliases, today), ends


def _key(row: dict) -> tuple:
    """A row's place in the list (store.caseload_stretch): its review date, family and given names, id."""
    return row["review_due"], row["family_name"], row["given_names"], row["id"]


def _rows(session: Session, found: list[tuple], aliases: dict[int, list[str]], today: str | None) -> list[dict]:
    today = today or _dt.date.today().isoformat()
    soon = (_dt.date.fromisoformat(today) + _dt.timedelta(days=DUE_SOON_DAYS)).isoformat()
    categories = vocabularies.words("categories", session.profile)
    rows = []
    for (row_id, given, family, visor_ref, category, level, agency_code, agency_name, review_due,
         planned) in found:
        rows.append({
            "id": row_id, "name": full_name(given, family), "given_names": given, "family_name": family,
            "aliases": aliases.get(row_id, []),
            "visor_ref": visor_ref or "", "category": category, "category_label": categories.get(category, ""),
            "level": level, "lead_agency": agency_name or "", "lead_agency_code": agency_code or "",
            "review_due": review_due, "overdue": bool(review_due) and review_due < today,
            "due_soon": bool(review_due) and today <= review_due <= soon,
            "planned_meeting": planned,
        })
    return rows


def _search_text(row: dict) -> str:
    """What a search looks in, before folding: the name, each alias and the ViSOR reference, a line each."""
    return "\n".join([row.get("name", ""), *row.get("aliases", []), row.get("visor_ref", "")])


def matches(row: dict, text: str) -> bool:
    """True if every word of `text` is in the row's name, one of its aliases or its ViSOR reference."""
    haystack = fold(_search_text(row))
    return all(word in haystack for word in fold(text).split())


_SEPARATOR = "\0"  # between two rows' texts in SearchIndex; a name, alias or reference with it is searched row by row


class SearchIndex:
    """The rows' search texts, folded together and searched with str.find (C speed) rather than row by row:
    `search` gives exactly the rows `matches` keeps, in the order given. Made once per list of rows."""

    def __init__(self, rows: list[dict]):
        self._rows = list(rows)
        texts = [_search_text(row) for row in self._rows]
        joined = _SEPARATOR.join(texts)
        # All ASCII (most caseloads): one casefold, the same as folding each text (fold's ASCII path) and joining.
        self._haystack = joined.casefold() if joined.isascii() else _SEPARATOR.join(map(fold, texts))
        self._texts = self._haystack.split(_SEPARATOR)
        self._exact = len(self._texts) == len(self._rows)  # False if a text held the separator itself
        self._starts = [0, *accumulate(len(text) + 1 for text in self._texts)]

    def search(self, text: str) -> list[dict]:
        """The rows that hold every word of `text` (all of them for blank text), in the order given."""
        words = fold(text).split()
        if not words:
            return list(self._rows)
        if not self._exact or any(_SEPARATOR in word for word in words):
            return [row for row in self._rows if matches(row, text)]
        longest, *others = sorted(words, key=len, reverse=True)
        haystack, starts, texts = self._haystack, self._starts, self._texts
        found = []
        at = haystack.find(longest)
        while at != -1:
            n = bisect.bisect_right(starts, at) - 1
            if all(word in texts[n] for word in others):
                found.append(self._rows[n])
            at = haystack.find(longest, starts[n + 1])  # the next row's text: a row is kept once
        return found


def search(rows: list[dict], text: str) -> list[dict]:
    """The rows that match `text` (all of them for blank text), in the order given."""
    return SearchIndex(rows).search(text)


def individual_detail(session: Session, individual_id: int) -> dict:
    """Everything the home screen shows about one individual: details, orders, meetings, current RMP."""
    db = session.db
    found = store.individual(db, individual_id)
    if found is None:
        raise NotFound("That individual is no longer in the vault. The list has been brought up to date.")
    given, family, dob, visor_ref, category, level, agency, rosh, olr, rpo, notes = found
    meetings = _meetings(db, individual_id)
    return {
        "id": individual_id, "name": full_name(given, family), "given_names": given, "family_name": family,
        "aliases": individuals.aliases(db, individual_id),
        "date_of_birth": dob, "visor_ref": visor_ref or "", "category": category,
        "category_label": vocabularies.label("categories", category, session.profile), "level": level,
        "level_label": LEVELS.get(level, f"Level {level}"), "lead_agency": agency or "",
        "rosh": ROSH_LEVELS.get(rosh, "") if rosh else "", "olr": bool(olr),
        "restricted_patient_order": (vocabularies.label("restricted_patient_orders", rpo, session.profile)
                                     if rpo else ""),
        "notes": notes or "",
        "circumstances": individual_details.circumstances(session, individual_id),
        "review_due": next((m["review_date"] for m in meetings if m["decided"]), None),
        "orders": _orders(db, individual_id, session.profile),
        "meetings": meetings,
        "rmp": _current_rmp(db, meetings),
    }


def _meetings(db, individual_id: int) -> list[dict]:
    """Newest first."""
    return [{"id": mid, "date": date, "kind": kind, "kind_label": MEETING_KINDS.get(kind, kind), "level": level,
             "status": status, "status_label": MEETING_STATUSES.get(status, status), "review_date": review,
             "decided": status in DECIDED_STATUSES}
            for mid, date, kind, level, status, review in store.meetings(db, individual_id)]


def _orders(db, individual_id: int, profile) -> list[dict]:
    orders: dict[int, dict] = {}
    for order_id, kind, description, start, end in store.orders(db, individual_id):
        orders[order_id] = {"kind": kind, "kind_label": vocabularies.label("order_kinds", kind, profile),
                            "description": description,
                            "start_date": start, "end_date": end, "conditions": []}
    for order_id, text in store.order_conditions(db, individual_id):
        orders[order_id]["conditions"].append(text)
    return list(orders.values())


def _current_rmp(db, meetings: list[dict]) -> dict | None:
    source = next((m for m in meetings if m["decided"]), None)
    if source is None:
        source = next((m for m in meetings if m["status"] != "cancelled"), None)
    if source is None:
        return None
    meeting_id = source["id"]
    risks = [{"number": n, "kind": kind, "description": desc, "strategy_rationale": rationale}
             for n, kind, desc, rationale in store.risks(db, meeting_id)]
    by_heading: dict[str, list[dict]] = {heading: [] for heading in RMP_HEADINGS}
    for heading, desc, agency, person, timescale, numbers in store.rmp_measures(db, meeting_id):
        by_heading.setdefault(heading, []).append({
            "description": desc, "agency": agency or "", "person_name": person, "timescale": timescale,
            "risk_numbers": [int(n) for n in numbers.split(",")] if numbers else []})
    contingencies = [{"trigger": t, "response": r, "agency": agency or "", "person_name": person}
                     for t, r, agency, person in store.contingencies(db, meeting_id)]
    return {
        "meeting_id": meeting_id, "meeting_date": source["date"], "meeting_kind": source["kind_label"],
        "meeting_status": source["status_label"], "held": source["decided"],
        "risks": risks,
        # All four headings, empty ones too: a plan with no victim safety measures should say so.
        "measures": [{"heading": h, "label": RMP_HEADINGS.get(h, h), "measures": items}
                     for h, items in by_heading.items()],
        "contingencies": contingencies,
    }
