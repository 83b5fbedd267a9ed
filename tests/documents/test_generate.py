"""Generated files, as a reader sees them: every page marked and numbered, drafts marked, finals hashed."""

import hashlib
import re

import pytest

from mappa_desk.demo import demo_records
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile
from mappa_desk.errors import UserFacingError
from mappa_desk.services import documents, records
from tests.cli.cli_helpers import run_cli
from tests.documents.pdf_text import docx_text, pdf_pages_text


def _held_review():
    for individual, history in demo_records():
        for meeting in history:
            if meeting.previous is not None and meeting.status != "planned":
                return individual, meeting
    raise AssertionError


def _check_pdf(data: bytes, identity_part: str, draft: str | None) -> int:
    pages = pdf_pages_text(data)
    for i, text in enumerate(pages, 1):
        assert text.count("OFFICIAL-SENSITIVE") >= 2, f"page {i}: marking top and bottom"
        assert f"Page {i} of {len(pages)}" in text, f"page {i}: numbering"
        assert identity_part in text, f"page {i}: identity"
        if draft:
            assert draft in text, f"page {i}: draft mark"
        else:
            assert "DRAFT" not in text, f"page {i}: a final carries no draft mark"
    return len(pages)


def test_every_document_of_a_review_renders_marked_on_every_page(tmp_path):
    individual, meeting = _held_review()
    generated = documents.render_all(individual, meeting, load_profile(DEFAULT_JURISDICTION), tmp_path, version=2)
    assert {(g.kind, g.format) for g in generated} == {(k, f) for k in ("minute", "rmp", "executive_summary",
                                                                          "reply_letter", "covering_note")
                                                         for f in ("docx", "pdf")}
    minute_pages = 0
    for g in generated:
        data = g.path.read_bytes()
        assert hashlib.sha256(data).hexdigest() == g.sha256
        assert individual.family_name.lower() not in g.path.name.lower()
        if g.format == "pdf":
            pages = _check_pdf(data, individual.visor_ref, "DRAFT v2")
            minute_pages = pages if g.kind == "minute" else minute_pages
        else:
            text = docx_text(data)
            assert "OFFICIAL-SENSITIVE" in text and individual.visor_ref in text
    assert minute_pages >= 3
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(g.path.name for g in generated)  # no temp files


def test_vault_documents_record_versions_and_hashes_and_the_final_is_unmarked(vault_session, tmp_path):
    records.load_demo(vault_session)
    db = vault_session.db
    meeting_id = db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")
    first = documents.generate_for_meeting(vault_session, meeting_id, tmp_path / "d1")
    second = documents.generate_for_meeting(vault_session, meeting_id, tmp_path / "d2")
    assert "DRAFT-v1" in first[0].path.name and "DRAFT-v2" in second[0].path.name
    final = documents.generate_for_meeting(vault_session, meeting_id, tmp_path / "final", final=True)
    rows = db.query("SELECT kind, version, status, format, sha256 FROM document_versions WHERE meeting_id = ? "
                    "ORDER BY version, kind, format", (meeting_id,))
    assert len(rows) == 30
    assert {r[1] for r in rows if r[2] == "draft"} == {1, 2} and {r[1] for r in rows if r[2] == "final"} == {3}
    recorded = {r[4] for r in rows if r[2] == "final"}
    assert recorded == {hashlib.sha256(g.path.read_bytes()).hexdigest() for g in final}
    minute_pdf = next(g for g in final if g.kind == "minute" and g.format == "pdf")
    _check_pdf(minute_pdf.path.read_bytes(), "ViSOR", None)
    with pytest.raises(UserFacingError, match="already final"):
        documents.generate_for_meeting(vault_session, meeting_id, tmp_path / "again", final=True)


def test_cli_render_from_an_interchange_file_needs_no_vault(tmp_path):
    from mappa_desk.interchange.files import dumps
    individual, meeting = _held_review()
    source = tmp_path / "meeting.json"
    source.write_bytes(dumps(individual, meeting, "2026-11-21T10:00:00Z"))
    result = run_cli("render", source, "--out", tmp_path / "out", "--final", env_extra={"MAPPA_DESK_DATA_DIR": str(tmp_path / "none")})
    assert result.returncode == 0, result.stderr
    assert len(re.findall(r"_FINAL\.(docx|pdf)", result.stdout)) == 10
    assert not (tmp_path / "none").exists()
