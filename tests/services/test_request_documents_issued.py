"""The reply letter and Executive Summary made for a request are issued from the final record (schema 0018), not
files of the final: the final's seal stays whole when a request is answered, `doctor` finds nothing, and the
requests log still says what was sent and which version. (Before, they were recorded as 'final' and the seal of
every final answered with the Executive Summary was reported as broken.)"""

from __future__ import annotations

import pytest

from mappa_desk.services import lifecycle, records, requests as rq
from mappa_desk.storage import audit, seals
from tests.services.test_lifecycle import CHAIR, to_circulated

TODAY = "2026-12-09"


@pytest.fixture
def sealed_final(vault_session, tmp_path):
    """A demo meeting made final the way the chair makes it final: drafted, cleared, circulated, final and sealed."""
    records.load_demo(vault_session)
    meeting_id = vault_session.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")
    to_circulated(vault_session, meeting_id, tmp_path / "circulated")
    final = lifecycle.make_final(vault_session, meeting_id, CHAIR, tmp_path / "final")
    assert seals.broken_seals(vault_session.db) == []
    return vault_session, meeting_id, final


def _answered(session, meeting_id: int, out_dir) -> tuple[int, list]:
    """A request for the meeting's Minute, answered with the Executive Summary, its files made."""
    individual = session.db.scalar("SELECT individual_id FROM meetings WHERE id = ?", (meeting_id,))
    request_id = rq.record_request(session, rq.NewRequest(
        individual, meeting_id, "2026-11-02", "Ms Fiona Carrick", "third_party", "Carrick & Lamont, solicitors"),
        today=TODAY)
    rq.record_decision(session, request_id, "executive_summary", approved_by="DCI Moira Lennox",
                       approved_on="2026-11-05", withheld=("third_party",), today=TODAY)
    return request_id, rq.generate_for_request(session, request_id, out_dir, salutation="Ms Carrick",
                                               approved_by="Chair Test")


def _rows(session, request_id: int) -> list[tuple]:
    return session.db.query("SELECT kind, version, status, format, sha256 FROM document_versions WHERE reason = ? "
                            "ORDER BY kind, format", (f"For request {request_id}",))


def test_a_sealed_final_stays_whole_after_a_request_is_answered_with_the_executive_summary(sealed_final, tmp_path):
    session, meeting_id, final = sealed_final
    sealed = session.db.scalar("SELECT sha256 FROM final_seals WHERE meeting_id = ?", (meeting_id,))
    request_id, generated = _answered(session, meeting_id, tmp_path / "reply")
    assert seals.broken_seals(session.db) == []
    assert seals.seal_hash(session.db, meeting_id) == sealed
    sound = audit.soundness(session.db)
    assert sound.ok and sound.sealed >= 1 and not sound.broken_seals, sound
    # Recorded as issued, with their kind and each file's hash, one version for the letter and the summary: the
    # next after the final's own letter and summary.
    assert _rows(session, request_id) == sorted(
        (g.kind, final.version + 1, "issued", g.format, g.sha256) for g in generated)
    # The final's own files are as they were made.
    assert session.db.query("SELECT DISTINCT version FROM document_versions WHERE meeting_id = ? AND status = 'final'",
                            (meeting_id,)) == [(final.version,)]


def test_what_was_sent_is_still_offered_and_each_request_takes_the_next_version(sealed_final, tmp_path):
    session, meeting_id, final = sealed_final
    first, _ = _answered(session, meeting_id, tmp_path / "first")
    second, _ = _answered(session, meeting_id, tmp_path / "second")
    assert rq.suggested_sent_what(session, first) == f"Reply letter and Executive Summary, version {final.version + 1}"
    assert rq.suggested_sent_what(session, second) == f"Reply letter and Executive Summary, version {final.version + 2}"
    assert {status for _, _, status, _, _ in _rows(session, first) + _rows(session, second)} == {"issued"}
    rq.record_sent(session, first, sent_on="2026-11-06", sent_what=rq.suggested_sent_what(session, first),
                   today=TODAY)
    individual = session.db.scalar("SELECT individual_id FROM meetings WHERE id = ?", (meeting_id,))
    entry = next(e for e in rq.log_for_individual(session, individual) if e.entry == "request" and e.id == first)
    assert (entry.sent_on, entry.what) == ("2026-11-06",
                                           f"Reply letter and Executive Summary, version {final.version + 1}")
    assert seals.broken_seals(session.db) == []


def test_the_record_keeps_its_final_version_and_an_addendum_after_a_request_leaves_the_seal_whole(sealed_final,
                                                                                                  tmp_path):
    session, meeting_id, final = sealed_final
    _answered(session, meeting_id, tmp_path / "reply")
    state = lifecycle.state(session, meeting_id)
    assert state.final_version == final.version
    # The request's files are issued documents of their own kinds, not statements for a tribunal.
    assert {(v.status, v.kind) for v in state.versions if v.status == "issued"} == {
        ("issued", "reply_letter"), ("issued", "executive_summary")}
    added = lifecycle.add_addendum(session, meeting_id, "A date was wrong", "The review date is 3 March.", CHAIR,
                                   tmp_path / "addendum")
    assert added.generated
    assert seals.broken_seals(session.db) == []
    assert audit.soundness(session.db).ok
