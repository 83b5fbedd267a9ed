"""Each individual's review clock (schema 0021) says what their meetings say, after every kind of change."""

from __future__ import annotations

import shutil

import pytest

from mappa_desk.services import records, session as sessions
from mappa_desk.storage import audit, review_clock
from tests.conftest import PASSPHRASE
from tests.storage.test_final_seals import _doctor, _raw
from tests.storage.test_upgrades import FIXTURES

NOW = "2026-01-01T00:00:00Z"


def clock(db, individual_id: int) -> tuple:
    """(latest decided meeting id, its date, the review date it set) as the clock holds them."""
    found = db.query("SELECT meeting_id, meeting_date, review_due FROM review_clock WHERE individual_id = ?",
                     (individual_id,))
    return found[0] if found else None


def add_individual(db, family: str) -> int:
    with db.transaction():
        db.execute("INSERT INTO individuals (uid, family_name, given_names, category, current_level, created_at, "
                   "updated_at) VALUES (?, ?, 'Test', 3, 2, ?, ?)", (f"uid-{family}", family, NOW, NOW))
    return db.scalar("SELECT max(id) FROM individuals")


def add_meeting(db, individual_id: int, date: str, status: str, review: str | None) -> int:
    with db.transaction():
        db.execute("INSERT INTO meetings (uid, individual_id, kind, level, meeting_date, status, review_date, "
                   "created_at, updated_at) VALUES (?, ?, 'review', 2, ?, ?, ?, ?, ?)",
                   (f"mtg-{individual_id}-{date}-{status}", individual_id, date, status, review, NOW, NOW))
    return db.scalar("SELECT max(id) FROM meetings")


def change(db, sql: str, params=()) -> None:
    with db.transaction():
        db.execute(sql, params)


def test_the_clock_follows_every_change_to_meetings_and_individuals(vault_session):
    db = vault_session.db
    who = add_individual(db, "Clockwell")
    other = add_individual(db, "Tickbury")
    assert clock(db, who) == (None, None, None)  # no meeting yet: no review date
    held = add_meeting(db, who, "2026-03-01", "held", "2026-09-01")
    assert clock(db, who) == (held, "2026-03-01", "2026-09-01")
    planned = add_meeting(db, who, "2026-08-20", "planned", None)
    assert clock(db, who) == (held, "2026-03-01", "2026-09-01")  # a planned meeting does not move it
    change(db, "UPDATE meetings SET status = 'held', review_date = '2027-02-20' WHERE id = ?", (planned,))
    assert clock(db, who) == (planned, "2026-08-20", "2027-02-20")  # held now: it sets the date
    change(db, "UPDATE meetings SET review_date = '2027-01-31' WHERE id = ?", (planned,))
    assert clock(db, who) == (planned, "2026-08-20", "2027-01-31")
    change(db, "UPDATE meetings SET status = 'cancelled' WHERE id = ?", (planned,))
    assert clock(db, who) == (held, "2026-03-01", "2026-09-01")  # back to the one before
    change(db, "UPDATE meetings SET individual_id = ? WHERE id = ?", (other, held))
    assert clock(db, who) == (None, None, None)
    assert clock(db, other) == (held, "2026-03-01", "2026-09-01")  # moved with the meeting
    change(db, "DELETE FROM meetings WHERE id = ?", (held,))
    assert clock(db, other) == (None, None, None)
    same_day = [add_meeting(db, who, "2026-05-05", status, review)
                for status, review in (("final", "2026-11-05"), ("draft", "2026-12-05"))]
    assert clock(db, who) == (same_day[1], "2026-05-05", "2026-12-05")  # same date: the higher id
    change(db, "UPDATE individuals SET family_name = 'Clockwell-Renamed' WHERE id = ?", (who,))
    assert db.query("SELECT family_name FROM review_clock WHERE individual_id = ?", (who,)) == [
        ("Clockwell-Renamed",)]
    change(db, "DELETE FROM meetings WHERE individual_id = ?", (who,))
    change(db, "DELETE FROM individuals WHERE id = ?", (who,))
    assert clock(db, who) is None
    assert review_clock.differences(db) == 0
    assert audit.soundness(db).ok  # derived rows: not the record, not in the audit trail


def test_the_demo_vault_clock_agrees_and_a_wrong_row_is_found(vault_session):
    records.load_demo(vault_session)
    db = vault_session.db
    assert db.scalar("SELECT count(*) FROM review_clock") == db.scalar("SELECT count(*) FROM individuals") == 6
    assert review_clock.differences(db) == 0
    change(db, "UPDATE review_clock SET review_due = '2030-01-01' WHERE individual_id = "
               "(SELECT min(individual_id) FROM review_clock)")
    assert review_clock.differences(db) == 1


def test_an_opening_puts_back_missing_triggers_and_fills_the_clock(vault_session, data_dir):
    records.load_demo(vault_session)
    db = vault_session.db
    with db.transaction():
        db.execute("DROP TRIGGER review_clock_meeting_changed")
        db.execute("DELETE FROM review_clock")
    vault_session.close()
    session = sessions.unlock(data_dir, PASSPHRASE)
    try:
        assert session.db.scalar("SELECT count(*) FROM review_clock") == 6
        assert review_clock.differences(session.db) == 0
        names = {name for (name,) in session.db.query(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'review_clock%'")}
        assert names == set(review_clock.triggers())
    finally:
        session.close()


def test_a_vault_of_schema_0020_gets_its_clock_filled_on_upgrade(tmp_path):
    copy = tmp_path / "vault-schema-0020"
    shutil.copytree(FIXTURES / "vault-schema-0020", copy)
    session = sessions.unlock(copy, "fixture passphrase for schema 0020")
    try:
        db = session.db
        assert db.scalar("SELECT count(*) FROM review_clock") == db.scalar("SELECT count(*) FROM individuals") > 0
        assert db.scalar("SELECT count(review_due) FROM review_clock") > 0
        assert review_clock.differences(db) == 0
        assert audit.soundness(db).ok
    finally:
        session.close()


@pytest.mark.attack("Home's review dates changed with the key, behind the meetings' back", "doctor fails, naming no one")
def test_doctor_finds_a_review_clock_out_of_step_with_the_meetings(vault_session, data_dir, monkeypatch, capsys):
    records.load_demo(vault_session)
    vault_session.close()
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 0, out
    assert "Review dates:    ok" in out
    conn = _raw(data_dir)
    family = conn.execute("SELECT family_name FROM review_clock WHERE review_due IS NOT NULL LIMIT 1").fetchone()[0]
    conn.execute("UPDATE review_clock SET review_due = '2031-01-01' WHERE family_name = ?", (family,))
    conn.close()
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 1, out
    assert "Review dates:    OUT OF STEP with the meetings for 1 individual(s)" in out
    assert family not in out
