"""What leaves the vault (issue 18 item 4): release documents are made in memory, shown to the chair (the text as
the recipient reads it, each file's SHA-256), and written only with the chair's approval, which the requests log
keeps (who, when, what, to whom, the files' hashes). If the documents made from the record at approval are not the
ones shown, nothing is written."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest

from mappa_desk.errors import UserFacingError
from mappa_desk.services import documents, release
from mappa_desk.services import requests as rq
from tests.services.test_requests import TODAY, decided, demo  # noqa: F401 (a fixture)
from tests.services.test_tribunal_statement_versions import restricted_final  # noqa: F401 (a fixture)


def flat(text: str) -> str:
    return " ".join(text.split())


def approvals(session) -> list[tuple]:
    return session.db.query("SELECT meeting_id, request_id, what, recipient, approved_by, files FROM "
                            "release_approvals ORDER BY id")


def issued(session) -> int:
    return session.db.scalar("SELECT count(*) FROM document_versions WHERE status = 'issued'")


def test_the_reply_is_shown_before_anything_is_written(demo, tmp_path):  # noqa: F811
    session, ids = demo
    request_id = decided(session, ids["DEMO/0001"])
    prepared = rq.prepare_for_request(session, request_id, tmp_path / "out", salutation="Ms Carrick")
    assert not (tmp_path / "out").exists()
    assert approvals(session) == [] and issued(session) == 0
    assert [(f.kind, f.format) for f in prepared.files] == [
        ("reply_letter", "docx"), ("reply_letter", "pdf"), ("executive_summary", "docx"), ("executive_summary", "pdf")]
    for f in prepared.files:
        assert f.sha256 == hashlib.sha256(f.data).hexdigest()
        assert f"{f.name}  SHA-256 {f.sha256}" in prepared.listing()
    text = flat(prepared.text)
    assert "Dear Ms Carrick" in text and "information about third parties" in text
    assert "Executive Summary" in text
    assert prepared.recipient == "Ms Fiona Carrick, Carrick & Lamont, solicitors"


def test_the_approval_is_logged_with_each_files_hash_and_the_files_are_the_bytes_shown(demo, tmp_path):  # noqa: F811
    session, ids = demo
    person = ids["DEMO/0001"]
    request_id = decided(session, person)
    prepared = rq.prepare_for_request(session, request_id, tmp_path / "out", salutation="Ms Carrick")
    written = release.approve(session, prepared, approved_by="  DCI   Moira Lennox ")
    assert {p.name: p.read_bytes() for p in (tmp_path / "out").iterdir()} == {f.name: f.data for f in prepared.files}
    [(meeting_id, logged_request, what, recipient, chair, files)] = approvals(session)
    assert (logged_request, chair, recipient) == (request_id, "DCI Moira Lennox",
                                                  "Ms Fiona Carrick, Carrick & Lamont, solicitors")
    assert what == f"Reply letter and Executive Summary for request {request_id} (DOCX and PDF)"
    assert files.splitlines() == [f"{f.name} {f.sha256}" for f in prepared.files]
    assert written.version == 1 and issued(session) == 4

    # The requests log shows it, and its CSV carries the hashes.
    [entry] = [e for e in rq.log_for_individual(session, person) if e.entry == "release"]
    sentence = rq.describe(entry)
    assert sentence.startswith(f"{entry.date[8:].lstrip('0')} ") and "DCI Moira Lennox approved releasing Reply " \
        f"letter and Executive Summary for request {request_id} (DOCX and PDF) to Ms Fiona Carrick, Carrick & " \
        "Lamont, solicitors" in sentence
    for f in prepared.files:
        assert f"{f.name} (SHA-256 {f.sha256})" in sentence
    rows = list(csv.DictReader(io.StringIO(rq.log_csv(rq.log_for_individual(session, person)).decode("utf-8-sig"))))
    [row] = [r for r in rows if r["Entry"] == "Release approval"]
    assert row["Approved by"] == "DCI Moira Lennox"
    assert row["Files released (SHA-256)"] == "; ".join(f"{f.name} {f.sha256}" for f in prepared.files)


def test_without_the_chairs_name_nothing_is_written_or_logged(demo, tmp_path):  # noqa: F811
    session, ids = demo
    request_id = decided(session, ids["DEMO/0001"])
    prepared = rq.prepare_for_request(session, request_id, tmp_path / "out")
    with pytest.raises(release.ApprovalRefused) as err:
        release.approve(session, prepared, approved_by="   ")
    assert err.value.field == "approved_by"
    assert str(err.value).startswith("Enter the name of the chair who approves what will leave.")
    assert not (tmp_path / "out").exists() and approvals(session) == [] and issued(session) == 0


def test_documents_that_changed_after_they_were_shown_are_refused(demo, tmp_path):  # noqa: F811
    session, ids = demo
    request_id = decided(session, ids["DEMO/0001"])
    prepared = rq.prepare_for_request(session, request_id, tmp_path / "out")
    # The chair's decision is corrected after the letter was shown: the letter made now says something else.
    rq.record_decision(session, request_id, "executive_summary", approved_by="DCI Moira Lennox",
                       approved_on="2026-11-05", withheld=("third_party", "confidential"), today=TODAY)
    with pytest.raises(UserFacingError) as err:
        release.approve(session, prepared, approved_by="DCI Moira Lennox")
    assert str(err.value) == release.CHANGED
    assert not (tmp_path / "out").exists() and approvals(session) == [] and issued(session) == 0
    # Shown again, it can be approved.
    again = rq.prepare_for_request(session, request_id, tmp_path / "out")
    assert "confidential information" in flat(again.text)
    release.approve(session, again, approved_by="DCI Moira Lennox")
    assert len(approvals(session)) == 1


def test_a_file_not_written_as_approved_is_removed_and_nothing_logged(demo, tmp_path, monkeypatch):  # noqa: F811
    session, ids = demo
    request_id = decided(session, ids["DEMO/0001"])
    prepared = rq.prepare_for_request(session, request_id, tmp_path / "out")

    def corrupting_write(path, data, *, what="the file", durable=True):
        path.write_bytes(data[:-1] + b"!")

    monkeypatch.setattr(release, "atomic_write", corrupting_write)
    with pytest.raises(UserFacingError) as err:
        release.approve(session, prepared, approved_by="DCI Moira Lennox")
    assert "is not the file you approved" in str(err.value)
    assert list((tmp_path / "out").iterdir()) == [] and approvals(session) == []


def test_the_tribunal_statement_waits_for_approval_and_names_its_recipient(restricted_final, tmp_path):  # noqa: F811
    session, meeting_id, _final = restricted_final
    prepared = documents.prepare_tribunal_statement(session, meeting_id, tmp_path / "out",
                                                    recipient="Mental Health Tribunal for Scotland")
    assert not (tmp_path / "out").exists()
    assert "MAPPA Level is 2" in flat(prepared.text)
    release.approve(session, prepared, approved_by="Dr Ann Baird")
    [(logged_meeting, request_id, what, recipient, chair, files)] = approvals(session)
    assert (logged_meeting, request_id, recipient, chair) == (meeting_id, None, "Mental Health Tribunal for Scotland",
                                                              "Dr Ann Baird")
    assert {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / "out").iterdir()} == dict(
        line.split(" ") for line in files.splitlines())
