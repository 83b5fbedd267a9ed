"""The closed vocabularies agree in the three places they live: enums.py, the SQL schema, the JSON Schema."""

import json
import re

import pytest
import sqlcipher3

from mappa_desk import paths
from mappa_desk.domain import enums
from mappa_desk.storage import migrations

# (table, column, vocabulary, interchange $defs object, property)
CASES = [
    ("individuals", "rosh_level", enums.ROSH_LEVELS, "Individual", "rosh_level"),
    ("individuals", "restricted_patient_order", enums.RESTRICTED_PATIENT_ORDERS, "Individual", "restricted_patient_order"),
    ("individuals", "category", enums.CATEGORIES, "Individual", "category"),
    ("orders", "kind", enums.ORDER_KINDS, "Order", "kind"),
    ("meetings", "kind", enums.MEETING_KINDS, "Meeting", "kind"),
    ("meetings", "status", enums.MEETING_STATUSES, "Meeting", "status"),
    ("meetings", "level_decision", enums.LEVEL_DECISIONS, "Meeting", "level_decision"),
    ("attendance", "status", enums.ATTENDANCE_STATUSES, "Attendance", "status"),
    ("agenda_items", "state", enums.AGENDA_STATES, "AgendaItem", "state"),
    ("risk_scenarios", "seriousness", enums.ROSH_LEVELS, "RiskScenario", "seriousness"),
    ("rmp_measures", "heading", enums.RMP_HEADINGS, "RmpMeasure", "heading"),
    ("decisions", "outcome", enums.DECISION_OUTCOMES, "Decision", "outcome"),
    ("decision_positions", "stance", enums.STANCES, "Position", "stance"),
    ("actions", "status", enums.ACTION_STATUSES, "Action", "status"),
    ("actions", "outcome", enums.ACTION_OUTCOMES, "Action", "outcome"),
    ("meetings", "tribunal_recommendation", enums.TRIBUNAL_RECOMMENDATIONS, "Meeting", "tribunal_recommendation"),
    ("meetings", "tribunal_position", enums.TRIBUNAL_POSITIONS, "Meeting", "tribunal_position"),
]


def _sql_values(table, column):
    """The CHECK list of a column in the schema every migration builds (ALTERs included)."""
    conn = sqlcipher3.connect(":memory:", isolation_level=None)
    migrations.apply_pending(conn)
    body = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
    conn.close()
    match = re.search(rf"CHECK \({column} IN \(([^)]*)\)\)", body, re.S)
    return {int(v) if v.strip().isdigit() else v.strip().strip("'") for v in match.group(1).split(",")}


def _schema_values(definition, prop):
    schema = json.loads(paths.interchange_schema_path().read_text())
    node = schema["$defs"][definition]["properties"][prop]
    found = set()

    def walk(n):
        if isinstance(n, dict):
            found.update(v for v in n.get("enum", []) if v is not None)
            for key in ("anyOf", "oneOf"):
                for sub in n.get(key, []):
                    walk(sub)
    walk(node)
    return found


@pytest.mark.parametrize("table, column, vocabulary, definition, prop", CASES)
def test_vocabulary_matches_sql_and_schema(table, column, vocabulary, definition, prop):
    assert _sql_values(table, column) == set(vocabulary)
    assert _schema_values(definition, prop) == set(vocabulary)


# Vocabularies of the vault only (not carried in interchange files).
VAULT_ONLY = [
    ("record_events", "event", enums.RECORD_EVENTS),
    ("minute_requests", "kind", enums.REQUEST_KINDS),
    ("minute_requests", "documents", enums.REQUEST_DOCUMENTS),
    ("minute_requests", "decision", enums.REQUEST_DECISIONS),
]


@pytest.mark.parametrize("table, column, vocabulary", VAULT_ONLY)
def test_vault_vocabulary_matches_sql(table, column, vocabulary):
    assert _sql_values(table, column) == set(vocabulary)
