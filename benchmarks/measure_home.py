"""Home's two figures (home with what is due, search by name) on one benchmark vault, with a profile per stage.

    python benchmarks/measure_home.py VAULT_FOLDER [--code REPO] [--rounds N] [--profile]

Opens the vault in the real main window (offscreen) as `bench_gui.py` does, then takes `bench_gui`'s Home
measurement (`_home_times`, 5 listings) and search measurement (`_searches`, 6 terms x 3) `--rounds` times
(default 3) and prints the medians as one JSON object, with the processor time one listing took (all
threads: less at the mercy of a busy shared machine than the time on the clock). `--code` runs another
checkout's code (e.g. main's, to compare before and after in the same minute); the vault folder is a working
copy from `synthetic_vault.cached_build`. `--profile` adds the time of each database stage of one listing,
without Qt: the list's first page, the whole list, the counts and what is due, each read on its own. Fictional
data only; nothing is written.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path


def _stages(session, today: str) -> dict:
    """Each database stage of one Home listing, alone, in ms (median of 5)."""
    import datetime as _dt

    from mappa_desk.services import due, home
    stages = {
        "list": lambda: home.listing_page(session, today=today),  # the first page, as Home reads it
        "whole list": lambda: home.individual_rows(session, today=today),  # for a search or another order
        "counts": lambda: session.counts(),
        "due": lambda: due.due_list(session, _dt.date.fromisoformat(today), limit=200),
    }
    out = {}
    for name, work in stages.items():
        times = []
        for _ in range(5):
            start = time.perf_counter()
            work()
            times.append((time.perf_counter() - start) * 1000)
        out[name] = round(statistics.median(times), 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("vault")
    parser.add_argument("--code", default=str(Path(__file__).resolve().parent.parent))
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    code = Path(args.code).resolve()
    sys.path.insert(0, str(code))
    sys.path.insert(0, str(code / "benchmarks"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
    import bench_gui
    import synthetic_vault
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = bench_gui.unlocked_window(app, args.vault, synthetic_vault.PASSPHRASE)
    controller = window.controller
    homes, searches, cpu = [], [], []
    for _ in range(args.rounds):
        start = time.process_time()
        homes += bench_gui._home_times(app, controller)
        cpu.append((time.process_time() - start) * 1000 / bench_gui.HOMES)
        searches += bench_gui._searches(app, window, controller)
    result = {"code": str(code), "home_ms": round(statistics.median(homes), 1),
              "home_min_ms": round(min(homes), 1),
              "home_cpu_ms": round(statistics.median(cpu), 1), "search_ms": round(statistics.median(searches), 1),
              "search_max_ms": round(max(searches), 1)}
    result["rss_mb"] = round(bench_gui.rss_now_mb(), 1)  # the reads' page caches are part of it
    if args.profile:
        result["stages_ms"] = _stages(controller.session, controller.home.today())
    print(json.dumps(result))
    sys.stdout.flush()
    os._exit(0)  # no shutdown: the window's backup on close is not part of this measurement


if __name__ == "__main__":
    main()
