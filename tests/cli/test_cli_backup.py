"""`mappa-desk backup` and `mappa-desk restore`, run as a user would run them."""

from __future__ import annotations

import json

from mappa_desk.services import backup
from tests.conftest import PASSPHRASE, snapshot
from tests.cli.cli_helpers import run_cli


def _run(command, folder, *args, stdin=PASSPHRASE + "\n"):
    return run_cli(command, *args, "--data-dir", folder, "--passphrase-stdin", stdin=stdin)


def test_backup_then_restore_on_another_laptop_and_over_a_vault(tmp_path):
    vault, backups, elsewhere = tmp_path / "vault", tmp_path / "usb", tmp_path / "new-laptop"
    for command in ("init", "demo"):
        result = _run(command, vault)
        assert result.returncode == 0, result.stderr
    listing = json.loads(_run("list", vault, "--json").stdout)

    for _ in range(3):
        result = _run("backup", vault, "--to", backups, "--keep", "2")
        assert result.returncode == 0, result.stderr
    assert "Backed up to " in result.stdout and "and checked it" in result.stdout
    assert "The newest 2 backups of this vault are kept in" in result.stdout
    made = backup.backups_in(backups)  # oldest first, as the rotation orders them ("…-1" is the later in a second)
    assert len(made) == 2

    # Without --to, the folder chosen before is used.
    result = _run("backup", vault)
    assert result.returncode == 0 and str(backups) in result.stdout, result.stderr

    result = _run("restore", elsewhere, made[-1])
    assert result.returncode == 0, result.stderr
    assert "Restored the vault from mappa-desk-backup-" in result.stdout
    assert json.loads(_run("list", elsewhere, "--json").stdout) == listing

    result = _run("restore", vault, made[-1], "--yes")
    assert result.returncode == 0, result.stderr
    assert "The vault it replaced is kept, unchanged, in " in result.stdout
    assert len(list(vault.glob("vault-before-restore-*/vault.db"))) == 1


def test_restore_with_the_wrong_passphrase_or_a_damaged_file_says_so_and_changes_nothing(tmp_path):
    vault = tmp_path / "vault"
    assert _run("init", vault).returncode == 0
    result = _run("backup", vault)
    assert result.returncode == 0, result.stderr
    assert "they protect against damage, not against losing the laptop" in result.stdout
    made = next((vault / "backups").glob("*.mdbackup"))
    before = snapshot(vault)

    result = _run("restore", vault, made, stdin="wrong passphrase entirely\n")
    assert result.returncode == 2
    assert "That passphrase doesn't open the backup" in result.stderr and "Traceback" not in result.stderr

    damaged = tmp_path / "damaged.mdbackup"
    data = bytearray(made.read_bytes())
    data[len(data) // 2] ^= 0xFF
    damaged.write_bytes(bytes(data))
    result = _run("restore", vault, damaged)
    assert result.returncode == 2
    assert "is damaged or has been changed, so it cannot be restored" in result.stderr
    assert snapshot(vault) == before
