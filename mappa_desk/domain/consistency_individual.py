"""Contradictions about the individual, and the single fields a meeting is dated by (issue 18, item 2).

Every rule is written once here and used by every path that enters a value: the individual editor and the New
individual form (services/individuals.py), New meeting (services/new_meeting.py), the interchange import
(services/records.py), `mappa-desk check` and the self-audit (domain.completeness calls `findings`).

Three entry points:
- `individual_problems(individual, profile, today)`: what is wrong inside the individual's own record (date of
  birth, ViSOR reference, category with its RoSH, level, order and lead agency, the lead agency itself, orders'
  dates). Refused where it is entered (editor, New individual, import); a blocking finding of the self-audit for
  a record stored before the rule.
- `meeting_date_problem(meeting_date, profile, today)`: a meeting dated before MAPPA began in the jurisdiction
  (the profile's `mappa_start_date`) or more than `YEARS_AHEAD` years after today. Refused by New meeting and the
  import; blocking in the self-audit.
- `findings(meeting, individual, profile, today)`: all of the above for a record, plus what can only be seen
  across it: the meeting's level, level after and RoSH against the category (a meeting that decides exit may
  record the lower RoSH that takes the individual out of MAPPA), a tribunal recommendation without the group's
  position (or for an individual who is not a restricted patient), an earlier meeting dated after this one, a
  next meeting dated on or before it (the review date's own rule is domain.clocks'), and two warnings: a named
  victim with no victim-safety measure in the plan, and a person named there who is not on the meeting's list of
  people protected from release (domain.protect.unlisted: the individual's own names, the agencies' names and
  the attending organisations' names are not people to protect).

Jurisdictional facts come from the profile's `individual_rules` (templates/<jurisdiction>/profile.json): when
MAPPA began, which RoSH levels and MAPPA levels each category allows, which category is the restricted patients'
(who need their order and a health lead agency) and which agencies are health agencies. `parse_rules` reads and
checks that section when the profile is loaded.

Decisions (the issue was silent):
- A date of birth must be before today and at most `OLDEST_YEARS` (120) years ago.
- A meeting may be dated at most `YEARS_AHEAD` (2) years after today: the longest review clock is 12 months (an
  OLR), so a later date is a mistyped year.
- A ViSOR reference's format is not published in what the product holds, so only what is plainly not a reference
  is refused: blank or only spaces (null means none), spaces at either end, a tab or line break, no letter or
  digit at all, or more than `VISOR_REF_MAX` (60) characters. Unprintable characters are refused by text_check.
- An individual whose RoSH is not assessed (null) is not held against the category: nothing contradicts.
- A named victim is recognised in a risk scenario's "Who is at risk" or the meeting's victim issues by a title
  followed by a capitalised word ("Ms Lennox") or two capitalised words in a row ("Sarah Lennox"); a
  victim-safety measure is a plan measure under the heading victim_safety (model.RmpMeasure). It warns only:
  the words cannot be read with certainty.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from mappa_desk.domain import dates, protect
from mappa_desk.domain.enums import LEVELS, ROSH_LEVELS

OLDEST_YEARS = 120
YEARS_AHEAD = 2
VISOR_REF_MAX = 60


@dataclass(frozen=True)
class CategoryRule:
    """What one MAPPA category allows (profile `individual_rules.categories`)."""

    levels: tuple[int, ...]
    rosh_levels: tuple[str, ...]
    restricted_patient: bool = False  # needs its restricted patient order and a health lead; others have no order


@dataclass(frozen=True)
class Rules:
    """The profile's `individual_rules`."""

    mappa_start_date: _dt.date
    categories: dict[int, CategoryRule] = field(hash=False)
    health_agencies: tuple[str, ...] = ()


@dataclass(frozen=True)
class Problem:
    field: str  # the field it is about: an Individual attribute, or "meeting_date" etc. for a meeting
    text: str  # one plain sentence


@dataclass(frozen=True)
class Finding:
    step: str  # the agenda step (cockpit panel) where it is put right
    text: str
    blocking: bool
    field: str = ""


class RulesInvalid(ValueError):
    """The profile's individual_rules section is missing or wrong; the message says what (for profile.py)."""


# -- the profile's section -------------------------------------------------------------------------------------

