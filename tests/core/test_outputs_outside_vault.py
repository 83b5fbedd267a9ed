"""Outputs never land in the vault: every command that writes a file refuses a target inside the data folder.

Run as a user would run them (`mappa-desk ...` in a child process); the vault's files are compared byte
for byte before and after each refusal.
"""

from __future__ import annotations

import os
import re

import pytest

from mappa_desk.errors import OutputInVault
from mappa_desk.files import refuse_inside_vault
from mappa_desk.services import documents, lifecycle, records, session as sessions
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot
from tests.cli.cli_helpers import run_cli

HANDOVER_PASSPHRASE = "blue heron at the harbour"
REFUSED = re.compile(r"^mappa-desk: The (documents|export|handover file|ViSOR export|requests log|backup) cannot be "
                     r"written to .+: that is inside the data folder .+, which holds the vault itself, and it could "
                     r"replace the vault's own files\. Choose a place outside it; nothing was written\.\n$", re.S)


@pytest.fixture(scope="module")
def vault(tmp_path_factory):
    """A closed demo vault with a held meeting and a final one. Returns (root, data folder, held id, final id)."""
    root = tmp_path_factory.mktemp("outputs")
    folder = root / "vault"
    _, session = sessions.create(folder, PASSPHRASE, kdf=FAST_KDF)
    try:
        records.load_demo(session)
        held, circulated = [row[0] for row in session.db.query(
            "SELECT id FROM meetings WHERE status = 'held' ORDER BY id LIMIT 2")]
        documents.generate_for_meeting(session, circulated, root / "drafts")
        lifecycle.clear(session, circulated, "DCI Morag Lennox")
        lifecycle.circulate(session, circulated, "Sam Reid")
    finally:
        session.close()
    return root, folder, held, circulated


def cli(folder, *args, stdin=PASSPHRASE + "\n"):
    return run_cli(*args, "--data-dir", folder, "--passphrase-stdin", stdin=stdin)


@pytest.mark.attack("`export ID --json DATA/vault.db`", "refused; vault.db unchanged")
def test_export_aimed_at_the_vault_database_is_refused_and_the_database_is_unchanged(vault):
    _, folder, held, _ = vault
    before = snapshot(folder)
    result = cli(folder, "export", held, "--json", folder / "vault.db")
    assert result.returncode == 2 and REFUSED.match(result.stderr), result.stderr
    assert f"inside the data folder {folder}," in result.stderr
    assert snapshot(folder) == before
    assert cli(folder, "list").returncode == 0  # and it still opens


@pytest.mark.attack("`handover-export --out DATA/vault.key`", "refused; vault.key unchanged")
def test_handover_export_aimed_at_the_key_file_is_refused_and_the_key_file_is_unchanged(vault):
    _, folder, held, _ = vault
    before = snapshot(folder)
    result = cli(folder, "handover-export", held, "--out", folder / "vault.key",
                 stdin=f"{PASSPHRASE}\n{HANDOVER_PASSPHRASE}\n")
    assert result.returncode == 2 and REFUSED.match(result.stderr), result.stderr
    assert snapshot(folder) == before


@pytest.mark.attack("An output through a symbolic link into the data folder", "refused")
def test_a_link_outside_that_points_into_the_data_folder_is_refused(vault):
    root, folder, held, _ = vault
    link = root / "looks-harmless"
    if not link.exists():
        link.symlink_to(folder, target_is_directory=True)
    file_link = root / "meeting.json"
    if not file_link.is_symlink():
        file_link.symlink_to(folder / "vault.db")
    before = snapshot(folder)
    for args in (("export", held, "--json", link / "vault.db"),
                 ("export", held, "--json", file_link),
                 ("docs", held, "--out", link / "not-yet" / "deeper")):
        result = cli(folder, *args)
        assert result.returncode == 2 and REFUSED.match(result.stderr), (args, result.stderr)
    assert snapshot(folder) == before


@pytest.mark.parametrize("args", [
    ("docs", "{held}", "--out", "{data}"),
    ("docs", "{held}", "--out", "{data}/documents"),
    ("final", "{final}", "--by", "DCI Morag Lennox", "--out", "{data}/finals"),
    ("visor-export", "{final}", "--out", "{data}"),
    ("requests", "1", "--csv", "{data}/requests.csv"),
    ("backup", "--to", "{data}"),
    ("backup", "--to", "{data}/backups/older"),
    ("render", "{root}/meeting-out.json", "--out", "{data}/rendered"),
], ids=["docs", "docs-subfolder", "final", "visor-export", "requests-csv", "backup", "backup-subfolder", "render"])
@pytest.mark.attack("`{id}` aimed into the data folder", "refused with a sentence; nothing written")
def test_every_command_that_writes_refuses_the_data_folder(vault, args):
    root, folder, held, final = vault
    exported = root / "meeting-out.json"
    if not exported.exists():
        assert cli(folder, "export", held, "--json", exported).returncode == 0
    before = snapshot(folder)
    result = cli(folder, *(a.format(data=folder, held=held, final=final, root=root) for a in args))
    assert result.returncode == 2 and REFUSED.match(result.stderr), result.stderr
    assert snapshot(folder) == before  # the final stayed circulated, no backup folder was remembered


def test_the_apps_own_backup_folder_in_the_data_folder_is_allowed(vault):
    _, folder, _, _ = vault
    result = cli(folder, "backup", "--to", folder / "backups")
    assert result.returncode == 0, result.stderr
    assert [p.suffix for p in (folder / "backups").iterdir()] == [".mdbackup"]


def test_the_check_follows_links_and_judges_a_new_file_by_its_folder(tmp_path):
    data = tmp_path / "data"
    (data / "backups").mkdir(parents=True)
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "into").symlink_to(data)
    assert refuse_inside_vault(outside / "new.json", data, "the export") == outside.resolve() / "new.json"
    assert refuse_inside_vault(data / "backups", data, "the backup", allowed=data / "backups") == \
        (data / "backups").resolve()
    for target in (data, data / "vault.db", outside / "into" / "new" / "deeper.json", outside / "into"):
        with pytest.raises(OutputInVault, match="^The export cannot be written to .*: that is inside the data"):
            refuse_inside_vault(target, data, "the export")
    loop = tmp_path / "loop"
    loop.symlink_to(loop)
    with pytest.raises(Exception) as found:
        refuse_inside_vault(loop / "x", data, "the export")
    assert found.type.__module__ == "mappa_desk.errors" and "nothing was written" in str(found.value)
    assert os.path.islink(loop)
