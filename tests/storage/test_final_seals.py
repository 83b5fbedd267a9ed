"""Finals are sealed and the audit chain anchored: `doctor` names a final changed with the key, an emptied or
shortened trail, and a trail that no longer holds the head written into a backup or a ViSOR export."""

from __future__ import annotations

import datetime
import io
import json
import shutil
import sys
import zipfile

import pytest
import sqlcipher3

from mappa_desk import cli
from mappa_desk.services import anchors, backup, lifecycle, records, session as sessions, visor_export
from mappa_desk.storage import audit, seals
from tests.conftest import PASSPHRASE
from tests.services.test_lifecycle import CHAIR, to_circulated


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def _raw(folder):
    """The database opened with the key but without the app: no audit triggers, append-only rule lifted.
    This is what someone holding the key can do."""
    key = sessions.vault_at(folder).key_from_passphrase(PASSPHRASE)
    conn = sqlcipher3.connect(str(sessions.vault_at(folder).db_path), isolation_level=None)
    conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    return conn


def _doctor(folder, monkeypatch, capsys, *extra) -> tuple[int, str]:
    monkeypatch.setattr(sys, "stdin", io.StringIO(PASSPHRASE + "\n"))
    code = cli.main(["doctor", "--data-dir", str(folder), "--passphrase-stdin", *map(str, extra)])
    return code, capsys.readouterr().out


def _finals(session, tmp_path, count=2) -> list[int]:
    made = []
    for meeting_id in [i for (i,) in session.db.query(
            "SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT ?", (count,))]:
        to_circulated(session, meeting_id, tmp_path / f"m{meeting_id}")
        lifecycle.make_final(session, meeting_id, CHAIR, tmp_path / f"final{meeting_id}")
        made.append(meeting_id)
    assert len(made) == count
    return made


# -- seals ------------------------------------------------------------------------------------------------

def test_the_final_is_sealed_in_its_own_transaction_and_an_untouched_final_passes(demo, data_dir, tmp_path,
                                                                                  monkeypatch, capsys):
    first, second = _finals(demo, tmp_path)
    rows = demo.db.query("SELECT meeting_id, format, sha256 FROM final_seals ORDER BY meeting_id")
    assert [(m, f) for m, f, _ in rows] == [(first, seals.FORMAT), (second, seals.FORMAT)]
    assert rows[0][2] == seals.seal_hash(demo.db, first) and rows[0][2] != rows[1][2]
    # the seal was written with the final: its audit entry sits right after the made_final event's
    made = demo.db.scalar("SELECT max(id) FROM audit_log WHERE table_name = 'record_events' AND "
                          "json_extract(detail, '$.meeting_id') = ? AND json_extract(detail, '$.event') = 'made_final'",
                          (first,))
    sealed = demo.db.scalar("SELECT id FROM audit_log WHERE table_name = 'final_seals' AND row_id = ?", (first,))
    assert sealed > made
    demo.close()
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 0, out
    assert "Final records:   ok (2 sealed, each unchanged since it was made final; 6 made final before" in out


@pytest.mark.parametrize("change", [
    "UPDATE meetings SET level_rationale = level_rationale || ' (rewritten)' WHERE id = :m",
    "UPDATE risks SET description = 'a different risk' WHERE id = (SELECT min(id) FROM risks WHERE meeting_id = :m)",
    "DELETE FROM decisions WHERE id = (SELECT min(id) FROM decisions WHERE meeting_id = :m)",
    "UPDATE document_versions SET sha256 = 'f' || substr(sha256, 2) WHERE meeting_id = :m AND status = 'final' "
    "AND kind = 'minute' AND format = 'pdf'",
], ids=["meeting text", "a risk", "a decision removed", "a final file's hash"])
@pytest.mark.attack("A final record changed with the key ({id})", "doctor fails, naming the meeting")
def test_a_final_changed_with_the_key_is_named_by_doctor(demo, data_dir, tmp_path, monkeypatch, capsys, change):
    changed, untouched = _finals(demo, tmp_path)
    date = demo.db.scalar("SELECT meeting_date FROM meetings WHERE id = ?", (changed,))
    name = demo.db.scalar("SELECT family_name FROM individuals i JOIN meetings m ON m.individual_id = i.id "
                          "WHERE m.id = ?", (changed,))
    demo.close()
    conn = _raw(data_dir)
    assert conn.execute(change, {"m": changed}).rowcount == 1
    conn.close()

    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 1, out
    assert f"Final records:   CHANGED after they were made final: meeting {changed} of {date}\n" in out
    assert f"meeting {untouched} " not in out
    assert "Audit trail:     ok" in out, "the raw change wrote no audit entry: only the seal shows it"
    assert name not in out


