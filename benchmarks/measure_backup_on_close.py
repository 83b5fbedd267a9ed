"""Times one backup on close of a private copy of a benchmark vault, stage by stage (issue 19).

    python benchmarks/measure_backup_on_close.py VAULT_FOLDER BACKUP_FOLDER

The vault is changed once (one settings row) so that the backup is due, then
`backup_if_due(session, folder, now, closing=True)` runs once with a progress callback that notes when each
stage's sentence first appears. Prints the total and each stage's seconds. Use a copy: it writes to the vault.
"""

from __future__ import annotations

import datetime as _dt
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks import synthetic_vault  # noqa: E402
from mappa_desk.services import backup, session as sessions  # noqa: E402
from mappa_desk.storage import settings  # noqa: E402


def main(vault: str, folder: str) -> None:
    session = sessions.unlock(vault, synthetic_vault.PASSPHRASE)
    try:
        with session.db.transaction():
            settings.replace(session.db, "measure_backup_on_close", str(time.time()))
        marks: list[tuple[float, float, str]] = []

        starts, total = {}, 0.0  # (fraction, sentence) at which each stage begins
        for name, (sentence, share) in backup.STAGES.items():
            starts[(round(total, 6), sentence)] = name
            total += share

        moved: dict[str, float] = {}  # when each stage's fraction first moved past its start

        def progress(fraction: float, sentence: str) -> None:
            stage = starts.get((round(fraction, 6), sentence))
            if stage and (not marks or marks[-1][2] != stage):
                marks.append((time.perf_counter(), fraction, stage))
            elif marks and fraction > marks[-1][1]:
                moved.setdefault(marks[-1][2], time.perf_counter())

        start = time.perf_counter()
        made = backup.backup_if_due(session, folder, _dt.datetime.now(), closing=True, progress=progress)
        end = time.perf_counter()
    finally:
        session.close()
    print(f"made {made.name if made else None}: {end - start:.1f} s in all")
    print(f"  before the first stage: {(marks[0][0] if marks else end) - start:.1f} s")
    for (at, fraction, sentence), nxt in zip(marks, [m[0] for m in marks[1:]] + [end]):
        first = f" (first bytes after {moved[sentence] - at:.1f} s)" if sentence in moved else ""
        print(f"  {sentence:<12} {backup.STAGES[sentence][0]:<45} from {fraction:4.0%}: {nxt - at:5.1f} s{first}")


if __name__ == "__main__":
    main(*sys.argv[1:3])
