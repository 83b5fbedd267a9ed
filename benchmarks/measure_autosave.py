"""Times 10,000 autosaves (MeetingEditor.set, one transaction each) on a working copy of a synthetic vault, and
says how large the write-ahead log grew: `python benchmarks/measure_autosave.py VAULT_FOLDER [EDITS]`.

Builds the vault first when VAULT_FOLDER holds none (`--individuals`, `--meetings`). The copy is made in a
temporary folder and removed afterwards; the vault given is not changed.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

import synthetic_vault  # noqa: E402
from mappa_desk.services import session as sessions  # noqa: E402
from mappa_desk.services.editing import MeetingEditor  # noqa: E402
from mappa_desk.storage import checkpoints, meetings as meeting_rows  # noqa: E402
from mappa_desk.vault import KdfParams  # noqa: E402

VERBOSE = bool(os.environ.get("VERBOSE"))
FAST_KDF = KdfParams(memory_kib=8 * 1024, iterations=1)


def main(argv=None) -> int:
    if os.environ.get("PAUSE_S"):  # here, not on import: bench.py imports edit_targets from this module
        checkpoints.PAUSE_S = float(os.environ["PAUSE_S"])
    parser = argparse.ArgumentParser()
    parser.add_argument("folder", type=Path)
    parser.add_argument("edits", type=int, nargs="?", default=10_000)
    parser.add_argument("--individuals", type=int, default=500)
    parser.add_argument("--meetings", type=int, default=5_000)
    parser.add_argument("--no-checkpoints", action="store_true",
                        help="the floor: no checkpoint at all until the close (the log grows freely)")
    parser.add_argument("--no-sync", action="store_true",
                        help="as `make bench` does: time the edits while the fresh copy is still being written back")
    parser.add_argument("--pause-ms", type=float, default=0,
                        help="a pause after each edit, as between a person's autosaves (not timed)")
    args = parser.parse_args(argv)
    if not (args.folder / "vault.db").exists():
        built = synthetic_vault.generate(args.folder, args.individuals, args.meetings, kdf=FAST_KDF)
        print(f"built {built.counts.get('meetings')} meetings in {built.seconds:.0f} s", flush=True)
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        copy = Path(tmp) / "vault"
        shutil.copytree(args.folder, copy)
        if not args.no_sync:
            os.sync()  # the copy on disk first: its writing-back must not land inside the edits timed
        session = sessions.unlock(copy, synthetic_vault.PASSPHRASE)
        try:
            if args.no_checkpoints:
                if getattr(session.db, "checkpointer", None) is not None:
                    session.db.checkpointer.close()
                    session.db.checkpointer = None
                session.db.execute("PRAGMA wal_autocheckpoint = 0")
            meeting_id = meeting_rows.id_of(session.db, synthetic_vault.LARGE_MEETING_UID)
            print(f"database {os.path.getsize(session.db.path) / 1e6:.0f} MB", flush=True)
            times, wal_peak = run(session, meeting_id, args.edits, args.pause_ms / 1000)
        finally:
            session.close()
        left = [p.name for p in copy.iterdir() if p.name.endswith("-wal")]
    times.sort()
    ms = [t * 1000 for t in times]
    print(f"{len(ms):,} edits: p50 {statistics.median(ms):.2f} ms, p95 {ms[int(0.95 * (len(ms) - 1))]:.2f} ms, "
          f"max {ms[-1]:.1f} ms; slowest five {', '.join(f'{t:.0f}' for t in ms[-5:])} ms; "
          f"largest write-ahead log {wal_peak / 1e6:.1f} MB; log left after close: {left or 'none'}")
    return 0


def edit_targets(db, meeting_id: int) -> list[tuple[str, int, str]]:
    """The 22 fields the autosave figures edit in turn: two of the meeting's own, and the text of five each of
    its actions, risks, RMP measures and items of information (table, row id, column)."""
    targets = [("meetings", meeting_id, "level_rationale"), ("meetings", meeting_id, "victim_issues")]
    for table, column in (("actions", "description"), ("risks", "description"), ("rmp_measures", "description"),
                          ("information_items", "text")):
        targets += [(table, row_id, column) for (row_id,) in
                    db.query(f"SELECT id FROM {table} WHERE meeting_id = ? ORDER BY id LIMIT 5", (meeting_id,))]
    return targets


def run(session, meeting_id: int, edits: int, pause_s: float = 0) -> tuple[list[float], int]:
    editor = MeetingEditor(session, meeting_id)
    db = session.db
    targets = edit_targets(db, meeting_id)
    wal, times, peak = f"{db.path}-wal", [], 0
    checkpointer = getattr(db, "checkpointer", None)
    for n in range(edits):
        table, row_id, column = targets[n % len(targets)]
        start = time.perf_counter()
        editor.set(table, row_id, {column: f"Edited in the measurement, revision {n}: the chair rephrased this."})
        times.append(time.perf_counter() - start)
        if VERBOSE and times[-1] > 0.02:
            print(f"edit {n}: {times[-1] * 1000:.0f} ms; background checkpoint running: "
                  f"{checkpointer is not None and checkpointer._running.locked()}; "
                  f"passes {checkpointer and checkpointer.passes}; log "
                  f"{os.path.getsize(wal) / 1e6:.1f} MB", flush=True)
        if pause_s:
            time.sleep(pause_s)
        if n % 100 == 0:
            peak = max(peak, os.path.getsize(wal) if os.path.exists(wal) else 0)
    return times, peak


if __name__ == "__main__":
    raise SystemExit(main())
