"""Entering a newly referred individual by hand, so that an initial meeting can be set up for them.

`update_individual` changes an existing individual's details the same way, audited (below).

`create_individual` checks the form's values, refuses with one plain sentence
(naming the field it is about, so the form can take the user there), and
writes the individual with their aliases in one transaction. Nothing is
written when anything is refused.

What is tidied rather than refused: names and the ViSOR reference lose outer
and repeated spaces; blank and repeated aliases are dropped; notes lose outer
blank lines. Everything else is stored exactly as typed.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import re
from dataclasses import dataclass

from mappa_desk.domain import consistency_individual, dates, record, text_check, vocabularies
from mappa_desk.domain.enums import LEVELS, ROSH_LEVELS
from mappa_desk.domain.model import Individual, Order
from mappa_desk.errors import InvalidInput, NotFound, UserFacingError
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import individuals
from mappa_desk.storage.rows import AgencyCodes

RESTRICTED_PATIENT_CATEGORY = 2
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


@dataclass(frozen=True)
class NewIndividual:
    family_name: str
    category: int | None  # None: not chosen yet (refused)
    current_level: int
    lead_agency: str | None  # agency code; None: not chosen yet (refused)
    given_names: str = ""
    date_of_birth: str | None = None  # ISO 'YYYY-MM-DD'
    visor_ref: str = ""
    rosh_level: str | None = None  # None: not assessed
    olr: bool = False
    restricted_patient_order: str = ""  # category 2 only
    aliases: tuple[str, ...] = ()
    notes: str = ""


class IndividualRefused(InvalidInput):
    """A value on the form was not acceptable; `field` names it (a NewIndividual attribute)."""

    def __init__(self, field: str, sentence: str):
        super().__init__(sentence)
        self.field = field


def _words(text: str) -> str:
    return " ".join((text or "").split())


def _check(name: str, value, profile) -> None:
    """The value is one of the jurisdiction's choices for the individual's field `name`, or IndividualRefused
    with the form's own sentence (the form offers only the choices, so it says to choose one)."""
    try:
        vocabularies.check(record.INDIVIDUAL[name], value, profile)
    except UserFacingError:
        if name == "category":
            codes = [str(code) for code in vocabularies.words("categories", profile)]
            listed = ", ".join(codes[:-1]) + " or " + codes[-1] if len(codes) > 1 else codes[0]
            raise IndividualRefused(name, f"Choose the MAPPA category: {listed}.") from None
        raise IndividualRefused(name, "Choose a restricted patient order from the list.") from None


def _printable(name: str, text: str) -> None:
    """IndividualRefused naming the field if `text` holds a character the documents cannot print."""
    sentence = text_check.problem(text)
    if sentence is not None:
        raise IndividualRefused(name, sentence)


def tidy(spec: NewIndividual, today: _dt.date, profile=None) -> Individual:
    """The individual to store, or IndividualRefused. No database needed. `profile`: the open vault's (its
    vocabularies); None for the default jurisdiction's."""
    for name in ("family_name", "given_names", "visor_ref", "notes", "date_of_birth"):
        _printable(name, getattr(spec, name) or "")
    for alias in spec.aliases:
        _printable("aliases", alias)
    family = _words(spec.family_name)
    if not family:
        raise IndividualRefused("family_name", "Enter the individual's family name.")
    if spec.category is None:
        raise IndividualRefused("category", "Choose the MAPPA category.")
    _check("category", spec.category, profile)
    if spec.current_level not in LEVELS:
        raise IndividualRefused("current_level", "Choose the MAPPA level: 1, 2 or 3.")
    if spec.rosh_level is not None and spec.rosh_level not in ROSH_LEVELS:
        raise IndividualRefused("rosh_level", "Choose a risk of serious harm level from the list, or Not assessed.")
    order = spec.restricted_patient_order or ""
    _check("restricted_patient_order", order, profile)
    if not spec.lead_agency:
        raise IndividualRefused("lead_agency", "Choose the lead agency.")
    aliases: list[str] = []
    for alias in map(_words, spec.aliases):
        if alias and alias not in aliases:
            aliases.append(alias)
    individual = Individual(
        family_name=family, given_names=_words(spec.given_names),
        date_of_birth=_date_of_birth(spec.date_of_birth, today), visor_ref=_words(spec.visor_ref) or None,
        category=spec.category, current_level=spec.current_level, lead_agency=spec.lead_agency,
        rosh_level=spec.rosh_level, olr=bool(spec.olr), restricted_patient_order=order,
        notes=(spec.notes or "").strip("\n\r\t "), aliases=aliases)
    _refuse_contradictions(individual, today, profile)
    return individual


