"""What a meeting's record still lacks before its documents are generated (domain brief section 3).

The rules follow guidance 11.6, 11.12-11.13 and 11.34-11.35 and the national Meeting Audit Form. Each rule
is a small function that yields `Gap`s; a blocking gap stops the documents, a warning is for the chair to
judge. A gap names the cockpit panel (an agenda step key in the shipped template) where it is put right.

Decisions worth knowing:
- An agency that sent apologies or did not attend, sent no written report and has no limitation recorded
  is a warning, not a block: 11.35 asks for the limitation only where the absence limits the assessment or
  the plan, and an empty field cannot tell "no limitation" from "not considered".
- Attendance still marked "invited" is a warning: the Minute would not say whether the agency came.
- No chair at all blocks (the Minute must say who chaired and the chair clears it, 11.15, 11.34); a chair
  below the guidance's seniority only warns, as the profile's rank list cannot know every title.
- A level decision other than exit needs the level it leads to, consistent with the decision; the levels a
  category allows (category 3 has no Level 1: it exits) are domain.consistency_individual's, from the profile.
- No agreement of the plan recorded is a warning, not a block: the RMP then says plainly that it is not
  recorded, and like the other fields of the plan an empty value is the chair's to judge.
- `today` only serves one warning: a meeting under way or held cannot be dated after today, and the review
  clock runs from that date.
- Disclosure: the meeting either records that it considered disclosure and none is needed, with the reason
  (`Meeting.disclosure_considered` "none_needed", no disclosure row needed), or records each disclosure
  decision as a row; with neither, the record does not show that disclosure was considered. A disclosure's
  route is not demanded (no national log template exists, and records made before it was asked have none);
  "another route" without its details, and an individual to be told with nobody named to tell them, warn.
- What the record is expected to show field by field is a row of `EXPECTED` (an `Expected`: step, sentence,
  test, and optionally the list it applies to each item of); a new field's check is one row there. They warn:
  a meeting's position on a tribunal recommendation with no recommendation recorded, a review that names
  no previous meeting, part A of a plan left empty, a measure with no review date, a plan with measures but
  no agreement recorded, and a level increased or decreased with no date it takes effect (an exit is not
  asked for one: records of exits made before the date was asked have none).
- Issue 17 item 9: what 5A and the audit forms ask that the chair can put right in the meeting or in the
  individual's details also warns: a restricted patient with no RMO or no hospital (5A's health fields), no
  address, no purpose of the meeting, a previous action ongoing or not done with no note, and a sentenced
  prisoner with no expected release date (not one on remand, who has none, nor one under an order for lifelong
  restriction, whose release the Parole Board decides). The individual's details are put right from the
  opening step, as the restricted patient's order is. A review whose earlier meeting is not in the vault names
  it when the chair records its date and level by hand; one of the two alone is its own gap. What happens
  after the meeting (approval, circulation, sign-off of the plan) is not asked: the chair cannot record it at
  the close, and the documents say plainly what is not recorded.
- Issue 18 item 2: the contradictions about the individual (date of birth, ViSOR reference, category with RoSH,
  level, order and health lead), the plausible dates of the meeting, a tribunal recommendation without the
  meeting's position (blocking) and a named victim with no victim-safety measure (warning) are
  domain.consistency_individual's rules, the same that refuse them where they are entered; one call yields them.
- Gaps quote action descriptions, agency names, risk kinds and step titles; never an individual's details.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from mappa_desk.domain import agenda, clocks, consistency_individual, consistency_meeting, seniority
from mappa_desk.domain.agenda import AgendaStep
from mappa_desk.domain.enums import ACTION_OUTCOMES, LEVEL_DECISIONS, RMP_HEADINGS
from mappa_desk.domain.model import Individual, Meeting, Risk
from mappa_desk.domain.profile import Profile


@dataclass(frozen=True)
class Gap:
    step: str  # the agenda step (cockpit panel) where the gap is put right
    text: str  # one plain sentence
    blocking: bool


@dataclass(frozen=True)
class _Case:
    meeting: Meeting
    individual: Individual
    profile: Profile
    today: _dt.date
    steps: dict[str, AgendaStep]


def _needed(step: str, text: str) -> Gap:
    return Gap(step, text, True)


def _check(step: str, text: str) -> Gap:
    return Gap(step, text, False)


def _short(text: str, limit: int = 60) -> str:
    """Text on one line, cut at a word near `limit` characters, without a closing full stop."""
    flat = " ".join(text.split()).rstrip(".")
    if len(flat) <= limit:
        return flat
    return flat[:limit].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _either(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} or {words[-1]}"


def _risk(risk: Risk) -> str:
    return f"risk {risk.number}" + (f" ({_short(risk.kind, 40)})" if risk.kind.strip() else "")


# -- opening ------------------------------------------------------------------------------------------------

def _confidentiality(case: _Case) -> Iterator[Gap]:
    # With nobody present there is no agreement to record (issue 18 item 2): `_attendance` says nobody is present.
    if not case.meeting.confidentiality_agreed and any(a.status == "present" for a in case.meeting.attendance):
        yield _needed("opening", "The record does not show that everyone present agreed the confidentiality "
                                 "statement.")


def _chair(case: _Case) -> Iterator[Gap]:
    chair = case.meeting.chair
    text = seniority.chair_warning(chair.rank if chair else None, chair.agency if chair else None,
                                   case.meeting.level, case.individual.category, case.profile.chair_ranks)
    if text:
        yield Gap("opening", text, blocking=chair is None)


def _attendance(case: _Case) -> Iterator[Gap]:
    rows = case.meeting.attendance
    if not rows:
        yield _needed("opening", "No attendance is recorded.")
    elif not any(a.status == "present" for a in rows):
        yield _needed("opening", "Nobody is recorded as present.")
    for row in rows:
        who = case.profile.agency_name(row.agency) or "An invitee with no agency"
        if row.status == "invited":
            yield _check("opening", f"{who} is still recorded as invited: record present, apologies or did not "
                                    "attend.")
        elif row.status in ("apologies", "did_not_attend") and not row.report_received and not row.limitation.strip():
            absent = "sent apologies and no" if row.status == "apologies" else "did not attend and sent no"
            yield _check("opening", f"{who} {absent} written report: record whether its absence limits the "
                                    "assessment or the plan.")


def _meeting_date(case: _Case) -> Iterator[Gap]:
    if case.meeting.status not in ("planned", "cancelled") and \
            _dt.date.fromisoformat(case.meeting.meeting_date) > case.today:
        yield _check("opening", "The meeting date is later than today: check it, as the review clock runs "
                                "from it.")


# -- previous actions, information --------------------------------------------------------------------------

def _previous_actions(case: _Case) -> Iterator[Gap]:
    previous = case.meeting.previous
    if case.meeting.kind != "review" or previous is None:
        return
    for action in previous.actions:
        # An action reviewed as ongoing stays open (issue 17 item 2): its outcome is recorded all the same.
        if action.outcome is None or (action.status == "open" and action.outcome != "ongoing"):
            yield _needed("previous_actions", "No outcome is recorded for the action from the last meeting "
                                              f"“{_short(action.description)}”.")


def _information(case: _Case) -> Iterator[Gap]:
    if not case.meeting.information:
        yield _check("information", "No information shared by the agencies is recorded.")


# -- risks and the plan -------------------------------------------------------------------------------------

def _risks(case: _Case) -> Iterator[Gap]:
    meeting = case.meeting
    if not meeting.risks:
        yield _needed("risks", "No risks are recorded.")
    for risk in meeting.risks:
        if not risk.scenarios:
            yield _needed("risks", f"Risk {_risk(risk)[5:]} has no scenario.")
        if not risk.strategy_rationale.strip():
            yield _check("risks", f"The reason for the strategy for {_risk(risk)} is not recorded.")
    if not meeting.rosh_level:
        yield _needed("risks", "The overall risk of serious harm (RoSH) level is not recorded.")
    if not meeting.victim_issues.strip():
        yield _check("risks", "Victim and potential-victim issues are not recorded.")
    if not meeting.diversity_issues.strip():
        yield _check("risks", "Diversity issues are not recorded.")


def _plan(case: _Case) -> Iterator[Gap]:
    meeting = case.meeting
    if not meeting.rmp_measures:
        yield _needed("rmp", "The risk management plan has no measures.")
    else:  # with no measures at all, one gap says it; a gap per risk would only repeat it
        addressed = {n for measure in meeting.rmp_measures for n in measure.risk_numbers}
        for risk in meeting.risks:
            if risk.number not in addressed:
                yield _needed("rmp", f"No measure in the plan addresses {_risk(risk)}.")
    for n, measure in enumerate(meeting.rmp_measures, 1):
        missing = [word for word, value in (("agency", measure.agency), ("person", measure.person_name.strip()),
                                            ("timescale", measure.timescale.strip())) if not value]
        if missing:
            heading = RMP_HEADINGS.get(measure.heading, measure.heading)
            yield _check("rmp", f"Measure {n} of the plan ({heading}) has no {_either(missing)}.")
    if not meeting.contingencies:
        yield _check("rmp", "The plan has no contingency: warning signs, and who does what.")


# -- decisions and disclosure -------------------------------------------------------------------------------

def _decisions(case: _Case) -> Iterator[Gap]:
    for n, decision in enumerate(case.meeting.decisions, 1):
        if decision.outcome == "decided_with_dissent":
            if not decision.how_proceeded.strip():
                yield _needed("decisions", f"Decision {n} was taken with dissent, but the record does not say how "
                                           "the meeting agreed to proceed.")
            if not any(p.stance == "disagree" for p in decision.positions):
                yield _needed("decisions", f"Decision {n} was taken with dissent, but no agency is recorded as "
                                           "disagreeing.")
        for position in decision.positions:
            if position.stance == "disagree" and not position.reason.strip():
                agency = case.profile.agency_name(position.agency)
                yield _needed("decisions", f"Decision {n}: the reason {agency} disagreed is not recorded.")
        if any(not option.reason.strip() for option in decision.options_not_taken):
            yield _needed("decisions", f"Decision {n}: a course of action considered but not taken has no reason "
                                       "recorded.")
        if decision.outcome != "deferred" and not decision.rationale.strip():
            yield _check("decisions", f"Decision {n} has no reasoning recorded.")


def _disclosure(case: _Case) -> Iterator[Gap]:
    meeting = case.meeting
    if meeting.disclosure_considered == "none_needed":
        if not meeting.disclosure_none_reason.strip():
            yield _needed("disclosure", "The record says no disclosure is needed, but not why.")
        made = [n for n, disclosure in enumerate(meeting.disclosures, 1) if disclosure.made]
        if made:
            yield _needed("disclosure", f"The record says no disclosure is needed, but disclosure {made[0]} is to "
                                        "be made.")
    elif not meeting.disclosures:
        if meeting.disclosure_considered == "recorded":
            yield _needed("disclosure", "The record says the disclosure decisions are recorded, but none is.")
        else:
            yield _needed("disclosure", "The record does not show that disclosure was considered.")
    for n, disclosure in enumerate(meeting.disclosures, 1):
        if not disclosure.made:
            if not disclosure.reason_not_made.strip():
                yield _needed("disclosure", f"Disclosure {n} is not to be made, but the reason is not recorded.")
            continue
        missing = [word for word, value in (
            ("recipient", disclosure.to_whom.strip()), ("content", disclosure.what.strip()),
            ("agency or person to make it", disclosure.by_agency or disclosure.by_person.strip()),
            ("date", disclosure.by_when)) if not value]
        if missing:
            yield _check("disclosure", f"Disclosure {n} has no {_either(missing)}.")
        if disclosure.route == "other" and not disclosure.route_detail.strip():
            yield _check("disclosure", f"Disclosure {n} is made by another route, but the record does not say "
                                       "which.")
        if disclosure.individual_told and not disclosure.individual_told_by.strip():
            yield _check("disclosure", f"Disclosure {n}: the individual is to be told of it, but not by whom.")


# -- level, actions, review ---------------------------------------------------------------------------------

_LEVEL_FITS: dict[str, Callable[[int, int], bool]] = {
    "increase": lambda before, after: after > before, "maintain": lambda before, after: after == before,
    "decrease": lambda before, after: after < before,
}


def _level(case: _Case) -> Iterator[Gap]:
    meeting = case.meeting
    decision, after = meeting.level_decision, meeting.level_after
    if not decision:
        yield _needed("level", "No level decision is recorded.")
    elif decision in _LEVEL_FITS:
        if after is None:
            yield _needed("level", "The level from now on is not recorded.")
        elif not _LEVEL_FITS[decision](meeting.level, after):
            yield _needed("level", f"The level from now on (Level {after}) does not fit the decision to "
                                   f"{LEVEL_DECISIONS[decision].lower()} from Level {meeting.level}.")
    if not meeting.level_rationale.strip():
        yield _needed("level", "The level decision has no rationale recorded.")


def _actions(case: _Case) -> Iterator[Gap]:
    for action in case.meeting.actions:
        missing = [word for word, value in (("person", action.person_name.strip()), ("agency", action.agency),
                                            ("due date", action.due_date)) if not value]
        if missing:
            yield _check("actions", f"The action “{_short(action.description)}” has no {_either(missing)}.")


def _review(case: _Case) -> Iterator[Gap]:
    meeting = case.meeting
    problem = clocks.review_date_problem(
        _dt.date.fromisoformat(meeting.meeting_date),
        _dt.date.fromisoformat(meeting.review_date) if meeting.review_date else None, meeting.level,
        meeting.level_decision, meeting.level_after, case.individual.olr, case.profile.clocks)
    if problem:
        yield _needed("review", problem)
    if not meeting.individual_informed_by.strip():
        yield _check("review", "The record does not say who tells the individual about the meeting.")


def _agenda(case: _Case) -> Iterator[Gap]:
    for item in case.meeting.agenda:
        step = agenda.panel_for(item.step_key, case.steps)
        title = _short(item.title) or item.step_key
        if item.state == "skipped" and not item.skip_reason.strip():
            yield _needed(step, f"The step “{title}” was skipped without a reason.")
        elif item.state in ("not_started", "in_progress"):
            yield _check(step, f"The step “{title}” is not marked done or skipped.")


# -- what the record is expected to show, one row each -------------------------------------------------------

@dataclass(frozen=True)
class Expected:
    """One thing the record is expected to show, and the sentence that says it does not.

    `lacks(case)` is true when the record does not show it. With `each`, the row is checked once per item
    of a list: `each(case)` gives the items, `lacks(item)` is asked of each, and `text` may name the item as
    {n} (its number, from 1) and {name} (`name(item)`, e.g. a measure's heading). A row of `EXPECTED` is all a
    new check needs: the cockpit's list and `mappa-desk check` show every gap this module finds. Its tests:
    the field filled in `complete()` of tests/domain/test_completeness.py, and a row of MUTATIONS there that
    empties it and names the sentence.
    """

    step: str  # the agenda step (cockpit panel) where it is put right
    text: str  # one plain sentence
    lacks: Callable[[Any], bool]
    each: Callable[[_Case], Sequence[Any]] | None = None
    name: Callable[[Any], str] = str
    blocking: bool = False

    def gaps(self, case: _Case) -> Iterator[Gap]:
        if self.each is None:
            if self.lacks(case):
                yield Gap(self.step, self.text, self.blocking)
            return
        for n, item in enumerate(self.each(case), 1):
            if self.lacks(item):
                yield Gap(self.step, self.text.format(n=n, name=self.name(item)), self.blocking)


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _restricted(case: _Case) -> bool:
    return case.individual.category == 2


def _with_plan(case: _Case) -> bool:
    return bool(case.meeting.rmp_measures)


def _review_unnamed(case: _Case) -> bool:
    """A review whose previous meeting is not in the record (not in the vault, or minuted on paper)."""
    return case.meeting.kind == "review" and case.meeting.previous is None


def _previous_actions_reviewed(case: _Case) -> Sequence[Any]:
    """The previous meeting's actions, where this meeting is a review of it (their outcomes are recorded here)."""
    previous = case.meeting.previous
    return previous.actions if case.meeting.kind == "review" and previous is not None else ()


# Outcomes of an action not done (every outcome but done and ongoing): the record says why.
_NOT_DONE = tuple(code for code in ACTION_OUTCOMES if code not in ("done", "ongoing"))

# Level decisions that change the level, so the record says from when (exit has its own dates: not asked).
_CHANGES_LEVEL = ("increase", "decrease")

EXPECTED: tuple[Expected, ...] = (
    Expected("opening", "The individual is a restricted patient (category 2), but the record does not name their "
                        "Responsible Medical Officer (RMO): add it to the individual's details.",
             lambda c: _restricted(c) and _blank(c.individual.rmo)),
    Expected("opening", "The individual is a restricted patient (category 2), but the record does not name the "
                        "hospital: add it to the individual's details.",
             lambda c: _restricted(c) and _blank(c.individual.hospital)),
    Expected("opening", "The individual's address is not recorded: add it to the individual's details (or record "
                        "that they have no fixed abode).",
             lambda c: _blank(c.individual.address)),
    Expected("opening", "The individual is in custody serving a sentence, but the record has no expected release "
                        "date: add it to the individual's details.",
             lambda c: c.individual.custody_status == "sentenced" and not c.individual.olr
             and c.individual.expected_release is None),
    Expected("opening", "The record does not say the purpose of the meeting: tick its purposes or record another.",
             lambda c: _blank(c.meeting.purposes) and _blank(c.meeting.purpose_other)),
    Expected("previous_actions", "This is a review, but the record does not name the meeting before it, so its "
                                 "actions and plan cannot be reviewed.",
             lambda c: _review_unnamed(c) and _blank(c.meeting.reviewed_meeting_date)
             and c.meeting.reviewed_meeting_level is None),
    Expected("opening", "The meeting this review follows is recorded by hand with only its date or only its level: "
                        "record both.",
             lambda c: _review_unnamed(c) and _blank(c.meeting.reviewed_meeting_date)
             != (c.meeting.reviewed_meeting_level is None)),
    Expected("previous_actions", "The action from the last meeting “{name}” is still ongoing, but no note says how "
                                 "far it has got: add one.",
             lambda a: a.outcome == "ongoing" and _blank(a.outcome_note), each=_previous_actions_reviewed,
             name=lambda a: _short(a.description)),
    Expected("previous_actions", "The action from the last meeting “{name}” was not done, but no note says why: add "
                                 "one.",
             lambda a: a.outcome in _NOT_DONE and _blank(a.outcome_note), each=_previous_actions_reviewed,
             name=lambda a: _short(a.description)),
    Expected("rmp", "Part A of the risk management plan has no basis of assessment.",
             lambda c: _with_plan(c) and _blank(c.meeting.basis_of_assessment)),
    Expected("rmp", "Part A of the risk management plan has no risk formulation.",
             lambda c: _with_plan(c) and _blank(c.meeting.risk_formulation)),
    Expected("rmp", "Measure {n} of the plan ({name}) has no review date.", lambda m: m.review_date is None,
             each=lambda c: c.meeting.rmp_measures, name=lambda m: RMP_HEADINGS.get(m.heading, m.heading)),
    Expected("rmp", "The record does not say whether the meeting agreed the plan.",
             lambda c: _with_plan(c) and c.meeting.plan_agreement is None),
    Expected("decisions", "The meeting's position on a Mental Health Tribunal recommendation is recorded, but not "
                          "what the RMO recommends.",
             lambda c: _blank(c.meeting.tribunal_recommendation) and not _blank(c.meeting.tribunal_position)),
    Expected("level", "The level decision changes the level, but the record does not say the date it takes "
                      "effect.",
             lambda c: c.meeting.level_decision in _CHANGES_LEVEL and c.meeting.level_effective_date is None),
)


def _expected(case: _Case) -> Iterator[Gap]:
    for row in EXPECTED:
        yield from row.gaps(case)


def _individual_consistency(case: _Case) -> Iterator[Gap]:
    """Issue 18 item 2: the individual's contradictions and the record's dates (domain.consistency_individual)."""
    for found in consistency_individual.findings(case.meeting, case.individual, case.profile, case.today):
        yield Gap(found.step, found.text, found.blocking)


def _meeting_contradictions(case: _Case) -> Iterator[Gap]:
    """issue 18 item 2: what the meeting and its attendance say against each other (domain.consistency_meeting)."""
    for finding in consistency_meeting.findings(case.meeting, case.profile.agency_name):
        yield _needed(finding.step, finding.text)


RULES: tuple[Callable[[_Case], Iterator[Gap]], ...] = (
    _meeting_contradictions, _confidentiality, _chair, _attendance, _meeting_date, _previous_actions, _information,
    _risks, _plan, _decisions, _disclosure, _level, _actions, _review, _agenda, _expected, _individual_consistency,
)


def gaps(meeting: Meeting, individual: Individual, profile: Profile, today: _dt.date | None = None,
         steps: dict[str, AgendaStep] | None = None) -> list[Gap]:
    """What the record still lacks, in agenda order, blocking gaps first within a step.

    `steps` (the template's steps by key) places agenda items whose keys the panels do not name; without
    it they fall back as `agenda.panel_for` decides.
    """
    case = _Case(meeting, individual, profile, today or _dt.date.today(), steps or {})
    found = list(dict.fromkeys(gap for rule in RULES for gap in rule(case)))  # one gap per distinct sentence
    order = {panel: n for n, panel in enumerate(agenda.PANELS)}
    return sorted(found, key=lambda gap: (order.get(gap.step, len(order)), not gap.blocking))
