"""How long housekeeping (the daily backup, and the backup on close) holds the database lane while the user works:
`python benchmarks/measure_housekeeping.py [--individuals 5000 --meetings 50000] [--seconds-after 2]`.

On a private copy of the cached benchmark vault (benchmarks/synthetic_vault.cached_build; removed afterwards), the
vault is unlocked as the app does (services.session.unlock), then `backup.backup_if_due` runs on a thread of its
own, standing in for the app's "housekeeping" lane (ui/tasks.py), while a "user" thread sends a small call every
20-50 ms through a one-thread executor, standing in for the "db" lane (a QThreadPool of one thread): an autosave
on the large meeting (MeetingEditor.set) or Home's detail of one individual (home.individual_detail).

The lane itself is never taken by housekeeping: what a user's call can wait for is the vault's connection, which
every statement takes through `Database._lock` (and `db.held()` holds for a block). That lock is swapped for a
timed one, which records every span a housekeeping thread holds it (and where in services/backup.py it was taken)
and how long each user call waited for it. A user call's wait = its time queued on the lane + its time waiting
for the connection; its run = the rest.

Printed: the longest single hold by housekeeping (ms) and the six longest with their place, the user calls'
longest wait and p95 (and how much of it was for the connection), the edits' own time (an edit's sync meets the
backup's writing), the step of the backup each edit over 100 ms met, the backup's total time and the calls
served during it; the same for the backup on close (a change made first); and a last line of JSON (the daily
backup's figures, the close's under "close") for benchmarks/bench.py. `--burst N` makes N quick edits just
before each backup, so a large write-ahead log is pending when it starts.

On a machine shared with other work the lane's own thread can wait tens of milliseconds to be scheduled, and a
hold includes any time its thread was not running: compare before and after in the same minute
(MAPPA_CODE=<another tree> measures that tree's mappa_desk).
"""

from __future__ import annotations

import argparse
import concurrent.futures as futures
import datetime as _dt
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))
if os.environ.get("MAPPA_CODE"):  # another tree's mappa_desk (e.g. main's, to compare before and after)
    sys.path.insert(0, os.environ["MAPPA_CODE"])

import mappa_desk  # noqa: E402,F401 - first: synthetic_vault puts this repository first on the path
import synthetic_vault  # noqa: E402
from mappa_desk.services import backup, home, session as sessions  # noqa: E402
from mappa_desk.services.editing import MeetingEditor  # noqa: E402

HOUSEKEEPING = "housekeeping"
WATCHED = ("services/backup.py", "storage/backups.py", "services/anchors.py", "storage/settings.py")


class TimedLock:
    """A re-entrant lock that records, per outermost hold, who held it and for how long, and each wait."""

    def __init__(self):
        self._lock = threading.RLock()
        self._local = threading.local()
        # (seconds held, thread name, where, seconds of it the thread ran: the rest it waited for the disk or
        # for a core, holding the connection)
        self.holds: list[tuple[float, str, str, float]] = []
        self.guard = threading.Lock()

    def _depth(self) -> int:
        return getattr(self._local, "depth", 0)

    def acquire(self, blocking: bool = True, timeout: float = -1) -> bool:
        start = time.perf_counter()
        got = self._lock.acquire(blocking, timeout)
        if got:
            if self._depth() == 0:
                now = time.perf_counter()
                self._local.waited = getattr(self._local, "waited", 0.0) + (now - start)
                self._local.since, self._local.where, self._local.ran = now, _where(), time.thread_time()
            self._local.depth = self._depth() + 1
        return got

    def release(self) -> None:
        self._local.depth -= 1
        if self._local.depth == 0:
            with self.guard:
                self.holds.append((time.perf_counter() - self._local.since, threading.current_thread().name,
                                   self._local.where, time.thread_time() - self._local.ran))
        self._lock.release()

    def __enter__(self):
        self.acquire()
        return self

    def __exit__(self, *exc):
        self.release()

    def take_waited(self) -> float:
        waited, self._local.waited = getattr(self._local, "waited", 0.0), 0.0
        return waited


def _where() -> str:
    """The innermost place in the backup's code that asked for the connection (housekeeping threads only)."""
    if not threading.current_thread().name.startswith(HOUSEKEEPING):
        return ""
    frame, inner = sys._getframe(2), ""
    while frame is not None:
        name = frame.f_code.co_filename.replace("\\", "/")
        if any(name.endswith(w) for w in WATCHED):
            place = f"{Path(name).stem}.{frame.f_code.co_name}:{frame.f_lineno}"
            inner = inner or place
            if name.endswith("services/backup.py"):
                return place if place == inner else f"{place} > {inner}"
        frame = frame.f_back
    return inner or "elsewhere"