def _date_of_birth(value: str | None, today: _dt.date) -> str | None:
    if not value:
        return None
    try:
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        born = _dt.date.fromisoformat(value)
    except ValueError:
        raise IndividualRefused("date_of_birth", "The date of birth is not a date MAPPA Desk can read. Enter it as "
                                "day, month and year, e.g. 23/04/1979.") from None
    problem = consistency_individual.date_of_birth_problem(born.isoformat(), today)
    if problem:
        raise IndividualRefused("date_of_birth", problem)
    return born.isoformat()


def _refuse_contradictions(after: Individual, today: _dt.date, profile, before: Individual | None = None) -> None:
    """IndividualRefused naming the field of the first contradiction in `after` (domain.consistency_individual)
    that `before` did not already hold: an edit is not refused for what it did not touch (the self-audit names
    that)."""
    known = consistency_individual.individual_problems(before, profile, today) if before is not None else []
    for problem in consistency_individual.individual_problems(after, profile, today):
        if problem not in known:
            raise IndividualRefused(problem.field, problem.text)


def create_individual(session: Session, spec: NewIndividual, today: _dt.date | None = None) -> int:
    """Adds the individual with their aliases; returns the new row id."""
    individual = tidy(spec, today or _dt.date.today(), session.profile)
    db = session.db
    with db.transaction():
        codes = AgencyCodes(db)
        if not codes.known(individual.lead_agency):
            raise IndividualRefused("lead_agency", "The lead agency is no longer in the jurisdiction profile. "
                                    "Close the form, open it again and choose another.")
        ref = individual.visor_ref
        # Compared without regard to case: "ab/1234" and "AB/1234" are one reference typed twice.
        if ref is not None and individuals.visor_ref_in_use_any_case(db, ref):
            raise IndividualRefused("visor_ref", f"The ViSOR reference {ref} is already in the vault, for another "
                                    "individual. Check the reference; if it is the same person, find them on the "
                                    "home screen instead.")
        return individuals.save(db, codes, individual, utc_now())


# -- changing an individual's details (schema 0013) --------------------------------------------------------------
# Every change is one transaction through storage.individuals.update_details, so the audit trail records it row
# by row. Before the first change after a meeting was held, that meeting keeps the details as they stood
# (storage.individuals.snapshot_held_meetings): its Minute and RMP never print a later change.

LISTS = ("aliases", "orders")
_TEXT_KINDS = ("line", "name", "prose")


def editable_fields() -> dict:
    """The individual's fields an edit may change, by name (their declarations say `editable`)."""
    return {f.name: f for f in record.INDIVIDUAL.editable}


def _text(field, value) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        raise IndividualRefused(field.name, f"{field.label} must be text.")
    _printable(field.name, value)
    return value.strip("\n\r\t ") if field.kind == "prose" else _words(value)


def _iso_date(name: str, label: str, value) -> str | None:
    if value in (None, ""):
        return None
    try:
        if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
            raise ValueError(value)
        return _dt.date.fromisoformat(value).isoformat()
    except ValueError:
        raise IndividualRefused(name, f"{label} is not a date MAPPA Desk can read. Enter it as day, month and "
                                "year, e.g. 23/04/2026.") from None


