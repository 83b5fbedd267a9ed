"""A change of the vault's key stopped part-way (Cancel, or Ctrl+C) leaves the vault exactly as it was."""

import pytest

from mappa_desk import cli
from mappa_desk.services import records, session as sessions
from mappa_desk.vault import Vault, new_recovery_key
from mappa_desk.vault.rotation import RotationStopped
from tests.conftest import FAST_KDF, PASSPHRASE

NEW_PASSPHRASE = "a brand new passphrase for the rotated key"


@pytest.fixture
def demo_vault(vault_session, data_dir):
    records.load_demo(vault_session)
    counts = vault_session.counts()
    vault_session.close()
    return data_dir, vault_session.recovery_key, counts


def _as_before(folder, recovery, counts, key_file: bytes) -> None:
    assert sorted(p.name for p in folder.iterdir()) == ["vault.db", "vault.key", "vault.lock"]  # nothing staged left
    assert (folder / "vault.key").read_bytes() == key_file
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        assert session.counts() == counts
        assert session.db.integrity_problems() == []
    finally:
        session.close()
    sessions.unlock_with_recovery_key(folder, recovery).close()


def _rotate(folder, **kwargs):
    vault = Vault(folder)
    recovery = new_recovery_key()
    return vault.rotate_key(vault.key_from_passphrase(PASSPHRASE), NEW_PASSPHRASE, recovery, recovery,
                            kdf=FAST_KDF, **kwargs)


@pytest.mark.parametrize("when", ["during the copy", "checking the copy", "writing the key file"])
def test_a_cancelled_change_of_key_leaves_the_vault_as_before(demo_vault, when):
    folder, recovery, counts = demo_vault
    key_file = (folder / "vault.key").read_bytes()
    said = []

    def progress(fraction, text):
        said.append(text)

    def should_stop() -> bool:
        if when == "during the copy":
            return len(said) > 1  # the copy has reported how far it got: stop it part-way
        return said[-1] == {"checking the copy": "Checking the copy…",
                            "writing the key file": "Writing the new key file…"}[when]

    with pytest.raises(RotationStopped) as stopped:
        _rotate(folder, progress=progress, should_stop=should_stop)
    assert str(stopped.value) == ("The change of the vault's key was stopped before it finished; nothing was "
                                  "changed. The vault opens with the same passphrase and recovery key as before.")
    _as_before(folder, recovery, counts, key_file)


def test_ctrl_c_during_the_copy_leaves_the_vault_as_before(demo_vault):
    folder, recovery, counts = demo_vault
    key_file = (folder / "vault.key").read_bytes()

    def progress(fraction, text):
        if fraction > 0:
            raise KeyboardInterrupt  # as Ctrl+C arriving inside the export, where the progress is reported

    with pytest.raises(KeyboardInterrupt):
        _rotate(folder, progress=progress)
    _as_before(folder, recovery, counts, key_file)


def test_ctrl_c_during_rotate_key_says_cancelled_and_changes_nothing(demo_vault, monkeypatch, capsys):
    folder, recovery, counts = demo_vault
    key_file = (folder / "vault.key").read_bytes()

    def printer():
        def progress(fraction, text):
            if fraction > 0:
                raise KeyboardInterrupt
        return progress
    monkeypatch.setattr(cli, "_progress_printer", printer)
    typed = []

    def ask(self, prompt):
        if prompt.startswith("Type the new recovery key"):
            shown = [line.strip() for line in capsys.readouterr().out.splitlines() if line.startswith("    ")]
            typed.append(shown[-1])
            return shown[-1]
        return PASSPHRASE
    monkeypatch.setattr(cli._Secrets, "ask", ask)
    code = cli.main(["rotate-key", "--data-dir", str(folder), "--passphrase-stdin"])
    assert typed, "the new recovery key was shown and typed back"
    assert code == 130
    assert capsys.readouterr().err.strip().endswith("mappa-desk: cancelled; nothing was changed.")
    _as_before(folder, recovery, counts, key_file)
