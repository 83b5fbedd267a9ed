"""`mappa-desk check` on interchange files, and the record's lifecycle from the command line."""

from __future__ import annotations

import json

import pytest

from mappa_desk.services import records
from tests.conftest import PASSPHRASE
from tests.cli.cli_helpers import run_cli

CHAIR = "DCI Morag Lennox"


@pytest.fixture
def demo_folder(vault_session, data_dir):
    """A closed vault (fast KDF) with the demo records; returns (folder, id of a held review)."""
    records.load_demo(vault_session)
    held = vault_session.db.scalar("SELECT id FROM meetings WHERE status = 'held' AND kind = 'review' "
                                   "ORDER BY id LIMIT 1")
    vault_session.close()
    return data_dir, held


def in_vault(folder, *args):
    return run_cli(*args, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")


@pytest.fixture
def exported(demo_folder, tmp_path):
    """A held review exported with `mappa-desk export`: a complete record."""
    folder, meeting_id = demo_folder
    path = tmp_path / "meeting.json"
    result = in_vault(folder, "export", meeting_id, "--json", path)
    assert result.returncode == 0, result.stderr
    return path


def test_check_of_a_complete_record_exits_0(exported):
    result = run_cli("check", exported)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Self-audit of the review meeting of ") and ": 0 blocking," in lines[0]
    assert "BLOCKS" not in result.stdout
    assert lines[-1] in ("Nothing blocks clearance.", "Nothing is missing.")


def test_check_of_an_incomplete_record_exits_1_with_the_blocking_findings_first(exported, tmp_path):
    doc = json.loads(exported.read_text(encoding="utf-8"))
    meeting = doc["meeting"]
    meeting["confidentiality_agreed"] = False
    meeting["disclosures"], meeting["disclosure_considered"] = [], None  # the demo records its disclosures
    meeting["risks"][0]["scenarios"] = []
    meeting["information"] = []  # a warning, not a block
    incomplete = tmp_path / "incomplete.json"
    incomplete.write_text(json.dumps(doc), encoding="utf-8")

    result = run_cli("check", incomplete)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert ": 3 blocking," in lines[0]
    findings = [line for line in lines if line.startswith("  ")]
    assert [line.split()[0] for line in findings[:3]] == ["BLOCKS"] * 3
    assert all(line.split()[0] == "check" for line in findings[3:]) and len(findings) > 3
    assert ("  BLOCKS  Introductions, confidentiality and attendance: The record does not show that everyone "
            "present agreed the confidentiality statement.") in lines
    assert "  BLOCKS  Disclosure: The record does not show that disclosure was considered." in lines
    assert any(line.startswith("  BLOCKS  Risk of serious harm: Risk 1 ") and line.endswith("has no scenario.")
               for line in lines)
    assert "  check   Information shared: No information shared by the agencies is recorded." in lines
    assert lines[-1].startswith("The record cannot be cleared while something blocks")


def test_check_of_a_file_that_is_not_a_meeting_says_so(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    result = run_cli("check", bad)
    assert result.returncode == 2
    assert "is not valid JSON" in result.stderr and "Traceback" not in result.stderr


def test_the_lifecycle_from_the_command_line(demo_folder, tmp_path):
    folder, meeting_id = demo_folder
    refused = in_vault(folder, "circulate", meeting_id, "--by", CHAIR)
    assert refused.returncode == 2
    assert refused.stderr.strip() == ("mappa-desk: There is no draft yet: generate it, and have the chair clear it, "
                                      "before it is circulated.")

    assert in_vault(folder, "docs", meeting_id, "--out", tmp_path / "draft").returncode == 0
    cleared = in_vault(folder, "clear", meeting_id, "--by", CHAIR)
    assert cleared.returncode == 0, cleared.stderr
    assert cleared.stdout.startswith(f"Draft v1 of meeting {meeting_id} is cleared by {CHAIR}.")
    assert in_vault(folder, "circulate", meeting_id, "--by", "Sam Reid").returncode == 0
    final = in_vault(folder, "final", meeting_id, "--by", CHAIR, "--out", tmp_path / "final")
    assert final.returncode == 0, final.stderr
    assert final.stdout.startswith(f"Meeting {meeting_id} is final (version 2). Wrote 10 files")
    assert len(list((tmp_path / "final").iterdir())) == 10

    shown = in_vault(folder, "record", meeting_id)
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert lines[0] == f"Meeting {meeting_id}: Final."
    steps = [line.split("  ")[2] for line in lines[1:5]]  # "  <date>, <time>  <step> by <name>"
    assert steps[0].startswith("Draft generated (version 1) by ")
    assert steps[1:] == [f"Cleared by the chair (version 1) by {CHAIR}",
                         "Circulated for comment (version 1) by Sam Reid", f"Made final (version 2) by {CHAIR}"]
    assert lines[-1] == "The record is final and cannot be changed. A correction is made as an addendum."


def test_clearance_blocked_from_the_command_line_lists_the_gaps(demo_folder, tmp_path):
    from mappa_desk.services import session as sessions
    folder, meeting_id = demo_folder
    assert in_vault(folder, "docs", meeting_id, "--out", tmp_path / "draft").returncode == 0
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        session.db.execute("DELETE FROM disclosures WHERE meeting_id = ?", (meeting_id,))
        session.db.execute("UPDATE meetings SET disclosure_considered = NULL WHERE id = ?", (meeting_id,))
    finally:
        session.close()
    result = in_vault(folder, "clear", meeting_id, "--by", CHAIR)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "Refused: the self-audit found 1 blocking gap(s). Put each right in the cockpit:",
        "  BLOCKS  Disclosure: The record does not show that disclosure was considered."]
