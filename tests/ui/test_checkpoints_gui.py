"""In the app: autosaves are copied into the database file off the database lane, and Lock leaves no log."""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import Qt

from tests.ui.cockpit_driver import controller, shortcut
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_autolock import open_at_step_4, review, stored, text_field_on_screen, wait_locked  # noqa: F401


def test_autosaves_reach_the_file_off_the_database_lane_and_lock_leaves_no_log(qtbot, open_window,
                                                                                review):  # noqa: F811
    folder = Path(review[0])
    window = open_at_step_4(qtbot, open_window, review)
    db = window.controller.session.db
    passes = db.checkpointer.passes
    field = text_field_on_screen(window)
    name = field.objectName()
    for n in range(3):
        field.setFocus()
        qtbot.waitUntil(field.hasFocus)
        qtbot.keyClicks(field, f" edit {n}")
        qtbot.keyClick(field, Qt.Key.Key_Tab)  # leaving the field commits it (autosave)
        field = window.findChild(type(field), name)
    # The checkpointer copies the autosaves into the file on its own thread, not on the database lane.
    qtbot.waitUntil(lambda: db.checkpointer.passes > passes and not window.controller.runner.is_busy(),
                    timeout=GUI_TIMEOUT_MS)
    assert controller(window).data is not None
    shortcut(qtbot, window, "Ctrl+L")
    wait_locked(qtbot, window)
    assert not (folder / "vault.db-wal").exists()  # Lock closed the vault: the whole log is in the file
    assert not [t for t in threading.enumerate() if t.name == "wal-checkpoint"]
    assert "edit 2" in (stored(folder, name) or "")
