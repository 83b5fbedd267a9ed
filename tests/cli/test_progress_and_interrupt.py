"""`mappa-desk doctor` and an upgrade at unlock say on standard error what they are doing, and Ctrl+C
stops them cleanly: the sentence, exit status 130, and the vault as it was."""

import io
import shutil
from pathlib import Path

import pytest

from mappa_desk import cli
from mappa_desk.cli import progress_lines
from mappa_desk.storage import audit, migrations, progress
from tests.conftest import PASSPHRASE, snapshot

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
CANCELLED = "mappa-desk: cancelled; nothing was changed."
STAGES = [audit.CHECKING_PAGES, audit.CHECKING_STRUCTURE, audit.CHECKING_LINKS, audit.CHECKING_CHAIN,
          audit.CHECKING_ENTRIES, audit.CHECKING_SEALS]


def _run(monkeypatch, capsys, *args, passphrase: str = PASSPHRASE):
    monkeypatch.setattr("sys.stdin", io.StringIO(passphrase + "\n"))
    code = cli.main([*args, "--passphrase-stdin"])
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture
def vault(vault_session, data_dir):
    from mappa_desk.services import records
    records.load_demo(vault_session)
    vault_session.close()
    return data_dir


def test_doctor_says_each_stage_as_it_starts(monkeypatch, capsys, vault):
    code, out, err = _run(monkeypatch, capsys, "doctor", "--data-dir", str(vault))
    assert code == 0, err
    said = [line.strip() for line in err.splitlines()]
    assert said == [f"{stage}…" for stage in STAGES]
    assert "Integrity check: ok" in out


def _interrupt_during(monkeypatch, stage: str, call: int = 2) -> None:
    """Ctrl+C arriving at the `call`-th sign of life in `stage`: the first comes as the stage is announced, the
    next ones from inside its statement (the progress handler is asked at every step)."""
    monkeypatch.setattr(progress, "EVERY", 1)
    calls = []

    def alive(self) -> None:
        if self.stage == stage:
            calls.append(1)
            if len(calls) == call:
                raise KeyboardInterrupt
    monkeypatch.setattr(progress_lines.StageLines, "alive", alive)


@pytest.mark.parametrize("stage", [audit.CHECKING_STRUCTURE, audit.CHECKING_ENTRIES])
def test_ctrl_c_during_doctor_cancels_it_and_changes_nothing(monkeypatch, capsys, vault, stage):
    _interrupt_during(monkeypatch, stage)
    code, out, err = _run(monkeypatch, capsys, "doctor", "--data-dir", str(vault))
    assert code == 130
    assert err.strip().endswith(CANCELLED)
    assert "Integrity check" not in out  # no finding made of a check that did not finish
    assert f"{stage}…" in err
    monkeypatch.undo()
    before = snapshot(vault)
    code, out, err = _run(monkeypatch, capsys, "doctor", "--data-dir", str(vault))
    assert code == 0 and "Audit trail:     ok" in out, err
    assert snapshot(vault).keys() == before.keys()


def test_an_upgrade_at_unlock_says_each_step(monkeypatch, capsys, tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(FIXTURES / "vault-schema-0005", folder)
    code, out, err = _run(monkeypatch, capsys, "list", "--data-dir", str(folder),
                          passphrase="fixture passphrase for schema 0005")
    assert code == 0, err
    said = [line.strip() for line in err.splitlines()]
    steps = migrations.latest_version() - 5
    assert said[0] == f"Updating the vault (1 of {steps}): building the search index of the minutes…"
    assert said[-1] == (f"Updating the vault ({steps} of {steps}): "
                        f"{migrations.DESCRIPTIONS[migrations.latest_version()]}…")


def test_ctrl_c_during_an_upgrade_stops_it_with_a_sentence(monkeypatch, capsys, tmp_path):
    folder = tmp_path / "old"
    shutil.copytree(FIXTURES / "vault-schema-0005", folder)
    steps = migrations.latest_version() - 5
    _interrupt_during(monkeypatch, f"Updating the vault (1 of {steps}): building the search index of the minutes",
                      call=1)
    code, out, err = _run(monkeypatch, capsys, "list", "--data-dir", str(folder),
                          passphrase="fixture passphrase for schema 0005")
    assert code == 130
    assert err.strip().endswith("mappa-desk: The upgrade was stopped before it finished; nothing was changed. It "
                                "will run again next time you unlock.")
    monkeypatch.undo()
    code, out, err = _run(monkeypatch, capsys, "list", "--data-dir", str(folder),
                          passphrase="fixture passphrase for schema 0005")
    assert code == 0 and f"Updating the vault (1 of {steps})" in err


def test_a_stage_is_said_once_then_each_tenth_or_now_and_then_how_long_it_has_run():
    now = [0.0]
    stream = io.StringIO()
    lines = progress_lines.StageLines(stream, clock=lambda: now[0])
    lines(audit.CHECKING_CHAIN, 0.0)
    for fraction in (0.05, 0.1, 0.15, 0.35, 1.0):
        lines(audit.CHECKING_CHAIN, fraction)
    lines(audit.CHECKING_ENTRIES)
    for now[0] in (4.0, 9.0, 12.5, 15.0, 23.0):
        lines.alive()
    assert [line.strip() for line in stream.getvalue().splitlines()] == [
        "Checking the audit trail's chain…",
        "Checking the audit trail's chain… 10%",
        "Checking the audit trail's chain… 30%",
        "Checking the audit trail's chain… 100%",
        "Checking every record has its audit entry…",
        "Checking every record has its audit entry… still working (12 s)",
        "Checking every record has its audit entry… still working (23 s)",
    ]

