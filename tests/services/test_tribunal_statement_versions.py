"""Every statement for a Mental Health Tribunal made is recorded in the vault like every other document (schema
0017): its version (1, 2 ... for the meeting's statements), each file's format and SHA-256, who made it and when,
with the audit trail holding the row. It is issued from the final record, not one of the final's files: the final
does not make it, and the final's seal stays whole when one is made."""

from __future__ import annotations

import datetime as _dt
import hashlib

import pytest

from mappa_desk.documents.template import DOCUMENT_KINDS
from mappa_desk.services import documents, lifecycle, records
from mappa_desk.storage import audit, seals
from tests.services.test_lifecycle import CHAIR, to_circulated


def _statement_rows(db, meeting_id: int) -> list[tuple]:
    return db.query("SELECT id, kind, version, status, format, sha256, reason, created_at, created_by "
                    "FROM document_versions WHERE meeting_id = ? AND kind = 'tribunal_statement' "
                    "ORDER BY version, format", (meeting_id,))


@pytest.fixture
def restricted_final(vault_session, tmp_path):
    """The demo's restricted patient's meeting (the group supports the RMO's recommendation), made final the way
    the chair makes it final: drafted, cleared, circulated, then final and sealed."""
    records.load_demo(vault_session)
    meeting_id = vault_session.db.scalar(
        "SELECT m.id FROM meetings m JOIN individuals i ON i.id = m.individual_id WHERE i.category = 2 "
        "AND m.status = 'held' AND m.tribunal_position != ''")
    to_circulated(vault_session, meeting_id, tmp_path / "circulated")
    final = lifecycle.make_final(vault_session, meeting_id, CHAIR, tmp_path / "final")
    return vault_session, meeting_id, final


def test_each_statement_made_is_recorded_with_its_version_and_each_files_hash(restricted_final, tmp_path):
    session, meeting_id, _final = restricted_final
    first = documents.generate_tribunal_statement(session, meeting_id, tmp_path / "first", approved_by="Chair Test")
    second = documents.generate_tribunal_statement(session, meeting_id, tmp_path / "second", approved_by="Chair Test")
    assert (first.version, second.version) == (1, 2)
    rows = _statement_rows(session.db, meeting_id)
    assert [(kind, version, status, fmt, reason) for _, kind, version, status, fmt, _, reason, _, _ in rows] == [
        ("tribunal_statement", 1, "issued", "docx", ""), ("tribunal_statement", 1, "issued", "pdf", ""),
        ("tribunal_statement", 2, "issued", "docx", ""), ("tribunal_statement", 2, "issued", "pdf", "")]
    made = {(1, g.format): g.path for g in first} | {(2, g.format): g.path for g in second}
    for _, _, version, _, fmt, sha256, _, created_at, created_by in rows:
        assert sha256 == hashlib.sha256(made[version, fmt].read_bytes()).hexdigest()
        when = _dt.datetime.strptime(created_at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=_dt.timezone.utc)
        assert abs(_dt.datetime.now(_dt.timezone.utc) - when) < _dt.timedelta(minutes=5)
        assert created_by  # the session's computer account, as on every other document's row


def test_the_audit_trail_holds_each_statements_row(restricted_final, tmp_path):
    session, meeting_id, _final = restricted_final
    generated = documents.generate_tribunal_statement(session, meeting_id, tmp_path / "out", approved_by="Chair Test")
    rows = _statement_rows(session.db, meeting_id)
    assert len(rows) == len(generated) == 2
    for row_id, kind, version, _, fmt, sha256, _, _, created_by in rows:
        entry = session.db.query(
            "SELECT actor, json_extract(detail, '$.kind'), json_extract(detail, '$.version'), "
            "json_extract(detail, '$.sha256') FROM audit_log WHERE table_name = 'document_versions' "
            "AND operation = 'insert' AND row_id = ?", (row_id,))
        assert entry == [(created_by, kind, version, sha256)], fmt
    sound = audit.soundness(session.db)
    assert sound.ok and sound.chained and not sound.missing, sound


def test_the_final_stays_whole_after_a_statement_is_made_and_does_not_make_one_itself(restricted_final, tmp_path):
    session, meeting_id, final = restricted_final
    # The final makes the meeting's documents only: the statement is made when a tribunal needs it.
    assert sorted({g.kind for g in final.generated}) == sorted(DOCUMENT_KINDS)
    assert _statement_rows(session.db, meeting_id) == []
    sealed = session.db.scalar("SELECT sha256 FROM final_seals WHERE meeting_id = ?", (meeting_id,))
    documents.generate_tribunal_statement(session, meeting_id, tmp_path / "out", approved_by="Chair Test")
    documents.generate_tribunal_statement(session, meeting_id, tmp_path / "again", approved_by="Chair Test")
    assert len(_statement_rows(session.db, meeting_id)) == 4
    assert seals.broken_seals(session.db) == []
    assert seals.seal_hash(session.db, meeting_id) == sealed
    # The meeting's own documents keep their numbering: an addendum is the version after the final.
    added = lifecycle.add_addendum(session, meeting_id, "A date was wrong", "The review date is 3 March.", CHAIR,
                                   tmp_path / "addendum")
    assert added.generated
    assert session.db.query("SELECT DISTINCT version FROM document_versions WHERE meeting_id = ? AND status = "
                            "'addendum'", (meeting_id,)) == [(final.version + 1,)]
    state = lifecycle.state(session, meeting_id)
    assert state.final_version == final.version
    assert seals.broken_seals(session.db) == []


def test_a_refused_statement_records_nothing(restricted_final, tmp_path):
    session, _meeting_id, _final = restricted_final
    other = session.db.scalar("SELECT m.id FROM meetings m JOIN individuals i ON i.id = m.individual_id "
                              "WHERE i.category != 2 AND m.status = 'final' ORDER BY m.id LIMIT 1")
    before = session.db.scalar("SELECT count(*) FROM document_versions")
    with pytest.raises(documents.UserFacingError, match="only for a restricted patient"):
        documents.generate_tribunal_statement(session, other, tmp_path / "out", approved_by="Chair Test")
    assert session.db.scalar("SELECT count(*) FROM document_versions") == before
