"""The record panel's list of versions names the final's own documents and the statements for a tribunal; the
reply letter and Executive Summary made for a request are issued too (schema 0018) but belong to the requests log,
so answering a request neither adds a "statement for a tribunal" nor changes the final's version there."""

from __future__ import annotations

from mappa_desk.services import documents, lifecycle
from tests.services.test_request_documents_issued import _answered, sealed_final  # noqa: F401 (a fixture)
from tests.services.test_tribunal_statement_versions import restricted_final  # noqa: F401 (a fixture)
from ui.documents.lifecycle import versions_text


def test_a_requests_files_are_not_listed_as_a_statement_for_a_tribunal(sealed_final, tmp_path):  # noqa: F811
    session, meeting_id, final = sealed_final
    before = versions_text(lifecycle.state(session, meeting_id))
    assert before.endswith(f"final v{final.version}.")
    _answered(session, meeting_id, tmp_path / "reply")
    _answered(session, meeting_id, tmp_path / "again")
    assert versions_text(lifecycle.state(session, meeting_id)) == before


def test_a_statement_is_still_listed_beside_a_requests_files(restricted_final, tmp_path):  # noqa: F811
    session, meeting_id, final = restricted_final
    _answered(session, meeting_id, tmp_path / "reply")
    documents.generate_tribunal_statement(session, meeting_id, tmp_path / "statement", approved_by="Chair Test")
    assert versions_text(lifecycle.state(session, meeting_id)).endswith(
        f"final v{final.version}; statement for a tribunal v1.")