def parse_rules(value, agency_codes: set[str], categories: set[int]) -> Rules:
    """`individual_rules` of a profile, checked against its agencies and categories; RulesInvalid if wrong."""
    if not isinstance(value, dict):
        raise RulesInvalid("no valid individual_rules section")
    try:
        start = _dt.date.fromisoformat(value.get("mappa_start_date"))
    except (TypeError, ValueError):
        raise RulesInvalid("no valid individual_rules mappa_start_date (a date like 2007-04-30)") from None
    health = value.get("health_agencies", [])
    if not isinstance(health, list) or any(code not in agency_codes for code in health):
        raise RulesInvalid("individual_rules health_agencies that are not the profile's agency codes")
    table = value.get("categories")
    if not isinstance(table, dict) or {str(c) for c in categories} != set(table):
        raise RulesInvalid("no valid individual_rules categories (one entry for each category)")
    rules = {}
    for code, row in table.items():
        levels, rosh = (row.get("levels"), row.get("rosh_levels")) if isinstance(row, dict) else (None, None)
        if (not isinstance(levels, list) or not levels or any(n not in LEVELS or isinstance(n, bool) for n in levels)
                or not isinstance(rosh, list) or not rosh or any(r not in ROSH_LEVELS for r in rosh)
                or not isinstance(row.get("restricted_patient", False), bool)):
            raise RulesInvalid(f"no valid individual_rules for category {code} (levels from 1 to 3 and RoSH "
                               f"levels from {', '.join(ROSH_LEVELS)})")
        rules[int(code)] = CategoryRule(tuple(levels), tuple(rosh), row.get("restricted_patient", False))
    if any(rule.restricted_patient for rule in rules.values()) and not health:
        raise RulesInvalid("individual_rules with a restricted patient category but no health_agencies")
    return Rules(start, rules, tuple(health))


def rules_of(profile) -> Rules:
    """The profile's rules; a profile built by hand (no rules) has the default jurisdiction's."""
    found = getattr(profile, "individual_rules", None) if profile is not None else None
    if found is None:
        from mappa_desk.domain.vocabularies import _default_profile
        found = _default_profile().individual_rules
    return found


# -- wording ---------------------------------------------------------------------------------------------------

def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _category(n, profile) -> str:
    from mappa_desk.domain import vocabularies
    return vocabularies.label("categories", n, profile)


def _agencies(codes, profile) -> str:
    return _either([profile.agency_name(code) if profile is not None else code for code in codes])


# -- the individual's own record --------------------------------------------------------------------------------

def _day(value) -> _dt.date | None:
    """The date, or None for no date or text that is not one (unreadable dates are refused where they are read)."""
    if isinstance(value, _dt.date):
        return value
    try:
        return _dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def date_of_birth_problem(value: str | None, today: _dt.date) -> str | None:
    """A date of birth (ISO) that cannot be right: not in the past, or more than OLDEST_YEARS years ago."""
    born = _day(value)
    if born is None:
        return None
    if born >= today:
        return "The date of birth is not in the past. Check it, and enter the year in full, e.g. 1979."
    if born.year < today.year - OLDEST_YEARS:
        return f"The date of birth is more than {OLDEST_YEARS} years ago. Check the year."
    return None


def visor_ref_problem(value: str | None) -> str | None:
    """A ViSOR reference that is plainly not one (None, no reference, is fine)."""
    if value is None:
        return None
    if not value.strip():
        return ("The ViSOR reference is blank. Enter the reference, or leave it out (no value) if the individual "
                "has none.")
    if any(char in value for char in "\t\r\n\v\f"):
        return "The ViSOR reference is on more than one line. Enter it as one line."
    if value != value.strip():
        return "The ViSOR reference has spaces before or after it. Enter the reference alone."
    if not any(char.isalnum() for char in value):
        return "The ViSOR reference has no letter or digit, so it is not a reference. Check it."
    if len(value) > VISOR_REF_MAX:
        return f"The ViSOR reference is longer than {VISOR_REF_MAX} characters, so it is not a reference. Check it."
    return None


