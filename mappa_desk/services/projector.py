"""What the shared screen may show of a meeting: the agenda step, the RMP and the actions, never victim details.

The projector is seen by everyone in the room, and may be seen through a
door or photographed, so this module builds its content from scratch out of
the few fields it names (an allow-list), as `documents.context.shareable_context`
does for the Executive Summary. It never shows:

- the individual's full name, date of birth or aliases: the individual is shown
  by ViSOR reference and initials (the room already knows who is discussed), and
  their names in shown text are cut to initials ("Mr Drumlachie" -> "Mr D.");
- the people and places the record protects (issue 18 item 4: its protected list, masked
  by domain/protect.py in every form, with or without a title, in any case, spacing or
  possessive), and the names of victims where the record gives them with a title
  ("Ms Dawn Keilloch") in the victim fields (victim issues, who is at risk, victim safety
  measures, to whom a disclosure is made), masked the same way wherever they are typed;
- the meeting's victim issues, victim safety measures (only their number),
  risk descriptions and scenarios (who is at risk, where, when);
- information not marked shareable (only how many items are not shown); the rule
  is the Executive Summary's: an item is shown only when its `shareable` flag is set;
- disclosures, decisions and agencies' positions (dissent reasons), attendance
  limitations, housing and diversity notes, orders' conditions, previous
  actions' outcome notes, and a skipped step's reason.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from mappa_desk.domain import agenda, dates, enums, protect
from mappa_desk.services.cockpit import CockpitData

SHOWN_HEADINGS = ("supervision", "monitoring_control", "interventions_treatment")
# The sections each agenda step shows; any other step shows the plan and the actions.
STEP_SECTIONS = {
    "previous_actions": ("previous_actions",),
    "information": ("information",),
    "rmp": ("rmp", "contingencies"),
    "actions": ("actions",),
}
DEFAULT_SECTIONS = ("rmp", "contingencies", "actions")


@dataclass(frozen=True)
class Row:
    text: str  # what: the measure, the trigger, the action
    detail: str = ""  # who and when


@dataclass(frozen=True)
class Section:
    key: str  # which part of the meeting: previous_actions, information, rmp, contingencies, actions
    title: str
    rows: tuple[Row, ...] = ()
    note: str = ""  # what is held back, as a count
    empty: str = ""  # said when there are no rows and no note


@dataclass(frozen=True)
class ProjectorContent:
    individual: str  # "ViSOR ref · initials"
    meeting: str  # "Review meeting · Level 2 · 15 December 2026"
    step_number: int  # 1-based; 0 when the meeting has no agenda
    step_count: int
    step_title: str
    step_state: str  # "In progress", "Done", "Skipped", ...
    prompts: tuple[str, ...]
    sections: tuple[Section, ...]  # the step's own, else the plan and the actions

    def strings(self) -> list[str]:
        """Every piece of text the screen can show (tests search them)."""
        found = [self.individual, self.meeting, self.step_title, self.step_state, *self.prompts]
        for section in self.sections:
            found += [section.title, section.note, section.empty]
            for row in section.rows:
                found += [row.text, row.detail]
        return found


def initials(given_names: str, family_name: str) -> str:
    """'Kyle James', 'Cairnbrake' -> 'K. J. C.'"""
    parts = f"{given_names} {family_name}".split()
    return " ".join(f"{p[0].upper()}." for p in parts if p[0].isalpha())


def identity(individual: dict) -> str:
    """The individual as the shared screen names them: ViSOR reference and initials, never the name."""
    shown = initials(individual.get("given_names") or "", individual.get("family_name") or "")
    ref = individual.get("visor_ref") or ""
    return " · ".join(p for p in (f"ViSOR {ref}" if ref else "", shown) if p)


_TITLED_NAME = re.compile(r"\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.? ((?:[A-Z][\w'’-]+ ?){1,3})")
WITHHELD = "(name not shown)"
# what the shared screen says for a masked person, place or other protected entry (domain/protect.py's keys)
_SAID = {"withheld_name": WITHHELD, "withheld_place": "(place not shown)", "withheld_other": "(not shown)"}


class _Row:
    """A protected_persons row read for the screen, as domain/protect.py reads an entry."""

    def __init__(self, row: dict):
        self.name, self.kind, self.other_forms = row["name"], row["kind"], row["other_forms"]


class NameFilter:
    """Cuts names out of the text typed into measures, contingencies, actions and shareable items."""

    def __init__(self, data: CockpitData):
        rows = data.rows
        victim_text = [data.meeting.get("victim_issues") or ""]
        victim_text += [s["who_at_risk"] for s in rows.get("risk_scenarios", [])]
        victim_text += [m["description"] for m in rows.get("rmp_measures", []) if m["heading"] == "victim_safety"]
        victim_text += [d["to_whom"] for d in rows.get("disclosures", [])]
        ind = data.individual
        own = {w for w in f"{ind.get('given_names') or ''} {ind.get('family_name') or ''}".split() if len(w) > 1}
        own |= {w for alias in ind.get("aliases") or [] for w in alias.split() if len(w) > 1}
        titled = {m.group(1).strip() for text in victim_text for m in _TITLED_NAME.finditer(text)} - {""}
        victims = {w for name in titled for w in name.split()}
        listed = [*protect.entries(_Row(r) for r in rows.get("protected_persons", [])),
                  *(protect.Entry(name, "victim") for name in sorted(titled))]
        self._victims = protect.masker(listed, _SAID, spare=own - victims)
        self._own = self._pattern(own - victims)

    @staticmethod
    def _pattern(words: set[str]) -> re.Pattern | None:
        if not words:
            return None
        alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
        return re.compile(rf"(?<![\w'’-])(?:{alternatives})(?:['’]s)?(?![\w'’-])", re.IGNORECASE)

    def __call__(self, text: str) -> str:
        if self._victims:
            text = self._victims(text)
            text = re.sub(rf"(?:{re.escape(WITHHELD)} ?)+", lambda m: WITHHELD + (" " if m.group().endswith(" ") else ""),
                          text)  # "Ms Dawn Keilloch" -> "Ms (name not shown)", said once
        if self._own is not None:
            text = self._own.sub(lambda m: m.group()[0].upper() + ".", text)
        return text


def _date(iso: str | None, short: bool = False) -> str:
    return dates.short(iso) if short else dates.long(iso)


def _owner(data: CockpitData, person: str, agency_id: int | None, when: str = "") -> str:
    return " · ".join(p for p in (", ".join(p for p in (person, data.agency_name(agency_id)) if p), when) if p)


def _count(number: int, one: str, many: str) -> str:
    return f"{number} {one if number == 1 else many}"


def _information(data: CockpitData) -> Section:
    items = data.rows.get("information_items", [])
    shown = [i for i in items if i["shareable"]]
    held = len(items) - len(shown)
    return Section(
        "information", "Information that may be shared",
        tuple(Row(i["text"], data.agency_name(i["source_agency_id"])) for i in shown),
        note=(f"{_count(held, 'item', 'items')} not marked shareable: not shown on the shared screen"
              if held else ""),
        empty="No information has been shared yet.")


def _rmp(data: CockpitData) -> list[Section]:
    measures = data.rows.get("rmp_measures", [])
    sections = []
    for heading in SHOWN_HEADINGS:
        rows = tuple(Row(m["description"], _owner(data, m["person_name"], m["agency_id"], m["timescale"]))
                     for m in measures if m["heading"] == heading)
        sections.append(Section("rmp", f"RMP: {enums.RMP_HEADINGS[heading]}", rows,
                                empty="No measures yet."))
    victim = sum(1 for m in measures if m["heading"] == "victim_safety")
    sections.append(Section(
        "rmp", f"RMP: {enums.RMP_HEADINGS['victim_safety']}",
        note=(f"{_count(victim, 'victim safety measure', 'victim safety measures')}: not shown on the shared screen"
              if victim else "No victim safety measures yet.")))
    return sections


def _contingencies(data: CockpitData) -> Section:
    return Section("contingencies", "Contingencies", tuple(
        Row(c["trigger"], f"Response: {c['response']}" + (f" ({who})" if (who := _owner(
            data, c["person_name"], c["agency_id"])) else ""))
        for c in data.rows.get("contingencies", [])), empty="No contingencies yet.")


def _actions(data: CockpitData) -> Section:
    return Section("actions", "Actions from this meeting", tuple(
        Row(a["description"], _owner(data, a["person_name"], a["agency_id"],
                                     f"due {_date(a['due_date'], short=True)}" if a["due_date"] else "no due date"))
        for a in data.rows.get("actions", [])), empty="No actions yet.")


def _previous_actions(data: CockpitData) -> Section:
    rows = []
    for a in data.previous_actions:
        outcome = enums.ACTION_OUTCOMES.get(a["outcome"], "") if a["outcome"] else "Outcome not yet recorded"
        rows.append(Row(a["description"], " · ".join(p for p in (_owner(data, a["person_name"], a["agency_id"]),
                                                                   outcome) if p)))
    return Section("previous_actions", "Actions from the last meeting", tuple(rows),
                   empty="No actions from a previous meeting.")


def projector_content(data: CockpitData, step_index: int) -> ProjectorContent:
    """The shared screen's content at one agenda step (0-based); plain values, nothing else of the meeting."""
    meeting = data.meeting
    steps = data.rows.get("agenda_items", [])
    title, state, prompts, panel = "", "", (), ""
    if steps:
        step_index = max(0, min(len(steps) - 1, step_index))
        step = steps[step_index]
        template = data.steps.get(step["step_key"])
        # The title the chair sees in the rail; a skip reason stays off the screen (it may say why).
        title = step["title"]
        state = enums.AGENDA_STATES.get(step["state"], "")
        prompts = tuple(template.prompts) if template else ()
        panel = agenda.panel_for(step["step_key"], data.steps)
    kind = enums.MEETING_KINDS.get(meeting["kind"], meeting["kind"])
    build = {"previous_actions": lambda: [_previous_actions(data)], "information": lambda: [_information(data)],
             "rmp": lambda: _rmp(data), "contingencies": lambda: [_contingencies(data)],
             "actions": lambda: [_actions(data)]}
    names = NameFilter(data)
    sections = [replace(s, rows=tuple(Row(names(r.text), names(r.detail)) for r in s.rows))
                for key in STEP_SECTIONS.get(panel, DEFAULT_SECTIONS) for s in build[key]()]
    return ProjectorContent(
        individual=identity(data.individual),
        meeting=f"{kind} meeting · Level {meeting['level']} · {_date(meeting['meeting_date'])}",
        step_number=step_index + 1 if steps else 0, step_count=len(steps),
        step_title=title, step_state=state, prompts=prompts, sections=tuple(sections))
