"""The meeting aggregate in the database: what is saved is what comes back, links survive re-saving."""

import sqlcipher3

from mappa_desk.demo import demo_records
from mappa_desk.errors import DatabaseDamaged, UserFacingError
from mappa_desk.services import records
from mappa_desk.storage import meetings
from mappa_desk.storage.database import _failure
from mappa_desk.storage.rows import AgencyCodes


def _latest_review():
    for individual, history in demo_records():
        if len(history) >= 2 and history[-1].previous is not None and history[-1].status != "planned":
            return individual, history
    raise AssertionError("no review in the demo")


def test_a_saved_meeting_loads_back_equal(vault_session):
    individual, history = _latest_review()
    records.add_histories(vault_session, [(individual, history)])
    meeting_id = vault_session.db.scalar("SELECT id FROM meetings WHERE uid = ?", (history[-1].uid,))
    loaded_individual, loaded = records.load(vault_session, meeting_id)
    assert loaded_individual == individual
    assert loaded == history[-1]


def test_outcomes_recorded_at_a_review_stay_linked_when_the_earlier_meeting_is_saved_again(vault_session):
    individual, history = _latest_review()
    records.add_histories(vault_session, [(individual, history)])
    db = vault_session.db
    earlier_id, review_id = (db.scalar("SELECT id FROM meetings WHERE uid = ?", (m.uid,)) for m in history[-2:])
    linked = db.scalar("SELECT count(*) FROM actions WHERE meeting_id = ? AND reviewed_in_meeting_id = ?",
                       (earlier_id, review_id))
    assert linked > 0
    earlier = records.load(vault_session, earlier_id)[1]
    earlier.location = "Moved to the council chambers"
    with db.transaction():
        meetings.save(db, AgencyCodes(db), earlier, db.scalar("SELECT individual_id FROM meetings WHERE id = ?",
                                                               (earlier_id,)), "2026-11-21T12:00:00Z")
    assert db.scalar("SELECT location FROM meetings WHERE id = ?", (earlier_id,)) == "Moved to the council chambers"
    assert db.scalar("SELECT count(*) FROM actions WHERE meeting_id = ? AND reviewed_in_meeting_id = ?",
                     (earlier_id, review_id)) == linked


def test_database_errors_become_sentences(tmp_path):
    path = tmp_path / "vault.db"
    readonly = _failure(path, sqlcipher3.OperationalError("attempt to write a readonly database"))
    assert isinstance(readonly, UserFacingError) and "not allowed to write" in str(readonly)
    full = _failure(path, sqlcipher3.OperationalError("database or disk is full"))
    assert "disk is full" in str(full)
    damaged = _failure(path, sqlcipher3.DatabaseError("file is not a database"))
    assert isinstance(damaged, DatabaseDamaged) and str(path) in str(damaged)