def test_what_legitimately_changes_after_the_final_leaves_the_seal_whole(demo, tmp_path):
    meeting_id, = _finals(demo, tmp_path, count=1)
    lifecycle.add_addendum(demo, meeting_id, "A date was wrong", "The review date is 3 March.", CHAIR,
                           tmp_path / "addendum")
    with demo.db.transaction():  # a later review records what became of the final's actions
        demo.db.execute("UPDATE actions SET status = 'closed', outcome = 'done', outcome_note = 'Done.' "
                        "WHERE meeting_id = ?", (meeting_id,))
    assert seals.broken_seals(demo.db) == []


# -- an emptied or shortened trail --------------------------------------------------------------------------

@pytest.mark.attack("Every audit entry deleted from a vault holding meetings", "doctor fails")
def test_doctor_fails_when_every_audit_entry_was_deleted(demo, data_dir, monkeypatch, capsys):
    demo.close()
    conn = _raw(data_dir)
    conn.execute("DELETE FROM audit_log")
    conn.close()
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 1, out
    assert "Audit trail:     INCOMPLETE. The audit trail is missing entries: " in out
    assert " in meetings" in out and "ok (0 entries" not in out


@pytest.mark.attack("Audit entries cut off the end of the chain", "doctor fails")
def test_doctor_fails_when_entries_are_cut_off_the_end(demo, data_dir, monkeypatch, capsys):
    last = demo.db.scalar("SELECT max(id) FROM audit_log")
    cut = demo.db.query("SELECT operation, table_name FROM audit_log WHERE id > ?", (last - 20,))
    assert ("insert", "actions") in cut or any(op == "insert" and t in audit.COVERED for op, t in cut)
    demo.close()
    conn = _raw(data_dir)
    conn.execute("DELETE FROM audit_log WHERE id > ?", (last - 20,))
    conn.close()
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 1, out
    assert "Audit trail:     INCOMPLETE." in out


# -- anchors ------------------------------------------------------------------------------------------------

def test_every_backup_carries_the_chains_head(demo, tmp_path):
    head = audit.head(demo.db)
    made = backup.make_backup(demo, tmp_path / "backups")
    with zipfile.ZipFile(made) as zf:
        written = json.loads(zf.read("manifest.json"))["audit_head"]
        (tmp_path / "copy.db").write_bytes(zf.read("vault.db"))
    assert (written["entries"], written["last_id"], written["hash"]) == (head.entries, head.last_id, head.hash)
    anchor = anchors.from_backup(made)
    assert audit.anchor_problem(demo.db, anchor) == ""
    # what restore can call: the backup's own database holds the head its manifest names
    conn = sqlcipher3.connect(str(tmp_path / "copy.db"))
    conn.execute(f"PRAGMA key = \"x'{demo.vault.key_from_passphrase(PASSPHRASE).hex()}'\"")
    try:
        assert audit.anchor_problem(conn, anchor) == ""
        conn.execute("DROP TRIGGER audit_log_no_delete")
        conn.execute("DELETE FROM audit_log WHERE id = ?", (anchor.last_id,))
        assert "no longer reaches entry" in audit.anchor_problem(conn, anchor)
    finally:
        conn.close()


@pytest.mark.attack("Entries cut off after a backup was made", "found by the backup's anchor")
def test_updates_cut_off_after_a_backup_are_found_by_its_anchor(demo, data_dir, tmp_path, monkeypatch, capsys):
    with demo.db.transaction():
        demo.db.execute("UPDATE meetings SET housing_notes = 'moved' WHERE id = 1")
    made = backup.make_backup(demo)
    anchor = anchors.from_backup(made)
    demo.close()
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 0, out
    assert f"Anchors:         ok (2 checked; the newest, entry {anchor.last_id} from backup {made.name}, is held)" in out
    conn = _raw(data_dir)  # the update's entry and everything from the anchor on: only updates and settings
    assert {t for (t,) in conn.execute("SELECT DISTINCT table_name FROM audit_log WHERE id >= ? AND "
                                       "operation = 'insert'", (anchor.last_id,))} <= {"settings"}
    conn.execute("DELETE FROM audit_log WHERE id >= ?", (anchor.last_id,))
    conn.close()
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 1, out
    assert "Audit trail:     ok" in out, "no row lacks its insert entry: only the anchor shows the cut"
    assert f"Anchors:         FAILED. The audit trail no longer reaches entry {anchor.last_id}" in out


