"""A backup's long work (copying the file, checking the copy) leaves the vault's main connection free.

The copy is checked on the vault's read-only housekeeping connection, opened at unlock with the same key;
the connection the user's work goes through runs none of it, so an edit made meanwhile is saved at once.
"""

from __future__ import annotations

import datetime as _dt
import threading

import pytest

from mappa_desk.errors import UserFacingError, VaultClosed
from mappa_desk.services import backup, records, session as sessions
from mappa_desk.storage import backups as stored
from tests.conftest import PASSPHRASE

NOW = _dt.datetime(2026, 11, 20, 9, 30, 0)
LONG_WORK = ("ATTACH", "INTEGRITY_CHECK", "VACUUM", "BACKUP_COPY", "BACKUP_CHECK")
CHECK_FAILED = ("The backup failed its check after it was written, so it was not kept. "
                "Your vault is unchanged; check the backup folder's disk and try again.")


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def _main_statements(session) -> list[str]:
    """Every statement the main connection runs from now on (SQLite's own trace of it)."""
    seen: list[str] = []
    session.db._conn.set_trace_callback(seen.append)
    return seen


def _long_work_in(statements: list[str]) -> list[str]:
    return [s for s in statements if any(word in s.upper() for word in LONG_WORK)]


def on_another_thread(work) -> None:
    """Run `work()` on a thread of its own, as the user's lane would while a backup runs on its thread; a
    failure is raised again here."""
    failed: list[BaseException] = []

    def run():
        try:
            work()
        except BaseException as err:  # noqa: BLE001 - reported on the test's thread below
            failed.append(err)

    worker = threading.Thread(target=run)
    worker.start()
    worker.join()
    assert not failed, failed


def _note_from_another_thread(session, value: str) -> None:
    """An edit, as the user's lane would make it while the backup runs on its own thread."""
    def edit():
        with session.db.transaction():
            session.db.execute("INSERT INTO settings (key, value) VALUES ('test_note', ?)", (value,))

    on_another_thread(edit)


def test_the_copy_is_checked_on_the_housekeeping_connection_and_never_on_the_main_one(demo, tmp_path, monkeypatch):
    checked_on = []
    real = stored.integrity_problems
    monkeypatch.setattr(stored, "integrity_problems", lambda db, schema: checked_on.append(db) or real(db, schema))
    main = _main_statements(demo)

    made = backup.make_backup(demo, tmp_path / "backups", NOW)

    assert made.exists()
    assert checked_on == [demo.db.housekeeping] and demo.db.housekeeping is not demo.db
    assert _long_work_in(main) == []


def test_an_edit_made_while_the_copy_is_checked_is_saved_at_once(demo, tmp_path, monkeypatch):
    real = stored.integrity_problems

    def check_while_the_user_edits(db, schema):
        _note_from_another_thread(demo, "made during the check")
        return real(db, schema)

    monkeypatch.setattr(stored, "integrity_problems", check_while_the_user_edits)
    main = _main_statements(demo)
    backup.make_backup(demo, tmp_path / "backups", NOW)

    assert demo.db.scalar("SELECT value FROM settings WHERE key = 'test_note'") == "made during the check"
    assert _long_work_in(main) == []


def test_an_edit_made_while_the_file_is_copied_is_saved_and_is_not_in_that_backup(demo, tmp_path, monkeypatch):
    real_private = backup._private

    def copy_while_the_user_edits(path):
        if path.name == backup.DB_MEMBER and not path.exists():  # the copy of the vault's file, opened to be written
            _note_from_another_thread(demo, "made during the copy")
        return real_private(path)

    monkeypatch.setattr(backup, "_private", copy_while_the_user_edits)
    made = backup.make_backup(demo, tmp_path / "backups", NOW)
    monkeypatch.undo()
    demo.close()

    reopened = sessions.unlock(demo.vault.folder, PASSPHRASE)
    try:
        assert reopened.db.scalar("SELECT value FROM settings WHERE key = 'test_note'") == "made during the copy"
        assert reopened.db.integrity_problems() == []
    finally:
        reopened.close()
    elsewhere = tmp_path / "new-laptop"
    backup.restore(elsewhere, made, PASSPHRASE)
    restored = sessions.unlock(elsewhere, PASSPHRASE)
    try:  # the backup is the vault as it was when the copy began: whole, checked, without the later edit
        assert restored.db.scalar("SELECT count(*) FROM settings WHERE key = 'test_note'") == 0
        assert restored.db.scalar("SELECT count(*) FROM individuals") > 0
        assert restored.db.integrity_problems() == []
    finally:
        restored.close()


def test_a_damaged_copy_is_still_refused_with_the_same_sentence_and_the_vault_is_untouched(demo, tmp_path,
                                                                                            monkeypatch):
    real_copy = backup._copy_database

    def copy_then_damage(db, target):
        anchor = real_copy(db, target)
        data = bytearray(target.read_bytes())
        for offset in range(len(data) - 4 * 4096, len(data), 4096):  # the last pages: the schema's still read
            data[offset + 100] ^= 0xFF
        target.write_bytes(bytes(data))
        return anchor

    monkeypatch.setattr(backup, "_copy_database", copy_then_damage)
    main = _main_statements(demo)
    folder = tmp_path / "backups"

    with pytest.raises(UserFacingError) as refused:
        backup.make_backup(demo, folder, NOW)

    assert str(refused.value) == CHECK_FAILED
    assert list(folder.iterdir()) == []  # no backup kept, no work folder left
    assert _long_work_in(main) == []
    assert demo.db.integrity_problems() == []


def test_the_housekeeping_connection_cannot_write_the_vault_and_closes_with_it(demo):
    reader = demo.db.housekeeping
    with pytest.raises(Exception, match="readonly"):
        reader.execute("INSERT INTO settings (key, value) VALUES ('test_note', 'x')")
    assert demo.db.scalar("SELECT count(*) FROM settings WHERE key = 'test_note'") == 0
    demo.close()
    with pytest.raises(VaultClosed):
        reader.scalar("SELECT count(*) FROM settings")
