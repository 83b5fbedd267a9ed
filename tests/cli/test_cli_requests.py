"""`mappa-desk visor-export` and `mappa-desk requests`, run as a user would run them."""

from __future__ import annotations

import csv
import hashlib
import io

import pytest

from mappa_desk.services import records
from mappa_desk.services import requests as rq
from mappa_desk.services import session as sessions
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot
from tests.cli.cli_helpers import run_cli


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    """The demo records with a decided and answered request and a sharing approval for DEMO/0001."""
    folder = tmp_path_factory.mktemp("cli-requests") / "vault"
    _, session = sessions.create(folder, PASSPHRASE, kdf=FAST_KDF)
    try:
        records.load_demo(session)
        db = session.db
        person = db.scalar("SELECT id FROM individuals WHERE visor_ref = 'DEMO/0001'")
        final, held = (db.scalar("SELECT id FROM meetings WHERE individual_id = ? AND status = ? ORDER BY meeting_date",
                                 (person, status)) for status in ("final", "held"))
        request = rq.record_request(session, rq.NewRequest(person, final, "2026-11-02", "Ms Fiona Carrick",
                                                           "third_party", "Carrick & Lamont"), today="2026-12-09")
        rq.record_decision(session, request, "executive_summary", approved_by="DCI Moira Lennox",
                           approved_on="2026-11-05", today="2026-12-09")
        rq.record_sent(session, request, sent_on="2026-11-06", sent_what="Reply letter and Executive Summary",
                       today="2026-12-09")
        rq.record_sharing(session, final, shared_with="Kilbrannan Housing Options", what="RMP",
                          approved_by="DCI Moira Lennox", approved_on="2026-11-20", today="2026-12-09")
    finally:
        session.close()
    return folder, person, final, held


def cli(folder, *args):
    return run_cli(*args, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")


def test_requests_lists_the_log_newest_first(vault):
    folder, person, _, _ = vault
    result = cli(folder, "requests", person)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "  20 November 2026: DCI Moira Lennox approved sharing RMP with Kilbrannan Housing Options "
        "(the meeting of 7 July 2026).",
        "  2 November 2026: Third-party request from Ms Fiona Carrick, Carrick & Lamont for the Minute of the "
        "meeting of 7 July 2026. The chair approved answering with the Executive Summary (DCI Moira Lennox, "
        "5 November 2026). Sent on 6 November 2026: Reply letter and Executive Summary.",
    ]


def test_requests_with_csv_writes_the_log(vault, tmp_path):
    folder, person, _, _ = vault
    path = tmp_path / "log.csv"
    result = cli(folder, "requests", person, "--csv", path)
    assert result.returncode == 0, result.stderr
    assert "Wrote 2 entries" in result.stderr and "OFFICIAL-SENSITIVE" in result.stderr
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))))
    assert [r[0] for r in rows] == ["Entry", "Sharing approval", "Request"]


def test_requests_for_someone_with_none_says_so_and_an_unknown_id_is_a_sentence(vault):
    folder = vault[0]
    result = cli(folder, "requests", vault[1] + 1)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("No requests or sharing approvals are recorded for individual")
    result = cli(folder, "requests", 999)
    assert result.returncode == 2
    assert result.stderr.strip() == "mappa-desk: There is no individual with id 999. Show the list again."


def test_visor_export_writes_the_files_and_a_manifest_that_matches_them(vault, tmp_path):
    folder, _, final, _ = vault
    out = tmp_path / "visor"
    result = cli(folder, "visor-export", final, "--out", out)
    assert result.returncode == 0, result.stderr
    assert "OFFICIAL-SENSITIVE" in result.stderr
    names = sorted(p.name for p in out.iterdir())
    assert len(names) == 5
    listed = [line.strip() for line in result.stdout.splitlines()[1:]]
    assert sorted(listed) == names and listed[-1].startswith("MAPPA-Manifest"), "every file, the manifest last"
    [manifest] = [out / n for n in names if n.endswith(".csv")]
    for row in csv.DictReader(io.StringIO(manifest.read_text(encoding="utf-8"))):
        assert hashlib.sha256((out / row["file"]).read_bytes()).hexdigest() == row["sha256"]


def test_visor_export_refuses_a_draft_and_a_bad_pattern_and_writes_nothing(vault, tmp_path):
    folder, _, final, held = vault
    out = tmp_path / "visor"
    before = snapshot(folder)
    result = cli(folder, "visor-export", held, "--out", out)
    assert result.returncode == 2
    assert result.stderr.strip() == ("mappa-desk: The record of the meeting of 22 September 2026 is a draft (held): "
                                     "the ViSOR export takes only the final Minute and RMP. Make the record final first.")
    result = cli(folder, "visor-export", final, "--out", out, "--pattern", "{individual.name}-{document}")
    assert result.returncode == 2
    assert "never names a person" in result.stderr
    assert not out.exists()
    assert snapshot(folder).keys() == before.keys()


def test_visor_export_takes_a_pattern(vault, tmp_path):
    folder, _, final, _ = vault
    out = tmp_path / "visor"
    result = cli(folder, "visor-export", final, "--out", out, "--pattern", "{individual.file_ref}-{document}")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "DEMO-0001-Manifest.csv", "DEMO-0001-Minute.docx", "DEMO-0001-Minute.pdf", "DEMO-0001-RMP.docx",
        "DEMO-0001-RMP.pdf"]
