"""A synthetic vault at the scale of a busy MAPPA unit, built through the real storage path and cached for `make bench`.

`python benchmarks/synthetic_vault.py [--individuals N] [--meetings M] [--refresh]` builds (or finds) the cached
vault and prints what it holds. Benchmarks call `cached_vault()` for a working copy they may change freely.
Every name, place and reference is invented; ViSOR references start with DEMO/.
"""

from __future__ import annotations

import argparse
import datetime as _dt
import hashlib
import json
import os
import random
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import asdict, dataclass
from itertools import islice
from pathlib import Path
from typing import Callable, Iterator

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import synthetic_cases as cases  # noqa: E402
from large_meeting import large_meeting  # noqa: E402
from mappa_desk.domain import model as m  # noqa: E402
from mappa_desk.services import records, session as sessions  # noqa: E402
from mappa_desk.storage import meetings as meeting_rows  # noqa: E402
from mappa_desk.vault import DEFAULT_KDF, KdfParams  # noqa: E402

GENERATOR_VERSION = 1  # bump when the generated data changes shape
INDIVIDUALS, MEETINGS, SEED = 5_000, 50_000, 2026
PASSPHRASE = "synthetic benchmark vault, not a secret"
BATCH = 100  # individuals per transaction
CACHE_DIR = REPO / ".bench-cache"
LARGE_MEETING_UID = str(uuid.uuid5(uuid.NAMESPACE_URL, "mappa-desk-bench/large-meeting"))
_SOURCES = ("synthetic_vault.py", "synthetic_cases.py", "synthetic_text.py", "large_meeting.py")


@dataclass(frozen=True)
class Built:
    """A generated vault: where it is, how to open it, the large meeting's id, and what it holds."""

    folder: Path
    passphrase: str
    large_meeting_id: int
    anchor: str  # the "today" the review dates were spread around
    seconds: float
    counts: dict[str, int]


# -- the timeline of one individual ------------------------------------------------------------------------
def _level_path(rng: random.Random, n: int, start: int, leaving: bool, category: int) -> list[tuple]:
    """(level, decision, level after) for each held meeting; only the last may leave Level 2/3."""
    path, level = [], start
    for i in range(n):
        if i == n - 1 and leaving:
            step = ("decrease", 1) if level == 2 and category != 3 and rng.random() < 0.6 else ("exit", None)
        elif level == 3:
            step = ("decrease", 2) if rng.random() < 0.3 else ("maintain", 3)
        else:
            step = ("increase", 3) if rng.random() < 0.07 else ("maintain", 2)
        path.append((level, *step))
        level = step[1] or level
    return path


def _days_back(rng: random.Random, path: list[tuple], last_day: _dt.date, last_review) -> list[tuple]:
    """(date, review date) of each held meeting, walking back from the latest along the review clocks."""
    days = [(last_day, last_review)]
    for _level, _decision, after in reversed(path[:-1]):
        early = -rng.randint(1, 10) if rng.random() < 0.05 else rng.randint(0, 10)  # a few reviews held late
        review = days[0][0] + _dt.timedelta(days=early)
        days.insert(0, (review - _dt.timedelta(weeks=cases.REVIEW_WEEKS[after]), review))
    return days


def _latest(rng: random.Random, anchor: _dt.date, level: int) -> tuple[_dt.date, _dt.date]:
    """The latest held meeting and the review it set: ~10% overdue, ~15% due within two weeks, the rest later."""
    interval, u = _dt.timedelta(weeks=cases.REVIEW_WEEKS[level]), rng.random()
    offset = -rng.randint(1, 60) if u < 0.10 else rng.randint(0, 13) if u < 0.25 else rng.randint(14, interval.days)
    review = anchor + _dt.timedelta(days=offset)
    day = min(review - interval + _dt.timedelta(days=rng.randint(0, 7)), anchor)
    return day, min(review, day + interval)


def _status(rng: random.Random, age: int) -> str:
    """Where the minute of the latest meeting has got to, by its age in days."""
    for limit, status in ((1, "held"), (7, "draft"), (10, "cleared"), (14, "circulated")):
        if age <= limit:
            return status
    return "circulated" if age <= 60 and rng.random() < 0.05 else "final"


def _held_history(rng, staff, case, path, days, anchor) -> list[m.Meeting]:
    history = []
    for n, (level, (day, review)) in enumerate(zip(path, days)):
        status = _status(rng, (anchor - day).days) if n == len(path) - 1 else "final"
        meeting = cases.held_meeting(rng, staff, case, "review" if n else "initial", day, level, review, status)
        if history:
            meeting.previous = cases.previous_of(rng, history[-1], case.ctx, True)
        history.append(meeting)
    return history


