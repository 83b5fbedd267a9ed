"""Vaults written by earlier schemas open with today's code and keep everything."""

import hashlib
import shutil
from datetime import date
from pathlib import Path

import pytest

from mappa_desk.errors import UpgradeFailed
from mappa_desk.services import due, fulltext, home, records, session as sessions
from mappa_desk.storage import audit, migrations, seals

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
SAVED = [(FIXTURES / "vault-schema-0001", "fixture passphrase for schema 0001", 6, 13),
         (FIXTURES / "vault-schema-0002", "fixture passphrase for schema 0002", 6, 13),
         (FIXTURES / "vault-schema-0003", "fixture passphrase for schema 0003", 6, 13),
         (FIXTURES / "vault-schema-0004", "fixture passphrase for schema 0004", 6, 13),
         (FIXTURES / "vault-schema-0005", "fixture passphrase for schema 0005", 6, 13),
         (FIXTURES / "vault-schema-0006", "fixture passphrase for schema 0006", 6, 13),
         (FIXTURES / "vault-schema-0007", "fixture passphrase for schema 0007", 6, 13),
         (FIXTURES / "vault-schema-0008", "fixture passphrase for schema 0008", 6, 13),
         (FIXTURES / "vault-schema-0009", "fixture passphrase for schema 0009", 6, 13),
         (FIXTURES / "vault-schema-0010", "fixture passphrase for schema 0010", 6, 13),
         (FIXTURES / "vault-schema-0011", "fixture passphrase for schema 0011", 6, 13),
         (FIXTURES / "vault-schema-0012", "fixture passphrase for schema 0012", 6, 13),
         (FIXTURES / "vault-schema-0016", "fixture passphrase for schema 0016", 6, 13),
         (FIXTURES / "vault-schema-0017", "fixture passphrase for schema 0017", 6, 13),
         (FIXTURES / "vault-schema-0018", "fixture passphrase for schema 0018", 6, 13),
         (FIXTURES / "vault-schema-0020", "fixture passphrase for schema 0020", 6, 13),
         (FIXTURES / "vault-schema-0021", "fixture passphrase for schema 0021", 6, 13)]
# Schemas that landed in one release with a later one: no laptop's vault was ever at them, so the later one's
# saved vault stands for them (0013-0015 were released with 0016-0018, issue 17; 0016 and 0017 have their own
# because the upgrade tests of 0017 and 0018 start from them; 0019 was released with 0020, issue 18).
NEVER_RELEASED = {13, 14, 15, 19}


@pytest.mark.parametrize("folder, passphrase, individuals, meetings", SAVED, ids=lambda v: getattr(v, "name", ""))
def test_saved_vault_upgrades_to_the_latest_schema_without_loss(tmp_path, folder, passphrase, individuals, meetings):
    copy = tmp_path / folder.name
    shutil.copytree(folder, copy)
    session = sessions.unlock(copy, passphrase)
    try:
        assert session.db.schema_version == migrations.latest_version()
        listing = records.list_records(session)
        assert (len(listing["individuals"]), len(listing["meetings"])) == (individuals, meetings)
        assert session.db.integrity_problems() == []
        assert any(r["visor_ref"] == "DEMO/0001" for r in listing["individuals"])
        # Home and "What is due" name the indexes of schema 0007 (INDEXED BY fails if one is missing).
        assert len(home.individual_rows(session, today="2026-11-21")) == individuals
        assert due.due_list(session, date(2026, 11, 21), limit=3).total >= 0
        # Every row of the record has its audit entry, and any sealed final still has its content (0008).
        sound = audit.soundness(session.db)
        assert sound.ok and sound.unsealed >= 6, sound
    finally:
        session.close()


