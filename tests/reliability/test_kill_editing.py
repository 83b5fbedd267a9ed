"""SIGKILL a cockpit editing session at random moments: no edit reported as committed is ever lost.

A writer subprocess (editing_writer.py) edits one meeting through MeetingEditor and reports each edit
only after its transaction returned. The test kills it at a random moment, reopens the vault and checks
that the database holds exactly the reported edits, plus at most the one edit that was under way when
the kill came (it may have committed before its report was printed), and passes the full integrity check.
"""

from __future__ import annotations

import copy
import json
import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from mappa_desk.services import records, session as sessions
from tests.conftest import PASSPHRASE
from tests.reliability.conftest import FULL, report

ROOT = Path(__file__).resolve().parents[2]
MEETING_COLUMNS = ("housing_notes", "victim_issues", "diversity_issues")
SESSIONS = 200 if FULL else 5


def observe(db, meeting_id: int) -> dict:
    """What the writer's edits can change, as plain values."""
    cells = dict(zip(MEETING_COLUMNS, db.query(f"SELECT {', '.join(MEETING_COLUMNS)} FROM meetings WHERE id = ?",
                                               (meeting_id,))[0]))
    return {
        "cells": cells,
        "info": dict(db.query("SELECT id, text FROM information_items WHERE meeting_id = ?", (meeting_id,))),
        "risks": dict(db.query("SELECT id, kind FROM risks WHERE meeting_id = ?", (meeting_id,))),
        "scenarios": {i for (i,) in db.query("""SELECT s.id FROM risk_scenarios s JOIN risks r ON r.id = s.risk_id
                                               WHERE r.meeting_id = ?""", (meeting_id,))},
    }


def apply(state: dict, will: dict, new_id) -> dict:
    """The state after one edit, as the writer announced it."""
    state = copy.deepcopy(state)
    op = will["op"]
    if op == "set_meeting":
        state["cells"][will["col"]] = will["value"]
    elif op == "set_info":
        state["info"][will["id"]] = will["value"]
    elif op == "add_info":
        state["info"][new_id] = will["text"]
    elif op == "remove_info":
        del state["info"][will["id"]]
    elif op == "add_risk":
        state["risks"][new_id] = will["kind"]
    elif op == "remove_risk":
        del state["risks"][will["id"]]
        state["scenarios"] -= set(will["scenarios"])
    elif op == "restore_risk":
        state["risks"][will["id"]] = will["kind"]
        state["scenarios"] |= set(will["scenarios"])
    else:
        raise AssertionError(f"unknown edit {op}")
    return state


def _with_pending(state: dict, pending: dict | None, observed: dict) -> list[dict]:
    """The states allowed after a kill: without and with the edit that was under way."""
    allowed = [state]
    if pending is not None:
        new_id = None
        if pending["op"] in ("add_info", "add_risk"):
            table, marker = ("info", "text") if pending["op"] == "add_info" else ("risks", "kind")
            fresh = [i for i, v in observed[table].items() if i not in state[table] and v == pending[marker]]
            if len(fresh) != 1:
                return allowed
            new_id = fresh[0]
        allowed.append(apply(state, pending, new_id))
    return allowed


def _replay(state: dict, acked) -> dict:
    for will, new_id in acked:
        state = apply(state, will, new_id)
    return state


def edits_kept(state: dict, acked: list, pending: dict | None, observed: dict) -> int:
    """How many of the reported edits the database holds: the longest prefix it matches exactly.

    Only the complete list may be followed by the edit that was under way; anything else that differs
    (an edit missing, a stray change) makes the prefix shorter, down to 0.
    """
    for k in range(len(acked), -1, -1):
        if observed in _with_pending(_replay(state, acked[:k]), pending if k == len(acked) else None, observed):
            return k
    return 0