def _value(field, value, today: _dt.date, profile, codes: AgencyCodes):
    """The value to store for one declared field, or IndividualRefused with a plain sentence."""
    if field.kind in _TEXT_KINDS:
        text = _text(field, value)
        if field.name == "family_name" and not text:
            raise IndividualRefused(field.name, "Enter the individual's family name.")
        if field.name == "visor_ref":
            return text or None
        return text
    if field.kind == "date":
        if field.name == "date_of_birth":
            return _date_of_birth(value, today) if value is None or isinstance(value, str) else \
                _iso_date(field.name, field.label, value)
        found = _iso_date(field.name, field.label, value)
        if field.name == "lead_agency_since" and found and found > today.isoformat():
            raise IndividualRefused(field.name, "The date the lead agency took over is in the future. Record the "
                                    "change of lead agency once it has happened.")
        return found
    if field.kind == "flag":
        if not isinstance(value, bool):
            raise IndividualRefused(field.name, f"{field.label} is yes or no.")
        return value
    if field.kind == "agency":
        if not value:
            raise IndividualRefused(field.name, "Choose the lead agency.")
        if not codes.known(value):
            raise IndividualRefused(field.name, "That lead agency is not in the jurisdiction profile. Choose "
                                    "another.")
        return value
    if field.kind in ("choice", "level"):
        value = field.empty if value in (None, "") and not field.required else value
        if field.name in ("category", "restricted_patient_order"):
            _check(field.name, value, profile)
        else:
            try:
                vocabularies.check(field, value, profile)
            except UserFacingError as err:
                raise IndividualRefused(field.name, str(err)) from None
        if field.required and value is None:
            raise IndividualRefused(field.name, f"Choose the {field.label.lower()}.")
        return value
    raise IndividualRefused(field.name, f"{field.label} cannot be changed here.")


def _aliases(value) -> list[str]:
    if isinstance(value, str) or not all(isinstance(a, str) for a in value or ()):
        raise IndividualRefused("aliases", "Other names must be given one per line.")
    found: list[str] = []
    for alias in value or ():
        _printable("aliases", alias)
    for alias in map(_words, value or ()):
        if alias and alias not in found:
            found.append(alias)
    return found


def _orders(value, profile) -> list[Order]:
    """Orders from Order objects or their dicts (kind, description, start_date, end_date, conditions)."""
    orders = []
    for n, given in enumerate(value or (), start=1):
        data = dataclasses.asdict(given) if isinstance(given, Order) else dict(given)
        unknown = set(data) - {f.name for f in dataclasses.fields(Order)}
        if unknown:
            raise IndividualRefused("orders", f"Order {n} has something MAPPA Desk does not record "
                                    f"({', '.join(sorted(unknown))}).")
        if not data.get("kind"):
            raise IndividualRefused("orders", f"Choose the kind of order {n}.")
        try:
            vocabularies.check(record.ORDER["kind"], data["kind"], profile)
        except UserFacingError as err:
            raise IndividualRefused("orders", f"Order {n}: {err}") from None
        start = _iso_date("orders", f"The start date of order {n}", data.get("start_date"))
        end = _iso_date("orders", f"The end date of order {n}", data.get("end_date"))
        conditions = data.get("conditions") or []
        if isinstance(conditions, str) or not all(isinstance(c, str) for c in conditions):
            raise IndividualRefused("orders", f"The conditions of order {n} must be given one per line.")
        for text in [data.get("description") or "", *conditions]:
            _printable("orders", text)
        orders.append(Order(kind=data["kind"], description=_words(data.get("description") or ""),
                            start_date=start, end_date=end,
                            conditions=[c.strip() for c in conditions if c.strip()]))
    return orders


def tidy_changes(before: Individual, changes: dict, today: _dt.date, profile, codes: AgencyCodes) -> Individual:
    """The individual after `changes` (field name -> new value; "aliases" and "orders" are lists), or
    IndividualRefused with a sentence naming what is wrong. No database writes."""
    fields = editable_fields()
    values = {}
    for name, value in changes.items():
        if name in LISTS:
            values[name] = _aliases(value) if name == "aliases" else _orders(value, profile)
        elif name in fields:
            values[name] = _value(fields[name], value, today, profile, codes)
        else:
            label = record.INDIVIDUAL[name].label if name in {f.name for f in record.INDIVIDUAL.fields} else name
            raise IndividualRefused(name, f"{label} cannot be changed here.")
    after = dataclasses.replace(before, **values)
    _refuse_contradictions(after, today, profile, before)
    if (after.lead_agency != before.lead_agency and before.lead_agency_since is not None
            and after.lead_agency_since == before.lead_agency_since):  # the old lead's date, kept by mistake
        raise IndividualRefused("lead_agency_since", "The lead agency has changed: enter the date it took over, "
                                "or leave the date empty if it is not known.")
    return after


def changed_labels(before: Individual, after: Individual) -> list[str]:
    """The words for what differs between two versions of the individual's details, in declared order."""
    labels = [f.label for f in record.INDIVIDUAL.fields if getattr(before, f.name) != getattr(after, f.name)]
    if before.aliases != after.aliases:
        labels.append("Also known as")
    if before.orders != after.orders:
        labels.append("Orders and conditions")
    return labels


