"""An upgrade says what it is doing, one step of how many, and can be stopped part-way without harm."""

import shutil
from pathlib import Path

import pytest

from mappa_desk.services import session as sessions
from mappa_desk.storage import migrations
from mappa_desk.storage.migrations import UpgradeStopped

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
PASSPHRASE = "fixture passphrase for schema 0005"


@pytest.fixture
def old_vault(tmp_path):
    copy = tmp_path / "vault-schema-0005"
    shutil.copytree(FIXTURES / "vault-schema-0005", copy)
    return copy


def _schema_of(folder, passphrase=PASSPHRASE) -> int:
    """The vault's schema, read without upgrading it."""
    vault = sessions.vault_at(folder)
    from mappa_desk.storage import keyed
    conn = keyed.connect(vault.db_path, vault.key_from_passphrase(passphrase), "ro")
    try:
        return migrations.current_version(conn)
    finally:
        conn.close()


def test_every_migration_has_a_plain_description():
    assert set(migrations.DESCRIPTIONS) == {number for number, _ in migrations.migration_files()}


def test_an_upgrade_says_which_step_of_how_many_is_running_in_order(old_vault):
    heard = []
    session = sessions.unlock(old_vault, PASSPHRASE, progress=heard.append)
    session.close()
    latest = migrations.latest_version()
    steps = [(step.number, step.index, step.count) for step in heard if step.seconds == 0]
    count = latest - 5
    assert steps == [(number, number - 5, count) for number in range(6, latest + 1)]
    first = heard[0].sentence()
    assert first == f"Updating the vault (1 of {count}): building the search index of the minutes…"


def test_a_normal_unlock_reports_no_upgrade(old_vault):
    sessions.unlock(old_vault, PASSPHRASE).close()
    heard = []
    sessions.unlock(old_vault, PASSPHRASE, progress=heard.append).close()
    assert heard == []


def test_an_upgrade_stopped_mid_way_changes_nothing_and_runs_again_next_time(old_vault):
    heard = []

    def stop_once_under_way() -> bool:
        return bool(heard)  # the first migration (0006, the search index) has started: stop it

    with pytest.raises(UpgradeStopped) as stopped:
        sessions.unlock(old_vault, PASSPHRASE, progress=heard.append, should_stop=stop_once_under_way)
    assert str(stopped.value) == ("The upgrade was stopped before it finished; nothing was changed. It will run "
                                  "again next time you unlock.")
    assert [step.number for step in heard] == [6]
    assert _schema_of(old_vault) == 5
    # The vault is not left held, and the next unlock upgrades it and finds everything.
    session = sessions.unlock(old_vault, PASSPHRASE)
    try:
        assert session.db.schema_version == migrations.latest_version()
        assert session.db.integrity_problems() == []
        assert session.counts()["meetings"] == 13
    finally:
        session.close()


def test_a_stop_after_some_steps_keeps_those_and_says_so(old_vault):
    heard = []

    def stop_at_the_third() -> bool:
        return len({step.number for step in heard}) >= 3

    with pytest.raises(UpgradeStopped) as stopped:
        sessions.unlock(old_vault, PASSPHRASE, progress=heard.append, should_stop=stop_at_the_third)
    assert "the steps already finished are kept" in str(stopped.value)
    last = max(step.number for step in heard)
    # The step under way when the stop came was undone (a short one may have finished before it was asked).
    assert 6 <= _schema_of(old_vault) <= last < migrations.latest_version()
    session = sessions.unlock(old_vault, PASSPHRASE)
    try:
        assert session.db.schema_version == migrations.latest_version()
    finally:
        session.close()


def test_ctrl_c_during_an_upgrade_stops_it_the_same_way(old_vault):
    ticks = []

    def progress(step) -> None:
        ticks.append(step)
        if len(ticks) > 1 or step.number != 6:
            raise KeyboardInterrupt

    with pytest.raises(UpgradeStopped) as stopped:
        sessions.unlock(old_vault, PASSPHRASE, progress=progress)
    assert "nothing was changed" in str(stopped.value) or "already finished are kept" in str(stopped.value)
    assert _schema_of(old_vault) < migrations.latest_version()
    sessions.unlock(old_vault, PASSPHRASE).close()
    assert _schema_of(old_vault) == migrations.latest_version()
