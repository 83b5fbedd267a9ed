"""Final documents carry their `_FINAL` names only once the record is final: a final refused or killed mid-way
leaves no `_FINAL` file; one killed after its commit is finished, with all its files, at the next unlock."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import sqlcipher3

from mappa_desk.errors import UserFacingError
from mappa_desk.services import documents, lifecycle, records, session as sessions
from tests.conftest import PASSPHRASE
from tests.services.test_lifecycle import CHAIR, held, to_circulated

FILES = 10  # five documents, DOCX and PDF


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def _finals_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*") if "_FINAL" in p.name) if folder.exists() else []


@pytest.mark.attack("A final refused mid-way", "no _FINAL file")
def test_a_final_refused_inside_its_transaction_leaves_no_final_file(demo, tmp_path):
    meeting_id = held(demo)
    to_circulated(demo, meeting_id, tmp_path / "draft")
    out = tmp_path / "final"

    def meanwhile(done, total):  # the record is sent back to draft while the files are being written
        if done == 1:
            demo.db.execute("UPDATE meetings SET status = 'draft' WHERE id = ?", (meeting_id,))

    with pytest.raises(UserFacingError, match="not cleared the draft yet"):
        lifecycle.make_final(demo, meeting_id, CHAIR, out, progress=meanwhile)
    assert _finals_in(out) == []
    assert list(out.iterdir()) == [], "the temporary files are removed too"
    assert demo.db.scalar("SELECT count(*) FROM document_versions WHERE meeting_id = ? AND status = 'final'",
                          (meeting_id,)) == 0


def test_a_final_whose_files_cannot_be_written_leaves_no_final_file(demo, tmp_path, monkeypatch):
    meeting_id = held(demo)
    to_circulated(demo, meeting_id, tmp_path / "draft")
    out = tmp_path / "final"
    real, calls = os.fsync, []

    def full_on_the_fifth(fd):  # the disk fills up while the fifth file is written
        calls.append(fd)
        if len(calls) == 5:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(os, "fsync", full_on_the_fifth)
    with pytest.raises(UserFacingError, match="disk"):
        lifecycle.make_final(demo, meeting_id, CHAIR, out)
    assert _finals_in(out) == [] and list(out.iterdir()) == []
    assert demo.db.scalar("SELECT status FROM meetings WHERE id = ?", (meeting_id,)) == "circulated"


CHILD = r"""
import os, signal, sys
from mappa_desk import cli
kill_at, calls = int(sys.argv[1]), [0]

def killing(real):  # the step: each file made durable (fsync) and each rename, counted together
    def step(*args, **kwargs):
        calls[0] += 1
        if calls[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)
        return real(*args, **kwargs)
    return step

