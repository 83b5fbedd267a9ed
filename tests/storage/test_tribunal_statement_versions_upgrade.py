"""Update 0017 rebuilds document_versions so that it may record the statement for a Mental Health Tribunal: a vault
saved under schema 0016 keeps every document version with its id, its audit trail and its sealed final whole."""

from __future__ import annotations

import shutil

from mappa_desk.services import session as sessions
from mappa_desk.storage import audit, migrations, seals
from tests.storage.test_upgrades import FIXTURES, _raw

SAVED, PASSPHRASE = FIXTURES / "vault-schema-0016", "fixture passphrase for schema 0016"


def _versions(conn) -> list[tuple]:
    return conn.execute("SELECT * FROM document_versions ORDER BY id").fetchall()


def test_update_0017_keeps_every_document_version_and_its_id(tmp_path):
    copy = tmp_path / SAVED.name
    shutil.copytree(SAVED, copy)
    conn = _raw(copy, PASSPHRASE)
    try:
        before = _versions(conn)
        audit_before = conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
    finally:
        conn.close()
    assert len(before) == 20 and {row[4] for row in before} == {"draft", "final"}
    sessions.unlock(copy, PASSPHRASE).close()
    conn = _raw(copy, PASSPHRASE)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == migrations.latest_version()
        assert _versions(conn) == before
        assert conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall()[:len(audit_before)] == audit_before
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        table = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'document_versions'").fetchone()[0]
    finally:
        conn.close()
    # The statement may now be recorded, issued from the final; what was checked before still is.
    assert "'tribunal_statement'" in table and "'issued'" in table
    assert "CHECK (format IN ('docx', 'pdf'))" in table and "UNIQUE (meeting_id, kind, version, format)" in table
    session = sessions.unlock(copy, PASSPHRASE)
    try:
        assert seals.broken_seals(session.db) == []
        sound = audit.soundness(session.db)
        assert sound.ok and sound.sealed == 1, sound
        # The audit triggers are made again on the rebuilt table at the open.
        with session.db.transaction():
            session.db.execute("UPDATE document_versions SET reason = reason WHERE id = 1")
        assert session.db.scalar("SELECT count(*) FROM audit_log WHERE table_name = 'document_versions' "
                                 "AND operation = 'update' AND row_id = 1") == 1
    finally:
        session.close()
