"""The closed vocabularies agree where they live. The product's own: enums.py, the SQL schema's CHECKs and the JSON
Schema. The jurisdiction's (categories, order kinds, restricted-patient orders, tribunal words): the profile only;
the database no longer CHECKs them (schema 0009), and the JSON Schema still lists the default jurisdiction's."""

import json
import re

import pytest
import sqlcipher3

from mappa_desk import paths
from mappa_desk.domain import enums, vocabularies
from mappa_desk.storage import migrations

# (table, column, vocabulary, interchange $defs object, property)
CASES = [
    ("individuals", "rosh_level", enums.ROSH_LEVELS, "Individual", "rosh_level"),
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
]

# (table, column, vocabulary name, interchange $defs object, property): the jurisdiction's
JURISDICTIONAL = [
    ("individuals", "restricted_patient_order", "restricted_patient_orders", "Individual", "restricted_patient_order"),
    ("individuals", "category", "categories", "Individual", "category"),
    ("orders", "kind", "order_kinds", "Order", "kind"),
    ("meetings", "tribunal_recommendation", "tribunal_recommendations", "Meeting", "tribunal_recommendation"),
    ("meetings", "tribunal_position", "tribunal_positions", "Meeting", "tribunal_position"),
]


def _sql_values(table, column):
    """The CHECK list of a column in the schema every migration builds (ALTERs included); None without one."""
    conn = sqlcipher3.connect(":memory:", isolation_level=None)
    migrations.apply_pending(conn)
    body = conn.execute("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)).fetchone()[0]
    conn.close()
    match = re.search(rf"CHECK \({column} IN \(([^)]*)\)\)", body, re.S)
    if match is None:
        return None
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


@pytest.mark.parametrize("table, column, name, definition, prop", JURISDICTIONAL)
def test_a_jurisdictions_vocabulary_is_not_fixed_in_the_database_or_the_format(table, column, name, definition, prop):
    """The jurisdiction's words are checked against the vault's own profile where they enter; neither the database
    nor the interchange format fixes one jurisdiction's list (a Testland file is a valid file)."""
    assert _sql_values(table, column) is None
    assert _schema_values(definition, prop) == set()
    assert vocabularies.words(name)


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
