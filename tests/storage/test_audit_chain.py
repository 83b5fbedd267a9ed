"""The audit trail is a hash chain: an entry changed or removed behind the app's back is found and named."""

import io
import shutil
import sys
from pathlib import Path

import pytest
import sqlcipher3

from mappa_desk import cli
from mappa_desk.services import records, session as sessions
from mappa_desk.storage import audit
from mappa_desk.storage.database import IntegrityError
from tests.conftest import PASSPHRASE

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def _raw(folder, passphrase=PASSPHRASE):
    """A connection to the database without the app: no audit triggers, no chain function, append-only lifted."""
    vault = sessions.vault_at(folder)
    key = vault.key_from_passphrase(passphrase)
    conn = sqlcipher3.connect(str(vault.db_path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    return conn


def _doctor(folder, monkeypatch, capsys) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
    code = cli.main(["doctor", "--data-dir", str(folder), "--passphrase-stdin"])
    return code, capsys.readouterr().out


def test_every_entry_is_chained_and_the_chain_verifies(demo):
    db = demo.db
    with db.transaction():
        db.execute("UPDATE meetings SET housing_notes = 'moved' WHERE id = (SELECT max(id) FROM meetings)")
    rows = db.query("SELECT id, hash FROM audit_log ORDER BY id")
    assert len(rows) > 100 and all(h and len(h) == 64 for _, h in rows)
    assert len({h for _, h in rows}) == len(rows)
    assert audit.verify_chain(db) == (True, None)


def test_the_hash_covers_the_previous_entry_and_every_field(demo):
    db = demo.db
    (prev,), = db.query("SELECT hash FROM audit_log WHERE id = 1")
    row = db.query("SELECT id, at, actor, operation, table_name, row_id, detail, hash FROM audit_log WHERE id = 2")[0]
    assert audit.chain_hash(prev, *row[:7]) == row[7]
    assert audit.chain_hash(None, *row[:7]) != row[7]
    for i in range(7):
        changed = list(row[:7])
        changed[i] = "x" if isinstance(changed[i], str) else changed[i] + 1
        assert audit.chain_hash(prev, *changed) != row[7]


def test_an_entry_without_its_hash_is_refused(demo):
    with pytest.raises(IntegrityError):
        with demo.db.transaction():
            demo.db.execute("INSERT INTO audit_log (at, actor, operation, table_name, row_id, detail) "
                            "VALUES ('2026-01-01T00:00:00Z', 'x', 'insert', 'meetings', 1, '{}')")


def test_an_entry_edited_behind_the_apps_back_is_found_and_named(demo, data_dir, monkeypatch, capsys):
    target = demo.db.scalar("SELECT id FROM audit_log WHERE table_name = 'meetings' ORDER BY id LIMIT 1 OFFSET 3")
    demo.close()
    conn = _raw(data_dir)
    conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = ?", (target,))
    conn.close()

    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        assert audit.verify_chain(session.db) == (False, target)
        sentence = audit.describe_break(session.db, target)
    finally:
        session.close()
    assert sentence.startswith(f"The audit trail is broken at entry {target}, the insert in meetings recorded at ")
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 1
    assert "Integrity check: ok" in out
    assert f"Audit trail:     BROKEN. The audit trail is broken at entry {target}," in out


def test_an_entry_deleted_behind_the_apps_back_is_found(demo, data_dir, monkeypatch, capsys):
    ids = [i for (i,) in demo.db.query("SELECT id FROM audit_log ORDER BY id")]
    removed = ids[len(ids) // 2]
    demo.close()
    conn = _raw(data_dir)
    conn.execute("DELETE FROM audit_log WHERE id = ?", (removed,))
    conn.close()

    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        assert audit.verify_chain(session.db) == (False, removed + 1)
    finally:
        session.close()
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 1 and f"broken at entry {removed + 1}" in out


def test_removing_the_first_entry_is_found(demo, data_dir):
    demo.close()
    conn = _raw(data_dir)
    conn.execute("DELETE FROM audit_log WHERE id = 1")
    conn.close()
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        assert audit.verify_chain(session.db) == (False, 2)
    finally:
        session.close()


def test_doctor_says_the_chain_is_whole(demo, data_dir, monkeypatch, capsys):
    entries = demo.db.scalar("SELECT count(*) FROM audit_log")
    demo.close()
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 0, out
    assert f"Audit trail:     ok ({entries} entries, each chained to the one before)" in out


def test_entries_written_before_schema_0005_are_chained_by_the_upgrade(tmp_path):
    copy = tmp_path / "vault-schema-0004"
    shutil.copytree(FIXTURES / "vault-schema-0004", copy)
    session = sessions.unlock(copy, "fixture passphrase for schema 0004")
    try:
        db = session.db
        assert db.scalar("SELECT count(*) FROM audit_log WHERE hash IS NULL") == 0
        assert db.scalar("SELECT count(*) FROM audit_log") > 100
        with db.transaction():
            db.execute("UPDATE meetings SET housing_notes = 'after the upgrade' WHERE id = 1")
        assert audit.verify_chain(db) == (True, None)
        # the append-only rule is back after the migration lifted it
        with pytest.raises(IntegrityError):
            with db.transaction():
                db.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 1")
    finally:
        session.close()
