"""After the app is killed (SIGKILL) in the cockpit, a restart and unlock return to the same meeting and step,
with everything typed up to the last pause; a normal quit resumes too, leaving by Home does not."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from mappa_desk.services import records, resume
from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.reliability.conftest import report
from tests.ui.cockpit_driver import click, controller, idle, widget
from tests.ui.conftest import GUI_TIMEOUT_MS, open_window  # noqa: F401 - a fixture
from tests.ui.test_autolock import STEP, stored, unlock, wait_back_at_step
from tests.ui.test_unlock_screen import wait_for_home

ROOT = Path(__file__).resolve().parents[2]
COMMITTED = "Said before the battery died"
LOST = " and the last words"

# The app in its own process, driven through its window as a chair would: unlock, open the meeting,
# Ctrl+4, type, pause (the cockpit commits after 700 ms), type again, then wait to be killed.
DRIVER = textwrap.dedent("""
    import sys, time
    from PySide6.QtCore import QEventLoop, Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QWidget
    from ui.app import build_main_window

    folder, passphrase, meeting_id, step, committed, lost = sys.argv[1:7]
    app = QApplication(sys.argv[:1])
    window = build_main_window(folder)
    window.show()

    def wait(condition, seconds=60):
        deadline = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > deadline:
                print("TIMEOUT", flush=True)
                sys.exit(2)
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 20)

    field = window.findChild(QLineEdit, "unlockPassphrase")
    wait(lambda: field.isVisible() and field.isEnabled())
    QTest.keyClicks(field, passphrase)
    QTest.keyClick(field, Qt.Key.Key_Return)
    wait(window.home_view.isVisible)
    cockpit, runner = window.controller.cockpit, window.controller.runner
    window.home_view.sig_open_meeting_requested.emit(int(meeting_id))  # what "Open meeting" sends
    wait(lambda: cockpit.data is not None and window.cockpit_view.isVisible())
    QTest.keyClick(window.cockpit_view.rail, getattr(Qt.Key, f"Key_{int(step) + 1}"), Qt.KeyboardModifier.ControlModifier)
    wait(lambda: cockpit.current == int(step))
    panel = window.cockpit_view.panel(cockpit._panel_of(cockpit.steps[cockpit.current]))
    text = next(w for w in panel.findChildren(QWidget) if isinstance(w, (QLineEdit, QPlainTextEdit))
                and w.objectName().count(":") == 2 and w.isVisible() and w.isEnabled())
    text.setFocus()
    wait(text.hasFocus)
    QTest.keyClicks(text, committed)
    edits = cockpit.stack.count()
    wait(lambda: cockpit.stack.count() > edits and not runner.is_busy())  # the pause commit reached the database
    print("COMMITTED", text.objectName(), flush=True)
    QTest.keyClicks(text, lost)
    print("TYPED", time.monotonic(), flush=True)
    app.exec()
""")


@pytest.fixture
def review(vault_session, data_dir):
    records.load_demo(vault_session)
    meeting_id = vault_session.db.scalar("SELECT id FROM meetings WHERE status = 'planned' AND kind = 'review' AND level = 2")
    vault_session.close()
    return data_dir, meeting_id


def run_until_killed(tmp_path, folder, meeting_id) -> tuple[str, float]:
    """Runs the driver, kills it right after the last keystrokes; returns (field name, seconds from typing to kill)."""
    script = tmp_path / "driver.py"
    script.write_text(DRIVER, encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT),
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    proc = subprocess.Popen([sys.executable, str(script), str(folder), PASSPHRASE, str(meeting_id), str(STEP),
                             COMMITTED, LOST], cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    try:
        name = ""
        for line in proc.stdout:
            if line.startswith("COMMITTED"):
                name = line.split()[1]
            elif line.startswith("TYPED"):
                proc.send_signal(signal.SIGKILL)
                return name, time.monotonic() - float(line.split()[1])
            elif line.startswith("TIMEOUT"):
                break
        raise AssertionError(f"the driver did not get to typing: {proc.stderr.read()[-2000:]}")
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()


def test_a_killed_app_reopens_at_the_same_meeting_and_step_with_the_committed_text(qtbot, open_window, review,
                                                                                       tmp_path):
    folder, meeting_id = review
    name, kill_after = run_until_killed(tmp_path, folder, meeting_id)
    saved = stored(folder, name) or ""
    assert COMMITTED in saved
    lost = len(COMMITTED + LOST) - len(saved[saved.index(COMMITTED):])  # the keystrokes typed after the last pause
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        assert session.db.integrity_problems() == []
        assert resume.stored_position(session).meeting_id == meeting_id
    finally:
        session.close()
    report("crash_resume", characters_lost=lost, typed_after_pause=len(LOST), kill_ms_after_typing=round(kill_after * 1000))
    assert 0 <= lost <= len(LOST)

    window = open_window(folder)
    unlock(qtbot, window)
    wait_back_at_step(qtbot, window, meeting_id)
    field = widget(window, name)
    assert COMMITTED in (field.text() if hasattr(field, "text") else field.toPlainText())


def test_quit_resumes_where_the_chair_was_and_home_forgets_it(qtbot, open_window, review):
    folder, meeting_id = review
    window = open_window(folder)
    unlock(qtbot, window)
    wait_for_home(qtbot, window)
    window.home_view.sig_open_meeting_requested.emit(meeting_id)  # what "Open meeting" sends
    qtbot.waitUntil(lambda: controller(window).data is not None, timeout=GUI_TIMEOUT_MS)
    qtbot.keyClick(window.cockpit_view.rail, getattr(Qt.Key, f"Key_{STEP + 1}"), Qt.KeyboardModifier.ControlModifier)
    idle(qtbot, window)
    window.close()  # a normal quit: the next start resumes what was open last

    again = open_window(folder)
    unlock(qtbot, again)
    wait_back_at_step(qtbot, again, meeting_id)
    click(qtbot, widget(again, "cockpitHomeButton", QPushButton))
    wait_for_home(qtbot, again)
    idle(qtbot, again)
    again.close()

    third = open_window(folder)
    unlock(qtbot, third)
    wait_for_home(qtbot, third)
    idle(qtbot, third)  # the resume reading has been delivered
    assert third.home_view.isVisible() and controller(third).data is None


def test_a_position_on_a_final_or_missing_meeting_is_not_resumed(review):
    folder, meeting_id = review
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        assert resume.save_position(session, resume.Position(meeting_id, "opening"))
        assert not resume.save_position(session, resume.Position(meeting_id, "opening"))  # unchanged: not written
        assert resume.stored_position(session) == resume.Position(meeting_id, "opening")
        final = session.db.scalar("SELECT id FROM meetings WHERE status = 'final'")
        resume.save_position(session, resume.Position(final, "opening"))
        assert resume.stored_position(session) is None
        resume.save_position(session, resume.Position(999_999, "opening"))
        assert resume.stored_position(session) is None
        resume.clear_position(session)
        assert session.db.scalar("SELECT count(*) FROM settings WHERE key = 'last_position'") == 0
    finally:
        session.close()