def test_a_final_sealed_under_schema_0008_is_still_whole(tmp_path):
    copy = tmp_path / "vault-schema-0008"
    shutil.copytree(FIXTURES / "vault-schema-0008", copy)
    session = sessions.unlock(copy, "fixture passphrase for schema 0008")
    try:
        assert session.db.query("SELECT meeting_id, format FROM final_seals") == [(3, 1)]
        assert seals.broken_seals(session.db) == []
        assert session.db.scalar("SELECT status FROM meetings WHERE id = 3") == "final"
    finally:
        session.close()


def test_every_schema_version_has_a_saved_vault():
    saved = {int(folder.name.rsplit("-", 1)[1]) for folder, *_ in SAVED}
    assert saved | NEVER_RELEASED == {number for number, _ in migrations.migration_files()}
    assert not saved & NEVER_RELEASED


def test_a_pre_read_saved_under_schema_0003_survives_the_upgrade(tmp_path):
    copy = tmp_path / "vault-schema-0003"
    shutil.copytree(FIXTURES / "vault-schema-0003", copy)
    session = sessions.unlock(copy, "fixture passphrase for schema 0003")
    try:
        name, size, digest, content = session.db.query(
            "SELECT file_name, size_bytes, sha256, content FROM meeting_documents")[0]
        assert name == "referral-summary.txt" and size == len(content) > 0
        assert hashlib.sha256(content).hexdigest() == digest
    finally:
        session.close()


def test_lifecycle_requests_and_referrals_saved_under_schema_0004_survive(tmp_path):
    copy = tmp_path / "vault-schema-0004"
    shutil.copytree(FIXTURES / "vault-schema-0004", copy)
    session = sessions.unlock(copy, "fixture passphrase for schema 0004")
    try:
        db = session.db
        assert db.query("SELECT event, version, by_person FROM record_events") == [("made_final", 1, "Fixture Chair")]
        assert db.query("SELECT requester, kind, decision FROM minute_requests") == [
            ("Fixture Requester", "subject_access", "executive_summary")]
        assert db.query("SELECT sentence_date, notified_on, referred_on, level FROM referrals") == [
            ("2026-06-01", "2026-06-03", "2026-06-09", 3)]
    finally:
        session.close()


