"""Full-text search of the minutes: the index follows every edit, folds case and accents, and takes any text."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings, strategies as st

from mappa_desk.services import fulltext, records, session as sessions
from mappa_desk.services.editing import MeetingEditor
from mappa_desk.storage import individuals, meetings, search as store
from mappa_desk.storage.rows import AgencyCodes

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def a_meeting(session) -> int:
    """The newest meeting held and not yet final: it has a record, and the cockpit can still edit it."""
    return session.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY meeting_date DESC, id DESC")


def index_matches_the_record(db) -> None:
    """Every row with text has its index row, and no other row is indexed."""
    indexed = {rowid for (rowid,) in db.query("SELECT rowid FROM minutes_fts")}
    expected = {key for (key,) in db.query("SELECT key FROM minutes_text WHERE text <> ''")}
    assert indexed == expected
    assert db.query("PRAGMA integrity_check") == [("ok",)]


def found(session, text: str) -> list[tuple[int, str]]:
    return [(hit.meeting_id, hit.where) for hit in fulltext.search_minutes(session, text)]


def test_the_upgrade_from_schema_0005_fills_the_index(tmp_path):
    copy = tmp_path / "vault-schema-0005"
    shutil.copytree(FIXTURES / "vault-schema-0005", copy)
    session = sessions.unlock(copy, "fixture passphrase for schema 0005")
    try:
        assert session.db.scalar("SELECT count(*) FROM minutes_fts") > 250
        index_matches_the_record(session.db)
        hits = fulltext.search_minutes(session, "knife")
        assert hits and all("knife" in hit.snippet.lower() for hit in hits)
        assert {hit.visor_ref for hit in hits} == {"DEMO/0004", "DEMO/0005"}
    finally:
        session.close()


def test_the_index_follows_added_changed_removed_and_restored_rows(demo):
    meeting_id = a_meeting(demo)
    editor = MeetingEditor(demo, meeting_id)
    row_id = editor.add("information_items", {"text": "Seen at the Quarrymuir allotments"})
    assert found(demo, "quarrymuir") == [(meeting_id, "Information shared")]
    change = editor.set("information_items", row_id, {"text": "Seen at the Balnagowan allotments"})
    assert found(demo, "quarrymuir") == [] and found(demo, "balnagowan") == [(meeting_id, "Information shared")]
    editor.apply(change, undo=True)
    assert found(demo, "balnagowan") == [] and found(demo, "quarrymuir") == [(meeting_id, "Information shared")]
    removed = editor.remove("information_items", row_id)
    assert found(demo, "quarrymuir") == []
    editor.restore(removed)
    assert found(demo, "quarrymuir") == [(meeting_id, "Information shared")]
    editor.set("information_items", row_id, {"text": ""})  # a row with no text has no index row
    assert found(demo, "quarrymuir") == []
    index_matches_the_record(demo.db)


def test_a_risks_scenarios_are_found_under_the_risk_and_go_with_it(demo):
    meeting_id = a_meeting(demo)
    editor = MeetingEditor(demo, meeting_id)
    risk_id, number = demo.db.query("SELECT id, number FROM risks WHERE meeting_id = ? ORDER BY number LIMIT 1",
                                    (meeting_id,))[0]
    scenario = editor.add("risk_scenarios", {"risk_id": risk_id, "what": "Loitering by Strathcarron pier"})
    assert found(demo, "strathcarron") == [(meeting_id, f"Risk {number}")]
    editor.set("risk_scenarios", scenario, {"how": "after dark"})
    assert found(demo, "strathcarron dark") == [(meeting_id, f"Risk {number}")]
    removed = editor.remove("risks", risk_id)  # its scenarios go by the cascade
    assert found(demo, "strathcarron") == []
    index_matches_the_record(demo.db)
    editor.restore(removed)
    assert found(demo, "strathcarron") == [(meeting_id, f"Risk {number}")]
    index_matches_the_record(demo.db)


def test_a_decisions_positions_and_options_not_taken_are_found_under_the_decision(demo):
    meeting_id = a_meeting(demo)
    editor = MeetingEditor(demo, meeting_id)
    decision = editor.add("decisions", {"question": "Should the landlord be told?"})
    agency = demo.db.scalar("SELECT id FROM agencies WHERE code = 'POLICE'")
    editor.add("decision_positions", {"decision_id": decision, "agency_id": agency, "reason": "Glenmoriston rule"})
    option = editor.add("options_not_taken", {"decision_id": decision, "option_text": "Tell the Auchterarder office",
                                              "reason": "No pressing need"})
    where = [(meeting_id, "Decision: Should the landlord be told?")]
    assert found(demo, "glenmoriston") == where and found(demo, "auchterarder pressing") == where
    editor.remove("options_not_taken", option)
    assert found(demo, "auchterarder") == [] and found(demo, "glenmoriston") == where
    index_matches_the_record(demo.db)


def test_a_meeting_field_edit_rewrites_that_field_only(demo):
    meeting_id = a_meeting(demo)
    editor = MeetingEditor(demo, meeting_id)
    editor.set("meetings", meeting_id, {"housing_notes": "Supported tenancy", "victim_issues": "Her sister Eilidh"})
    assert found(demo, "eilidh") == [(meeting_id, "Victim issues")]
    victim, housing = ((meeting_id << 36) | (kind << 31) | meeting_id for kind in (6, 10))  # kinds of schema 0006

    def written() -> dict:  # each index row's insert counter: it goes up when the row is written again
        return dict(demo.db.query("SELECT id, origin FROM minutes_fts_docsize WHERE id IN (?, ?)", (victim, housing)))

    before = written()
    editor.set("meetings", meeting_id, {"start_time": "10:15"})  # also touches updated_at: no index work
    assert written() == before
    editor.set("meetings", meeting_id, {"victim_issues": "Her sister Eilidh lives in Dunbeath"})
    after = written()
    assert after[housing] == before[housing] and after[victim] > before[victim]
    assert found(demo, "eilidh dunbeath") == [(meeting_id, "Victim issues")]
    index_matches_the_record(demo.db)


def test_a_meeting_saved_again_whole_is_indexed_afresh(demo):
    """The handover's path: a meeting replaced by a newer copy (child rows deleted and written again)."""
    meeting_id = a_meeting(demo)
    individual, meeting = records.load(demo, meeting_id)
    meeting.information[0].text = "Moved to a flat in Invergarry"
    with demo.db.transaction():
        codes = AgencyCodes(demo.db)
        meetings.save(demo.db, codes, meeting, individuals.id_of(demo.db, individual.uid), "2026-11-21T10:00:00Z")
    assert found(demo, "invergarry") == [(meeting_id, "Information shared")]
    index_matches_the_record(demo.db)


