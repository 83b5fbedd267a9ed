"""Numbered SQL migrations, applied in order, version kept in PRAGMA user_version.

While they run, `apply_pending` says which one of how many is under way, in a plain sentence (DESCRIPTIONS),
with the seconds it has taken so far, and can be stopped part-way (storage/progress.py): the migration under
way is rolled back, those before it stay done, and the rest run at the next opening.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import sqlcipher3

from mappa_desk import paths
from mappa_desk.errors import UserFacingError
from mappa_desk.storage import audit, progress as watch

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")

# What each migration does, as the person unlocking sees it ("Updating the vault (2 of 3): ...").
# Every migration file has its line here (a test checks it); the files themselves are never edited once released.
DESCRIPTIONS = {
    1: "setting up the meeting record",
    2: "adding the tribunal recommendation",
    3: "adding pre-read papers",
    4: "adding the record's life after the meeting",
    5: "adding the tamper-evident audit trail",
    6: "building the search index of the minutes",
    7: "adding indexes for Home and What is due",
    8: "adding seals for final records",
    9: "moving the jurisdiction's word lists out of the database",
    10: "adding the date a level takes effect",
    11: "extending the risk management plan",
    12: "adding how disclosures are made",
    13: "extending the individual's details",
    14: "extending the meeting's details",
    15: "numbering actions",
    16: "adding the plan's sign-off and reply choices",
    17: "adding versions of the tribunal statement",
    18: "marking the documents issued for requests",
    19: "adding protected people and places",
    20: "adding the chair's approval of releases",
    21: "adding each individual's review clock",
}

# How often, at most, a long migration reports that it is still working.
_TICK_SECONDS = 0.25

STOPPED_NOTHING_DONE = ("The upgrade was stopped before it finished; nothing was changed. It will run again next "
                        "time you unlock.")
STOPPED_PART_DONE = ("The upgrade was stopped before it finished; the steps already finished are kept and nothing "
                     "was lost. The rest will run next time you unlock.")


class UpgradeStopped(UserFacingError):
    """The person stopped the upgrade (Cancel, or Ctrl+C): the migration under way was rolled back."""

    exit_code = 130  # as a command stopped with Ctrl+C


@dataclass(frozen=True)
class Upgrading:
    """Where the upgrade is: migration `number`, the `index`-th of `count` to run, for `seconds` so far."""

    number: int
    index: int
    count: int
    seconds: float = 0.0

    @property
    def description(self) -> str:
        return DESCRIPTIONS.get(self.number, "updating the record's layout")

    @property
    def stage(self) -> str:
        return f"Updating the vault ({self.index} of {self.count}): {self.description}"

    def sentence(self) -> str:
        still = f" ({int(self.seconds)} s so far)" if self.seconds >= 1 else ""
        return f"{self.stage}…{still}"


Progress = Callable[[Upgrading], None]


def migration_files(folder: Path | None = None) -> list[tuple[int, Path]]:
    folder = folder or paths.schema_dir()
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    found.sort()
    numbers = [number for number, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"schema migrations are not numbered 1..n without gaps: {numbers}")
    return found


def latest_version() -> int:
    files = migration_files()
    return files[-1][0] if files else 0


def current_version(conn) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def apply_pending(conn, progress: Progress | None = None, should_stop: Callable[[], bool] | None = None) -> list[int]:
    """Apply every migration newer than the database, each in its own transaction.

    The caller has already refused a database newer than the code. `progress(Upgrading)` is told when each
    migration starts and, during a long one, now and then after. When `should_stop()` says yes (or Ctrl+C
    arrives), the migration under way is rolled back and UpgradeStopped says so.
    Returns the numbers applied.
    """
    audit.register_functions(conn)  # 0005 onwards: the audit chain's hash, computed in SQL
    applied = []
    version = current_version(conn)
    todo = [(number, path) for number, path in migration_files() if number > version]
    if not todo:
        return applied
    # A migration may rebuild a table (SQLite's twelve steps, 0009): with foreign keys on, dropping the old
    # table would cascade deletes into its children. So they are off while migrating (the pragma cannot change
    # inside a transaction), and each migration must leave no broken reference it did not find.
    keys_on = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for index, (number, path) in enumerate(todo, start=1):
            if should_stop is not None and should_stop():
                raise _stopped(conn, version)
            script = path.read_text(encoding="utf-8")
            before = _broken_references(conn)
            try:
                with watch.watching(conn, _ticker(progress, Upgrading(number, index, len(todo))), should_stop):
                    conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};")
                if _broken_references(conn) - before:
                    raise sqlcipher3.IntegrityError(f"schema migration {number} left a broken reference")
                conn.execute("COMMIT")
            except BaseException as err:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if isinstance(err, (watch.Stopped, KeyboardInterrupt)):
                    raise _stopped(conn, version) from None
                raise
            applied.append(number)
    finally:
        if keys_on:
            conn.execute("PRAGMA foreign_keys = ON")
    return applied


def _stopped(conn, version: int) -> UpgradeStopped:
    """The sentence from what the file says now (a stop that lands just as a step commits finds it done)."""
    return UpgradeStopped(STOPPED_PART_DONE if current_version(conn) > version else STOPPED_NOTHING_DONE)


def _ticker(progress: Progress | None, step: Upgrading) -> Callable[[], None] | None:
    """Report `step` now, and then (from the progress handler) at most every _TICK_SECONDS with its time so far."""
    if progress is None:
        return None
    started = last = time.monotonic()
    progress(step)

    def tick() -> None:
        nonlocal last
        now = time.monotonic()
        if now - last >= _TICK_SECONDS:
            last = now
            progress(Upgrading(step.number, step.index, step.count, now - started))
    return tick


def _broken_references(conn) -> set[tuple]:
    """The rows whose foreign keys point nowhere (table, rowid, parent, which key)."""
    return {tuple(row) for row in conn.execute("PRAGMA foreign_key_check")}
