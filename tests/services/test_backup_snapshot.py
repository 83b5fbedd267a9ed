"""A backup taken while edits land is the vault at one moment: every edit committed before it, none after.

The copy is taken from the database file and its write-ahead log, not from a file checkpointed first on the
vault's connection (that checkpoint held the user's connection while a large log was copied into a large file).
Here the background checkpointer is kept waiting, so the edits made before the backup are in the log only (or,
in one case, copied into the file just before it). Edits land just before the log is copied and just before the
file is copied (the copy's snapshot is taken by then), and in one case a checkpoint runs meanwhile: none of it
may change the backup, and a copy that took either with its log or with its file is caught. Each restored vault
is checked as a user would: integrity, the audit chain, the rows.
"""

from __future__ import annotations

import datetime as _dt
import zipfile

import pytest

from mappa_desk.services import anchors, backup, session as sessions
from mappa_desk.storage import audit, checkpoints
from tests.conftest import FAST_KDF, PASSPHRASE
from tests.services.test_backup_housekeeping import on_another_thread

NOW = _dt.datetime(2026, 11, 20, 9, 30, 0)
BEFORE, DURING = 40, 20  # edits before the backup, and at each of two moments while it is being copied


def _note(session, key: str) -> None:
    with session.db.transaction():
        session.db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, f"{key}: " + "words " * 150))
    session.notes_made.append(key)


def _notes_from_another_thread(session, prefix: str, count: int) -> None:
    """Edits as the user's lane makes them while the backup runs."""
    on_another_thread(lambda: [_note(session, f"{prefix}_{n:03d}") for n in range(count)])


@pytest.mark.parametrize("checkpoint", ["none", "during the copy", "before the backup"])
def test_a_backup_taken_while_edits_land_restores_to_the_vault_at_its_snapshot(tmp_path, monkeypatch, checkpoint):
    monkeypatch.setattr(checkpoints, "PAUSE_S", 3600.0)  # the checkpointer waits: the edits stay in the log
    _recovery, session = sessions.create(tmp_path / "vault", PASSPHRASE, kdf=FAST_KDF)
    session.notes_made = []
    real_take, real_copy_log = anchors.take, backup._copy_log

    def copy_log_after_edits(*args):
        # An edit lands just before the log is copied (made on this thread: it may hold the vault's connection).
        for n in range(DURING):
            _note(session, f"test_during_log_{n:03d}")
        return real_copy_log(*args)

    def take_while_edits_land(reader):
        # Called once the copy's snapshot is taken, before the file is copied: the user goes on editing.
        _notes_from_another_thread(session, "test_during", DURING)
        if checkpoint == "during the copy":
            session.db.checkpointer.run_once()  # copies into the file what no reader still needs
        return real_take(reader)

    try:
        for n in range(BEFORE):
            _note(session, f"test_before_{n:03d}")
        if checkpoint == "before the backup":
            session.db.checkpointer.run_once()  # all of the log in the file: the copy needs none of it
        monkeypatch.setattr(anchors, "take", take_while_edits_land)
        monkeypatch.setattr(backup, "_copy_log", copy_log_after_edits)
        backup_file = backup.make_backup(session, tmp_path / "backups", NOW)
        monkeypatch.setattr(anchors, "take", real_take)
        monkeypatch.setattr(backup, "_copy_log", real_copy_log)
        in_vault = sorted(r[0] for r in session.db.query("SELECT key FROM settings WHERE key LIKE 'test_%'"))
    finally:
        session.close()
    assert in_vault == sorted(session.notes_made)  # nothing the user did meanwhile was lost
    with zipfile.ZipFile(backup_file) as zf:
        anchor = audit.Anchor.from_manifest(backup.json_member(zf, backup.MANIFEST_MEMBER)["audit_head"], "")

    elsewhere = tmp_path / "restored"
    backup.restore(elsewhere, backup_file, PASSPHRASE)
    restored = sessions.unlock(elsewhere, PASSPHRASE)
    try:
        soundness = audit.soundness(restored.db)
        keys = sorted(r[0] for r in restored.db.query("SELECT key FROM settings WHERE key LIKE 'test_%'"))
        values_whole = restored.db.scalar(
            "SELECT count(*) FROM settings WHERE key LIKE 'test_%' AND value = key || ': ' || ?", ("words " * 150,))
        during_in_trail = restored.db.scalar("SELECT count(*) FROM audit_log WHERE detail LIKE '%test_during%'")
        head_entry = restored.db.scalar("SELECT count(*) FROM audit_log WHERE id <= ?", (anchor.last_id,))
    finally:
        restored.close()
    assert soundness.problems == [] and soundness.chained and soundness.ok
    assert keys == [f"test_before_{n:03d}" for n in range(BEFORE)]  # every edit before, none during
    assert values_whole == BEFORE
    assert during_in_trail == 0
    assert head_entry == anchor.entries  # the manifest's head is the copy's
