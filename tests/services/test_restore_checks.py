"""Restore checks the whole backup before the live vault is touched, and says what it sets aside."""

from __future__ import annotations

import json
import zipfile

import pytest

from mappa_desk.errors import UserFacingError
from mappa_desk.services import backup, records, restore as restoring, session as sessions
from mappa_desk.storage import audit
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot
from tests.cli.cli_helpers import run_cli


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def rebuild(made, target, *, manifest=None, db=None, compression=zipfile.ZIP_STORED):
    """A copy of the backup `made` with its manifest changed (a dict update) and/or its database replaced."""
    with zipfile.ZipFile(made) as zf:
        members = {name: zf.read(name) for name in zf.namelist()}
    doc = json.loads(members["manifest.json"])
    doc.update(manifest or {})
    members["manifest.json"] = json.dumps(doc).encode()
    if db is not None:
        members["vault.db"] = db
    with zipfile.ZipFile(target, "w", compression=compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return target


def no_leftovers(folder) -> bool:
    return not list(folder.glob(".mappa-desk-tmp-*")) and not list(folder.glob("vault-before-restore-*"))


@pytest.mark.attack("Restore of a backup whose database is 0 bytes", "refused before the vault is touched")
def test_a_backup_with_an_empty_database_is_refused_before_anything_is_touched(demo, data_dir, tmp_path):
    made = backup.make_backup(demo, tmp_path / "backups")
    demo.close()
    before = snapshot(data_dir)
    # As an older version wrote them (no size in the manifest), and as this one does.
    legacy = rebuild(made, tmp_path / "legacy-empty.mdbackup", db=b"",
                     manifest={"version": 1, "database_bytes": None, "database_sha256": None})
    current = rebuild(made, tmp_path / "empty.mdbackup", db=b"", manifest={"database_bytes": 0})
    for empty in (legacy, current):
        with pytest.raises(UserFacingError, match=r"holds an empty database \(0 bytes\), so it cannot be restored"):
            backup.restore(data_dir, empty, PASSPHRASE)
        assert snapshot(data_dir) == before and no_leftovers(data_dir)


@pytest.mark.attack("Restore of a backup with another vault's or a cut-short database", "refused; vault untouched")
def test_a_database_that_is_not_this_vaults_or_is_cut_short_is_refused(demo, data_dir, tmp_path):
    made = backup.make_backup(demo, tmp_path / "backups")
    with zipfile.ZipFile(made) as zf:
        data = zf.read("vault.db")
    demo.close()
    before = snapshot(data_dir)
    cut = data[:len(data) // 2]
    truncated = rebuild(made, tmp_path / "cut.mdbackup", db=cut, manifest={"version": 1})
    garbage = rebuild(made, tmp_path / "garbage.mdbackup", db=b"\x01" * 8192, manifest={"version": 1})
    for bad in (truncated, garbage):
        with pytest.raises(UserFacingError, match="cannot be restored"):
            backup.restore(data_dir, bad, PASSPHRASE)
        assert snapshot(data_dir) == before and no_leftovers(data_dir)


@pytest.mark.attack("Restore of a backup that would unpack larger than it says (ZIP bomb), beyond the ceiling, or with a wrong SHA-256",
                    "refused while copying out; vault untouched")
def test_the_manifest_bounds_the_database_and_a_ceiling_bounds_the_manifest(demo, data_dir, tmp_path):
    made = backup.make_backup(demo, tmp_path / "backups")
    with zipfile.ZipFile(made) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        data = zf.read("vault.db")
    assert manifest["database_bytes"] == len(data) and manifest["version"] == 2 and manifest["sequence"] >= 1
    demo.close()
    before = snapshot(data_dir)
    smaller = rebuild(made, tmp_path / "smaller.mdbackup", manifest={"database_bytes": len(data) - 4096})
    # A database that deflates from a few KB to far more than its manifest says (a ZIP bomb's shape).
    bomb = rebuild(made, tmp_path / "bomb.mdbackup", db=data + b"\0" * (64 * 1024 * 1024),
                   compression=zipfile.ZIP_DEFLATED)
    huge = rebuild(made, tmp_path / "huge.mdbackup", manifest={"database_bytes": restoring.MAX_DATABASE_BYTES + 1})
    changed = rebuild(made, tmp_path / "changed.mdbackup", manifest={"database_sha256": "0" * 64})
    assert bomb.stat().st_size < 2 * len(data) + 1024 * 1024
    for bad, sentence in ((smaller, "is damaged or has been changed"), (bomb, "is damaged or has been changed"),
                          (huge, "more than MAPPA Desk restores"), (changed, "not the one its manifest describes")):
        with pytest.raises(UserFacingError, match=sentence):
            backup.restore(data_dir, bad, PASSPHRASE)
        assert snapshot(data_dir) == before and no_leftovers(data_dir)


def test_copying_out_counts_the_bytes_and_stops_at_the_manifests_size(demo, tmp_path):
    made = backup.make_backup(demo, tmp_path / "backups")
    stage = tmp_path / "stage"
    stage.mkdir()
    with zipfile.ZipFile(made) as zf:
        size = zf.getinfo("vault.db").file_size
        with pytest.raises(UserFacingError, match="holds more data than its manifest says"):
            restoring._extract(zf, stage, size - 5000, None, made.name)  # as if the header had lied
    assert (stage / "vault.db").stat().st_size <= size - 5000


@pytest.mark.attack("Restore onto a disk without room", "refused first; vault untouched")
def test_a_disk_without_room_for_the_restore_refuses_it_first(demo, tmp_path):
    from tests.reliability.disk import small_disk

    made = backup.make_backup(demo, tmp_path / "backups")
    demo.close()
    with small_disk(32) as disk:  # room for the copy, not for the copy and the margin for its log
        with pytest.raises(UserFacingError, match="There is not enough free space in .* to restore this backup"):
            backup.restore(disk / "vault", made, PASSPHRASE)
        assert not list((disk / "vault").iterdir())


def _cli(command, folder, *args, stdin=PASSPHRASE + "\n"):
    return run_cli(command, *args, "--data-dir", folder, "--passphrase-stdin", stdin=stdin)


@pytest.mark.attack("Restore of another vault's backup", "named as another vault's; needs its own confirmation")
def test_a_backup_of_another_vault_is_named_and_needs_its_own_confirmation(tmp_path):
    mine, other = tmp_path / "mine", tmp_path / "other"
    for folder in (mine, other):
        assert _cli("init", folder).returncode == 0
    assert _cli("demo", other).returncode == 0
    assert _cli("backup", other, "--to", tmp_path / "usb").returncode == 0
    made = next((tmp_path / "usb").glob("*.mdbackup"))
    before = snapshot(mine)

    result = _cli("restore", mine, made, "--yes")
    assert result.returncode == 2
    assert "It is a backup of ANOTHER vault" in result.stdout
    assert "is of another vault, not of the vault in" in result.stderr and "--other-vault" in result.stderr
    assert snapshot(mine) == before and no_leftovers(mine)

    result = _cli("restore", mine, made, "--yes", "--other-vault")
    assert result.returncode == 0, result.stderr
    kept = list(mine.glob("vault-before-restore-*"))
    assert len(kept) == 1 and {p.name for p in kept[0].iterdir()} >= {"vault.key", "vault.db"}
    assert json.loads(_cli("list", mine, "--json").stdout)["meetings"]


@pytest.mark.attack("Restore of an older backup",
                    "says how many changes are set aside before confirming; written into the audit trail")
def test_restoring_an_older_backup_says_what_is_set_aside_first_and_the_restore_is_audited(tmp_path):
    vault = tmp_path / "vault"
    assert _cli("init", vault).returncode == 0
    assert _cli("backup", vault).returncode == 0
    made = next((vault / "backups").glob("*.mdbackup"))
    assert _cli("demo", vault).returncode == 0  # newer records: the demo individuals and meetings
    listing = json.loads(_cli("list", vault, "--json").stdout)
    before = snapshot(vault)

    result = _cli("restore", vault, made, stdin=PASSPHRASE + "\nno\n")  # asked, and the answer is no
    assert result.returncode == 1 and "Nothing was changed." in result.stdout
    shown = result.stdout
    assert "The current vault holds " in shown and " changes (audit entries) that are not in the backup" in shown
    assert f"{len(listing['meetings'])} meetings and {len(listing['individuals'])} individuals now" in shown
    assert snapshot(vault) == before and no_leftovers(vault)

    result = _cli("restore", vault, made, stdin=PASSPHRASE + "\nyes\n")
    assert result.returncode == 0, result.stderr
    assert "Restored the vault from " in result.stdout and "written in its audit trail" in result.stdout

    session = sessions.unlock(vault, PASSPHRASE)
    try:
        note = json.loads(session.db.scalar("SELECT value FROM settings WHERE key = 'last_restore'"))
        assert note["backup"] == made.name and note["set_aside_changes"] > 0
        entry = session.db.scalar("SELECT detail FROM audit_log WHERE table_name = 'settings' "
                                  "AND detail LIKE '%last_restore%' ORDER BY id DESC LIMIT 1")
        assert entry is not None and made.name in entry
        assert audit.verify_chain(session.db) == (True, None)
        assert session.counts()["meetings"] < len(listing["meetings"])
    finally:
        session.close()


def test_the_session_compares_before_it_locks(demo, data_dir, tmp_path):
    made = backup.make_backup(demo, tmp_path / "backups")
    with demo.db.transaction():
        demo.db.execute("UPDATE individuals SET family_name = family_name || 'x'")
    plan = restoring.prepare_restore(data_dir, made, PASSPHRASE, current_db=demo.db)
    try:
        # One audit entry per changed individual, and the backup's own five settings (anchor, number, day, time,
        # the last audit entry it holds).
        assert not plan.other_vault and plan.comparison.newer_changes == demo.db.scalar(
            "SELECT count(*) FROM individuals") + 5
        assert plan.comparison.backup_only_changes == 0
        assert "that are not in the backup" in restoring.describe(plan)
    finally:
        restoring.discard(plan)
    assert no_leftovers(data_dir)
