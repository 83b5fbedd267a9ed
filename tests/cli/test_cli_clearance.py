"""Issue 18 items 1 and 3 through the real `mappa-desk` command: `import` does not take a file's final status and
says so, and brings the individual up to their latest meeting; `render --final` and `visor-export` refuse a record
the self-audit blocks, with its findings, and write nothing."""

from __future__ import annotations

import json

import pytest

from mappa_desk.demo import demo_records
from mappa_desk.interchange import files as interchange
from mappa_desk.services import lifecycle, records
from mappa_desk.services import session as sessions
from tests.cli.cli_helpers import run_cli
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot


def cli(folder, *args):
    return run_cli(*args, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")


def _file(tmp_path, date: str, change=None):
    """The demo meeting held on `date` as an interchange file; `change(doc)` edits it first."""
    for individual, history in demo_records():
        for meeting in history:
            if meeting.meeting_date == date:
                doc = json.loads(interchange.dumps(individual, meeting, "2026-12-01T10:00:00Z"))
                if change:
                    change(doc)
                path = tmp_path / f"{date}.json"
                path.write_text(json.dumps(doc), encoding="utf-8")
                return path
    raise AssertionError(f"the demo has no meeting on {date}")


@pytest.fixture
def empty_vault(tmp_path):
    folder = tmp_path / "vault"
    assert cli(folder, "init").returncode == 0
    return folder


def test_import_of_a_file_claiming_final_lands_held_and_says_so(empty_vault, tmp_path):
    path = _file(tmp_path, "2026-08-11")
    assert json.loads(path.read_text())["meeting"]["status"] == "final"
    result = cli(empty_vault, "import", path)
    assert result.returncode == 0, result.stderr
    assert "The file says the record of the meeting of 11 August 2026 is final" in result.stdout
    assert "it was imported as held" in result.stdout
    listed = json.loads(cli(empty_vault, "list", "--json").stdout)
    uid = json.loads(path.read_text())["meeting"]["uid"]
    assert [m["status"] for m in listed["meetings"] if m["uid"] == uid] == ["held"]


def test_import_of_a_later_meeting_brings_the_individual_up_to_it(empty_vault, tmp_path):
    def stale(doc):  # the individual as their first meeting left them: Level 3
        doc["individual"].update(current_level=3, rosh_level="very_high")
    first = cli(empty_vault, "import", _file(tmp_path, "2026-07-07", stale))
    assert first.returncode == 0, first.stderr
    assert [i["level"] for i in json.loads(cli(empty_vault, "list", "--json").stdout)["individuals"]] == [3]
    later = cli(empty_vault, "import", _file(tmp_path, "2026-08-11", stale))  # the review decreased it to 2
    assert later.returncode == 0, later.stderr
    assert "The individual's current level and risk of serious harm now follow the meeting of 11 August 2026" \
        in later.stdout
    assert [i["level"] for i in json.loads(cli(empty_vault, "list", "--json").stdout)["individuals"]] == [2]


def test_render_final_refuses_a_file_the_self_audit_blocks(tmp_path):
    path = _file(tmp_path, "2026-08-11", lambda doc: doc["meeting"].update(confidentiality_agreed=False))
    out = tmp_path / "out"
    result = run_cli("render", path, "--final", "--out", out)
    assert result.returncode == 1, result.stderr
    check = run_cli("check", path)  # the self-audit's own sentences, as `check` prints them
    blocking = [line.strip() for line in check.stdout.splitlines() if line.strip().startswith("BLOCKS")]
    assert blocking and all(line in [x.strip() for x in result.stdout.splitlines()] for line in blocking)
    assert "Nothing was written" in result.stdout
    assert not out.exists() or not any(out.iterdir())


def test_render_final_still_writes_a_record_nothing_blocks(tmp_path):
    path = _file(tmp_path, "2026-08-11")
    out = tmp_path / "out"
    result = run_cli("render", path, "--final", "--out", out)
    assert result.returncode == 0, result.stderr
    assert any("_FINAL" in p.name for p in out.iterdir())


@pytest.fixture
def blocked_final(tmp_path):
    """The demo, with one final record the self-audit now blocks (made final before a rule, say)."""
    folder = tmp_path / "demo"
    _, session = sessions.create(folder, PASSPHRASE, kdf=FAST_KDF)
    try:
        records.load_demo(session)
        meeting_id = session.db.scalar("SELECT id FROM meetings WHERE status = 'final' ORDER BY id LIMIT 1")
        with session.db.transaction():
            session.db.execute("UPDATE meetings SET confidentiality_agreed = 0 WHERE id = ?", (meeting_id,))
        findings = [f for f in lifecycle.findings(session, meeting_id) if f.blocking]
    finally:
        session.close()
    return folder, meeting_id, findings


def test_visor_export_refuses_a_final_the_self_audit_blocks(blocked_final, tmp_path):
    folder, meeting_id, findings = blocked_final
    out = tmp_path / "visor"
    before = snapshot(folder)
    result = cli(folder, "visor-export", meeting_id, "--out", out)
    assert result.returncode == 1, result.stderr
    for finding in findings:
        assert f"BLOCKS  {finding.step_title}: {finding.text}" in result.stdout
    assert "Nothing was written" in result.stdout
    assert not out.exists() or not any(out.iterdir())
    assert snapshot(folder).keys() == before.keys()