@pytest.mark.parametrize("table, values, source, where", [
    ("attendance", {"status": "apologies", "limitation": "No report from Tomintoul"}, "attendance", "Attendance"),
    ("information_items", {"text": "Tomintoul"}, "information", "Information shared"),
    ("risks", {"kind": "Stalking", "description": "Tomintoul"}, "risk", "Risk"),
    ("rmp_measures", {"heading": "victim_safety", "description": "Tomintoul alarm"}, "rmp_measure",
     "RMP: Victim safety planning"),
    ("contingencies", {"trigger": "Seen in Tomintoul", "response": "Recall"}, "contingency", "Contingency plan"),
    ("decisions", {"question": "Disclose to Tomintoul school?"}, "decision", "Decision: Disclose to Tomintoul school?"),
    ("disclosures", {"made": 1, "to_whom": "Tomintoul school"}, "disclosure", "Disclosure"),
    ("actions", {"description": "Visit Tomintoul"}, "action", "Action"),
])
def test_each_kind_of_row_is_found_and_named(demo, table, values, source, where):
    meeting_id = a_meeting(demo)
    MeetingEditor(demo, meeting_id).add(table, values)
    hits = fulltext.search_minutes(demo, "tomintoul")
    assert [(h.meeting_id, h.source) for h in hits] == [(meeting_id, source)]
    assert hits[0].where.startswith(where)
    assert "Tomintoul" in hits[0].marked("<", ">") and "<Tomintoul>" in hits[0].marked("<", ">")