def update_individual(session: Session, individual_id: int, changes: dict, today: _dt.date | None = None) -> list[str]:
    """Change the individual's details; returns the words for what changed ([] when nothing did). Refused with
    a plain sentence (IndividualRefused, naming the field) and nothing written when a value is not acceptable."""
    db = session.db
    with db.transaction():
        if not individuals.exists(db, individual_id):
            raise NotFound("That individual is no longer in the vault. Go back to the home screen and choose "
                           "another.")
        codes = AgencyCodes(db)
        before = individuals.load(db, codes, individual_id)
        after = tidy_changes(before, changes, today or _dt.date.today(), session.profile, codes)
        if after.visor_ref and after.visor_ref != before.visor_ref \
                and individuals.visor_ref_in_use_by_another(db, after.visor_ref, individual_id):
            raise IndividualRefused("visor_ref", f"The ViSOR reference {after.visor_ref} is already in the vault, "
                                    "for another individual. Check the reference.")
        changed = changed_labels(before, after)
        if changed:
            now = utc_now()
            individuals.snapshot_held_meetings(db, codes, individual_id, now)
            individuals.update_details(db, codes, individual_id, before, after, now)
            if after.lead_agency != before.lead_agency:
                individuals.set_lead_of_open_meetings(db, codes, individual_id, after.lead_agency, now)
    return changed


def details(session: Session, individual_id: int) -> Individual:
    """The individual's details as they are now (what the Edit details form starts from)."""
    db = session.db
    if not individuals.exists(db, individual_id):
        raise NotFound("That individual is no longer in the vault. Go back to the home screen and choose another.")
    return individuals.load(db, AgencyCodes(db), individual_id)


# -- an imported file's details of an individual already in the vault -----------------------------------------

def take_from_file(db, codes: AgencyCodes, individual_id: int, incoming: Individual, profile, *, update: bool,
                   today: _dt.date | None = None) -> tuple[list[str], list[str]]:
    """Compare a file's details of an individual already in the vault with the vault's: (updated, kept), the
    words for what differs. With `update` (the user asked for it), the file's editable details replace the
    vault's, checked and audited as an edit by hand (IndividualRefused when one is not acceptable); what may not
    be edited (the referral's level) is kept. Without it, everything that differs is kept and named, never
    dropped silently. Call it inside the import's transaction."""
    before = individuals.load(db, codes, individual_id)
    differing = changed_labels(before, incoming)
    if not differing or not update:
        return [], differing
    editable = editable_fields()
    changes = {name: getattr(incoming, name) for name in editable if getattr(incoming, name) != getattr(before, name)}
    for name in LISTS:
        if getattr(incoming, name) != getattr(before, name):
            changes[name] = getattr(incoming, name)
    after = tidy_changes(before, changes, today or _dt.date.today(), profile, codes)
    if after.visor_ref and after.visor_ref != before.visor_ref \
            and individuals.visor_ref_in_use_by_another(db, after.visor_ref, individual_id):
        raise IndividualRefused("visor_ref", f"The ViSOR reference {after.visor_ref} is already in the vault, for "
                                "another individual. Check the reference.")
    now = utc_now()
    individuals.snapshot_held_meetings(db, codes, individual_id, now)
    individuals.update_details(db, codes, individual_id, before, after, now)
    if after.lead_agency != before.lead_agency:
        individuals.set_lead_of_open_meetings(db, codes, individual_id, after.lead_agency, now)
    updated = changed_labels(before, after)
    return updated, [label for label in changed_labels(after, incoming)]


# The details recorded for the Minute (schema 0013), in the order the home screen lists them.
CIRCUMSTANCES = ("address", "gender", "ethnicity", "agency_references", "case_manager", "lead_agency_since",
                 "index_offences", "custody_status", "expected_release", "rmo", "hospital", "cpa")


def circumstances(session: Session, individual_id: int) -> list[tuple[str, str]]:
    """(label, words) of each of those details that holds a value, for the home screen's Details tab."""
    individual = details(session, individual_id)
    found = []
    for name in CIRCUMSTANCES:
        field, value = record.INDIVIDUAL[name], getattr(individual, name)
        if value in (None, ""):
            continue
        if field.kind == "date":
            value = dates.short(value)
        elif field.kind == "choice":
            value = vocabularies.label(field.vocabulary, value, session.profile)
        found.append((field.label, value))
    return found
