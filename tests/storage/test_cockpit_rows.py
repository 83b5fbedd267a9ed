"""What the cockpit reads (storage.cockpit): each row holds its declared fields, named as the screen names them,
and nothing else of the record but ids, parents and places; widgets are named after typed references."""

import pytest

from mappa_desk.domain import record
from mappa_desk.services import cockpit, records

# Besides the declared fields (under Field.row_key): identity, parent, place, and the attendee's rank.
# "uid": an action's, which a carried-forward action names (schema 0015)
OTHER_KEYS = {"id", "meeting_id", "risk_id", "decision_id", "position", "person_rank", "uid"}


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def test_rows_hold_the_declared_fields_and_no_other_column(demo):
    meeting_id = demo.db.scalar("SELECT id FROM meetings WHERE previous_meeting_id IS NOT NULL ORDER BY id LIMIT 1")
    data = cockpit.load(demo, meeting_id)
    for table, rows in data.rows.items():
        if table == "rmp_measure_risks":
            continue
        part = record.part_of_table(table)
        assert rows, table
        for row in rows:
            declared = {f.row_key for f in part.fields} | {f.column for f in part.fields}
            assert declared <= set(row), (table, declared - set(row))
            assert set(row) - declared <= OTHER_KEYS, (table, set(row) - declared)
    meeting_keys = set(data.meeting) - {f.row_key for f in record.MEETING.fields} - set(record.MEETING.columns)
    assert meeting_keys == {"id", "individual_id", "previous_meeting_id"}
    assert set(data.individual) - set(record.INDIVIDUAL.columns) == {"id", "aliases"}
    assert data.previous_actions and set(data.previous_actions[0]) == set(data.rows["actions"][0])


def test_a_person_field_is_named_for_the_name_it_shows():
    assert record.ATTENDANCE.ref(5, "person").object_name == "attendance:5:person_name"
    assert record.MEETING.ref(1, "coordinator").object_name == "meetings:1:coordinator_name"
    assert record.INFORMATION_ITEM.ref(3, "source_agency").object_name == "information_items:3:source_agency_id"
    assert record.SCENARIO.ref(7, "who_at_risk").object_name == "risk_scenarios:7:who_at_risk"
