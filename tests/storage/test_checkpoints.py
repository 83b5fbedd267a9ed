"""Write-ahead log checkpoints never run inside an edit's commit: a checkpointer on its own connection and
thread copies the log into the file after edits, the log stays bounded, and no edit is lost on the way."""

from __future__ import annotations

import hashlib
import os
import threading
import time
from pathlib import Path

import pytest

from mappa_desk.services import records
from mappa_desk.services import session as sessions
from mappa_desk.services.editing import MeetingEditor
from mappa_desk.storage import checkpoints
from tests.conftest import PASSPHRASE

PAGE = 4096
FRAME = PAGE + 24  # a frame of the log: its header and one page
SQLITE_DEFAULT_AUTOCHECKPOINT = 1000  # pages; SQLite checkpoints inside the commit that passes it


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def _meeting(session) -> int:
    return session.db.scalar("SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 1")


def _wal(session) -> Path:
    return Path(f"{session.db.path}-wal")


def _log_header(session) -> bytes:
    """The log's header: its checkpoint sequence number and salts change whenever the log starts again after
    a checkpoint copied all of it."""
    with open(_wal(session), "rb") as f:
        return f.read(32)[12:24]


def _wait_for(condition, what: str) -> None:
    deadline = time.monotonic() + 30  # generous: this waits for the worker, it does not time it
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.01)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_the_connection_leaves_checkpoints_to_the_checkpointer(demo):
    assert demo.db.scalar("PRAGMA wal_autocheckpoint") == checkpoints.HARD_LIMIT_PAGES > 1000
    assert demo.db.scalar("PRAGMA synchronous") == 2  # FULL, as before: a commit is synced to the log
    assert demo.db.checkpointer is not None


def test_an_edits_commit_runs_no_checkpoint_even_past_sqlites_usual_threshold(demo):
    """Edits while the checkpointer is held back: no commit checkpoints, so the log is never started again
    (its header stays as it was) and grows past the 1,000 pages at which SQLite would have checkpointed."""
    meeting_id = _meeting(demo)
    editor = MeetingEditor(demo, meeting_id)
    demo.db.checkpoint()  # the log empty to begin with
    with demo.db.checkpoints_paused():
        editor.set("meetings", meeting_id, {"victim_issues": "The first edit after the checkpoint."})
        header = _log_header(demo)
        n = 0
        while os.path.getsize(_wal(demo)) <= 1.2 * SQLITE_DEFAULT_AUTOCHECKPOINT * FRAME:
            n += 1
            editor.set("meetings", meeting_id, {"victim_issues": f"Rephrased by the chair, revision {n}."})
            assert _log_header(demo) == header, f"edit {n} ran a checkpoint in its commit"
    assert os.path.getsize(_wal(demo)) < checkpoints.HARD_LIMIT_PAGES * FRAME


def test_the_log_is_copied_into_the_database_file_soon_after_an_edit(demo):
    meeting_id = _meeting(demo)
    demo.db.checkpoint()
    before, passes = _digest(demo.db.path), demo.db.checkpointer.passes
    MeetingEditor(demo, meeting_id).set("meetings", meeting_id, {"victim_issues": "One small edit."})
    assert _digest(demo.db.path) == before  # the commit itself wrote only to the log
    _wait_for(lambda: demo.db.checkpointer.passes > passes, "the checkpointer")
    assert _digest(demo.db.path) != before  # the checkpointer copied the edit into the file


def test_many_edits_keep_the_log_bounded_and_none_is_lost_across_checkpoints_and_a_reopen(demo, data_dir):
    meeting_id = _meeting(demo)
    editor = MeetingEditor(demo, meeting_id)
    columns = ("victim_issues", "level_rationale")
    audited = demo.db.scalar("SELECT count(*) FROM audit_log")
    largest = 0
    for n in range(3000):
        editor.set("meetings", meeting_id, {columns[n % 2]: f"Revision {n} of this text."})
        largest = max(largest, os.path.getsize(_wal(demo)))
    audited_now = demo.db.scalar("SELECT count(*) FROM audit_log")
    assert audited_now - audited >= 3000
    assert largest <= checkpoints.HARD_LIMIT_PAGES * FRAME + 2 * 1024 * 1024  # the backstop, and one commit
    demo.close()
    assert not _wal(demo).exists()  # the close checkpointed the whole log and removed it
    again = sessions.unlock(data_dir, PASSPHRASE)
    try:
        row = again.db.rows("SELECT victim_issues, level_rationale FROM meetings WHERE id = ?", (meeting_id,))[0]
        assert row == {"victim_issues": "Revision 2998 of this text.", "level_rationale": "Revision 2999 of this text."}
        assert again.db.scalar("SELECT count(*) FROM audit_log") >= audited_now
    finally:
        again.close()


def test_closing_stops_the_checkpointer_and_leaves_no_log(demo):
    meeting_id = _meeting(demo)
    MeetingEditor(demo, meeting_id).set("meetings", meeting_id, {"victim_issues": "Edited just before closing."})
    demo.close()
    assert not _wal(demo).exists()
    assert not [t for t in threading.enumerate() if t.name == "wal-checkpoint"]
