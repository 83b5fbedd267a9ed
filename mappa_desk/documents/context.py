"""The values a template may name: a meeting flattened into words, and the shareable subset.

`full_context` is for the Minute, the RMP and the covering note: every declared field of the individual, the
meeting and each listed row, in words (`declared`), plus the values made from several fields. The Executive
Summary and the reply letter get `shareable_context`, which is built from scratch out of the few facts that may
leave the meeting (declared `releasable`) and the information items marked shareable; nothing else of the
meeting is ever handed to them. The statement for a Mental Health Tribunal gets `tribunal_context`, narrower
still: the meeting's date, its level and the group's position on the RMO's recommendation (guidance 11.20).
"""

from __future__ import annotations

import re

from mappa_desk.domain import consistency_meeting, dates, enums, record, vocabularies
from mappa_desk.domain.fields import Field, Part
from mappa_desk.domain.model import Individual, Meeting, Person
from mappa_desk.documents.masking import never_named


class Missing:
    """A field this meeting does not have (e.g. the previous meeting of an initial one)."""

    def __init__(self, why: str):
        self.why = why

    def __repr__(self) -> str:
        return f"Missing({self.why!r})"


def yes_no(flag: bool, said: dict) -> str:
    """`said`: the jurisdiction's words (common.toml [words]), whose "flag_yes" and "flag_no" a flag prints."""
    return said["flag_yes"] if flag else said["flag_no"]


def file_ref(individual: Individual, meeting: Meeting) -> str:
    """A file-name-safe reference that names nobody: the ViSOR reference, else the meeting's uid."""
    if individual.visor_ref:
        return re.sub(r"[^A-Za-z0-9]+", "-", individual.visor_ref).strip("-") or meeting.uid[:8]
    return f"meeting-{meeting.uid[:8]}"


def meeting_ref(meeting: Meeting) -> str:
    """A file-name-safe reference to the meeting alone (not even the ViSOR reference): for files that go where
    only the statement for a tribunal may go."""
    return f"meeting-{meeting.uid[:8]}"


def _name(individual: Individual) -> str:
    return f"{individual.given_names} {individual.family_name.upper()}".strip()


def _person(person: Person | None, agencies: dict[str, str]) -> str:
    if person is None:
        return ""
    parts = [person.full_name]
    if person.rank:
        parts.append(person.rank)
    if person.agency:
        parts.append(agencies.get(person.agency, person.agency))
    return ", ".join(parts)


def _attendee(row, agencies: dict[str, str]) -> str:
    """An attendee as a sentence names them: their name and agency, or the agency alone."""
    return ", ".join(p for p in ((row.person.full_name if row.person else ""),
                                 agencies.get(row.agency, row.agency) if row.agency else "") if p)


def _owner(name: str, agency: str | None, agencies: dict[str, str]) -> str:
    agency_name = agencies.get(agency, agency) if agency else ""
    return ", ".join(p for p in (name, agency_name) if p)


def words(field: Field, value, agencies: dict[str, str], said: dict, profile=None) -> str:
    """A declared field's value as a document prints it: dates in British words, a vocabulary's word, an
    agency's name, a person with rank and agency, Yes or No (in `said`, the jurisdiction's words); an empty value
    as ""."""
    if value is None or value == "":
        return ""
    if field.kind == "flag":
        return yes_no(value, said)
    if field.kind == "date":
        return dates.long(value)
    if field.kind in ("choice", "level"):
        return vocabularies.label(field.vocabulary, value, profile)
    if field.kind == "choices":
        return "; ".join(vocabularies.label(field.vocabulary, code, profile) for code in field.ticked(value))
    if field.kind == "agency":
        return agencies.get(value, value)
    if field.kind == "person":
        return _person(value, agencies)
    return str(value)


def declared(obj, part: Part, agencies: dict[str, str], said: dict, prefix: str = "", profile=None) -> dict[str, str]:
    """Every declared field of one row, in words, by name: what a template may name without code."""
    return {f"{prefix}{f.name}": words(f, getattr(obj, f.name), agencies, said, profile) for f in part.fields}


def declared_field(name: str) -> Field | None:
    """The declared field `individual.x` or `meeting.x` names, or None."""
    prefix, _, field = name.partition(".")
    part = {"individual": record.INDIVIDUAL, "meeting": record.MEETING}.get(prefix)
    if part is None:
        return None
    try:
        return part[field]
    except KeyError:
        return None


def declared_label(name: str) -> str | None:
    """The declared label of `individual.x` or `meeting.x` (a template's fields row may give the name alone)."""
    field = declared_field(name)
    return field.label if field is not None else None