@pytest.mark.parametrize("column, source, where", [
    ("location", "location", "Meeting location"), ("individual_informed_by", "informed_by", "Who tells the individual"),
    ("victim_issues", "victim_issues", "Victim issues"), ("diversity_issues", "diversity_issues", "Diversity issues"),
    ("housing_notes", "housing_notes", "Housing"), ("level_rationale", "level_rationale", "Level decision"),
])
def test_each_free_text_field_of_the_meeting_is_found_and_named(demo, column, source, where):
    meeting_id = a_meeting(demo)
    MeetingEditor(demo, meeting_id).set("meetings", meeting_id, {column: "Talk of Kinlochewe"})
    hits = fulltext.search_minutes(demo, "kinlochewe")
    assert [(h.meeting_id, h.source, h.where) for h in hits] == [(meeting_id, source, where)]


def test_an_addendum_is_found(demo):
    meeting_id = a_meeting(demo)
    with demo.db.transaction():
        demo.db.execute("INSERT INTO addenda (meeting_id, number, reason, text, created_at, created_by) "
                        "VALUES (?, 1, 'Wrong date', 'The visit to Lochcarron was on Tuesday', '2026-11-21', 'x')",
                        (meeting_id,))
    assert found(demo, "lochcarron") == [(meeting_id, "Addendum")]


def test_case_and_accents_are_folded_both_ways(demo):
    meeting_id = a_meeting(demo)
    MeetingEditor(demo, meeting_id).add("information_items", {"text": "Zoë Ångström met him at the Café Ñandú"})
    for query in ("zoe", "ZOË", "angstrom", "ÅNGSTRÖM", "cafe nandu", "Café Ñandú", "zoë"):
        assert found(demo, query) == [(meeting_id, "Information shared")], query
    hit = fulltext.search_minutes(demo, "zoe angstrom")[0]
    assert hit.marked() == "[Zoë] [Ångström] met him at the Café Ñandú"


def test_every_word_must_match_each_as_a_prefix_from_three_letters(demo):
    meeting_id = a_meeting(demo)
    MeetingEditor(demo, meeting_id).add("information_items", {"text": "Moved to Lairg in a hired van"})
    assert found(demo, "lai hir") == [(meeting_id, "Information shared")]
    assert found(demo, "lairg bicycle") == []
    assert found(demo, "la") == [] and found(demo, "to lairg") == [(meeting_id, "Information shared")]


@pytest.mark.parametrize("text", [
    '"', '""', "'", "*", "**knife", "knife*", "NEAR(knife hammer)", "knife AND", "AND", "OR", "NOT knife",
    "knife OR hammer", "^knife", "col:knife", "(knife", "knife)", "-knife", "+", "{a b}:c", "\\", "%_",
    "😀", "👩‍👩‍👧 knife", "\x00", "\u202e", "ß", "İstanbul", "日本語", "   ", "a" * 5000,
])
def test_odd_text_never_raises(demo, text):
    hits = fulltext.search_minutes(demo, text)
    assert isinstance(hits, list)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=60))
def test_any_text_is_a_safe_query(demo, text):
    for hit in fulltext.search_minutes(demo, text, limit=3):
        assert all(0 <= s < e <= len(hit.snippet) for s, e in hit.marks)


def test_operator_words_are_searched_as_words(demo):
    meeting_id = a_meeting(demo)
    MeetingEditor(demo, meeting_id).add("information_items", {"text": "Lives NEAR Scrabster harbour OR the mill"})
    assert found(demo, "near scrabster or") == [(meeting_id, "Information shared")]