def _referral(rng: random.Random, referred: _dt.date, level: int) -> dict:
    notified = referred - _dt.timedelta(days=rng.randint(3, 9))
    return {"sentence_date": (notified - _dt.timedelta(days=rng.randint(1, 3))).isoformat(),
            "notified_on": notified.isoformat(), "referred_on": referred.isoformat(), "level": level}


def _new_referral(rng, staff, case, anchor) -> list[m.Meeting]:
    """Referred in the last few weeks: only the initial meeting, planned (some already late)."""
    level = 3 if rng.random() < 0.3 else 2
    referred = anchor - _dt.timedelta(days=rng.randint(0, 25))
    case.referral = _referral(rng, referred, level)
    case.individual.current_level = level
    day = max(anchor + _dt.timedelta(days=1), referred + _dt.timedelta(days=rng.randint(3, 28)))
    return [cases.planned_meeting(rng, staff, case, day, level, None)]


def case_history(rng, staff, case, n: int, anchor: _dt.date) -> list[m.Meeting]:
    """`n` meetings of one individual, oldest first, ending around `anchor` (or earlier, if they left MAPPA)."""
    if n == 1 and rng.random() < 0.6:
        return _new_referral(rng, staff, case, anchor)
    leaving = rng.random() < 0.08
    planned = not leaving and n >= 2 and rng.random() < 0.25
    path = _level_path(rng, n - planned, 3 if rng.random() < 0.25 else 2, leaving, case.individual.category)
    if leaving:
        last = (anchor - _dt.timedelta(days=rng.randint(30, 1500)), None)
    else:
        last = _latest(rng, anchor, path[-1][2])
    days = _days_back(rng, path, *last)
    history = _held_history(rng, staff, case, path, days, anchor)
    if planned:
        day = max(anchor + _dt.timedelta(days=1), last[1] + _dt.timedelta(days=rng.randint(-10, 10)))
        previous = cases.previous_of(rng, history[-1], case.ctx, False)
        history.append(cases.planned_meeting(rng, staff, case, day, path[-1][2], previous))
    if days[0][0] >= anchor - _dt.timedelta(days=3 * 365) and rng.random() < 0.5:
        case.referral = _referral(rng, days[0][0] - _dt.timedelta(days=rng.randint(5, 25)), path[0][0])
    _bring_up_to_date(case.individual, history)
    return history


def _bring_up_to_date(individual: m.Individual, history: list[m.Meeting]) -> None:
    latest = [mt for mt in history if mt.status != "planned"][-1]
    individual.current_level = latest.level_after or latest.level
    individual.rosh_level, individual.lead_agency = latest.rosh_level, latest.lead_agency


def benchmark_history(rng, staff, n: int, anchor: _dt.date) -> tuple[cases.Case, list[m.Meeting]]:
    """Bailey Benchmark (DEMO/BENCH): `n - 1` Level 3 meetings, then the large meeting (benchmarks/large_meeting.py)."""
    individual, large = large_meeting()
    case = cases.new_case(rng, 0, staff, anchor)
    case.individual, case.lead, case.risks = individual, "POLICE", list(cases.RISK_KINDS[1][:3])
    case.ctx.update(cases.pronouns(False), mr="Mr Benchmark")
    individual.uid = cases.new_uid(rng)
    large.uid, large.individual_uid = LARGE_MEETING_UID, individual.uid
    for person in [large.chair, large.minute_taker, large.coordinator] + [a.person for a in large.attendance]:
        person.uid = cases.new_uid(rng)
    for action in large.actions:
        action.uid = cases.new_uid(rng)
    held_on = _dt.date.fromisoformat(large.meeting_date)
    path = [(3, "maintain", 3)] * (n - 1)
    history = _held_history(rng, staff, case, path, _days_back(rng, path, held_on - _dt.timedelta(weeks=6), held_on),
                            held_on + _dt.timedelta(days=30))
    large.previous = cases.previous_of(rng, history[-1], case.ctx, True)
    history.append(large)
    _bring_up_to_date(individual, history)
    return case, history


