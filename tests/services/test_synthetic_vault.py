"""The synthetic benchmark vault (benchmarks/synthetic_vault.py): sizes, variety, the large meeting, the cache."""

from __future__ import annotations

import datetime as _dt
import functools
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))

import synthetic_vault as sv  # noqa: E402
from large_meeting import large_meeting  # noqa: E402
from mappa_desk.domain.profile import DEFAULT_JURISDICTION, load_profile  # noqa: E402
from mappa_desk.services import due, records, session as sessions  # noqa: E402
from mappa_desk.storage import audit  # noqa: E402
from tests.conftest import FAST_KDF  # noqa: E402

ANCHOR = _dt.date(2026, 11, 16)
SIZES = (20, 150)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return sv.generate(tmp_path_factory.mktemp("synthetic") / "vault", *SIZES, seed=11, anchor=ANCHOR, kdf=FAST_KDF)


@pytest.fixture
def db(built):
    session = sessions.unlock(built.folder, built.passphrase)
    yield session.db
    session.close()


def _values(db, sql: str) -> list:
    return [row[0] for row in db.query(sql)]


def test_the_vault_holds_the_sizes_asked_for(built, db):
    assert db.scalar("SELECT count(*) FROM individuals") == 20 == built.counts["individuals"]
    assert db.scalar("SELECT count(*) FROM meetings") == 150 == built.counts["meetings"]
    assert built.counts["audit_log"] == db.scalar("SELECT count(*) FROM audit_log") > 150 * 50
    assert audit.verify_chain(db) == (True, None)


def test_the_large_meeting_is_the_benchmark_individuals_latest(built, db):
    meeting_id = built.large_meeting_id
    assert db.scalar("SELECT count(*) FROM actions WHERE meeting_id = ?", (meeting_id,)) == 100
    assert db.scalar("SELECT count(*) FROM rmp_measures WHERE meeting_id = ?", (meeting_id,)) == 80
    individual_id, previous_id = db.query("SELECT individual_id, previous_meeting_id FROM meetings WHERE id = ?",
                                          (meeting_id,))[0]
    assert db.scalar("SELECT visor_ref FROM individuals WHERE id = ?", (individual_id,)) == "DEMO/BENCH"
    latest = db.scalar("SELECT id FROM meetings WHERE individual_id = ? ORDER BY meeting_date DESC LIMIT 1",
                       (individual_id,))
    assert latest == meeting_id
    assert db.scalar("SELECT individual_id FROM meetings WHERE id = ?", (previous_id,)) == individual_id
    # The outcomes recorded at the large meeting closed the previous meeting's actions.
    assert _values(db, f"SELECT DISTINCT status FROM actions WHERE meeting_id = {previous_id}") == ["closed"]


def test_the_records_vary_like_a_real_caseload(db):
    assert set(_values(db, "SELECT DISTINCT level FROM meetings")) == {2, 3}
    assert set(_values(db, "SELECT DISTINCT kind FROM meetings")) == {"initial", "review"}
    assert len(set(_values(db, "SELECT DISTINCT category FROM individuals"))) >= 2
    statuses = set(_values(db, "SELECT DISTINCT status FROM meetings"))
    assert {"final", "planned"} <= statuses and len(statuses) >= 4
    assert len(set(_values(db, "SELECT DISTINCT lead_agency_id FROM meetings"))) >= 3
    assert set(_values(db, "SELECT DISTINCT status FROM actions")) == {"open", "closed"}
    names = _values(db, "SELECT given_names || ' ' || family_name FROM individuals")
    assert len(set(names)) == len(names)


def test_each_held_meeting_carries_a_full_record(built, db):
    def between(table: str, low: int, high: int) -> bool:
        least, most = db.query(f"""SELECT min(n), max(n) FROM (SELECT count(t.id) AS n FROM meetings m
                                   LEFT JOIN {table} t ON t.meeting_id = m.id WHERE m.status != 'planned'
                                   AND m.id != {built.large_meeting_id} GROUP BY m.id)""")[0]
        return low <= least < most <= high
    assert between("attendance", 6, 12)
    assert between("information_items", 3, 8)
    assert between("risks", 2, 4)
    assert between("rmp_measures", 6, 12)
    assert between("contingencies", 1, 3)
    assert between("decisions", 1, 2)
    assert between("disclosures", 0, 2)
    assert between("actions", 3, 8)
    assert db.scalar("SELECT count(*) FROM rmp_measures x WHERE NOT EXISTS "
                     "(SELECT 1 FROM rmp_measure_risks r WHERE r.measure_id = x.id)") == 0


def test_some_reviews_and_actions_are_overdue_and_some_due_soon(db):
    session = sessions.Session(None, db, load_profile(DEFAULT_JURISDICTION))
    items = due.due_items(session, ANCHOR)
    kinds = {(item.kind, item.overdue) for item in items}
    assert ("review", True) in kinds and ("review", False) in kinds
    assert ("action", True) in kinds


