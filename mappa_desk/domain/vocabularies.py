"""The closed vocabularies the record's fields name (`Field.vocabulary` in domain.record), by name.

Two kinds. The jurisdiction's (profile.JURISDICTIONAL_VOCABULARIES: MAPPA categories, order kinds,
restricted-patient orders, tribunal recommendations and positions, disclosure routes, meeting purposes) are data: they live in the jurisdiction's
profile.json (templates/<jurisdiction>/) and come from the open vault's profile. The others (levels, statuses,
states, stances ...) are the product's own and stay in domain.enums.

`words(name, profile)` gives a vocabulary's codes with the words a user sees; `check(field, value, profile)`
refuses a value outside it with a plain sentence. Values are checked where they enter the record (the cockpit's
editor, new individuals and meetings, the interchange import): the database no longer holds these lists
(schema 0009).
"""

from __future__ import annotations

from functools import lru_cache

from mappa_desk.domain import enums, record
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, JURISDICTIONAL_VOCABULARIES, Profile, load_profile
from mappa_desk.errors import UserFacingError

JURISDICTIONAL = frozenset(JURISDICTIONAL_VOCABULARIES)

_DOMAIN: dict[str, dict] = {
    "levels": enums.LEVELS,
    "meeting_levels": {n: enums.LEVELS[n] for n in enums.MEETING_LEVELS},
    "rosh_levels": enums.ROSH_LEVELS,
    "custody_statuses": enums.CUSTODY_STATUSES,
    "meeting_kinds": enums.MEETING_KINDS,
    "meeting_statuses": enums.MEETING_STATUSES,
    "attendance_statuses": enums.ATTENDANCE_STATUSES,
    "agenda_states": enums.AGENDA_STATES,
    "rmp_headings": enums.RMP_HEADINGS,
    "plan_agreements": enums.PLAN_AGREEMENTS,
    "decision_outcomes": enums.DECISION_OUTCOMES,
    "stances": enums.STANCES,
    "level_decisions": enums.LEVEL_DECISIONS,
    "disclosure_considerations": enums.DISCLOSURE_CONSIDERATIONS,
    "action_statuses": enums.ACTION_STATUSES,
    "action_outcomes": enums.ACTION_OUTCOMES,
    "protected_kinds": enums.PROTECTED_KINDS,  # issue 18 item 4
}

NAMES = frozenset(_DOMAIN) | JURISDICTIONAL


@lru_cache(maxsize=1)
def _default_profile() -> Profile:
    return load_profile(DEFAULT_JURISDICTION)


def words(name: str, profile: Profile | None = None) -> dict:
    """The vocabulary's values with the words a user sees. A jurisdictional vocabulary comes from `profile` (the
    open vault's); without one (or from a profile built by hand, with no vocabularies), from the default
    jurisdiction's profile."""
    if name in _DOMAIN:
        return _DOMAIN[name]
    if name not in JURISDICTIONAL:
        raise KeyError(f"no vocabulary named {name!r}")
    if profile is None or profile.vocabularies is None:
        profile = _default_profile()
    return profile.vocabularies[name]


def label(name: str, value, profile: Profile | None = None, missing: str | None = None) -> str:
    """The words for `value`; for a value the vocabulary does not hold, `missing` (the value itself if None)."""
    found = words(name, profile).get(value)
    if found is not None:
        return found
    return str(value) if missing is None else missing


def check(field, value, profile: Profile | None = None) -> None:
    """Refuse `value` for `field` (a domain.record Field naming a vocabulary) when the vocabulary does not hold it.
    None (no value) is for the caller's own rules on empty values; it is not checked here."""
    if not field.vocabulary or value is None:
        return
    allowed = words(field.vocabulary, profile)
    if field.kind == "choices":  # any of the words, as codes separated by commas (issue 17 item 2)
        codes = field.ticked(value)
        unknown = [code for code in codes if code not in allowed]
        value = unknown[0] if unknown else None
        if value is None and len(set(codes)) != len(codes):
            raise UserFacingError(f"{field.label} cannot name a choice twice.")
    if value is not None and value not in allowed:
        where = f" of {profile.name}" if profile is not None and profile.vocabularies is not None else ""
        shown = "; ".join(w for code, w in allowed.items() if code != "")
        raise UserFacingError(f"{field.label} cannot be “{value}”: it is not one of the choices{where} ({shown}).")


def check_column(table: str, column: str, value, profile: Profile | None = None) -> None:
    """`check` for a value bound for a stored column of the record (tables and columns of domain.record);
    a column that holds no vocabulary passes."""
    part = record.BY_TABLE.get(table)
    field = part.field_by_column(column) if part is not None else None
    if field is not None:
        check(field, value, profile)

