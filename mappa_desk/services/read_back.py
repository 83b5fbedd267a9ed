"""What the chair reads back at the close: the decisions, numbered actions, disclosure, level and review date,
and the risk management plan against the previous meeting's, with measures added, removed and changed.

Read from the record each time it is asked for (never kept), through the cockpit's own loader.

How a measure is matched with last meeting's: a review's plan is carried forward as copies in the same order
(services/new_meeting.py), so a carried measure's `position` is its index in the previous plan; measures
added in the cockpit take a position after every carried one, and removing one leaves the others' positions
alone. So: first, measures that read exactly the same are paired (unchanged, wherever they sit); then a
remaining measure is paired with the previous plan's measure at the same position (Changed: was …); what is
left is Removed (previous plan only) or Added (this plan only). A plan entered by other means (imported,
demo) has no carried positions, so a rewritten measure there may show as Changed against another measure.
A measure counts as changed when its category, text, agency, person, timescale or the risks it addresses differ.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mappa_desk.domain import dates
from mappa_desk.domain.enums import DECISION_OUTCOMES, LEVEL_DECISIONS, LEVELS, RMP_HEADINGS
from mappa_desk.services import cockpit
from mappa_desk.services.session import Session
from mappa_desk.storage import meetings
from mappa_desk.storage.rows import AgencyCodes

ADDED, REMOVED, CHANGED, SAME = "Added", "Removed", "Changed", "Unchanged"


@dataclass(frozen=True)
class Measure:
    heading: str  # the category's words
    description: str
    owner: str  # agency and person
    timescale: str
    risks: tuple[int, ...] = ()  # the risk numbers it addresses

    def sentence(self) -> str:
        text = f"{self.heading}: {self.description}"
        details = ", ".join(p for p in (self.owner, self.timescale) if p)
        if self.risks:
            details += ("; " if details else "") + "risk " + ", ".join(str(n) for n in self.risks)
        return f"{text} ({details})" if details else text


@dataclass(frozen=True)
class PlanLine:
    mark: str  # ADDED, REMOVED, CHANGED or SAME
    now: Measure | None  # None when removed
    was: Measure | None  # None when added

    def sentence(self) -> str:
        if self.mark == ADDED:
            return f"Added: {self.now.sentence()}"
        if self.mark == REMOVED:
            return f"Removed: {self.was.sentence()}"
        if self.mark == CHANGED:
            return f"Changed: {self.now.sentence()} — was {self.was.sentence()}"
        return f"Unchanged: {self.now.sentence()}"


@dataclass
class ReadBack:
    decisions: list[str] = field(default_factory=list)
    actions: list[str] = field(default_factory=list)  # numbered: "1. What — who, by date"
    disclosures: list[str] = field(default_factory=list)
    level: str = ""
    review_date: str = ""
    previous_date: str = ""  # "" when there is no previous meeting to compare with
    plan: list[PlanLine] = field(default_factory=list)


def _owner(agency: str, person: str) -> str:
    return ", ".join(p for p in (agency, person) if p)


def _decision(n: int, row: dict) -> str:
    text = row["decision_text"] or "No decision recorded yet"
    outcome = DECISION_OUTCOMES.get(row["outcome"], "")
    return f"Decision {n}: {row['question']} — {text}" + (f" ({outcome})" if outcome else "")


def _action(n: int, row: dict, agency: str) -> str:
    who = _owner(agency, row["person_name"]) or "no owner recorded"
    due = dates.long(row["due_date"]) or "no date recorded"
    return f"{n}. {row['description']} — {who}, by {due}"


def _disclosure(row: dict, agency: str) -> str:
    if not row["made"]:
        return "No disclosure: " + (row["reason_not_made"] or "no reason recorded")
    by = _owner(agency, row["by_person"])
    text = f"Disclosure to {row['to_whom'] or 'no one named'}: {row['what'] or 'what is not recorded'}"
    if by:
        text += f", by {by}"
    if row["by_when"]:
        text += f", by {dates.long(row['by_when'])}"
    return text


def _level(meeting: dict) -> str:
    now = LEVELS.get(meeting["level"], "")
    decision = LEVEL_DECISIONS.get(meeting["level_decision"] or "")
    if not decision:
        return f"{now}: no level decision recorded yet"
    text = f"{now}: {decision}"
    if meeting["level_after"] is not None:
        text += f"; from now {LEVELS[meeting['level_after']]}"
    return text


def compare_plans(previous: list[Measure], current: list[tuple[int, Measure]]) -> list[PlanLine]:
    """previous: last meeting's measures in order; current: (position, measure) for this meeting's."""
    prev_left = dict(enumerate(previous))
    lines: dict[int, PlanLine] = {}  # by index in current
    for i, (_pos, measure) in enumerate(current):
        same = next((k for k, was in prev_left.items() if was == measure), None)
        if same is not None:
            del prev_left[same]
            lines[i] = PlanLine(SAME, measure, measure)
    for i, (pos, measure) in enumerate(current):
        if i in lines:
            continue
        if pos in prev_left:
            lines[i] = PlanLine(CHANGED, measure, prev_left.pop(pos))
        else:
            lines[i] = PlanLine(ADDED, measure, None)
    return [lines[i] for i in range(len(current))] + [PlanLine(REMOVED, None, m) for m in prev_left.values()]


def load(session: Session, meeting_id: int) -> ReadBack:
    data = cockpit.load(session, meeting_id)
    rows = data.rows
    out = ReadBack(
        decisions=[_decision(n, r) for n, r in enumerate(rows["decisions"], 1)],
        # each action by its number in the Minute (kept when another is removed)
        actions=[_action(r["number"], r, data.agency_name(r["agency_id"])) for r in rows["actions"]],
        disclosures=[_disclosure(r, data.agency_name(r["by_agency_id"])) for r in rows["disclosures"]],
        level=_level(data.meeting),
        review_date=dates.long(data.meeting["review_date"]),
    )
    links: dict[int, list[int]] = {}
    for link in rows["rmp_measure_risks"]:
        links.setdefault(link["measure_id"], []).append(link["risk_number"])
    current = [(r["position"], Measure(RMP_HEADINGS.get(r["heading"], r["heading"]), r["description"],
                                       _owner(data.agency_name(r["agency_id"]), r["person_name"]), r["timescale"],
                                       tuple(sorted(set(links.get(r["id"], ()))))))
               for r in rows["rmp_measures"]]
    if data.previous is None:
        out.plan = [PlanLine(SAME, m, m) for _, m in current]
        return out
    out.previous_date = dates.long(data.previous["meeting_date"])
    codes = AgencyCodes(session.db)
    names = {a["code"]: a["name"] for a in data.agencies}
    _risks, measures, _contingencies = meetings.load_plan(session.db, codes, data.previous["id"])
    previous = [Measure(RMP_HEADINGS.get(x.heading, x.heading), x.description,
                        _owner(names.get(x.agency, x.agency or ""), x.person_name), x.timescale,
                        tuple(sorted(set(x.risk_numbers)))) for x in measures]
    out.plan = compare_plans(previous, current)
    return out