def individual_problems(individual, profile, today: _dt.date) -> list[Problem]:
    """Every contradiction inside the individual's record, each naming its field."""
    rules = rules_of(profile)
    found: list[Problem] = []

    def add(name: str, text: str | None) -> None:
        if text:
            found.append(Problem(name, text))

    add("date_of_birth", date_of_birth_problem(individual.date_of_birth, today))
    add("visor_ref", visor_ref_problem(individual.visor_ref))
    if profile is not None and individual.lead_agency is not None and \
            all(a.code != individual.lead_agency for a in profile.agencies):
        add("lead_agency", f"Lead agency cannot be “{individual.lead_agency}”: it is not one of the agencies of "
                           f"{profile.name}.")
    rule = rules.categories.get(individual.category)
    if rule is not None:
        words = _category(individual.category, profile)
        if individual.rosh_level is not None and individual.rosh_level not in rule.rosh_levels:
            add("rosh_level", "The risk of serious harm cannot be "
                              f"{ROSH_LEVELS.get(individual.rosh_level, individual.rosh_level)} in this category "
                              f"({words}), which needs {_either([ROSH_LEVELS[r] for r in rule.rosh_levels])}. "
                              "Check the risk of serious harm or the category.")
        if individual.current_level not in rule.levels:
            add("current_level", _level_sentence(words, individual.current_level, rule))
        order = individual.restricted_patient_order or ""
        if rule.restricted_patient and not order:
            add("restricted_patient_order", f"The restricted patient order is not recorded: a restricted patient "
                                            f"({words}) is subject to one. Choose it from the list.")
        elif order and not rule.restricted_patient:
            patients = [n for n, other in rules.categories.items() if other.restricted_patient]
            named = _either([f"Category {n}" for n in patients]) if patients else "restricted patients"
            add("restricted_patient_order", f"A restricted patient order applies only to {named} (restricted "
                                            f"patients). Choose {named}, or set the order to None.")
        if rule.restricted_patient and individual.lead_agency is not None and \
                individual.lead_agency not in rules.health_agencies:
            add("lead_agency", f"The lead agency of a restricted patient ({words}) is a health agency: choose "
                               f"{_agencies(rules.health_agencies, profile)} as the lead agency.")
    for n, order in enumerate(individual.orders, 1):
        if order.start_date and order.end_date and order.end_date < order.start_date:
            add("orders", f"Order {n} ends before it starts. Check its dates.")
    return found


def _level_sentence(words: str, level, rule: CategoryRule) -> str:
    text = f"This category ({words}) has no {LEVELS.get(level, f'Level {level}')}"
    if level is not None and level < min(rule.levels):
        return text + f": leaving Level {min(rule.levels)} is recorded as exit from MAPPA."
    return text + f": choose {_either([LEVELS[n] for n in rule.levels])}."


# -- a meeting's date ------------------------------------------------------------------------------------------

def meeting_date_problem(meeting_date: str | _dt.date | None, profile, today: _dt.date,
                         label: str = "The meeting date") -> str | None:
    """A meeting dated before MAPPA began in the jurisdiction, or more than YEARS_AHEAD years after today."""
    day = _day(meeting_date)
    if day is None:
        return None
    start = rules_of(profile).mappa_start_date
    if day < start:
        where = f" in {profile.name}" if profile is not None else ""
        return f"{label} is before MAPPA began{where} ({dates.long(start)}). Check the year."
    try:
        latest = today.replace(year=today.year + YEARS_AHEAD)
    except ValueError:  # 29 February
        latest = today.replace(year=today.year + YEARS_AHEAD, day=28)
    if day > latest:
        return f"{label} is more than {YEARS_AHEAD} years from today. Check the year."
    return None


def meeting_problems(meeting, profile, today: _dt.date) -> list[Problem]:
    """The meeting's own dates that cannot be right (its date, the earlier meeting's it carries)."""
    found = []
    for name, value, label in (("meeting_date", meeting.meeting_date, "The meeting date"),
                               ("previous.meeting_date", meeting.previous.meeting_date if meeting.previous else None,
                                "The date of the previous meeting"),
                               ("reviewed_meeting_date", meeting.reviewed_meeting_date,
                                "The date of the meeting this review follows")):
        text = meeting_date_problem(value, profile, today, label)
        if text:
            found.append(Problem(name, text))
    return found


# -- across the record (self-audit) --------------------------------------------------------------------------

_TITLES = r"(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?"
_NAMED = re.compile(rf"\b{_TITLES}\s+[A-Z][a-z'’-]+|\b[A-Z][a-z'’-]+\s+[A-Z][a-z'’-]+")


