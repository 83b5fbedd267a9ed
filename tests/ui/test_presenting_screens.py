"""Presenting with two screens, mirrored and extended. The offscreen platform is given its screens when it
starts, so each arrangement runs in a child pytest with QT_QPA_PLATFORM="offscreen:configfile=...".

In each, the text of every visible widget on the screen the room sees holds the shareable item and none of:
the individual's full name, the victim's name, an item not marked shareable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QPushButton

from tests.ui.cockpit_driver import click, controller, go_to, widget
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_cockpit_review import unlock_and_open
from tests.ui.test_presenting import on_screen
from tests.ui.test_projector import demo_folder, held_back  # noqa: F401 - a fixture

ROOT = Path(__file__).resolve().parents[2]
ARRANGEMENT = os.environ.get("MAPPA_TEST_ARRANGEMENT")  # set in the child only
LAPTOP = {"name": "Laptop", "x": 0, "y": 0, "width": 1366, "height": 768}
SCREENS = {"mirrored": [LAPTOP, {**LAPTOP, "name": "Projector"}],
           "extended": [LAPTOP, {"name": "Projector", "x": 1366, "y": 0, "width": 1920, "height": 1080}]}

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")


@pytest.mark.parametrize("arrangement", sorted(SCREENS))
def test_each_arrangement_in_a_child_process(tmp_path, arrangement):
    if ARRANGEMENT:
        pytest.skip("this is the child")
    config = tmp_path / "screens.json"
    config.write_text(json.dumps({"screens": SCREENS[arrangement]}), encoding="utf-8")
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}", "MAPPA_TEST_ARRANGEMENT": arrangement}
    done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                           f"{Path(__file__).relative_to(ROOT)}::test_the_shared_screen_in_this_arrangement"],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=240)
    assert done.returncode == 0 and "1 passed" in done.stdout, done.stdout[-3000:] + done.stderr[-2000:]


@pytest.mark.skipif(not ARRANGEMENT, reason="run by test_each_arrangement_in_a_child_process")
def test_the_shared_screen_in_this_arrangement(qtbot, open_window, demo_folder):
    screens = QGuiApplication.screens()
    assert [s.name() for s in screens] == ["Laptop", "Projector"]
    window = unlock_and_open(qtbot, open_window, demo_folder, "DEMO/0001", "7 Jul 2026")
    ctl = controller(window)
    assert window.screen() is screens[0]
    secret = held_back(ctl)
    go_to(qtbot, window, "Information shared")
    click(qtbot, widget(window, "projectorButton", QPushButton))
    if ARRANGEMENT == "extended":  # the projector window fills the other screen; the chair keeps the cockpit
        qtbot.waitUntil(lambda: ctl.projector.window.isFullScreen(), timeout=GUI_TIMEOUT_MS)
        assert ctl.projector.window.screen() is screens[1] and window.cockpit_view.isVisible()
        shared = on_screen(screens[1])
    else:  # the same picture on both: the main window presents
        qtbot.waitUntil(ctl.projector.presenting, timeout=GUI_TIMEOUT_MS)
        assert not ctl.projector.window.isVisible() and not window.cockpit_view.isVisible()
        shared = on_screen(screens[0]) + on_screen(screens[1])
    assert "was released from HMP Glenbrannan" in shared  # marked shareable
    assert not [s for s in secret if s in shared]
    for name in ("Drumlachie", "Calum", "Keilloch", "Dawn"):  # the full name and the victim's
        assert name not in shared
