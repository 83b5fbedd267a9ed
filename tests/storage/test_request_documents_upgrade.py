"""Update 0018 mends the seals that an earlier version broke when it recorded the reply letter and Executive Summary
made for a request as 'final' files of a sealed final: those rows become 'issued', the seal is whole again, and the
audit trail records the change, still chained.

The broken state is made from the saved vault of schema 0017 the way that version made it: a request about the
sealed meeting, decided, and its four files recorded as 'final' with the reason "For request N", each row written
through the audit triggers as the app writes it."""

from __future__ import annotations

import json
import shutil

from mappa_desk.services import session as sessions
from mappa_desk.storage import audit, documents as stored_documents, migrations, seals
from tests.storage.test_upgrades import FIXTURES, _raw

SAVED, PASSPHRASE = FIXTURES / "vault-schema-0017", "fixture passphrase for schema 0017"
SEALED = 3  # the saved vault's one sealed final (meeting of 22 September 2026)
UNSEALED = 1  # a final of the demo, made final without a seal (as before schema 0008)
FILES = (("reply_letter", "docx"), ("reply_letter", "pdf"), ("executive_summary", "docx"),
         ("executive_summary", "pdf"))


def _request(conn, meeting_id: int) -> int:
    individual = conn.execute("SELECT individual_id FROM meetings WHERE id = ?", (meeting_id,)).fetchone()[0]
    return conn.execute(
        "INSERT INTO minute_requests (individual_id, meeting_id, received_on, requester, kind, decision, "
        "approved_by, approved_on, withheld, created_at) VALUES (?, ?, '2026-11-02', 'Ms Fiona Carrick', "
        "'subject_access', 'executive_summary', 'DCI Moira Lennox', '2026-11-05', 'third_party', "
        "'2026-11-02T09:00:00Z')", (individual, meeting_id)).lastrowid


def _old_version_answers(conn, meeting_id: int, version: int, at: str) -> tuple[int, list[int]]:
    """A request about the meeting answered as the version before 0018 answered it: the letter and summary
    recorded as 'final'. Returns the request's id and the rows' ids."""
    request_id = _request(conn, meeting_id)
    for kind, fmt in FILES:
        stored_documents.add_version(conn, meeting_id, kind, version, "final", fmt, f"{kind}-{fmt}".ljust(64, "0"),
                                     at, reason=f"For request {request_id}")
    ids = [row[0] for row in conn.execute("SELECT id FROM document_versions WHERE reason = ? ORDER BY id",
                                          (f"For request {request_id}",))]
    return request_id, ids


def _rows(conn) -> dict[int, tuple]:
    return {row[0]: row for row in conn.execute("SELECT * FROM document_versions ORDER BY id")}


def test_update_0018_makes_a_requests_files_issued_and_the_broken_seal_whole(tmp_path):
    copy = tmp_path / SAVED.name
    shutil.copytree(SAVED, copy)
    conn = _raw(copy, PASSPHRASE)
    try:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 17
        audit.install(conn, "root")  # the rows are written through the audit triggers, as the app wrote them
        sealed_at = conn.execute("SELECT sealed_at FROM final_seals WHERE meeting_id = ?", (SEALED,)).fetchone()[0]
        # Made in the same second as the final (the saved vault's final and seal share one second) and later.
        request_id, moved = _old_version_answers(conn, SEALED, 3, sealed_at)
        later_id, later = _old_version_answers(conn, SEALED, 4, "2026-12-08T10:00:00Z")
        # A final made before seals (imported final) has no seal to mend: its rows are left as they were.
        _, kept = _old_version_answers(conn, UNSEALED, 1, "2026-12-08T10:00:00Z")
        assert seals.broken_seals(conn) == [(SEALED, "2026-09-22")]  # the defect, as `doctor` reported it
        assert audit.verify_chain(conn) == (True, None) and audit.missing_entries(conn) == {}
        before = _rows(conn)
        audit_before = conn.execute("SELECT * FROM audit_log ORDER BY id").fetchall()
    finally:
        conn.close()

    session = sessions.unlock(copy, PASSPHRASE)
    try:
        db = session.db
        assert db.schema_version == migrations.latest_version() >= 18
        assert seals.broken_seals(db) == []
        sound = audit.soundness(db)
        assert sound.ok and sound.chained and not sound.missing and sound.sealed == 1, sound
        after = {row[0]: row for row in db.query("SELECT * FROM document_versions ORDER BY id")}
        # Only the status of the rows made for a request about the sealed final changed; every other column and
        # every other row (the final's own letter and summary, the unsealed final's request) is as it was.
        assert after.keys() == before.keys()
        for row_id, row in before.items():
            expected = row[:4] + ("issued",) + row[5:] if row_id in moved + later else row
            assert after[row_id] == expected, row_id
        assert {after[i][4] for i in kept} == {"final"}
        assert {after[i][4] for i in range(1, 21)} == {"draft", "final"}
        # The trail is kept and records each change, chained, naming the upgrade.
        assert db.query("SELECT * FROM audit_log ORDER BY id")[:len(audit_before)] == audit_before
        entries = db.query("SELECT actor, operation, row_id, detail FROM audit_log WHERE id > ? ORDER BY id",
                           (audit_before[-1][0],))
        assert [(actor, op, row_id) for actor, op, row_id, _ in entries] == [
            ("MAPPA Desk (schema upgrade 0018)", "update", i) for i in moved + later]
        for (_, _, row_id, detail) in entries:
            assert json.loads(detail) == dict(zip(
                ("id", "meeting_id", "kind", "version", "status", "format", "sha256", "reason", "created_at",
                 "created_by"), after[row_id]))
        # The requests log still finds what was sent for each request.
        from mappa_desk.services import requests as rq
        assert rq.suggested_sent_what(session, request_id) == "Reply letter and Executive Summary, version 3"
        assert rq.suggested_sent_what(session, later_id) == "Reply letter and Executive Summary, version 4"
    finally:
        session.close()