def _scalars(individual: Individual, meeting: Meeting, agencies: dict[str, str], profile,
             said: dict) -> dict[str, object]:
    return {**declared(individual, record.INDIVIDUAL, agencies, said, "individual.", profile),
            **declared(meeting, record.MEETING, agencies, said, "meeting.", profile),
            **_made(individual, meeting, agencies, profile, said)}


def _made(individual: Individual, meeting: Meeting, agencies: dict[str, str], profile,
          said: dict) -> dict[str, object]:
    """The values a template names that are not one declared field as it stands (they win over `declared`)."""
    ag = lambda code: agencies.get(code, code) if code else ""  # noqa: E731
    time = "–".join(t for t in (meeting.start_time, meeting.end_time) if t)
    agreed = ""
    # "agreed by all present" only when every person present agreed; otherwise who did not (issue 18 item 2)
    missing = consistency_meeting.not_agreed(meeting)
    if missing == []:
        agreed = (said["flag_yes_at"].format(time=meeting.confidentiality_agreed_at)
                  if meeting.confidentiality_agreed_at else said["flag_yes"])
    elif missing and meeting.status not in ("planned",):
        agreed = said["confidentiality_not_agreed_by"].format(
            names="; ".join(_attendee(a, agencies) for a in missing))
    elif meeting.status not in ("planned",):
        agreed = said["flag_no"]
    return {
        "individual.name": _name(individual),
        "individual.aliases": ", ".join(individual.aliases),
        "individual.date_of_birth": dates.long(individual.date_of_birth),
        "individual.visor_ref": individual.visor_ref or "",
        "individual.category": vocabularies.label("categories", individual.category, profile),
        "individual.file_ref": file_ref(individual, meeting),
        "individual.olr_if_subject": said["flag_yes"] if individual.olr else "",  # printed only when subject
        # The date the meeting's lead agency took over: the individual's, only while that is the meeting's lead.
        "individual.lead_agency_since": (dates.long(individual.lead_agency_since)
                                         if individual.lead_agency == meeting.lead_agency else ""),
        "meeting.level": str(meeting.level),
        "meeting.level_label": enums.LEVELS.get(meeting.level, str(meeting.level)),
        "meeting.kind": enums.MEETING_KINDS.get(meeting.kind, meeting.kind),
        "meeting.kind_lower": enums.MEETING_KINDS.get(meeting.kind, meeting.kind).lower(),
        "meeting.date": dates.long(meeting.meeting_date),
        "meeting.date_iso": meeting.meeting_date,
        "meeting.date_and_time": f"{dates.long(meeting.meeting_date)}{', ' + time if time else ''}",
        "meeting.location": meeting.location,
        "meeting.lead_agency": ag(meeting.lead_agency),
        "meeting.chair": _person(meeting.chair, agencies),
        "meeting.minute_taker": _person(meeting.minute_taker, agencies),
        "meeting.coordinator": _person(meeting.coordinator, agencies),
        "meeting.individual_informed_by": meeting.individual_informed_by,
        "meeting.confidentiality_agreed": agreed,
        "meeting.rosh_level": enums.ROSH_LEVELS.get(meeting.rosh_level, "") if meeting.rosh_level else "",
        "meeting.victim_issues": meeting.victim_issues,
        "meeting.diversity_issues": meeting.diversity_issues,
        "meeting.housing_notes": meeting.housing_notes,
        "meeting.level_decision": enums.LEVEL_DECISIONS.get(meeting.level_decision, "") if meeting.level_decision else "",
        "meeting.level_after": enums.LEVELS.get(meeting.level_after, "") if meeting.level_after else "",
        "meeting.level_rationale": meeting.level_rationale,
        "meeting.review_date": dates.long(meeting.review_date),
        "meeting.next_meeting_date": dates.long(meeting.next_meeting_date),
        "meeting.previous_date": (dates.long(meeting.previous.meeting_date) if meeting.previous
                                  else Missing("an initial meeting has no previous meeting")),
        **_reviewed(meeting, said),
    }


def _reviewed(meeting: Meeting, said: dict) -> dict[str, str]:
    """issue 17 item 2: the emergency flag as an optional row ("" unless it was one), and the meeting a
    review reviews: its date and level from the vault's record of it, else as the chair recorded them by hand
    (when the earlier meeting is not in the vault); never a guess, so "" (not recorded) when neither is known."""
    if meeting.previous is not None:
        date, level = meeting.previous.meeting_date, meeting.previous.level
    else:
        date, level = meeting.reviewed_meeting_date, meeting.reviewed_meeting_level
    return {"meeting.emergency": yes_no(True, said) if meeting.emergency else "",
            "meeting.reviewed_meeting_date": dates.long(date) if date else "",
            "meeting.reviewed_meeting_level": enums.LEVELS.get(level, str(level)) if level else ""}