def _raw(folder: Path, passphrase: str):
    """The fixture's database opened directly, without MAPPA Desk's migrations."""
    import sqlcipher3

    key = sessions.vault_at(folder).key_from_passphrase(passphrase)
    conn = sqlcipher3.connect(str(folder / "vault.db"), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    return conn


def test_an_update_that_cannot_apply_says_so_and_leaves_the_vault_as_it_was(tmp_path):
    copy = tmp_path / "vault-schema-0006"
    shutil.copytree(FIXTURES / "vault-schema-0006", copy)
    passphrase = "fixture passphrase for schema 0006"
    conn = _raw(copy, passphrase)
    conn.execute("CREATE INDEX meetings_status ON meetings(id)")  # a name that update 0007 creates
    conn.close()
    with pytest.raises(UpgradeFailed) as failed:
        sessions.unlock(copy, passphrase)
    sentence = str(failed.value)
    assert sentence.startswith(f"MAPPA Desk could not update the database {copy / 'vault.db'} from schema 6 to "
                               f"{migrations.latest_version()}")
    assert "Nothing in it was lost" in sentence and "damaged" not in sentence
    conn = _raw(copy, passphrase)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 6
        assert conn.execute("SELECT count(*) FROM meetings").fetchone()[0] == 13
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'meetings_newest'").fetchall() == []
        conn.execute("DROP INDEX meetings_status")  # with the clash gone, the update applies
    finally:
        conn.close()
    session = sessions.unlock(copy, passphrase)
    try:
        assert session.db.schema_version == migrations.latest_version()
    finally:
        session.close()


# The tables 0009 rebuilt (the jurisdiction's vocabularies left their CHECKs) and the tables that refer to them.
_REBUILT = ("individuals", "orders", "meetings")


def _everything(conn) -> dict:
    """Every row of every table of the record, in id order, and the full-text index's row ids."""
    tables = [t for (t,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                                         "'sqlite_%' AND name NOT LIKE 'minutes_fts%' ORDER BY name")]
    found = {t: conn.execute(f"SELECT * FROM {t} ORDER BY rowid").fetchall() for t in tables}
    found["minutes_fts rowids"] = conn.execute("SELECT rowid FROM minutes_fts ORDER BY rowid").fetchall()
    return found


def test_update_0009_rebuilds_three_tables_and_the_record_is_unchanged(tmp_path):
    copy = tmp_path / "vault-schema-0008"
    shutil.copytree(FIXTURES / "vault-schema-0008", copy)
    passphrase = "fixture passphrase for schema 0008"
    conn = _raw(copy, passphrase)
    try:
        before = _everything(conn)
    finally:
        conn.close()
    assert len(before["meetings"]) == 13 and before["orders"] and before["audit_log"]
    sessions.unlock(copy, passphrase).close()
    conn = _raw(copy, passphrase)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.latest_version()
        after = _everything(conn)
        tables = {name: sql for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name IN (?, ?, ?)", _REBUILT)}
        kept = {name: sql for name, sql in conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND tbl_name IN (?, ?, ?) "
            "AND sql IS NOT NULL", _REBUILT)}
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
    # Every row of every table (the audit trail included) is as it was, with the same ids.
    # Tables a later update creates are there, empty (0013: the individual's details as they stood at a meeting;
    # 0014: the circulation list), except 0015's highest action number each meeting has given
    # (tests/storage/test_numbered_actions.py), and 0021's review clock, which the open fills from the meetings
    # (tests/storage/test_review_clock.py).
    assert after.keys() >= before.keys()
    assert all(after[table] == [] for table in after.keys() - before.keys() - {"meeting_action_numbers",
                                                                                "review_clock"})
    for table in before:
        # A later update may add columns at the end (0010: the level's date; 0011: the RMP's part A; 0012:
        # disclosure's route and whether it was considered): what was there is unchanged, and what was added is
        # empty (NULL, '' or a flag's 0), except each action's number, which 0015 gives it (checked in
        # tests/storage/test_numbered_actions.py).
        width = len(before[table][0]) if before[table] else 0
        assert [row[:width] for row in after[table]] == before[table], table
        added = [row[width + 1:] if table == "actions" else row[width:] for row in after[table]]
        assert all(value in (None, "", 0) for row in added for value in row), table
    # The jurisdiction's vocabularies are no longer CHECKed; the product's own and the flags still are.
    for column in ("category IN", "restricted_patient_order IN", "'sonr'", "tribunal_recommendation IN",
                   "tribunal_position IN"):
        assert not any(column in sql for sql in tables.values()), column
    assert "CHECK (current_level IN (1, 2, 3))" in tables["individuals"]
    assert "CHECK (olr IN (0, 1))" in tables["individuals"]
    assert "CHECK (status IN ('planned'" in tables["meetings"]
    # The indexes of the rebuilt tables are made again, and the open makes their full-text triggers.
    assert {"orders_individual", "meetings_by_date", "meetings_newest", "meetings_status",
            "minutes_fts_meeting_insert", "minutes_fts_meeting_location_update",
            "review_clock_meeting_changed", "review_clock_individual_renamed"} <= kept.keys()


def test_the_full_text_index_follows_a_rebuilt_meeting(tmp_path):
    copy = tmp_path / "vault-schema-0008"
    shutil.copytree(FIXTURES / "vault-schema-0008", copy)
    session = sessions.unlock(copy, "fixture passphrase for schema 0008")
    try:
        assert fulltext.search_minutes(session, "Zanzibarwick") == []
        with session.db.transaction():  # meeting 2 is not final (3 is, and sealed)
            session.db.execute("UPDATE meetings SET location = 'Zanzibarwick Hall' WHERE id = 2")
        assert [hit.meeting_id for hit in fulltext.search_minutes(session, "Zanzibarwick")] == [2]
        assert audit.soundness(session.db).ok
    finally:
        session.close()
