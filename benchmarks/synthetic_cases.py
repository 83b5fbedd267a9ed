"""The synthetic caseload: invented staff, individuals and their meeting histories, all from one seed."""

from __future__ import annotations

import datetime as _dt
import random
import uuid
from dataclasses import dataclass, field

import synthetic_text as text
from mappa_desk.domain import enums, model as m, vocabularies
from mappa_desk.domain.agenda import load_agenda, steps_for
from mappa_desk.domain.profile import DEFAULT_JURISDICTION

REVIEW_WEEKS = {2: 12, 3: 6}
_RANKS = {  # agency: (role, ranks); police ranks are shortened in minutes ("DC Name")
    "POLICE": ("Offender Management Unit", ("Detective Constable", "Police Constable", "Detective Sergeant")),
    "JSW": ("Supervising officer", ("Social Worker", "Senior Social Worker")),
    "HOUSING": ("Housing officer (SOLO)", ("",)), "SPS": ("Integrated case management", ("Unit Manager",)),
    "HEALTH": ("Forensic mental health", ("Community Psychiatric Nurse", "Consultant Forensic Psychiatrist")),
    "CSW": ("Children and families", ("Social Worker", "Team Leader")), "RSL": ("Housing association", ("",)),
    "SCRA": ("Children's Reporter", ("",)), "DWP": ("Work coach", ("",)), "SSS": ("Client support", ("",)),
    "EM": ("Monitoring officer", ("",)), "VOLUNTARY": ("Support worker", ("",)),
    "DOMESTIC_ABUSE": ("Advocacy worker", ("",)),
}
_SHORT = {"Detective Constable": "DC", "Police Constable": "PC", "Detective Sergeant": "DS", "Inspector": "Insp",
          "Detective Superintendent": "Det Supt"}
_TEAM_ODDS = {"CSW": 0.45, "HEALTH": 0.35, "VOLUNTARY": 0.25, "DOMESTIC_ABUSE": 0.25, "RSL": 0.2, "SCRA": 0.12,
              "DWP": 0.1, "SSS": 0.05, "EM": 0.1, "SPS": 0.12}
RISK_KINDS = {1: ("Sexual offending against children", "Online sexual offending", "Sexual offending against "
                   "adult women", "Domestic abuse"),
               2: ("Violence linked to mental illness", "General violence", "Fire-setting", "Stalking and harassment"),
               3: ("General violence", "Domestic abuse", "Stalking and harassment", "Sexual offending against "
                   "adult women")}
_OUTCOMES = ("done",) * 15 + ("not_done_circumstances_changed",) * 2 + ("not_done_by_agency",) * 3
_STARTS = ("09:30", "10:00", "10:30", "11:00", "13:30", "14:00", "14:30")
_AGENDA = {kind: steps_for(kind, load_agenda(DEFAULT_JURISDICTION)) for kind in enums.MEETING_KINDS}


def new_uid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def minute_name(person: m.Person) -> str:
    """How a minute names a person in an action or measure: police by rank and name."""
    short = _SHORT.get(person.rank)
    return f"{short} {person.full_name}" if short and person.agency == "POLICE" else person.full_name


@dataclass
class Staff:
    """The unit's people: chairs by level, co-ordinators, minute-takers, practitioners by agency."""

    chairs: dict[int, list[m.Person]]
    health_chairs: list[m.Person]
    coordinators: list[m.Person]
    minute_takers: list[m.Person]
    by_agency: dict[str, list[m.Person]] = field(default_factory=dict)


def _person(rng: random.Random, role: str, rank: str, agency: str) -> m.Person:
    given, family = text.person_name(rng, rng.random() < 0.55)
    return m.Person(f"{given.split()[0]} {family}", role, rank, agency, uid=new_uid(rng))


