"""`mappa-desk --self-test` from the source tree: the whole run through the launcher, and the window's
check failing plainly when Qt cannot start (the fault a bundle most often has)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from mappa_desk.selftest import checks
from mappa_desk.selftest.runner import CheckFailed, Workspace
from ui import self_test

ROOT = Path(__file__).resolve().parents[2]


def test_the_launcher_runs_every_check_and_the_window_unlocks():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run([sys.executable, "-m", "ui.launcher", "--self-test"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0].startswith("MAPPA Desk 0.1.0 self-test: the source in ")
    window = next(line for line in lines if line.startswith("  ok      Window: "))
    assert "Qt platform offscreen: unlocked through the unlock page; Home listed 6 individuals; " \
           "a PDF page previewed (600 x " in window and "; no network used (" in window
    network = next(line for line in lines if line.startswith("  ok      Network: "))
    assert network.startswith("  ok      Network: no network used: 0 internet sockets opened, no host name looked up")
    assert lines[-1].startswith("Self-test passed: 14 checks in ")


@pytest.fixture
def workspace(tmp_path):
    """A workspace as the core checks leave it: the vault with the demo records and one meeting's documents."""
    ws = Workspace(tmp_path, passphrase="self-test window check, fictional records only")
    checks.new_vault(ws)
    checks.demo_records(ws)
    ws.held_meetings = ws.held_meetings[:1]
    checks.documents_both_formats(ws)
    yield ws
    ws.close_session()


def test_a_qt_platform_that_cannot_load_fails_the_window_check_with_qts_sentence(workspace, monkeypatch):
    monkeypatch.setenv("QT_QPA_PLATFORM", "no-such-platform")
    with pytest.raises(CheckFailed) as failed:
        self_test.window_check(workspace)
    assert str(failed.value).startswith("the window failed (signal 6): ")
    assert "no Qt platform plugin could be initialized" in str(failed.value)



def test_a_reader_that_stops_early_gets_no_traceback_and_the_folder_is_still_removed():
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    proc = subprocess.Popen([sys.executable, "-m", "ui.launcher", "--self-test"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    proc.stdout.readline()
    folder = Path(proc.stdout.readline().split("Working in ", 1)[1].split(" with ", 1)[0])
    proc.stdout.close()  # as `mappa-desk --self-test | head -2` does
    assert proc.wait(timeout=300) == 0
    assert proc.stderr.read() == ""
    assert not folder.exists()