def meeting_counts(individuals: int, meetings: int, seed: int) -> list[int]:
    """How many meetings each individual has (summing to `meetings`): the benchmark individual first."""
    if individuals < 1 or meetings < individuals + 1:
        raise ValueError("need at least one individual and more meetings than individuals")
    rng = random.Random(f"{seed}:sizes")
    first = meetings if individuals == 1 else max(2, min(12, meetings // individuals))
    weights = [0.0 if rng.random() < 0.02 else min(rng.expovariate(1.0), 4.0) + 0.15 for _ in range(individuals - 1)]
    extra, total = meetings - first - (individuals - 1), sum(weights) or 1.0
    shares = [extra * w / total for w in weights]
    counts = [1 + int(s) for s in shares]
    by_remainder = sorted(range(len(shares)), key=lambda i: shares[i] - int(shares[i]), reverse=True)
    for i in by_remainder[:meetings - first - sum(counts)]:
        counts[i] += 1
    return [first] + counts


def caseload(individuals: int = INDIVIDUALS, meetings: int = MEETINGS, seed: int = SEED,
             anchor: _dt.date | None = None) -> Iterator[tuple[cases.Case, list[m.Meeting]]]:
    """Every individual's case and meetings (oldest first), one at a time; the same seed gives the same records."""
    anchor = anchor or anchor_for(_dt.date.today())
    staff = cases.make_staff(seed)
    for index, n in enumerate(meeting_counts(individuals, meetings, seed)):
        rng = random.Random(f"{seed}:{index}")
        if index == 0:
            yield benchmark_history(rng, staff, n, anchor)
            continue
        case = cases.new_case(rng, index, staff, anchor - _dt.timedelta(days=n * 70))
        yield case, case_history(rng, staff, case, n, anchor)


def anchor_for(today: _dt.date) -> _dt.date:
    """The week's Monday: a cached vault keeps realistic due dates for a week, then is rebuilt."""
    return today - _dt.timedelta(days=today.weekday())


# -- storing ---------------------------------------------------------------------------------------------------
def _store_referrals(session, batch: list[cases.Case], now: str) -> None:
    # No repository writes referrals yet (the app's tests insert them the same way); the audit triggers still fire.
    rows = [(c.referral["sentence_date"], c.referral["notified_on"], c.referral["referred_on"], c.referral["level"],
             now, c.individual.uid) for c in batch if c.referral]
    if rows:
        with session.db.transaction():
            session.db.executemany("INSERT INTO referrals (individual_id, sentence_date, notified_on, referred_on, "
                                   "level, created_at) SELECT id, ?, ?, ?, ?, ? FROM individuals WHERE uid = ?", rows)


def table_counts(db) -> dict[str, int]:
    names = [n for (n,) in db.query("SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' "
                                    "AND name NOT LIKE 'sqlite_%' ORDER BY name")]  # not the search index's tables
    # audit_log is append-only with consecutive ids: max(id) is its count without reading a gigabyte.
    return {name: db.scalar("SELECT coalesce(max(id), 0) FROM audit_log") if name == "audit_log"
            else db.scalar(f"SELECT count(*) FROM {name}") for name in names}


def generate(folder: str | Path, individuals: int = INDIVIDUALS, meetings: int = MEETINGS, seed: int = SEED, *,
             anchor: _dt.date | None = None, kdf: KdfParams = DEFAULT_KDF, batch: int = BATCH,
             progress: Callable[[int, int, float], None] | None = None) -> Built:
    """Create a vault in `folder` (which must not hold one) and fill it, `batch` individuals per transaction."""
    anchor, start = anchor or anchor_for(_dt.date.today()), time.perf_counter()
    _recovery, session = sessions.create(folder, PASSPHRASE, kdf=kdf)
    try:
        stream, done, stored = caseload(individuals, meetings, seed, anchor), 0, 0
        while chunk := list(islice(stream, batch)):
            records.add_histories(session, [(c.individual, history) for c, history in chunk])
            _store_referrals(session, [c for c, _ in chunk], sessions.utc_now())
            done, stored = done + len(chunk), stored + sum(len(h) for _, h in chunk)
            if progress:
                progress(done, stored, time.perf_counter() - start)
        large_id = meeting_rows.id_of(session.db, LARGE_MEETING_UID)
        counts = table_counts(session.db)
    finally:
        session.close()
    return Built(Path(folder), PASSPHRASE, large_id, anchor.isoformat(), time.perf_counter() - start, counts)


# -- the cache --------------------------------------------------------------------------------------------------
def cache_key(individuals: int, meetings: int, seed: int, anchor: _dt.date) -> str:
    """Sizes, seed and week in the name; a digest of the generator and the schema migrations after them."""
    digest = hashlib.sha256(f"v{GENERATOR_VERSION}".encode())
    here = Path(__file__).resolve().parent
    for path in sorted((REPO / "mappa_desk" / "storage" / "schema").glob("*.sql")) + [here / s for s in _SOURCES]:
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return f"vault-{individuals}i-{meetings}m-s{seed}-{anchor.isoformat()}-{digest.hexdigest()[:12]}"


def _build_into_cache(entry: Path, individuals, meetings, seed, anchor, progress) -> None:
    """Build beside the cache and rename into place, so an interrupted build never leaves a half cache."""
    CACHE_DIR.mkdir(exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=".building-", dir=CACHE_DIR))
    try:
        built = generate(building / "vault", individuals, meetings, seed, anchor=anchor, progress=progress)
        data = {**asdict(built), "folder": "vault"}
        (building / "built.json").write_text(json.dumps(data, indent=1), encoding="utf-8")
        stale = [p for p in CACHE_DIR.glob(f"vault-{individuals}i-{meetings}m-s{seed}-*") if p != entry]
        if entry.exists():
            shutil.rmtree(entry)
        building.rename(entry)
        for old in stale:  # the same sizes for an older week or schema: never read again
            shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(building, ignore_errors=True)


def cached_build(individuals: int = INDIVIDUALS, meetings: int = MEETINGS, seed: int = SEED, *,
                 refresh: bool = False, into: str | Path | None = None,
                 progress: Callable[[int, int, float], None] | None = None) -> Built:
    """A working copy of the cached vault (built first if missing or `refresh`), in `into` or a new temp folder.

    The caller owns the copy (delete its parent folder when done); the cache itself is never opened. A build
    takes minutes at full size, so it reports its progress on stderr unless given another `progress`.
    """
    anchor = anchor_for(_dt.date.today())
    entry = CACHE_DIR / cache_key(individuals, meetings, seed, anchor)
    if refresh or not (entry / "built.json").exists():
        print(f"building the synthetic vault ({individuals:,} individuals, {meetings:,} meetings) in {entry}",
              file=sys.stderr)
        _build_into_cache(entry, individuals, meetings, seed, anchor, progress or _printer(individuals))
    target = Path(into) if into else Path(tempfile.mkdtemp(prefix="mappa-bench-vault-")) / "vault"
    shutil.copytree(entry / "vault", target)
    # On disk before anything is timed: a 2.5 GB copy still being written back made the first checkpoint's
    # sync wait for all of it (the autosave's 0.67-0.94 s worst case), which no user's vault does.
    os.sync()
    data = json.loads((entry / "built.json").read_text(encoding="utf-8"))
    return Built(**{**data, "folder": target})


def cached_vault(individuals: int = INDIVIDUALS, meetings: int = MEETINGS, seed: int = SEED, *,
                 refresh: bool = False) -> Path:
    """The folder of a fresh working copy of the cached vault; unlock it with PASSPHRASE."""
    return cached_build(individuals, meetings, seed, refresh=refresh).folder


# -- command line -------------------------------------------------------------------------------------------------
def _printer(total: int) -> Callable[[int, int, float], None]:
    def progress(done: int, stored: int, seconds: float) -> None:
        if done % (10 * BATCH) == 0 or done == total:
            print(f"  {done:,}/{total:,} individuals, {stored:,} meetings, {seconds:.0f} s", file=sys.stderr)
    return progress


def _report(built: Built, entry_size: int, seconds: float) -> None:
    print(f"vault of {built.counts['individuals']:,} individuals and {built.counts['meetings']:,} meetings "
          f"(anchor week {built.anchor}); built in {built.seconds:.0f} s; this run {seconds:.1f} s")
    print(f"database {entry_size / 2**20:,.0f} MiB; large meeting id {built.large_meeting_id}; cache {CACHE_DIR}")
    for name, count in sorted(built.counts.items(), key=lambda item: -item[1]):
        print(f"  {name:<22} {count:>12,}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--individuals", type=int, default=INDIVIDUALS)
    parser.add_argument("--meetings", type=int, default=MEETINGS)
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--refresh", action="store_true", help="rebuild even if a cached vault exists")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    built = cached_build(args.individuals, args.meetings, args.seed, refresh=args.refresh)
    try:
        _report(built, sum(p.stat().st_size for p in built.folder.iterdir()), time.perf_counter() - start)
    finally:
        shutil.rmtree(built.folder.parent, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
