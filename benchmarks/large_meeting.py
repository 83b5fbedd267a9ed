"""A large fictional meeting for benchmarks: 25 attendees, 12 risks with 30 scenarios, 80 measures, 100 actions."""

from __future__ import annotations

import random

from mappa_desk.domain import enums, model as m
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile

_WORDS = ("the individual reported contact with a former partner through a third party and agreed to "
          "attend weekly appointments while police monitoring continues at the address and housing "
          "staff note visitors late in the evening with concern for children living nearby").split()


def _sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(words)).capitalize() + "."


def large_meeting(seed: int = 7) -> tuple[m.Individual, m.Meeting]:
    rng = random.Random(seed)
    codes = [a.code for a in load_profile(DEFAULT_JURISDICTION).agencies]
    individual = m.Individual("Benchmark", 1, 3, given_names="Bailey", visor_ref="DEMO/BENCH",
                              date_of_birth="1984-02-29", lead_agency="POLICE",
                              orders=[m.Order("shpo", _sentence(rng, 8), "2024-05-01", None,
                                              [_sentence(rng, 14) for _ in range(6)])])
    person = lambda i: m.Person(f"Officer {i}", role="Practitioner", rank="Officer", agency=codes[i % len(codes)])  # noqa: E731
    statuses = ["present"] * 20 + ["apologies"] * 3 + ["did_not_attend"] * 2
    meeting = m.Meeting(
        individual.uid, "review", 3, "2026-11-20", "10:00", "12:30", "Kilbrannan police office, room 2",
        chair=person(0), minute_taker=person(1), coordinator=person(2), lead_agency="POLICE", status="held",
        confidentiality_agreed=True, confidentiality_agreed_at="10:02", rosh_level="very_high",
        victim_issues=_sentence(rng, 60), diversity_issues=_sentence(rng, 30), housing_notes=_sentence(rng, 30),
        level_decision="maintain", level_after=3, level_rationale=_sentence(rng, 80),
        review_date="2026-12-31", next_meeting_date="2026-12-29",
        attendance=[m.Attendance(statuses[i], agency=codes[i % len(codes)], person=person(i), capacity="Practitioner",
                                 report_received=i % 2 == 0, limitation=_sentence(rng, 20) if statuses[i] == "did_not_attend" else "")
                    for i in range(25)],
        information=[m.InformationItem(_sentence(rng, 50), codes[i % len(codes)], shareable=i % 3 == 0) for i in range(30)],
        risks=[m.Risk(i + 1, f"Risk type {i + 1}", _sentence(rng, 30), _sentence(rng, 30),
                      [m.RiskScenario(*(_sentence(rng, 12) for _ in range(6)), "high")
                       for _ in range(3 if i < 6 else 2)]) for i in range(12)],
        rmp_measures=[m.RmpMeasure(list(enums.RMP_HEADINGS)[i % 4], _sentence(rng, 25), codes[i % len(codes)],
                                   f"Officer {i}", "Weekly", [1 + i % 12]) for i in range(80)],
        contingencies=[m.Contingency(_sentence(rng, 12), _sentence(rng, 20), codes[i % len(codes)]) for i in range(10)],
        decisions=[m.Decision(_sentence(rng, 10), "decided_with_dissent", _sentence(rng, 30), _sentence(rng, 20),
                              _sentence(rng, 40), _sentence(rng, 25),
                              [m.Position(codes[j], ["agree", "disagree", "abstain"][j % 3], _sentence(rng, 12))
                               for j in range(6)], [m.OptionNotTaken(_sentence(rng, 10), _sentence(rng, 20))])
                   for _ in range(6)],
        disclosures=[m.Disclosure(i % 2 == 0, "Partner", _sentence(rng, 15), "POLICE", "Officer 1", "2026-11-27",
                                  "" if i % 2 == 0 else _sentence(rng, 20)) for i in range(4)],
        actions=[m.Action(_sentence(rng, 14), f"Officer {i}", codes[i % len(codes)], "2026-12-10", number=i + 1)
                 for i in range(100)],
    )
    meeting.previous = m.PreviousMeeting(m.new_uid(), "review", 3, "2026-10-09", "2026-11-20",
                                         actions=[m.Action(_sentence(rng, 12), "Officer 3", "JSW", "2026-10-30",
                                                           "closed", "done", number=k + 1) for k in range(20)])
    return individual, meeting