os.replace, os.fsync = killing(os.replace), killing(os.fsync)
code = cli.main(sys.argv[2:])
print("steps:", calls[0])
sys.exit(code)
"""


def _raw_state(folder: Path, meeting_id: int) -> tuple[str, dict]:
    """The record's status and its final files' hashes, read without unlocking (which would finish a final)."""
    key = sessions.vault_at(folder).key_from_passphrase(PASSPHRASE)
    conn = sqlcipher3.connect(str(folder / "vault.db"), isolation_level=None)
    try:
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        status = conn.execute("SELECT status FROM meetings WHERE id = ?", (meeting_id,)).fetchone()[0]
        hashes = dict(conn.execute("SELECT kind || '.' || format, sha256 FROM document_versions "
                                   "WHERE meeting_id = ? AND status = 'final'", (meeting_id,)).fetchall())
    finally:
        conn.close()
    return status, hashes


def _run_final(vault: Path, out: Path, meeting_id: int, kill_at: int) -> subprocess.CompletedProcess:
    args = ["final", str(meeting_id), "--by", CHAIR, "--out", str(out), "--data-dir", str(vault),
            "--passphrase-stdin"]
    return subprocess.run([sys.executable, "-c", CHILD, str(kill_at), *args], input=PASSPHRASE + "\n",
                          capture_output=True, text=True, timeout=300)


@pytest.mark.attack("SIGKILL at each step of `final`", "no _FINAL file and not final, or final with all its files")
def test_a_final_killed_at_each_step_leaves_no_final_file_or_a_whole_final(demo, data_dir, tmp_path):
    meeting_id = held(demo)
    to_circulated(demo, meeting_id, tmp_path / "draft")
    demo.close()
    saved = tmp_path / "saved"
    shutil.copytree(data_dir, saved)

    # A run that is not killed: every file is written and fsynced under a temporary name, the record is made
    # final, each file is renamed, and the folder fsynced.
    whole = _run_final(data_dir, tmp_path / "whole", meeting_id, 0)
    assert whole.returncode == 0, whole.stderr
    steps = int(whole.stdout.rsplit("steps:", 1)[1])
    assert steps >= 2 * FILES
    assert len(_finals_in(tmp_path / "whole")) == FILES

    outcomes = set()
    for kill_at in range(1, steps + 1):
        vault, out = tmp_path / f"v{kill_at}", tmp_path / f"out{kill_at}"
        shutil.copytree(saved, vault)
        killed = _run_final(vault, out, meeting_id, kill_at)
        assert killed.returncode == -signal.SIGKILL, (kill_at, killed.stderr)
        status, hashes = _raw_state(vault, meeting_id)
        if status != "final":
            assert status == "circulated" and hashes == {}
            assert _finals_in(out) == [], f"killed at step {kill_at} before the commit: no _FINAL file"
            outcomes.add("not final")
        else:
            assert len(hashes) == FILES
            session = sessions.unlock(vault, PASSPHRASE)  # the next start finishes what the kill interrupted
            session.close()
            named = [p for p in out.iterdir() if "_FINAL" in p.name]
            assert len(named) == FILES, f"killed at step {kill_at} after the commit: all files at the next start"
            found = {hashlib.sha256(p.read_bytes()).hexdigest() for p in named}
            assert found == set(hashes.values())
            assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
            outcomes.add("final")
        shutil.rmtree(vault)
        shutil.rmtree(out, ignore_errors=True)
    assert outcomes == {"not final", "final"}


def test_a_final_made_after_a_killed_one_removes_its_temporary_files(demo, data_dir, tmp_path):
    meeting_id = held(demo)
    to_circulated(demo, meeting_id, tmp_path / "draft")
    demo.close()
    # Count the steps of a whole run on a copy: the final's own are its files' fsyncs, their renames and the
    # folder's fsync, after those of opening the vault. Kill at the third of its files' fsyncs.
    copy = tmp_path / "copy"
    shutil.copytree(data_dir, copy)
    whole = _run_final(copy, tmp_path / "whole", meeting_id, 0)
    assert whole.returncode == 0, whole.stderr
    steps = int(whole.stdout.rsplit("steps:", 1)[1])
    out = tmp_path / "out"
    killed = _run_final(data_dir, out, meeting_id, steps - (2 * FILES + 1) + 3)
    assert killed.returncode == -signal.SIGKILL
    left = [p.name for p in out.iterdir()]
    assert left and all(name.startswith(".") and "_FINAL" not in name for name in left)
    again = _run_final(data_dir, out, meeting_id, 0)
    assert again.returncode == 0, again.stderr
    assert sorted(p.name for p in out.iterdir()) == _finals_in(out) and len(_finals_in(out)) == FILES


def test_render_final_of_an_interchange_file_names_no_file_final_when_killed(demo, tmp_path):
    meeting_id = held(demo)
    source = tmp_path / "meeting.json"
    source.write_bytes(records.export_meeting(demo, meeting_id))
    out = tmp_path / "out"
    killed = _run_final_render(source, out, tmp_path, kill_at=FILES)
    assert killed.returncode == -signal.SIGKILL
    assert _finals_in(out) == []


def _run_final_render(source: Path, out: Path, tmp_path: Path, kill_at: int) -> subprocess.CompletedProcess:
    env = {**os.environ, "MAPPA_DESK_DATA_DIR": str(tmp_path / "none")}
    return subprocess.run([sys.executable, "-c", CHILD, str(kill_at), "render", str(source), "--out", str(out),
                           "--final"], capture_output=True, text=True, timeout=300, env=env)