def _collections(individual: Individual, meeting: Meeting, agencies: dict[str, str], profile,
                 said: dict) -> dict[str, list[dict]]:
    ag = lambda code: agencies.get(code, code) if code else ""  # noqa: E731
    status = lambda s: enums.ATTENDANCE_STATUSES.get(s, s)  # noqa: E731
    attendance = [{
        **declared(a, record.ATTENDANCE, agencies, said, profile=profile),
        "name": a.person.full_name if a.person else "",
        "rank": a.person.rank if a.person else "",
        "name_and_rank": "\n".join(p for p in (a.person.full_name, a.person.rank) if p) if a.person else "",
        "capacity": a.capacity or (a.person.role if a.person else ""),
        "agency": ag(a.agency),
        "status": status(a.status) + "".join(
            f", {label} {t}" for label, t in (("arrived", a.arrived_at), ("left", a.left_at)) if t),
        "report_received": yes_no(a.report_received, said),
        "limitation": a.limitation,
    } for a in meeting.attendance]
    absent = [row for row, a in zip(attendance, meeting.attendance) if a.status in ("apologies", "did_not_attend")]
    previous_actions = [{
        **declared(a, record.ACTION, agencies, said, profile=profile),
        "number": str(a.number), "description": a.description, "owner": _owner(a.person_name, a.agency, agencies),
        "due": dates.long(a.due_date),
        "outcome": enums.ACTION_OUTCOMES.get(a.outcome, "") if a.outcome else said["action_not_yet_recorded"],
        "note": a.outcome_note,
        # the status at review with its note beneath (issue 17 item 2: a table with a "No." column fits the page)
        "status": "\n".join(p for p in (enums.ACTION_OUTCOMES.get(a.outcome, "") if a.outcome
                                         else said["action_not_yet_recorded"], a.outcome_note) if p),
    } for a in (meeting.previous.actions if meeting.previous else [])]
    return {
        "carried_actions": _carried(meeting),
        "step_notes": [{"step_key": i.step_key, "title": i.title, "summary": i.summary,
                        "discussion": i.discussion, "skip_reason": i.skip_reason, "state": i.state}
                       for i in meeting.agenda],
        "attendance": attendance,
        "absent": absent,
        "previous_actions": previous_actions,
        "information": [{**declared(i, record.INFORMATION_ITEM, agencies, said, profile=profile),
                         "agency": ag(i.source_agency), "text": i.text, "shareable": yes_no(i.shareable, said)}
                        for i in meeting.information],
        "contingencies": [{**declared(c, record.CONTINGENCY, agencies, said, profile=profile), "trigger": c.trigger,
                           "response": c.response, "who": _owner(c.person_name, c.agency, agencies)}
                          for c in meeting.contingencies],
        "disclosures": [{
            **declared(d, record.DISCLOSURE, agencies, said, profile=profile),
            "made": yes_no(d.made, said), "to_whom": d.to_whom, "what": d.what,
            "by": _owner(d.by_person, d.by_agency, agencies), "by_when": dates.long(d.by_when),
            "reason_not_made": d.reason_not_made,
        } for d in meeting.disclosures],
        "actions": [{**declared(a, record.ACTION, agencies, said, profile=profile), "description": a.description,
                     "person": a.person_name, "agency": ag(a.agency), "due": dates.long(a.due_date)}
                    for a in meeting.actions],
        "purposes": [{"purpose": vocabularies.label("meeting_purposes", code, profile)}
                     for code in record.MEETING["purposes"].ticked(meeting.purposes)],
        "circulation": [{**declared(c, record.CIRCULATION, agencies, said, profile=profile), "agency": ag(c.agency),
                         "sent": dates.long(c.sent_date)} for c in meeting.circulation],
        # issue 18 item 4: the people and places protected from release (the Minute names them; nothing else does)
        "protected_persons": [declared(p, record.PROTECTED, agencies, said, profile=profile)
                              for p in meeting.protected_persons],
        "orders": [{
            **declared(o, record.ORDER, agencies, said, profile=profile),
            "kind": vocabularies.label("order_kinds", o.kind, profile), "description": o.description,
            "start": dates.long(o.start_date), "end": dates.long(o.end_date) or "Indefinite",
            "conditions": "\n".join(f"• {c}" for c in o.conditions),
        } for o in individual.orders],
    }