def test_no_words_finds_nothing(demo):
    assert fulltext.search_minutes(demo, "") == [] and fulltext.search_minutes(demo, " *?! ") == []
    assert fulltext.search_minutes(demo, "knife", limit=0) == []


def test_newest_meeting_first_and_the_limit(demo):
    hits = fulltext.search_minutes(demo, "police")
    assert len(hits) == fulltext.DEFAULT_LIMIT
    dates = [hit.meeting_date for hit in hits]
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == demo.db.scalar("SELECT max(meeting_date) FROM meetings")
    assert len(fulltext.search_minutes(demo, "police", limit=7)) == 7
    hit = hits[0]
    row = demo.db.query("SELECT i.id, i.visor_ref FROM meetings m JOIN individuals i ON i.id = m.individual_id "
                        "WHERE m.id = ?", (hit.meeting_id,))[0]
    assert (hit.individual_id, hit.visor_ref) == row and hit.name


@pytest.mark.parametrize("windows", [(1,), (4,), (12,), (40,), (3, 30)])
def test_looking_in_the_newest_meetings_first_finds_what_looking_in_all_of_them_finds(demo, monkeypatch, windows):
    """The newest meetings are searched first (storage/search.py WINDOWS): however small that window, and whether
    it holds enough matches or not, the results and their order are those of a search over every meeting."""
    queries = ["police", "knife", "contact", "risk", "victim", "children contact", "former", "tuesdays", "nothing zzqx"]
    demo.db.execute("UPDATE meetings SET meeting_date = '2031-01-0' || (id % 9 + 1) WHERE id % 3 = 0")  # ids out of date order
    monkeypatch.setattr(store, "WINDOWS", ())
    everywhere = {(text, limit): fulltext.search_minutes(demo, text, limit) for text in queries for limit in (1, 5, 50)}
    assert any(len(hits) == 50 for hits in everywhere.values()) and any(not hits for hits in everywhere.values())
    monkeypatch.setattr(store, "WINDOWS", windows)
    for (text, limit), hits in everywhere.items():
        assert fulltext.search_minutes(demo, text, limit) == hits, (text, limit)


def test_the_index_is_not_audited(demo):
    meeting_id = a_meeting(demo)
    editor = MeetingEditor(demo, meeting_id)
    before = demo.db.scalar("SELECT max(id) FROM audit_log")
    row_id = editor.add("information_items", {"text": "Audit me once"})
    editor.set("information_items", row_id, {"text": "Audit me twice"})
    tables = {t for (t,) in demo.db.query("SELECT table_name FROM audit_log WHERE id > ?", (before,))}
    assert tables == {"information_items", "meetings"}
    triggers = {n for (n,) in demo.db.query("SELECT name FROM sqlite_temp_master WHERE type = 'trigger'")}
    assert "audit_information_items_insert" in triggers and not any("minutes_fts" in n for n in triggers)
    assert not demo.db.query("SELECT 1 FROM audit_log WHERE table_name LIKE 'minutes%'")


def test_a_snippet_is_one_line_around_the_words_found():
    text = "First field\nOne two three four five six seven eight nine ten eleven twelve knife thirteen\nLast"
    snippet, marks = fulltext.snippet_of(text, ["knif"], size=6)
    assert snippet == "… eleven twelve knife thirteen · Last"
    assert [snippet[s:e] for s, e in marks] == ["knife"]
    assert fulltext.snippet_of("no words match here", ["zzz"])[1] == ()


def test_a_damaged_index_is_reported_by_the_integrity_check(demo):
    """`mappa-desk doctor` and the backup check run PRAGMA integrity_check, which checks the index too."""
    assert demo.db.integrity_problems() == []
    with demo.db.transaction():
        demo.db.execute("UPDATE minutes_fts_data SET block = zeroblob(length(block)) WHERE id > 10")
    problems = demo.db.integrity_problems()
    assert problems and "minutes_fts" in problems[0]
