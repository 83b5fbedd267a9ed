"""A backup taken while edits land is the vault at one moment: every edit committed before it, none after.

The copy is taken from the database file and its write-ahead log, not from a file checkpointed first on the
vault's connection (that checkpoint held the user's connection while a large log was copied into a large file).
Here the background checkpointer is kept waiting, so the edits made before the backup are in the log only; the
edits made while the file is being copied, and (in one case) a checkpoint run meanwhile, must change nothing
in the backup. Each restored vault is checked as a user would: integrity, the audit chain, the rows.
"""

from __future__ import annotations

import datetime as _dt
import threading
import zipfile

import pytest

from mappa_desk.services import anchors, backup, session as sessions
from mappa_desk.storage import audit, checkpoints
from tests.conftest import FAST_KDF, PASSPHRASE

NOW = _dt.datetime(2026, 11, 20, 9, 30, 0)
BEFORE, DURING = 40, 20  # edits before the backup, and while its file is being copied


def _note(session, key: str) -> None:
    with session.db.transaction():
        session.db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (key, f"{key}: " + "words " * 150))


def _notes_from_another_thread(session, prefix: str, count: int) -> None:
    """Edits as the user's lane makes them while the backup runs."""
    failed: list[BaseException] = []

    def edit():
        try:
            for n in range(count):
                _note(session, f"{prefix}_{n:03d}")
        except BaseException as err:  # noqa: BLE001 - reported on the test's thread below
            failed.append(err)

    worker = threading.Thread(target=edit)
    worker.start()
    worker.join()
    assert not failed, failed


@pytest.mark.parametrize("checkpoint_during_copy", [False, True], ids=["log-only", "checkpoint-during-copy"])
def test_a_backup_taken_while_edits_land_restores_to_the_vault_at_its_snapshot(tmp_path, monkeypatch,
                                                                               checkpoint_during_copy):
    monkeypatch.setattr(checkpoints, "PAUSE_S", 3600.0)  # the checkpointer waits: the edits stay in the log
    folder = tmp_path / "vault"
    _recovery, session = sessions.create(folder, PASSPHRASE, kdf=FAST_KDF)
    real_take = anchors.take

    def take_while_edits_land(reader):
        # Called once the copy's snapshot is taken, before the file is copied: the user goes on editing.
        _notes_from_another_thread(session, "test_during", DURING)
        if checkpoint_during_copy:
            session.db.checkpointer.run_once()  # copies into the file what no reader still needs
        return real_take(reader)

    try:
        for n in range(BEFORE):
            _note(session, f"test_before_{n:03d}")
        monkeypatch.setattr(anchors, "take", take_while_edits_land)
        made = backup.make_backup(session, tmp_path / "backups", NOW)
        monkeypatch.setattr(anchors, "take", real_take)
        in_vault = sorted(r[0] for r in session.db.query("SELECT key FROM settings WHERE key LIKE 'test_%'"))
    finally:
        session.close()
    assert len(in_vault) == BEFORE + DURING  # nothing the user did meanwhile was lost
    with zipfile.ZipFile(made) as zf:
        anchor = audit.Anchor.from_manifest(backup.json_member(zf, backup.MANIFEST_MEMBER)["audit_head"], "")

    elsewhere = tmp_path / "restored"
    backup.restore(elsewhere, made, PASSPHRASE)
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
