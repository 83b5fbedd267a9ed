"""Fixtures for the Qt layer: a vault with a few records, made quickly through the core, and the main window.

tests/conftest.py supplies the rest: Qt offscreen, no keyring by default (`memory_keyring` for one),
`data_dir`, `PASSPHRASE`, `FAST_KDF` and `snapshot`.
"""

from __future__ import annotations

import pytest

from mappa_desk.services import session as sessions
from tests.conftest import FAST_KDF, PASSPHRASE

GUI_TIMEOUT_MS = 20_000  # the GUI derives keys with the full-cost default KDF, never FAST_KDF


@pytest.fixture
def vault(data_dir):
    """A closed vault holding 3 individuals and 2 meetings. Returns (data folder, recovery key)."""
    recovery_key, session = sessions.create(data_dir, PASSPHRASE, kdf=FAST_KDF, actor="test")
    try:
        db, now = session.db, "2026-01-01T00:00:00Z"
        with db.transaction():
            for n in range(3):
                db.execute("INSERT INTO individuals (uid, family_name, category, current_level, created_at, updated_at) "
                           "VALUES (?, ?, 1, 2, ?, ?)", (f"ind-{n}", f"Test{n}", now, now))
            first = db.scalar("SELECT min(id) FROM individuals")
            for n in range(2):
                db.execute("INSERT INTO meetings (uid, individual_id, kind, level, meeting_date, created_at, updated_at) "
                           "VALUES (?, ?, 'initial', 2, ?, ?, ?)", (f"mtg-{n}", first, f"2026-01-0{n + 2}", now, now))
    finally:
        session.close()
    return data_dir, recovery_key


@pytest.fixture
def open_window(qtbot):
    """Opens the main window on a data folder, as `python -m ui --data-dir` would."""
    from ui.app import build_main_window

    def opener(folder):
        window = build_main_window(folder)
        qtbot.addWidget(window)  # closed after the test, which closes its session
        window.show()
        qtbot.waitExposed(window)
        return window

    return opener
