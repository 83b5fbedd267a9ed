"""The closed vocabularies the record's fields name (`Field.vocabulary` in domain.record), by name."""

from __future__ import annotations

from mappa_desk.domain import enums

VOCABULARIES: dict[str, dict] = {
    "categories": enums.CATEGORIES,
    "levels": enums.LEVELS,
    "meeting_levels": {n: enums.LEVELS[n] for n in enums.MEETING_LEVELS},
    "rosh_levels": enums.ROSH_LEVELS,
    "restricted_patient_orders": enums.RESTRICTED_PATIENT_ORDERS,
    "order_kinds": enums.ORDER_KINDS,
    "meeting_kinds": enums.MEETING_KINDS,
    "meeting_statuses": enums.MEETING_STATUSES,
    "attendance_statuses": enums.ATTENDANCE_STATUSES,
    "agenda_states": enums.AGENDA_STATES,
    "rmp_headings": enums.RMP_HEADINGS,
    "decision_outcomes": enums.DECISION_OUTCOMES,
    "stances": enums.STANCES,
    "level_decisions": enums.LEVEL_DECISIONS,
    "action_statuses": enums.ACTION_STATUSES,
    "action_outcomes": enums.ACTION_OUTCOMES,
    "tribunal_recommendations": enums.TRIBUNAL_RECOMMENDATIONS,
    "tribunal_positions": enums.TRIBUNAL_POSITIONS,
}


def words(name: str) -> dict:
    """The vocabulary's values with the words a user sees."""
    try:
        return VOCABULARIES[name]
    except KeyError:
        raise KeyError(f"no vocabulary named {name!r}") from None
