"""Contradictions about the meeting and its attendance (issue 18 item 2): each rule once, used by every path.

A record that contradicts itself is refused where the value is entered (the cockpit's editor asks the entry
functions below), refused at import (services/records.py asks `findings`), reported as blocking by `check` and
by the self-audit (domain/completeness.py turns each finding into a blocking Gap). Nothing here touches the
database or Qt: callers pass the values.

The rules:
- Confidentiality per person present. Each attendance row says whether that person agreed the confidentiality
  statement; the meeting's flag ("agreed by everyone present") is their sum and never says more: it may be true
  only when every person present agreed. The cockpit keeps them together (`agreement_follow_ups`): ticking the
  meeting's flag records each person present as agreeing, unticking it clears theirs; unticking one person's
  clears the meeting's (the Minute then names who did not agree); marking someone present (or adding them
  present) while the meeting records everyone's agreement ticks theirs (shown on their line, and undone with the
  mark); marking someone absent clears theirs. A person not present cannot agree (refused). The Minute says
  "agreed by all present" only when true (`not_agreed`), otherwise names who did not.
  A record that says nothing person by person (no attendee's agreement ticked: made before the roll-call had
  the tick) has the meeting's flag alone, and it speaks for each person present (`per_person_recorded`); the
  cockpit writes it out person by person when such a meeting is opened for editing (services/cockpit.py
  prepare_case), so that a tick added later cannot leave the others looking as if they did not agree.
- Agency positions on a decision come only from agencies present at the meeting.
- One person, one name: a person's uid names one name throughout the record.
- The meeting ends after it starts, on its own day (domain.clocks.end_before_start_problem: a meeting is not
  recorded as running past midnight; equal times are allowed, a meeting timed to the minute).
- A meeting of only apologies (nobody present) records no confidentiality agreement and no agency positions:
  the two rules above already refuse them; `findings` says it in one sentence each.
- A cancelled meeting has no documents (`cancelled_refusal`).

Findings name people by their attendee number and name (or agency), never the individual's details.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from mappa_desk.domain import clocks
from mappa_desk.domain.model import Attendance, Meeting, Person

STEP = "opening"  # the cockpit panel where the attendance, the times and the agreement are put right
DECISIONS_STEP = "decisions"

CANCELLED = ("This meeting was cancelled, so it has no Minute or other documents: a cancelled meeting is not "
             "minuted. Nothing was made.")


@dataclass(frozen=True)
class Finding:
    path: str  # the field as the interchange file names it, e.g. "meeting.attendance[2].confidentiality_agreed"
    step: str  # the cockpit panel where it is put right
    text: str  # one plain sentence


def _who(n: int, row: Attendance, agency_name: Callable[[str | None], str]) -> str:
    """'attendee 3 (Jane Doe, Police Scotland)': how a finding names a line of the roll-call."""
    parts = [p for p in ((row.person.full_name if row.person else ""), agency_name(row.agency)) if p]
    return f"attendee {n}" + (f" ({', '.join(parts)})" if parts else "")


def _present(row: Attendance) -> bool:
    return row.status == "present"


def findings(meeting: Meeting, agency_name: Callable[[str | None], str] | None = None) -> list[Finding]:
    """Every contradiction of the meeting and its attendance, in the order the Minute tells them."""
    name = agency_name or (lambda code: code or "")
    found: list[Finding] = []
    rows = meeting.attendance
    present = [row for row in rows if _present(row)]
    problem = clocks.end_before_start_problem(meeting.start_time, meeting.end_time)
    if problem:
        found.append(Finding("meeting.end_time", STEP, f"The end time does not fit: {problem}"))
    if meeting.confidentiality_agreed and not present:
        found.append(Finding("meeting.confidentiality_agreed", STEP,
                             "Nobody is recorded as present, but the record says everyone present agreed the "
                             "confidentiality statement: a meeting of only apologies records no agreement."))
    recorded = per_person_recorded(meeting)
    for n, row in enumerate(rows, 1):
        if row.confidentiality_agreed and not _present(row):
            found.append(Finding(f"meeting.attendance[{n - 1}].confidentiality_agreed", STEP,
                                 f"A{_who(n, row, name)[1:]} is recorded as agreeing the confidentiality "
                                 "statement, but not as present."))
        elif recorded and meeting.confidentiality_agreed and _present(row) and not row.confidentiality_agreed:
            found.append(Finding(f"meeting.attendance[{n - 1}].confidentiality_agreed", STEP,
                                 "The record says everyone present agreed the confidentiality statement, but "
                                 f"{_who(n, row, name)} is not recorded as agreeing: tick their agreement, or "
                                 "untick the meeting's."))
    present_agencies = {row.agency for row in present if row.agency}
    for i, decision in enumerate(meeting.decisions):
        for j, position in enumerate(decision.positions):
            if position.agency not in present_agencies:
                found.append(Finding(
                    f"meeting.decisions[{i}].positions[{j}].agency", DECISIONS_STEP,
                    f"Decision {i + 1} records a position for {name(position.agency)}, which is not recorded as "
                    "present at the meeting: only an agency present gives a position."
                    if present else
                    f"Decision {i + 1} records a position for {name(position.agency)}, but nobody is recorded as "
                    "present: a meeting of only apologies records no agency positions."))
    found.extend(_one_name(meeting))
    return found


def _people(meeting: Meeting) -> Iterable[tuple[str, Person]]:
    for role in ("chair", "minute_taker", "coordinator"):
        person = getattr(meeting, role)
        if person is not None:
            yield f"meeting.{role}", person
    for i, row in enumerate(meeting.attendance):
        if row.person is not None:
            yield f"meeting.attendance[{i}].person", row.person


def _one_name(meeting: Meeting) -> Iterable[Finding]:
    """A person (their uid) is named one way throughout the record: two names for one uid is two people merged."""
    seen: dict[str, tuple[str, str]] = {}
    for path, person in _people(meeting):
        name = " ".join(person.full_name.split())
        first = seen.setdefault(person.uid, (path, name))
        if first[1].casefold() != name.casefold():
            yield Finding(f"{path}.full_name", STEP,
                          f"One person (the same uid) is named “{first[1]}” at {first[0]} and “{name}” at "
                          f"{path}: one person has one name. Check which is right.")


def per_person_recorded(meeting: Meeting) -> bool:
    """Whether the record says person by person who agreed: some attendee's agreement is ticked. A record made
    before the roll-call had the tick (every cockpit record before issue 18, and files of that time) has the
    meeting's flag alone, which then speaks for each person present."""
    return any(row.confidentiality_agreed for row in meeting.attendance)


