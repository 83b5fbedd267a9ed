"""Entering a newly referred individual by hand, so that an initial meeting can be set up for them.

`create_individual` checks the form's values, refuses with one plain sentence
(naming the field it is about, so the form can take the user there), and
writes the individual with their aliases in one transaction. Nothing is
written when anything is refused.

What is tidied rather than refused: names and the ViSOR reference lose outer
and repeated spaces; blank and repeated aliases are dropped; notes lose outer
blank lines. Everything else is stored exactly as typed.
"""

from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

from mappa_desk.domain import record, text_check, vocabularies
from mappa_desk.domain.enums import LEVELS, ROSH_LEVELS
from mappa_desk.domain.model import Individual
from mappa_desk.errors import InvalidInput, UserFacingError
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import individuals
from mappa_desk.storage.rows import AgencyCodes

RESTRICTED_PATIENT_CATEGORY = 2
OLDEST_YEARS = 120  # a date of birth further back is a mistyped year
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
    if order and spec.category != RESTRICTED_PATIENT_CATEGORY:
        raise IndividualRefused("restricted_patient_order",
                                "A restricted patient order applies only to Category 2 (restricted patients). "
                                "Choose Category 2, or set the order to None.")
    if not spec.lead_agency:
        raise IndividualRefused("lead_agency", "Choose the lead agency.")
    aliases: list[str] = []
    for alias in map(_words, spec.aliases):
        if alias and alias not in aliases:
            aliases.append(alias)
    return Individual(
        family_name=family, given_names=_words(spec.given_names),
        date_of_birth=_date_of_birth(spec.date_of_birth, today), visor_ref=_words(spec.visor_ref) or None,
        category=spec.category, current_level=spec.current_level, lead_agency=spec.lead_agency,
        rosh_level=spec.rosh_level, olr=bool(spec.olr), restricted_patient_order=order,
        notes=(spec.notes or "").strip("\n\r\t "), aliases=aliases)


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
    if born >= today:
        raise IndividualRefused("date_of_birth", "The date of birth is not in the past. Check it, and enter the "
                                "year in full, e.g. 1979.")
    if born.year < today.year - OLDEST_YEARS:
        raise IndividualRefused("date_of_birth", f"The date of birth is more than {OLDEST_YEARS} years ago. "
                                "Check the year.")
    return born.isoformat()


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
