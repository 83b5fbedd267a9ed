"""The encrypted database: settings, migrations, damage, the audit log, transactions."""

import pytest

from mappa_desk.errors import DatabaseDamaged, DatabaseTooNew, VaultNotFound
from mappa_desk.services import session as sessions
from mappa_desk.storage import migrations
from mappa_desk.storage.database import Database, IntegrityError
from tests.conftest import PASSPHRASE, snapshot


def test_connection_settings(vault_session):
    db = vault_session.db
    assert db.scalar("PRAGMA journal_mode") == "wal"
    assert db.scalar("PRAGMA synchronous") == 2  # FULL
    assert db.scalar("PRAGMA foreign_keys") == 1
    assert db.scalar("PRAGMA secure_delete") == 1
    assert db.scalar("PRAGMA temp_store") == 2  # MEMORY
    assert db.scalar("PRAGMA cipher_log_level") == "NONE"
    assert db.cipher_version().startswith("4.")


def test_schema_is_at_the_latest_migration(vault_session):
    assert vault_session.db.schema_version == migrations.latest_version() >= 1
    tables = {name for (name,) in vault_session.db.query("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"individuals", "meetings", "attendance", "risks", "risk_scenarios", "rmp_measures", "contingencies",
            "decisions", "decision_positions", "options_not_taken", "disclosures", "actions", "document_versions",
            "audit_log", "agencies", "people", "orders", "order_conditions", "agenda_items",
            "information_items"} <= tables


def test_agencies_come_from_the_profile(vault_session):
    codes = {code for (code,) in vault_session.db.query("SELECT code FROM agencies")}
    assert {a.code for a in vault_session.profile.agencies} == codes
    assert {"POLICE", "JSW", "SPS", "HEALTH"} <= codes


def _set_user_version(session, version):
    session.db.execute(f"PRAGMA user_version = {version}")
    session.db.checkpoint()
    session.close()


def test_a_database_newer_than_the_code_is_refused_untouched(vault_session, data_dir):
    _set_user_version(vault_session, migrations.latest_version() + 1)
    before = snapshot(data_dir)
    with pytest.raises(DatabaseTooNew, match="newer version of MAPPA Desk"):
        sessions.unlock(data_dir, PASSPHRASE)
    assert snapshot(data_dir) == before


def _flip_byte(path, offset):
    data = bytearray(path.read_bytes())
    data[offset] ^= 0x01
    path.write_bytes(bytes(data))


def test_a_flipped_byte_in_the_first_page_is_reported_and_nothing_is_created(vault_session, data_dir):
    vault_session.db.checkpoint()
    vault_session.close()
    _flip_byte(data_dir / "vault.db", 200)
    before = snapshot(data_dir)
    with pytest.raises(DatabaseDamaged) as info:
        sessions.unlock(data_dir, PASSPHRASE)
    assert str(data_dir / "vault.db") in str(info.value)
    assert "backup" in str(info.value)
    assert snapshot(data_dir) == before


def test_a_flipped_byte_anywhere_fails_the_integrity_check(vault_session, data_dir):
    with vault_session.db.transaction() as db:
        for i in range(200):
            db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (f"k{i}", "x" * 400))
    vault_session.db.checkpoint()
    vault_session.close()
    size = (data_dir / "vault.db").stat().st_size
    _flip_byte(data_dir / "vault.db", size - 10 * 4096 - 100)  # among the settings rows written last: a page
    # unlock reads (the schema) fails the unlock itself, as the first page's test shows
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        problems = session.db.integrity_problems()
    finally:
        session.close()
    assert any("HMAC" in p for p in problems)


def test_open_never_creates_a_missing_database(tmp_path):
    with pytest.raises(VaultNotFound):
        Database.open(tmp_path / "vault.db", b"\0" * 32, "tester")
    assert list(tmp_path.iterdir()) == []


def test_every_change_is_audited_with_who_and_what(vault_session):
    db = vault_session.db
    db.set_actor("minute-taker")
    with db.transaction():
        db.execute("INSERT INTO settings (key, value) VALUES ('colour', 'green')")
    with db.transaction():
        db.execute("UPDATE settings SET value = 'blue' WHERE key = 'colour'")
    with db.transaction():
        db.execute("DELETE FROM settings WHERE key = 'colour'")
    rows = db.query("SELECT actor, operation, table_name, detail FROM audit_log WHERE table_name = 'settings' "
                    "AND detail LIKE '%colour%' ORDER BY id")
    assert [(r[0], r[1]) for r in rows] == [("minute-taker", "insert"), ("minute-taker", "update"),
                                            ("minute-taker", "delete")]
    assert '"value":"blue"' in rows[1][3]


def test_the_audit_log_is_append_only(vault_session):
    db = vault_session.db
    assert db.scalar("SELECT count(*) FROM audit_log") > 0
    with pytest.raises(IntegrityError):
        with db.transaction():
            db.execute("DELETE FROM audit_log")
    with pytest.raises(IntegrityError):
        with db.transaction():
            db.execute("UPDATE audit_log SET actor = 'someone else'")


def test_a_failed_transaction_leaves_nothing_behind(vault_session):
    db = vault_session.db
    count = db.scalar("SELECT count(*) FROM settings")
    with pytest.raises(RuntimeError):
        with db.transaction():
            db.execute("INSERT INTO settings (key, value) VALUES ('half', 'written')")
            raise RuntimeError("interrupted")
    assert db.scalar("SELECT count(*) FROM settings") == count


def test_foreign_keys_are_enforced(vault_session):
    with pytest.raises(IntegrityError):
        with vault_session.db.transaction() as db:
            db.execute("INSERT INTO attendance (meeting_id, status) VALUES (9999, 'present')")


def test_closing_under_a_long_statement_on_another_thread_interrupts_it(vault_session):
    """The app may quit while a worker is deep in a long check: close must stop it, not crash."""
    import threading
    import time

    db = vault_session.db
    outcome = []

    def long_statement():
        try:
            db.scalar("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT count(*) FROM n")
        except Exception as err:  # noqa: BLE001 - the test looks at what it was
            outcome.append(err)

    worker = threading.Thread(target=long_statement)
    worker.start()
    deadline = time.monotonic() + 10
    while db._lock.acquire(blocking=False):  # free: the worker has not reached its statement yet
        db._lock.release()
        assert time.monotonic() < deadline, "the worker never started its statement"
        time.sleep(0.005)
    started = time.monotonic()
    db.close()
    worker.join(10)
    assert not worker.is_alive()
    assert time.monotonic() - started < 5
    assert outcome and "interrupt" in str(outcome[0]).lower()
    with pytest.raises(Exception):
        db.scalar("SELECT 1")  # closed for good