def make_staff(seed: int) -> Staff:
    rng = random.Random(f"{seed}:staff")
    chairs = {2: [_person(rng, "Chair", rank, agency) for rank, agency in
                  [("Inspector", "POLICE")] * 4 + [("Service Manager", "JSW")] * 4],
              3: [_person(rng, "Chair", rank, agency) for rank, agency in
                  [("Detective Superintendent", "POLICE")] * 2 + [("Chief Social Work Officer", "JSW")] * 2]}
    staff = Staff(chairs, [_person(rng, "Chair", "Consultant Forensic Psychiatrist", "HEALTH") for _ in range(3)],
                  [_person(rng, "MAPPA Co-ordinator", "", "MAPPA_UNIT") for _ in range(3)],
                  [_person(rng, "MAPPA Unit administrator", "", "MAPPA_UNIT") for _ in range(6)])
    for agency, (role, ranks) in _RANKS.items():
        count = 40 if agency in ("POLICE", "JSW") else 12
        staff.by_agency[agency] = [_person(rng, role, rng.choice(ranks), agency) for _ in range(count)]
    return staff


@dataclass
class Case:
    """What stays the same across one individual's meetings."""

    individual: m.Individual
    ctx: dict
    team: dict[str, m.Person]
    risks: list[str]
    lead: str
    venue: str
    referral: dict | None = None


def pronouns(female: bool) -> dict:
    he, him, his = ("she", "her", "her") if female else ("he", "him", "his")
    return {"he": he, "him": him, "his": his, "He": he.title(), "His": his.title(), "himself": him + "self"}


def _orders(rng: random.Random, category: int, olr: bool, start: str, ctx: dict) -> list[m.Order]:
    kinds = {1: ["sonr"] + (["shpo"] if rng.random() < 0.5 else []) + (["licence"] if rng.random() < 0.3 else []),
             2: ["restriction_order"], 3: [rng.choice(("licence", "sro", "licence", "written_instruction"))]}
    chosen = ["olr"] if olr else kinds[category]
    return [m.Order(kind, vocabularies.words("order_kinds")[kind], start, None,
                    [c.format_map(ctx) for c in rng.sample(bank, rng.randint(1, len(bank)))])
            for kind in chosen for bank in [text.CONDITIONS[kind]]]


def _context(rng: random.Random, female: bool, family: str) -> dict:
    """The slots the phrase banks fill: pronouns, names, places (fixed for the case) and a few per meeting."""
    town, town2 = rng.sample(text.TOWNS, 2)
    return {**pronouns(female), "mr": f"{'Ms' if female else 'Mr'} {family}", "town": town, "town2": town2,
            "partner": f"{'Mr' if female else 'Ms'} {text.family_name(rng)}",
            "street": f"{rng.randint(1, 120)} {rng.choice(text.STREETS)}, {town}",
            "hostel": f"{rng.choice(text.FAMILY_HEADS)}house hostel", "weekday": "Monday", "attended": 5, "due": 6,
            "park": f"the play park off {rng.choice(text.STREETS)}", "prison": rng.choice(("Glenbrannan", "Cairnlaw"))}


def new_case(rng: random.Random, index: int, staff: Staff, first_date: _dt.date) -> Case:
    category = rng.choices((1, 2, 3), (55, 10, 35))[0]
    female = rng.random() < 0.07
    given, family = text.person_name(rng, female)
    ctx = _context(rng, female, family)
    olr = category != 2 and rng.random() < 0.02
    rp_order = rng.choice(list(vocabularies.words("restricted_patient_orders"))[1:]) if category == 2 else ""
    start = (first_date - _dt.timedelta(days=rng.randint(20, 400))).isoformat()
    individual = m.Individual(
        family, category, 2, given_names=given, visor_ref=f"DEMO/SYN/{index:06d}",
        date_of_birth=(first_date - _dt.timedelta(days=rng.randint(19 * 365, 65 * 365))).isoformat(),
        olr=olr, restricted_patient_order=rp_order, aliases=text.aliases(rng, given, family), uid=new_uid(rng),
        orders=_orders(rng, category, olr, start, ctx))
    lead = "JSW" if olr else {1: rng.choice(("POLICE", "POLICE", "JSW")), 2: "HEALTH",
                               3: rng.choice(("JSW", "JSW", "JSW", "SPS"))}[category]
    team = {code: rng.choice(staff.by_agency[code]) for code in ("POLICE", "JSW", "HOUSING")}
    team.update({code: rng.choice(staff.by_agency[code]) for code, odds in _TEAM_ODDS.items() if rng.random() < odds})
    if category == 2:
        team["HEALTH"] = rng.choice(staff.by_agency["HEALTH"])
    team.setdefault(lead, rng.choice(staff.by_agency[lead]))
    venue = f"{ctx['town']} " + rng.choice(text.VENUES).format(n=rng.randint(1, 4))
    return Case(individual, ctx, team, rng.sample(RISK_KINDS[category], rng.randint(2, 4)), lead, venue)


