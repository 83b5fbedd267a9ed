"""Release documents from the command line (issue 18 item 4): `tribunal-statement` and `request-reply` print exactly
what would leave (each file's name and SHA-256, and the text as the recipient reads it) and write nothing without
`--approved-by`; with it they write those files and the approval is in the requests log (`requests`, its CSV)."""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io

import pytest

from mappa_desk.demo import demo_records
from mappa_desk.services import documents, lifecycle, records
from mappa_desk.services import requests as rq
from mappa_desk.services import session as sessions
from tests.cli.cli_helpers import run_cli
from tests.conftest import FAST_KDF, PASSPHRASE

STATEMENT = ("A MAPPA meeting was held on 17 September 2026. MAPPA Level is 2. The MAPPA group supports the "
             "recommendation by the Responsible Medical Officer for unescorted suspension of detention.")


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    """A restricted patient's final meeting, and DEMO/0001's final meeting with a request the chair decided to
    answer with the Executive Summary."""
    folder = tmp_path_factory.mktemp("cli-release") / "vault"
    _, session = sessions.create(folder, PASSPHRASE, kdf=FAST_KDF)
    try:
        ids = {}
        for individual, history in demo_records():
            if individual.category == 2 or individual.visor_ref == "DEMO/0001":
                meeting = dataclasses.replace(history[0], status="held")
                imported = records.import_meeting(session, individual, meeting)
                _make_final(session, imported.meeting_id, tmp_path_factory.mktemp("made"))
                ids[individual.category] = (imported.individual_id, imported.meeting_id)
        person, meeting = ids[1]
        request = rq.record_request(session, rq.NewRequest(person, meeting, "2026-11-02", "Ms Fiona Carrick",
                                                           "third_party", "Carrick & Lamont"), today="2026-12-09")
        rq.record_decision(session, request, "executive_summary", approved_by="DCI Moira Lennox",
                           approved_on="2026-11-05", withheld=("third_party",), today="2026-12-09")
        ids["request"] = request
    finally:
        session.close()
    return folder, ids


def _make_final(session, meeting_id, out):
    """Through the lifecycle, as a chair would: a file's claim to be final is not taken (issue 18 item 1)."""
    documents.generate_for_meeting(session, meeting_id, out / "draft")
    lifecycle.clear(session, meeting_id, "DCI Moira Lennox")
    lifecycle.circulate(session, meeting_id, "Sam Reid")
    lifecycle.make_final(session, meeting_id, "DCI Moira Lennox", out / "final")


def cli(folder, *args):
    return run_cli(*args, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")


def flat(text: str) -> str:
    return " ".join(text.split())


def test_without_approval_the_statement_is_shown_and_nothing_is_written(vault, tmp_path):
    folder, ids = vault
    person, meeting = ids[2]
    result = cli(folder, "tribunal-statement", meeting, "--out", tmp_path / "out")
    assert result.returncode == 1, result.stderr
    assert STATEMENT in flat(result.stdout)  # the text as the tribunal will read it
    assert "What will leave: Statement for a Mental Health Tribunal (DOCX and PDF), to the Mental Health Tribunal." \
        in result.stdout
    assert result.stdout.count("SHA-256 ") == 2
    assert "Nothing was written" in result.stderr and '--approved-by "Name"' in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    log = cli(folder, "requests", person)
    assert "approved releasing" not in log.stdout


def test_with_approval_the_files_shown_are_written_and_the_approval_is_logged(vault, tmp_path):
    folder, ids = vault
    person, meeting = ids[2]
    shown = cli(folder, "tribunal-statement", meeting, "--out", tmp_path / "out")
    result = cli(folder, "tribunal-statement", meeting, "--out", tmp_path / "out", "--approved-by", "Dr Ann Baird",
                 "--to", "Mental Health Tribunal for Scotland")
    assert result.returncode == 0, result.stderr
    assert "Approved by Dr Ann Baird: the approval is kept in the requests log." in result.stdout
    files = sorted((tmp_path / "out").iterdir())
    assert [p.suffix for p in files] == [".docx", ".pdf"]
    hashes = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in files}
    for name, sha256 in hashes.items():
        assert f"{name}  SHA-256 {sha256}" in shown.stdout  # what was written is what was shown
    log = cli(folder, "requests", person)
    [line] = [line for line in log.stdout.splitlines() if "approved releasing" in line]
    assert ("Dr Ann Baird approved releasing Statement for a Mental Health Tribunal (DOCX and PDF) to Mental Health "
            "Tribunal for Scotland (the meeting of 17 September 2026)") in line
    for name, sha256 in hashes.items():
        assert f"{name} (SHA-256 {sha256})" in line


def test_the_reply_for_a_request_needs_the_chairs_approval_and_it_goes_in_the_csv(vault, tmp_path):
    folder, ids = vault
    person, _ = ids[1]
    result = cli(folder, "request-reply", ids["request"], "--out", tmp_path / "out", "--salutation", "Ms Carrick")
    assert result.returncode == 1, result.stderr
    assert "Dear Ms Carrick" in result.stdout and "Executive Summary" in result.stdout
    assert result.stdout.count("SHA-256 ") == 4
    assert not (tmp_path / "out").exists()
    result = cli(folder, "request-reply", ids["request"], "--out", tmp_path / "out", "--salutation", "Ms Carrick",
                 "--approved-by", "DCI Moira Lennox")
    assert result.returncode == 0, result.stderr
    written = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in (tmp_path / "out").iterdir()}
    assert len(written) == 4
    cli(folder, "requests", person, "--csv", tmp_path / "log.csv")
    rows = list(csv.DictReader(io.StringIO((tmp_path / "log.csv").read_text(encoding="utf-8-sig"))))
    [row] = [r for r in rows if r["Entry"] == "Release approval"]
    assert row["Approved by"] == "DCI Moira Lennox"
    assert row["Requester or shared with"] == "Ms Fiona Carrick, Carrick & Lamont"
    assert row["Sent or shared"] == f"Reply letter and Executive Summary for request {ids['request']} (DOCX and PDF)"
    assert dict(pair.split(" ") for pair in row["Files released (SHA-256)"].split("; ")) == written
