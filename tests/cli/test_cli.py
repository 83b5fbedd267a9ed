"""The `mappa-desk` commands, run as a user would run them."""

import json
import re

import pytest

from tests.conftest import PASSPHRASE, snapshot
from tests.cli.cli_helpers import run_cli

RECOVERY = re.compile(r"\b([A-Z2-7]{4}(?:-[A-Z2-7]{4}){7})\b")


@pytest.fixture(scope="module")
def demo_vault(tmp_path_factory):
    """One vault with the demo data, made through the CLI (default KDF, as a user gets it)."""
    folder = tmp_path_factory.mktemp("cli") / "vault"
    init = run_cli("init", "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert init.returncode == 0, init.stderr
    match = RECOVERY.search(init.stdout)
    assert match, init.stdout
    demo = run_cli("demo", "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert demo.returncode == 0, demo.stderr
    return folder, match.group(1)


def _list(folder):
    result = run_cli("list", "--json", "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_init_shows_the_recovery_key_once_and_it_works(demo_vault, tmp_path):
    folder, recovery = demo_vault
    result = run_cli("--data-dir", folder, "recover", "--passphrase-stdin",
                     stdin=f"{recovery}\n{PASSPHRASE}\n")  # same passphrase again: proves the key unlocks
    assert result.returncode == 0, result.stderr


def test_init_refuses_an_existing_vault(demo_vault):
    folder, _ = demo_vault
    before = snapshot(folder)
    result = run_cli("init", "--data-dir", folder, "--passphrase-stdin", stdin="another passphrase here\n")
    assert result.returncode != 0
    assert "already a vault" in result.stderr
    assert snapshot(folder) == before


def test_list_shows_the_demo_individuals_and_meetings(demo_vault):
    listing = _list(demo_vault[0])
    assert len(listing["individuals"]) >= 5
    assert {i["category"] for i in listing["individuals"]} == {1, 2, 3}
    assert {m["level"] for m in listing["meetings"]} == {2, 3}
    assert {m["kind"] for m in listing["meetings"]} == {"initial", "review"}


def test_data_dir_may_come_from_the_environment(demo_vault):
    folder, _ = demo_vault
    result = run_cli("list", "--passphrase-stdin", stdin=PASSPHRASE + "\n", env_extra={"MAPPA_DESK_DATA_DIR": str(folder)})
    assert result.returncode == 0, result.stderr
    assert "Individuals" in result.stdout


def test_wrong_passphrase_is_one_sentence_nonzero_and_changes_nothing(demo_vault):
    folder, _ = demo_vault
    before = snapshot(folder)
    result = run_cli("list", "--data-dir", folder, "--passphrase-stdin", stdin="not my passphrase\n")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.strip() == ("mappa-desk: That passphrase doesn't unlock this vault. Check it (and Caps Lock) "
                                     "and try again, or use your recovery key.")
    assert snapshot(folder) == before


def test_flipped_byte_is_reported_with_the_file_and_nothing_new_is_created(demo_vault, tmp_path):
    import shutil
    folder = tmp_path / "copy"
    shutil.copytree(demo_vault[0], folder)
    db = folder / "vault.db"
    data = bytearray(db.read_bytes())
    data[100] ^= 0x40
    db.write_bytes(bytes(data))
    before = snapshot(folder)
    for command in ("list", "doctor"):
        result = run_cli(command, "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
        assert result.returncode != 0
        assert str(db) in result.stderr and "damaged" in result.stderr
        assert "Traceback" not in result.stderr
        assert snapshot(folder) == before


def test_doctor_reports_versions_keyring_and_integrity(demo_vault):
    folder, _ = demo_vault
    result = run_cli("doctor", "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    assert "SQLCipher:       4." in result.stdout
    assert "Keyring backend: keyring.backends.fail.Keyring (none usable" in result.stdout
    assert f"Data folder:     {folder}" in result.stdout
    assert "Integrity check: ok" in result.stdout


def test_export_then_import_into_another_vault_gives_back_the_same_content(demo_vault, tmp_path):
    folder, _ = demo_vault
    listing = _list(folder)
    # A held review: a file's cleared, circulated or final status is not taken by an import (issue 18).
    review = next(m for m in listing["meetings"] if m["kind"] == "review" and m["status"] == "held")
    exported = tmp_path / "out" / "meeting.json"
    result = run_cli("export", review["id"], "--json", exported, "--data-dir", folder, "--passphrase-stdin",
                     stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    assert "not encrypted" in result.stderr

    other = tmp_path / "other"
    assert run_cli("init", "--data-dir", other, "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 0
    result = run_cli("import", exported, "--data-dir", other, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    imported = _list(other)["meetings"]
    new_id = next(m["id"] for m in imported if m["uid"] == review["uid"])
    again = run_cli("export", new_id, "--json", "--data-dir", other, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert again.returncode == 0, again.stderr
    first, second = json.loads(exported.read_text()), json.loads(again.stdout)
    first.pop("exported_at"), second.pop("exported_at")
    assert first == second
    assert first["meeting"]["previous"] is not None  # a review carries the previous RMP and actions

    # Importing the same meeting twice is refused and changes nothing.
    before = snapshot(other)
    result = run_cli("import", exported, "--data-dir", other, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert result.returncode == 2 and "already in the vault" in result.stderr
    assert snapshot(other) == before


def test_no_command_prints_help_instead_of_a_traceback():
    result = run_cli("--help")
    assert result.returncode == 0
    for command in ("init", "demo", "list", "export", "import", "doctor"):
        assert command in result.stdout