def _chair(rng: random.Random, staff: Staff, case: Case, level: int) -> m.Person:
    if case.individual.category == 2 and rng.random() < 0.7:
        return rng.choice(staff.health_chairs)
    return rng.choice(staff.chairs[level])


def _attendance(rng: random.Random, case: Case, chair, coordinator, minutes, start: str) -> list[m.Attendance]:
    rows = [m.Attendance("present", p.agency, p, cap, start, confidentiality_agreed=True)
            for p, cap in ((chair, "Chair"), (coordinator, "MAPPA Co-ordinator"), (minutes, "Minute-taker"))]
    codes = [case.lead] + [c for c in case.team if c != case.lead]
    for code in codes[:rng.randint(3, 9)]:
        person, status = case.team[code], rng.choices(("present", "apologies", "did_not_attend"), (80, 12, 8))[0]
        if status == "did_not_attend":
            limitation = text.fill(rng, case.ctx, text.LIMITATIONS) if rng.random() < 0.6 else ""
            rows.append(m.Attendance(status, code, None, person.role, report_received=rng.random() < 0.4,
                                     limitation=limitation))
        else:
            rows.append(m.Attendance(status, code, person, person.role, start if status == "present" else "",
                                     report_received=status == "apologies" and rng.random() < 0.7,
                                     confidentiality_agreed=status == "present"))
    return rows


def _agenda(rng: random.Random, kind: str) -> list[m.AgendaItem]:
    items = []
    for step in _AGENDA[kind]:
        if step.key == "housing" and rng.random() < 0.15:
            items.append(m.AgendaItem(step.key, step.title, "skipped", "No change in accommodation",
                                      step.allocated_seconds))
            continue
        spent = max(60, step.allocated_seconds + rng.randint(-120, 240))
        items.append(m.AgendaItem(step.key, step.title, "done", "", step.allocated_seconds, spent))
    return items


def _information(rng: random.Random, case: Case, agencies: list[str]) -> list[m.InformationItem]:
    sources = agencies + ["MAPPA_UNIT"]
    return [m.InformationItem(paragraph.strip(), code, shareable=rng.random() < 0.3)
            for code in (rng.choice(sources) for _ in range(rng.randint(3, 8)))
            for paragraph in [text.paragraph(rng, case.ctx, text.INFO[code], rng.randint(1, 2), text.FOLLOW_UP)]]


def _risks(rng: random.Random, case: Case) -> list[m.Risk]:
    risks = []
    for number, kind in enumerate(case.risks, 1):
        bank = {**text.SCENARIO, **text.RISKS[kind]}
        scenarios = [m.RiskScenario(*(text.fill(rng, case.ctx, bank[part]) for part in
                                      ("context", "what", "who", "when", "how", "why")),
                                    rng.choice(text.SERIOUSNESS)) for _ in range(rng.randint(1, 3))]
        risks.append(m.Risk(number, kind, text.fill(rng, case.ctx, bank["description"]),
                            text.fill(rng, case.ctx, bank["rationale"]), scenarios))
    return risks


def _owned(rng: random.Random, team: dict[str, m.Person], bank, count: int) -> list[tuple[m.Person, tuple]]:
    """Up to `count` different (agency, text, ...) entries for agencies the case works with, each with its officer."""
    entries = [entry for entry in bank if entry[0] in team] or list(bank[:1])
    chosen = rng.sample(entries, min(count, len(entries)))
    return [(team.get(entry[0]) or team["POLICE"], entry[1:]) for entry in chosen]