def test_every_visor_reference_is_fictional(db):
    refs = _values(db, "SELECT visor_ref FROM individuals")
    assert all(ref.startswith("DEMO/") for ref in refs) and len(set(refs)) == len(refs) == 20


def test_the_same_seed_gives_the_same_records(built, db):
    first = list(sv.caseload(*SIZES, seed=11, anchor=ANCHOR))
    assert all(meeting.individual_uid == case.individual.uid for case, history in first for meeting in history)
    assert first == list(sv.caseload(*SIZES, seed=11, anchor=ANCHOR))
    assert [c.individual.uid for c, _ in first] == _values(db, "SELECT uid FROM individuals ORDER BY id")
    stored = _values(db, "SELECT uid FROM meetings ORDER BY id")
    assert [meeting.uid for _, history in first for meeting in history] == stored
    other = list(sv.caseload(*SIZES, seed=12, anchor=ANCHOR))
    assert [c.individual.family_name for c, _ in other] != [c.individual.family_name for c, _ in first]


def test_meeting_counts_sum_exactly_and_refuse_impossible_sizes():
    counts = sv.meeting_counts(5_000, 50_000, 2026)
    assert sum(counts) == 50_000 and len(counts) == 5_000 and min(counts) >= 1
    assert sv.meeting_counts(1, 7, 3) == [7] and sum(sv.meeting_counts(10, 11, 3)) == 11
    with pytest.raises(ValueError):
        sv.meeting_counts(10, 10, 1)


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setattr(sv, "CACHE_DIR", tmp_path / "cache")
    calls = []
    real = functools.partial(sv.generate, kdf=FAST_KDF)
    monkeypatch.setattr(sv, "generate", lambda *a, **k: calls.append(a) or real(*a, **k))
    return calls


def test_the_cache_builds_once_and_hands_out_working_copies(cache, tmp_path):
    first = sv.cached_build(3, 8, 5, into=tmp_path / "one")
    second = sv.cached_build(3, 8, 5, into=tmp_path / "two")
    assert len(cache) == 1 and first.large_meeting_id == second.large_meeting_id
    assert {p.name for p in first.folder.iterdir()} >= {"vault.key", "vault.db"}
    session = sessions.unlock(first.folder, first.passphrase)
    with session.db.transaction():
        session.db.execute("DELETE FROM actions")
    session.close()
    session = sessions.unlock(second.folder, second.passphrase)
    assert session.db.scalar("SELECT count(*) FROM actions") > 100
    session.close()
    sv.cached_build(3, 8, 5, refresh=True, into=tmp_path / "three")
    assert len(cache) == 2 and len(list(sv.CACHE_DIR.iterdir())) == 1


def test_a_new_migration_or_generator_forces_a_rebuild(cache, tmp_path, monkeypatch):
    before = sv.cache_key(3, 8, 5, ANCHOR)
    monkeypatch.setattr(sv, "GENERATOR_VERSION", sv.GENERATOR_VERSION + 1)
    assert sv.cache_key(3, 8, 5, ANCHOR) != before
    schema = tmp_path / "repo" / "mappa_desk" / "storage" / "schema"
    schema.mkdir(parents=True)
    (schema / "0001_initial.sql").write_text("CREATE TABLE a (id INTEGER);")
    monkeypatch.setattr(sv, "REPO", tmp_path / "repo")
    with_one = sv.cache_key(3, 8, 5, ANCHOR)
    (schema / "0002_more.sql").write_text("CREATE TABLE b (id INTEGER);")
    assert sv.cache_key(3, 8, 5, ANCHOR) != with_one


def test_an_interrupted_build_leaves_no_cache(tmp_path, monkeypatch):
    monkeypatch.setattr(sv, "CACHE_DIR", tmp_path / "cache")

    def interrupted(folder, *args, **kwargs):
        sessions.create(folder, sv.PASSPHRASE, kdf=FAST_KDF)[1].close()
        raise KeyboardInterrupt
    monkeypatch.setattr(sv, "generate", interrupted)
    with pytest.raises(KeyboardInterrupt):
        sv.cached_build(3, 8, 5)
    assert list(sv.CACHE_DIR.iterdir()) == []


def test_the_large_meeting_passes_the_imports_checks_as_make_bench_docs_imports_it(vault_session):
    """`make bench-docs` imports it into a fresh vault for its GUI measure: refused (two actions numbered the
    same), it stopped with a traceback after its first two figures."""
    imported = records.import_meeting(vault_session, *large_meeting())
    numbers = _values(vault_session.db, f"SELECT number FROM actions WHERE meeting_id = {imported.meeting_id} "
                                        "ORDER BY number")
    assert numbers == list(range(1, 101))