@pytest.mark.attack("The whole chain rewritten consistently with the key",
                    "caught by an anchor kept outside the vault")
def test_a_chain_rewritten_with_the_key_is_caught_only_by_an_anchor_kept_elsewhere(demo, data_dir, tmp_path,
                                                                                 monkeypatch, capsys):
    made = backup.make_backup(demo)
    elsewhere = tmp_path / "usb" / made.name
    elsewhere.parent.mkdir()
    shutil.copy2(made, elsewhere)
    demo.close()
    shutil.rmtree(made.parent)  # the attacker removes the backups beside the vault too
    conn = _raw(data_dir)
    conn.execute("UPDATE audit_log SET actor = 'someone else' WHERE id = 5")
    prev = None
    for row in conn.execute("SELECT id, at, actor, operation, table_name, row_id, detail FROM audit_log "
                            "ORDER BY id").fetchall():
        prev = audit.chain_hash(prev, *row)
        conn.execute("UPDATE audit_log SET hash = ? WHERE id = ?", (prev, row[0]))
    conn.execute("DELETE FROM settings WHERE key = ?", (anchors.ANCHOR_SETTING,))
    conn.close()
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 0, out  # consistent rewriting is invisible from inside the vault
    code, out = _doctor(data_dir, monkeypatch, capsys, "--anchor", elsewhere)
    assert code == 1, out
    assert "Anchors:         FAILED." in out and "was rewritten after that anchor was taken" in out


def test_a_restore_sets_aside_the_anchors_of_the_vault_it_replaced(demo, data_dir, tmp_path, monkeypatch, capsys):
    older = backup.make_backup(demo, now=datetime.datetime(2026, 11, 1, 9, 0))
    with demo.db.transaction():
        demo.db.execute("UPDATE meetings SET housing_notes = 'moved' WHERE id = 1")
    backup.make_backup(demo, now=datetime.datetime(2026, 11, 2, 9, 0))
    demo.close()
    backup.restore(data_dir, older, PASSPHRASE)
    session = sessions.unlock(data_dir, PASSPHRASE)
    with session.db.transaction():
        session.db.execute("UPDATE meetings SET housing_notes = 'after the restore' WHERE id = 2")
    session.close()
    # The newer backup's chain is gone with the vault set aside; restore marked when it happened, so that
    # anchor is counted as set aside rather than failed (without the mark, doctor would fail here).
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 0, out
    assert "1 anchor(s) of the vault set aside by a restore were not compared" in out


def test_the_visor_manifest_carries_the_chains_head_and_doctor_compares_it(demo, data_dir, tmp_path, monkeypatch,
                                                                          capsys):
    meeting_id, = _finals(demo, tmp_path, count=1)
    exported = visor_export.export_for_visor(demo, meeting_id, tmp_path / "visor")
    anchor = anchors.from_visor_manifest(exported.manifest)
    assert anchor is not None and audit.anchor_problem(demo.db, anchor) == ""
    demo.close()
    code, out = _doctor(data_dir, monkeypatch, capsys, "--anchor", exported.manifest)
    assert code == 0, out
    conn = _raw(data_dir)
    conn.execute("DELETE FROM audit_log WHERE id >= ?", (anchor.last_id,))
    conn.execute("DELETE FROM settings WHERE key = ?", (anchors.ANCHOR_SETTING,))
    conn.close()
    code, out = _doctor(data_dir, monkeypatch, capsys, "--anchor", exported.manifest)
    assert code == 1 and f"no longer reaches entry {anchor.last_id}" in out


@pytest.mark.attack("A final's seal removed with the key", "doctor fails")
def test_a_seal_removed_with_the_key_is_found(demo, data_dir, tmp_path, monkeypatch, capsys):
    meeting_id, = _finals(demo, tmp_path, count=1)
    demo.close()
    conn = _raw(data_dir)
    conn.execute("DELETE FROM final_seals WHERE meeting_id = ?", (meeting_id,))
    conn.close()
    code, out = _doctor(data_dir, monkeypatch, capsys)
    assert code == 1, out
    assert "Audit trail:     INCOMPLETE." in out and "The seal of 1 final record(s) was removed without the trail recording it." in out