def _measures(rng: random.Random, case: Case) -> list[m.RmpMeasure]:
    total, measures = rng.randint(6, 12), []
    for n, heading in enumerate(enums.RMP_HEADINGS):
        for owner, (template,) in _owned(rng, case.team, text.MEASURES[heading], (total + 3 - n) // 4):
            risk_numbers = rng.sample(range(1, len(case.risks) + 1), rng.randint(1, min(2, len(case.risks))))
            measures.append(m.RmpMeasure(heading, template.format_map(case.ctx), owner.agency, minute_name(owner),
                                         rng.choice(text.TIMESCALES), risk_numbers))
    return measures


def _decisions(rng: random.Random, case: Case, agencies: list[str]) -> list[m.Decision]:
    decisions, agencies = [], agencies if len(agencies) > 1 else list(dict.fromkeys(agencies + ["POLICE", "JSW"]))
    for question, options, decided, rationale in rng.sample(text.DECISIONS, rng.randint(1, 2)):
        outcome = rng.choices(list(enums.DECISION_OUTCOMES), (70, 20, 10))[0]
        voters = agencies[:rng.randint(2, min(5, len(agencies)))]
        stances = ["disagree" if outcome == "decided_with_dissent" and n == len(voters) - 1 else
                   rng.choices(("agree", "abstain"), (9, 1))[0] for n in range(len(voters))]
        positions = [m.Position(code, stance, rng.choice(text.STANCE_REASONS[stance]))
                     for code, stance in zip(voters, stances)]
        not_taken = [m.OptionNotTaken(options.split("; ")[-1].capitalize(), rationale.format_map(case.ctx))] \
            if outcome == "decided_with_dissent" or rng.random() < 0.3 else []
        decided = rng.choice(text.DEFERRED) if outcome == "deferred" else decided.format_map(case.ctx)
        decisions.append(m.Decision(question.format_map(case.ctx), outcome, options.format_map(case.ctx),
                                    decided, rationale.format_map(case.ctx), rng.choice(text.PROCEEDED[outcome]),
                                    positions, not_taken))
    return decisions


def _disclosures(rng: random.Random, case: Case, day: _dt.date) -> list[m.Disclosure]:
    result = []
    for _ in range(rng.choices((0, 1, 2), (50, 40, 10))[0]):
        made, owner = rng.random() < 0.5, case.team["POLICE" if rng.random() < 0.7 else case.lead]
        result.append(m.Disclosure(made, text.fill(rng, case.ctx, text.DISCLOSURE_TO),
                                   text.fill(rng, case.ctx, text.DISCLOSURE_WHAT), owner.agency, minute_name(owner),
                                   (day + _dt.timedelta(days=rng.randint(2, 14))).isoformat() if made else None,
                                   "" if made else text.fill(rng, case.ctx, text.NOT_MADE)))
    return result


def _actions(rng: random.Random, case: Case, day: _dt.date, coordinator: m.Person) -> list[m.Action]:
    actions, team = [], {**case.team, "MAPPA_UNIT": coordinator}
    for owner, (template,) in _owned(rng, team, text.ACTIONS, rng.randint(3, 8)):
        actions.append(m.Action(template.format_map(case.ctx), minute_name(owner), owner.agency,
                                (day + _dt.timedelta(days=rng.randint(7, 42))).isoformat(), uid=new_uid(rng)))
    return actions


def previous_of(rng: random.Random, meeting: m.Meeting, ctx: dict, with_outcomes: bool) -> m.PreviousMeeting:
    """What the next meeting carries of `meeting`: its actions, closed with outcomes when the review was held."""
    actions = []
    for a in meeting.actions:
        outcome = rng.choice(_OUTCOMES) if with_outcomes else None
        note = text.fill(rng, ctx, text.OUTCOME_NOTES[outcome]) if outcome else ""
        actions.append(m.Action(a.description, a.person_name, a.agency, a.due_date, "closed" if outcome else "open",
                                outcome, note, uid=a.uid))
    return m.PreviousMeeting(meeting.uid, meeting.kind, meeting.level, meeting.meeting_date, meeting.review_date,
                             actions=actions)


def _contingencies(rng: random.Random, case: Case) -> list[m.Contingency]:
    return [m.Contingency(trigger.format_map(case.ctx), response.format_map(case.ctx), owner.agency,
                          minute_name(owner))
            for owner, (trigger, response) in _owned(rng, case.team, text.CONTINGENCIES, rng.randint(1, 3))]


def _clock(start: str, minutes: int) -> str:
    hours, mins = divmod(int(start[:2]) * 60 + int(start[3:]) + minutes, 60)
    return f"{hours:02d}:{mins:02d}"


def _tribunal(rng: random.Random, case: Case) -> dict:
    if case.individual.category != 2 or rng.random() < 0.7:
        return {}
    return {"tribunal_recommendation": rng.choice(list(vocabularies.words("tribunal_recommendations"))[1:]),
            "tribunal_position": rng.choice(("supports", "supports", "does_not_support"))}


def held_meeting(rng: random.Random, staff: Staff, case: Case, kind: str, day: _dt.date,
                 level: tuple[int, str, int | None], review: _dt.date | None, status: str) -> m.Meeting:
    """A meeting that has been held, with the whole record; `level` is (level, decision, level after)."""
    ctx = case.ctx
    ctx.update(weekday=rng.choice(("Monday", "Tuesday", "Wednesday", "Thursday", "Friday")), due=rng.randint(4, 12))
    ctx["attended"] = ctx["due"] - rng.choice((0, 0, 0, 1, 2))
    start, (level_now, decision, after) = rng.choice(_STARTS), level
    chair, coordinator = _chair(rng, staff, case, level_now), rng.choice(staff.coordinators)
    minutes = rng.choice(staff.minute_takers)
    attendance = _attendance(rng, case, chair, coordinator, minutes, start)
    agencies = list(dict.fromkeys(a.agency for a in attendance[3:] if a.status == "present" or a.report_received))
    agencies = agencies or [case.lead]
    # Category 3 needs high or very high RoSH (the profile's individual_rules): never medium.
    rosh = rng.choice(("very_high", "very_high", "high") if level_now == 3
                      else ("high", "high", "high") if case.individual.category == 3 else ("high", "high", "medium"))
    rationale = text.fill(rng, ctx, text.RATIONALE[decision])
    return m.Meeting(
        case.individual.uid, kind, level_now, day.isoformat(), start, _clock(start, rng.randint(40, 125)),
        case.venue, chair, minutes, coordinator, lead_agency=case.lead, status=status, confidentiality_agreed=True,
        confidentiality_agreed_at=_clock(start, rng.randint(2, 8)), rosh_level=rosh,
        individual_informed_by=f"{minute_name(case.team[case.lead])}, before and after the meeting",
        victim_issues=text.paragraph(rng, ctx, text.VICTIM, 1, text.FOLLOW_UP),
        diversity_issues=text.fill(rng, ctx, text.DIVERSITY), housing_notes=text.fill(rng, ctx, text.HOUSING),
        level_decision=decision, level_after=after, level_rationale=rationale,
        review_date=review.isoformat() if review else None, next_meeting_date=review.isoformat() if review else None,
        **_tribunal(rng, case),
        attendance=attendance, agenda=_agenda(rng, kind), information=_information(rng, case, agencies),
        risks=_risks(rng, case), rmp_measures=_measures(rng, case), contingencies=_contingencies(rng, case),
        decisions=_decisions(rng, case, agencies), disclosures=_disclosures(rng, case, day),
        actions=_actions(rng, case, day, coordinator), uid=new_uid(rng))


def planned_meeting(rng: random.Random, staff: Staff, case: Case, day: _dt.date, level: int,
                    previous: m.PreviousMeeting | None) -> m.Meeting:
    """A future meeting as the co-ordinator first enters it: date, place, chair and who is invited."""
    chair = _chair(rng, staff, case, level)
    invited = [m.Attendance("invited", chair.agency, chair, "Chair")]
    invited += [m.Attendance("invited", code, case.team[code], case.team[code].role) for code in case.team]
    return m.Meeting(case.individual.uid, "review" if previous else "initial", level, day.isoformat(),
                     rng.choice(_STARTS), location=case.venue, chair=chair, lead_agency=case.lead,
                     status="planned", attendance=invited, previous=previous, uid=new_uid(rng))