def _carried(meeting: Meeting) -> list[dict]:
    """This meeting's actions carried forward from the previous meeting's, each with the number and date of the
    one it came from (issue 17 item 2). A link to an action the record does not hold is not printed."""
    if meeting.previous is None:
        return []
    original = {a.uid: a for a in meeting.previous.actions}
    return [{"number": str(a.number), "from_number": str(original[a.carried_from_uid].number),
             "from_date": dates.long(meeting.previous.meeting_date)}
            for a in meeting.actions if a.carried_from_uid in original]


def full_context(individual: Individual, meeting: Meeting, agencies: dict[str, str], profile=None, *,
                 said: dict) -> dict:
    """`profile`: the open vault's (its vocabularies' words); None for the default jurisdiction's. `said`: the
    jurisdiction's words (common.toml [words]) for what is printed as yes, no or not yet recorded."""
    return {"scalars": _scalars(individual, meeting, agencies, profile, said),
            "collections": _collections(individual, meeting, agencies, profile, said)}


def shareable_context(individual: Individual, meeting: Meeting, agencies: dict[str, str], profile=None) -> dict:
    """Only what may leave the meeting: identity, date, type, level, agencies, the level after it and the day that
    takes effect (the template words the outcome), shareable items."""
    # issue 18 item 4: only agencies present, never one the jurisdiction marks never to be named in a release
    hidden = {a.code for a in never_named(profile)}
    released = lambda code: agencies.get(code, code) if code and code not in hidden else ""  # noqa: E731
    represented = []
    for a in meeting.attendance:
        if a.status == "present" and released(a.agency) and released(a.agency) not in represented:
            represented.append(released(a.agency))
    level_after = meeting.level_after or meeting.level
    # The level may take effect on another day than the meeting's (5A row 11): the outcome names that day. Only
    # values here: the template's Outcome row words them, by the level decision.
    effective = meeting.level_effective_date
    effective_words = dates.long(effective) if effective and effective != meeting.meeting_date else ""
    return {
        "scalars": {
            "shareable.name": _name(individual),
            # Document 9 names the individual by name, current address and date of birth.
            "shareable.date_of_birth": dates.long(individual.date_of_birth),
            "shareable.address": individual.address,
            "shareable.chair": meeting.chair.full_name if meeting.chair else "",
            "shareable.visor_ref": individual.visor_ref or "",
            "shareable.file_ref": file_ref(individual, meeting),
            "shareable.date": dates.long(meeting.meeting_date),
            "shareable.date_iso": meeting.meeting_date,
            "shareable.kind": enums.MEETING_KINDS.get(meeting.kind, meeting.kind),
            "shareable.level": enums.LEVELS.get(meeting.level, str(meeting.level)),
            "shareable.level_number": str(meeting.level),
            "shareable.agencies": ", ".join(represented),
            # The level after this meeting (the meeting's own when none other was recorded), and the day it takes
            # effect in words, empty when not recorded or the meeting's own day.
            "shareable.level_after": enums.LEVELS.get(level_after, str(level_after)),
            "shareable.level_effective_date": effective_words,
            "shareable.review_date": dates.long(meeting.review_date),
        },
        "collections": {
            "shareable.information": [{"agency": released(i.source_agency), "text": i.text}
                                      for i in meeting.information if i.shareable],
        },
    }


def tribunal_context(individual: Individual, meeting: Meeting, agencies: dict[str, str], profile=None) -> dict:
    """Guidance 11.20's statement for a Mental Health Tribunal, and nothing else: the meeting's date, its MAPPA
    level and the group's position on the Responsible Medical Officer's recommendation (the words of the
    jurisdiction's vocabularies). `file_ref` (the meeting's, never the ViSOR reference) and `date_iso` are for the
    file's name only."""
    return {
        "scalars": {
            "tribunal.date": dates.long(meeting.meeting_date),
            "tribunal.date_iso": meeting.meeting_date,
            "tribunal.file_ref": meeting_ref(meeting),
            "tribunal.level": enums.LEVELS.get(meeting.level, str(meeting.level)),
            "tribunal.level_number": str(meeting.level),
            "tribunal.recommendation": vocabularies.label("tribunal_recommendations",
                                                          meeting.tribunal_recommendation, profile)
            if meeting.tribunal_recommendation else "",
            "tribunal.position": vocabularies.label("tribunal_positions", meeting.tribunal_position, profile)
            if meeting.tribunal_position else "",
        },
        "collections": {},
    }
