"""Issue 19: a backup says how far it has gone, stops when its caller asks, and a backup on close that did not
finish is owed: the vault says so, and the next backup_if_due makes it whatever the day."""

from __future__ import annotations

import datetime as _dt

import pytest

from mappa_desk.services import backup, records, session as sessions
from mappa_desk.storage import settings
from tests.conftest import PASSPHRASE

NOW = _dt.datetime(2026, 11, 20, 9, 30, 0)


class Stop(Exception):
    pass


@pytest.fixture
def demo(vault_session):
    records.load_demo(vault_session)
    return vault_session


def _change(session) -> None:
    with session.db.transaction():
        session.db.execute("UPDATE individuals SET family_name = family_name || 'x'")


def test_progress_goes_from_nothing_to_all_through_plain_stages(demo, tmp_path):
    said: list[tuple[float, str]] = []
    backup.make_backup(demo, tmp_path / "backups", NOW, progress=lambda f, s: said.append((f, s)))

    fractions = [f for f, _ in said]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and fractions[-1] == 1.0
    sentences = list(dict.fromkeys(s for _, s in said))
    assert sentences == ["Copying the vault\u2026", "Leaving audio recordings out of the copy\u2026",
                         "Checking the copy\u2026", "Packing the backup\u2026"]


@pytest.mark.parametrize("stop_at", ["Copying the vault\u2026", "Checking the copy\u2026", "Packing the backup\u2026"])
def test_a_backup_on_close_stopped_by_its_caller_keeps_nothing_and_stays_owed(demo, tmp_path, stop_at):
    folder = tmp_path / "backups"
    backup.make_backup(demo, folder, NOW)
    _change(demo)

    def progress(fraction, sentence):
        if sentence == stop_at:
            raise Stop()

    with pytest.raises(Stop):
        backup.backup_if_due(demo, folder, NOW.replace(hour=18), closing=True, progress=progress)

    assert len(backup.backups_in(folder)) == 1
    assert [p for p in folder.iterdir() if p.suffix != ".mdbackup"] == []  # no work folder left
    assert backup.owed_on_close(demo)


def test_an_owed_backup_is_made_whatever_the_day_and_then_is_no_longer_owed(demo, tmp_path):
    folder = tmp_path / "backups"
    backup.make_backup(demo, folder, NOW)
    assert backup.backup_if_due(demo, folder, NOW.replace(hour=12)) is None  # today's is made
    with demo.db.transaction():  # as a backup on close leaves it when the app is killed
        settings.replace(demo.db, backup.OWED_SETTING, NOW.isoformat())

    made = backup.backup_if_due(demo, folder, NOW.replace(hour=13))

    assert made is not None and len(backup.backups_in(folder)) == 2
    assert not backup.owed_on_close(demo)
    assert backup.backup_if_due(demo, folder, NOW.replace(hour=14)) is None
    assert backup.backup_if_due(demo, folder, NOW.replace(hour=15), closing=True) is None  # the mark is no change


def test_a_vault_restored_from_a_backup_made_on_close_owes_nothing(demo, tmp_path, data_dir):
    folder = tmp_path / "backups"
    backup.make_backup(demo, folder, NOW)
    _change(demo)
    made = backup.backup_if_due(demo, folder, NOW.replace(hour=18), closing=True)  # the mark is set while it copies
    assert made is not None and not backup.owed_on_close(demo)
    demo.close()

    elsewhere = tmp_path / "new-laptop"
    backup.restore(elsewhere, made, PASSPHRASE)
    restored = sessions.unlock(elsewhere, PASSPHRASE)
    try:
        assert not backup.owed_on_close(restored)
    finally:
        restored.close()