def not_agreed(meeting: Meeting) -> list[Attendance] | None:
    """Who of those present did not agree the confidentiality statement: [] when everyone present agreed (the
    Minute may say "agreed by all present"), None when nobody is present (there is nothing to say)."""
    present = [row for row in meeting.attendance if _present(row)]
    if not present:
        return None
    if meeting.confidentiality_agreed and (not per_person_recorded(meeting)
                                           or all(row.confidentiality_agreed for row in present)):
        return []
    return [row for row in present if not row.confidentiality_agreed] or present


def positions_to_print(meeting: Meeting, positions: list) -> list:
    """The agency positions a Minute prints: none for a meeting of only apologies (nobody present gave one)."""
    return list(positions) if any(_present(row) for row in meeting.attendance) else []


def cancelled_refusal(status: str | None) -> str:
    """The sentence refusing any document of a cancelled meeting; "" for any other."""
    return CANCELLED if status == "cancelled" else ""


# -- at entry (the cockpit's editor passes what the record holds now) -------------------------------------------

def attendee_agreement_problem(agreed: bool, status: str) -> str:
    """Refuses ticking the agreement of someone not recorded as present; "" when it may be saved."""
    if agreed and status != "present":
        return ("only a person present can agree the confidentiality statement, and this attendee is not marked "
                "present. Mark them present first.")
    return ""


def position_problem(agency: Any, present: Collection[Any]) -> str:
    """Refuses a position for an agency not present (`present`: the agencies present, as `agency` is given)."""
    if not present:
        return ("nobody is recorded as present, so no agency can give a position: a meeting of only apologies "
                "records no agency positions. Mark who is present first.")
    if agency not in present:
        return ("only an agency present at the meeting gives a position, and that agency is not recorded as "
                "present. Choose an agency present, or mark it present first.")
    return ""


def new_attendee_agrees(status: str, meeting_agreed: bool) -> bool:
    """Whether a person added to the roll-call starts as agreeing: one added present while the meeting records
    everyone's agreement, as marking them present would (shown on their line; unticked if they did not)."""
    return status == "present" and bool(meeting_agreed)


def agreement_follow_ups(part: str, field: str, value: Any, meeting_agreed: bool,
                         rows: Mapping[int, tuple[str, bool]], row_id: int | None = None
                         ) -> tuple[dict[int, bool], bool | None]:
    """What else changes when a confidentiality tick or an attendance status is set in the cockpit.

    `rows`: each attendance row's (status, agreed) by id, as they stand BEFORE the change; `row_id` the row
    changed (for the attendance part). Returns ({attendance row id: agreed}, the meeting's flag or None for
    unchanged).
    """
    if part == "meeting" and field == "confidentiality_agreed":
        flag = bool(value)
        return {rid: flag for rid, (status, agreed) in rows.items() if status == "present" and agreed != flag}, None
    if part != "attendance" or row_id not in rows:
        return {}, None
    status, agreed = rows[row_id]
    if field == "status":
        if value == "present" and meeting_agreed and not agreed:
            return {row_id: True}, None
        if value != "present" and agreed:
            return {row_id: False}, None
        return {}, None
    if field == "confidentiality_agreed" and not value and status == "present" and meeting_agreed:
        return {}, False  # no longer everyone present: the Minute names who did not agree
    return {}, None