PHASES = ("_scrub_older_backups", "_copy_database", "_leave_out_recordings", "_check_copy", "_sha256",
          "_write_container", "rotate")
phases: list[tuple[float, float, str]] = []  # (start, end, name) of each phase of the backup


def watch_phases() -> None:
    """Record when each step of the backup ran (to say what a slow edit met)."""
    for name in PHASES:
        real = getattr(backup, name, None)
        if real is None:
            continue

        def timed(*args, _real=real, _name=name, **kwargs):
            start = time.perf_counter()
            try:
                return _real(*args, **kwargs)
            finally:
                phases.append((start, time.perf_counter(), _name))

        setattr(backup, name, timed)


def phase_at(moment: float) -> str:
    return next((name for start, end, name in phases if start <= moment <= end), "between steps")


def user_loop(session, lane, lock: TimedLock, meeting_id: int, stop: threading.Event, calls: list) -> None:
    """Every 20-50 ms one small call through the db lane; records (submitted at, wait, run, kind, of the wait:
    time on the lane's queue, time waiting for the connection)."""
    editor = MeetingEditor(session, meeting_id)
    individuals = [row[0] for row in session.db.query("SELECT id FROM individuals ORDER BY id")]
    rng, n = random.Random(19), 0

    def edit():
        editor.set("meetings", meeting_id, {"victim_issues": f"Revised while housekeeping ran ({n})."})

    def detail():
        home.individual_detail(session, rng.choice(individuals))

    while not stop.is_set():
        kind, fn = (("edit", edit) if n % 2 == 0 else ("detail", detail))
        submitted = time.perf_counter()

        def run(fn=fn):
            started = time.perf_counter()
            lock.take_waited()
            fn()
            return started, lock.take_waited(), time.perf_counter()

        started, locked, done = lane.submit(run).result()
        queued = started - submitted
        calls.append((submitted, queued + locked, done - started - locked, kind, queued, locked))
        n += 1
        stop.wait(rng.uniform(0.020, 0.050))


def burst(session, meeting_id: int, edits: int) -> None:
    """Edits with no pause between them (an import, say): the write-ahead log is large when housekeeping starts."""
    editor = MeetingEditor(session, meeting_id)
    rows = [r[0] for r in session.db.query("SELECT id FROM information_items WHERE meeting_id = ? ORDER BY id LIMIT 50",
                                           (meeting_id,))] if edits else []
    for n in range(edits):
        editor.set("meetings", meeting_id, {"level_rationale": f"Burst edit {n}: " + "words " * 200})
        if rows:
            editor.set("information_items", rows[n % len(rows)], {"text": f"Burst note {n}: " + "text " * 300})