def test_the_check_notices_a_lost_edit_and_a_stray_one():
    start = {"cells": dict.fromkeys(MEETING_COLUMNS, ""), "info": {1: "x"}, "risks": {}, "scenarios": set()}
    acked = [({"op": "set_meeting", "col": "victim_issues", "value": "s1"}, None),
             ({"op": "add_info", "text": "a2"}, 7)]
    pending = {"op": "remove_info", "id": 1}
    everything = _replay(start, acked)
    assert edits_kept(start, acked, pending, everything) == 2
    assert edits_kept(start, acked, pending, apply(everything, pending, None)) == 2
    assert edits_kept(start, acked, pending, _replay(start, acked[:1])) == 1  # the add was lost
    stray = copy.deepcopy(everything)
    stray["cells"]["housing_notes"] = "s9"
    assert edits_kept(start, acked, None, stray) < 2


def run_writer(data_dir, meeting_id: int, first_seq: int, seed: int, rng: random.Random) -> list[dict]:
    """Start the writer, kill it at a random moment, return every line it printed."""
    proc = subprocess.Popen([sys.executable, "-m", "tests.reliability.editing_writer", str(data_dir),
                             str(meeting_id), str(first_seq), str(seed)], cwd=ROOT, stdin=subprocess.PIPE,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    lines: list[dict] = []
    ready = threading.Event()

    def read():
        for line in proc.stdout:
            lines.append(json.loads(line))
            if lines[-1].get("ready"):
                ready.set()
        ready.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    proc.stdin.write(PASSPHRASE + "\n")
    proc.stdin.flush()
    if rng.random() < 0.1:
        time.sleep(rng.uniform(0.0, 1.0))  # sometimes while it starts, unlocks and opens the database
    else:
        assert ready.wait(60), proc.stderr.read() if proc.poll() is not None else "the writer never got ready"
        time.sleep(rng.uniform(0.0, 0.4))
    alive = proc.poll() is None
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    reader.join(10)
    stderr = proc.stderr.read()
    proc.stdin.close()
    proc.stdout.close()
    proc.stderr.close()
    assert alive and proc.returncode == -signal.SIGKILL, f"the writer stopped by itself: {stderr[-2000:]}"
    return lines


def test_sigkill_at_random_moments_loses_no_committed_edit(vault_session, data_dir):
    records.load_demo(vault_session)
    meeting_id = vault_session.db.scalar(
        "SELECT id FROM meetings WHERE kind = 'review' AND status = 'held' ORDER BY id LIMIT 1")
    assert meeting_id is not None
    state = observe(vault_session.db, meeting_id)
    vault_session.close()
    rng = random.Random(int(os.environ.get("MAPPA_RELIABILITY_SEED", "20261121")))
    started = time.monotonic()
    committed = lost = damaged = landed_unreported = 0
    seq = 0
    problems: list[str] = []
    for number in range(SESSIONS):
        lines = run_writer(data_dir, meeting_id, seq, rng.randrange(2 ** 32), rng)
        acked: list[tuple[dict, object]] = []
        pending = None
        for line in lines:
            if "will" in line:
                pending = line["will"]
                seq = line["seq"] + 1
            elif "done" in line:
                acked.append((pending, line["id"]))
                pending = None
        try:
            session = sessions.unlock(data_dir, PASSPHRASE)
        except Exception as err:  # a vault that no longer opens is a damaged database
            damaged += 1
            problems.append(f"session {number}: the vault no longer opens: {err}")
            break
        try:
            integrity = session.db.integrity_problems()
            observed = observe(session.db, meeting_id)
        finally:
            session.close()
        if integrity:
            damaged += 1
            problems.append(f"session {number}: integrity check: {integrity[:3]}")
        kept = edits_kept(state, acked, pending, observed)
        if kept < len(acked):
            lost += len(acked) - kept
            problems.append(f"session {number}: {len(acked) - kept} of {len(acked)} reported edits missing")
        committed += len(acked)
        landed_unreported += kept == len(acked) and pending is not None and observed != _replay(state, acked)
        state = observed
    seconds = round(time.monotonic() - started, 1)
    report("kill_editing", sessions=SESSIONS, edits_committed=committed, edits_lost=lost,
           damaged_databases=damaged, under_way_edit_landed=landed_unreported, seconds=seconds)
    assert problems == []
    assert committed > SESSIONS  # the kills came while edits were being made, not only before