def named_people(text: str) -> list[str]:
    """What looks like a person's name in the text (the rule of `names_a_victim`)."""
    return _NAMED.findall(text or "")


def names_a_victim(text: str) -> bool:
    """Whether the text names a person: a title and a capitalised word, or two capitalised words in a row."""
    return bool(_NAMED.search(text or ""))


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _cross(meeting, individual, profile) -> Iterator[Finding]:
    rules = rules_of(profile)
    rule = rules.categories.get(individual.category)
    words = _category(individual.category, profile)
    exits = meeting.level_decision == "exit"
    if rule is not None:
        if meeting.level not in rule.levels:
            yield Finding("opening", f"This meeting is at Level {meeting.level}, which this category ({words}) "
                                     "does not have: check the meeting's level or the category.", True, "level")
        if meeting.level_after is not None and meeting.level_after not in rule.levels and not exits:
            yield Finding("level", _level_sentence(words, meeting.level_after, rule), True, "level_after")
        if meeting.rosh_level and meeting.rosh_level not in rule.rosh_levels and not exits:
            yield Finding("risks", f"The risk of serious harm recorded ({ROSH_LEVELS.get(meeting.rosh_level)}) is "
                                   f"not one this category ({words}) allows "
                                   f"({_either([ROSH_LEVELS[r] for r in rule.rosh_levels])}): check it, or record "
                                   "the individual's exit from MAPPA.", True, "rosh_level")
    if not _blank(meeting.tribunal_recommendation):
        if _blank(meeting.tribunal_position):
            yield Finding("decisions", "The RMO's recommendation to the Mental Health Tribunal is recorded, but not "
                                       "the meeting's position on it.", True, "tribunal_position")
        if rule is not None and not rule.restricted_patient:
            yield Finding("decisions", "A recommendation to the Mental Health Tribunal is recorded, but the "
                                       f"individual is not a restricted patient ({words}): check the category or "
                                       "remove the recommendation.", True, "tribunal_recommendation")
    held = meeting.meeting_date
    for name, value, label in (("previous.meeting_date", meeting.previous.meeting_date if meeting.previous else None,
                                "previous meeting"),
                               ("reviewed_meeting_date", meeting.reviewed_meeting_date,
                                "meeting this review follows")):
        if value and held and value > held:
            yield Finding("previous_actions", f"The {label} is dated {dates.long(value)}, after this meeting "
                                              f"({dates.long(held)}). Check the dates.", True, name)
    if meeting.next_meeting_date and held and meeting.next_meeting_date <= held:
        yield Finding("review", f"The next meeting is dated {dates.long(meeting.next_meeting_date)}, not after this "
                                f"meeting ({dates.long(held)}). Check the date.", True, "next_meeting_date")
    texts = [scenario.who_at_risk for risk in meeting.risks for scenario in risk.scenarios]
    own = [individual.given_names, individual.family_name, *individual.aliases,
           *(agency.name for agency in getattr(profile, "agencies", ())),  # "Police Scotland" is no victim,
           *(row.organisation for row in meeting.attendance)]  # nor is "Ardvennie Women's Aid"
    if any(protect.unlisted(text, meeting.protected_persons, own, named_people)
           for text in [*texts, meeting.victim_issues]):
        yield Finding("risks", "A person is named in the risks or victim issues who is not on the list of people "
                               "and places protected from release: add them to it, so that no document that "
                               "leaves the meeting names them.", False, "protected_persons")
    if any(names_a_victim(text) for text in [*texts, meeting.victim_issues]) and \
            not any(measure.heading == "victim_safety" for measure in meeting.rmp_measures):
        yield Finding("rmp", "A victim is named in the risks or victim issues, but the plan has no victim safety "
                             "planning measure: add one, or record why none is needed.", False, "rmp_measures")


def findings(meeting, individual, profile, today: _dt.date) -> list[Finding]:
    """Every finding of this module for a record: the individual's and the meeting's own problems (blocking, put
    right in the individual's details from the opening step) and the cross-record ones."""
    found = [Finding("opening", p.text, True, p.field) for p in individual_problems(individual, profile, today)]
    found += [Finding("opening", p.text, True, p.field) for p in meeting_problems(meeting, profile, today)]
    found += list(_cross(meeting, individual, profile))
    return found