def measure(session, lock: TimedLock, meeting_id: int, what: str, job, seconds_after: float,
            burst_edits: int = 0) -> dict:
    lane = futures.ThreadPoolExecutor(1, thread_name_prefix="db")
    keeper = futures.ThreadPoolExecutor(1, thread_name_prefix=HOUSEKEEPING)
    stop, calls = threading.Event(), []
    user = threading.Thread(target=user_loop, args=(session, lane, lock, meeting_id, stop, calls), name="user")
    with lock.guard:
        lock.holds.clear()
    user.start()
    time.sleep(1.0)  # the user at work before housekeeping starts
    lane.submit(burst, session, meeting_id, burst_edits).result()
    log = Path(f"{session.db.path}-wal")
    log_mb = log.stat().st_size / 1e6 if log.exists() else 0.0
    start = time.perf_counter()
    result = keeper.submit(job).result()
    end = time.perf_counter()
    time.sleep(seconds_after)
    stop.set()
    user.join()
    lane.shutdown()
    keeper.shutdown()
    during = [c for c in calls if start <= c[0] <= end]
    before = [c for c in calls if c[0] < start]
    holds = sorted((h for h in lock.holds if h[1].startswith(HOUSEKEEPING)), reverse=True)
    waits = sorted(c[1] * 1000 for c in during) or [0.0]
    edit_runs = sorted(c[2] * 1000 for c in during if c[3] == "edit") or [0.0]
    edit_before = sorted(c[2] * 1000 for c in before if c[3] == "edit") or [0.0]
    figures = {
        "housekeeping_longest_hold_ms": round(holds[0][0] * 1000, 1) if holds else 0.0,
        "housekeeping_longest_hold_at": holds[0][2] if holds else "",
        "housekeeping_longest_hold_ran_ms": round(holds[0][3] * 1000, 1) if holds else 0.0,
        "user_longest_wait_ms": round(waits[-1], 1),
        "user_wait_p95_ms": round(waits[int(0.95 * (len(waits) - 1))], 1),
        # The part of the waits housekeeping can cause (the rest is the lane's thread being scheduled).
        "user_longest_wait_for_connection_ms": round(max((c[5] for c in during), default=0) * 1000, 1),
        "backup_seconds": round(end - start, 1),
        "calls": len(during),
    }
    print(f"\n== {what}: {'made ' + Path(result).name if result else 'nothing due'}"
          f"{f' after {burst_edits} edits with no pause' if burst_edits else ''}")
    print(f"backup {figures['backup_seconds']} s; {len(holds)} holds of the connection by housekeeping, "
          f"longest {figures['housekeeping_longest_hold_ms']} ms, total {sum(h[0] for h in holds) * 1000:.0f} ms")
    for held, _thread, where, ran in holds[:6]:
        print(f"   {held * 1000:8.1f} ms  {where} (running {ran * 1000:.1f} ms of it)")
    print(f"write-ahead log when it started: {log_mb:.1f} MB")
    print(f"user calls during it: {len(during)}; wait p50 {statistics.median(waits):.1f} ms, "
          f"p95 {figures['user_wait_p95_ms']} ms, longest {figures['user_longest_wait_ms']} ms "
          f"(of which on the lane's queue at most {max((c[4] for c in during), default=0) * 1000:.1f} ms, "
          f"for the connection at most {max((c[5] for c in during), default=0) * 1000:.1f} ms)")
    slow = [c for c in during if c[3] == "edit" and c[2] > 0.1]
    if slow:
        met: dict[str, int] = {}
        for c in slow:
            met[phase_at(c[0] + c[1])] = met.get(phase_at(c[0] + c[1]), 0) + 1
        print(f"edits over 100 ms during it: {len(slow)}, by the step the backup was at: "
              + ", ".join(f"{name} {n}" for name, n in sorted(met.items(), key=lambda kv: -kv[1])))
    print(f"edits' own time: during p50 {statistics.median(edit_runs):.1f} ms, longest {edit_runs[-1]:.1f} ms; "
          f"before p50 {statistics.median(edit_before):.1f} ms, longest {edit_before[-1]:.1f} ms")
    return figures


def main(argv=None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--individuals", type=int, default=5_000)
    parser.add_argument("--meetings", type=int, default=50_000)
    parser.add_argument("--cache", type=Path, default=synthetic_vault.CACHE_DIR)
    parser.add_argument("--seconds-after", type=float, default=1.0)
    parser.add_argument("--no-close", action="store_true", help="only the daily backup")
    parser.add_argument("--burst", type=int, default=0,
                        help="edits made with no pause just before each backup starts (a large log pending)")
    args = parser.parse_args(argv)
    print(f"code: {Path(mappa_desk.__file__).parent}", flush=True)
    synthetic_vault.CACHE_DIR = args.cache
    entry = args.cache / synthetic_vault.cache_key(args.individuals, args.meetings, synthetic_vault.SEED,
                                                   synthetic_vault.anchor_for(_dt.date.today()))
    if not (entry / "built.json").exists():  # never build here: a build takes the machine for minutes
        raise SystemExit(f"no cached vault at {entry}; build it first (benchmarks/synthetic_vault.py)")
    work = Path(tempfile.mkdtemp(prefix="mappa-housekeeping-"))
    try:
        built = synthetic_vault.cached_build(args.individuals, args.meetings, into=work / "vault")
        session = sessions.unlock(built.folder, synthetic_vault.PASSPHRASE)
        try:
            watch_phases()
            lock = TimedLock()
            session.db._lock = lock  # nothing holds it yet: unlock is done
            now = _dt.datetime.now()
            daily = measure(session, lock, built.large_meeting_id, "daily backup",
                            lambda: backup.backup_if_due(session, None, now), args.seconds_after, args.burst)
            if not args.no_close:
                for old in backup.backup_folder(session).glob(f"*{backup.SUFFIX}"):
                    old.unlink()  # disk: the close's backup is the only one needed now
                MeetingEditor(session, built.large_meeting_id).set(
                    "meetings", built.large_meeting_id, {"level_rationale": "Changed before closing."})
                daily["close"] = measure(
                    session, lock, built.large_meeting_id, "backup on close",
                    lambda: backup.backup_if_due(session, None, now, closing=True), args.seconds_after, args.burst)
        finally:
            session.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(daily, sort_keys=True))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
