"""Nothing of the record, the passphrase or the recovery key is readable in any file the vault writes."""

import dataclasses

from mappa_desk.services import records
from mappa_desk.demo import demo_records
from tests.conftest import PASSPHRASE
from tests.cli.cli_helpers import run_cli


def _strings(value, found):
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            _strings(getattr(value, f.name), found)
    elif isinstance(value, (list, tuple)):
        for item in value:
            _strings(item, found)
    elif isinstance(value, str) and len(value) >= 6 and not value[:4].isdigit():
        found.add(value)
    return found


def demo_needles() -> list[bytes]:
    texts = set()
    for individual, history in demo_records():
        _strings(individual, texts)
        for meeting in history:
            _strings(meeting, texts)
    # Whole values and their first 12 characters, in the encodings SQLite could use.
    needles = set()
    for text in texts:
        for piece in (text, text[:12]):
            needles.add(piece.encode("utf-8"))
            needles.add(piece.encode("utf-16-le"))
    return sorted(needles)


def _files(folder):
    return [p for p in folder.rglob("*") if p.is_file()]


def _leaks(folder, needles):
    leaks = []
    for path in _files(folder):
        raw = path.read_bytes()
        leaks += [f"{path.name}: {n[:30]!r}" for n in needles if n in raw]
    return leaks


def test_the_needles_are_real():
    needles = demo_needles()
    assert len(needles) > 200
    assert any(b"DEMO/" in n for n in needles)


def test_after_init_and_demo_no_demo_text_is_in_any_file(tmp_path):
    folder = tmp_path / "vault"
    init = run_cli("init", "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n")
    assert init.returncode == 0, init.stderr
    recovery = init.stdout.split("shown only this once):")[1].split()[0]
    assert run_cli("demo", "--data-dir", folder, "--passphrase-stdin", stdin=PASSPHRASE + "\n").returncode == 0
    needles = demo_needles() + [PASSPHRASE.encode(), recovery.encode(), recovery.replace("-", "").encode()]
    assert {p.name for p in _files(folder)} == {"vault.db", "vault.key", "vault.lock"}  # the lock: empty
    assert _leaks(folder, needles) == []


def test_while_the_vault_is_open_the_wal_leaks_nothing_either(vault_session, data_dir):
    records.load_demo(vault_session)
    names = {p.name for p in _files(data_dir)}
    assert "vault.db-wal" in names  # the committed demo is (at least partly) in the WAL now
    assert _leaks(data_dir, demo_needles()) == []
