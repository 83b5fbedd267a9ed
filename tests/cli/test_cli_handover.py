"""`mappa-desk handover-export` and `handover-import`, run as a user would run them."""

import re

import pytest

from mappa_desk.services import records, session as sessions
from tests.conftest import FAST_KDF, PASSPHRASE, snapshot
from tests.cli.cli_helpers import run_cli

AGREED = "blue heron at the harbour"


@pytest.fixture(scope="module")
def vaults(tmp_path_factory):
    root = tmp_path_factory.mktemp("handover")
    _, sender = sessions.create(root / "sender", PASSPHRASE, kdf=FAST_KDF)
    records.load_demo(sender)
    meeting_id = sender.db.scalar("SELECT id FROM meetings WHERE kind = 'review' ORDER BY id LIMIT 1")
    sender.close()
    sessions.create(root / "receiver", PASSPHRASE, kdf=FAST_KDF)[1].close()
    out = root / "out"
    out.mkdir()
    result = run_cli("handover-export", meeting_id, "--out", out, "--data-dir", root / "sender", "--passphrase-stdin",
                     stdin=f"{PASSPHRASE}\n{AGREED}\n")
    assert result.returncode == 0, result.stderr
    (path,) = out.iterdir()
    return root, path, result.stdout


def _import(root, path, *extra, handover_passphrase=AGREED):
    return run_cli("handover-import", path, *extra, "--data-dir", root / "receiver", "--passphrase-stdin",
                   stdin=f"{PASSPHRASE}\n{handover_passphrase}\n")


def test_export_writes_one_dated_file_and_says_where(vaults):
    _, path, stdout = vaults
    assert re.fullmatch(r"handover-\d{8}-\d{6}\.mdhandover", path.name)
    assert f"to {path}." in stdout and "another way than the file travels" in stdout


def test_a_changed_file_or_wrong_passphrase_is_refused_in_a_sentence_and_nothing_is_written(vaults, tmp_path):
    root, path, _ = vaults
    changed = tmp_path / path.name
    data = bytearray(path.read_bytes())
    data[-5] ^= 0x10
    changed.write_bytes(bytes(data))
    before = snapshot(root / "receiver")
    for result, sentence in ((_import(root, changed), "was changed or damaged after it was made"),
                             (_import(root, path, handover_passphrase="a wrong passphrase"),
                              "That passphrase does not open this handover file")):
        assert result.returncode == 2
        assert sentence in result.stderr and "Nothing was imported." in result.stderr
        assert "Traceback" not in result.stderr and "Error" not in result.stderr
    assert snapshot(root / "receiver") == before


def test_preview_then_import(vaults):
    root, path, _ = vaults
    before = snapshot(root / "receiver")
    preview = _import(root, path, "--preview")
    assert preview.returncode == 0, preview.stderr
    assert "This handover file holds one meeting of DEMO/" in preview.stdout
    assert "is new here and will be added" in preview.stdout
    assert "Nothing was imported (preview only)." in preview.stdout
    assert snapshot(root / "receiver") == before

    result = _import(root, path)
    assert result.returncode == 0, result.stderr
    assert "Imported: 1 added" in result.stdout
    again = _import(root, path)
    assert "0 added" in again.stdout and "1 already the same here" in again.stdout
