"""Foundation figures: unlock time (default KDF) and the latency of one small committed change.

Run with `make bench-vault`. Prints medians and the 95th percentile; not a test.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mappa_desk.services import records, session as sessions  # noqa: E402

PASSPHRASE = "benchmark passphrase, not secret"


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="mappa-bench-") as tmp:
        folder = Path(tmp) / "vault"
        _, session = sessions.create(folder, PASSPHRASE)
        records.load_demo(session)
        session.close()

        unlocks = []
        for _ in range(7):
            start = time.perf_counter()
            session = sessions.unlock(folder, PASSPHRASE)
            session.db.scalar("SELECT count(*) FROM individuals")
            unlocks.append(time.perf_counter() - start)
            session.close()

        session = sessions.unlock(folder, PASSPHRASE)
        db = session.db
        meeting_id = db.scalar("SELECT max(id) FROM meetings")
        writes = []
        for i in range(2000):
            start = time.perf_counter()
            with db.transaction():
                db.execute("UPDATE meetings SET housing_notes = ? WHERE id = ?", (f"note revision {i}", meeting_id))
            writes.append(time.perf_counter() - start)
        session.close()

    print(f"unlock (Argon2id + open + first query), 7 runs: median {statistics.median(unlocks) * 1000:.0f} ms, "
          f"min {min(unlocks) * 1000:.0f} ms, max {max(unlocks) * 1000:.0f} ms")
    print(f"one committed change (UPDATE + audit row, synchronous=FULL), 2000 runs: "
          f"median {statistics.median(writes) * 1000:.2f} ms, p95 {percentile(writes, 0.95) * 1000:.2f} ms, "
          f"max {max(writes) * 1000:.2f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
