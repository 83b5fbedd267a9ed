"""Item 14: a whole GUI session (unlock, a meeting, documents, Lock) opens no internet socket.

Python's audit hook sees every socket Python makes and every host name looked up; the kernel's
tables (/proc/<pid>/net) show any internet socket Qt or another native library holds open, in this
process and in the two render workers. The self-test's own Network check is tested in
tests/selftest/test_self_test.py and tests/ui/test_self_test_window.py.
"""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QListWidget, QPushButton

from mappa_desk import offline
from mappa_desk.documents import render_pool
from tests.ui.cockpit_driver import click, idle, type_into, wait_widget
from tests.ui.test_autolock import text_field_on_screen, wait_locked
from tests.ui.test_documents_screen import (demo_vault, generate, held_review, open_documents_page,  # noqa: F401
                                            select_meeting, unlocked_window)
from tests.ui.test_unlock_screen import find

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="native sockets are found through Linux's /proc")


@pytest.mark.attack("Watch every socket of a whole GUI session (unlock, meeting, documents, lock)",
                    "0 internet sockets opened")
def test_a_whole_gui_session_opens_no_internet_socket(qtbot, open_window, demo_vault, tmp_path):
    folder, listing = demo_vault
    meeting = held_review(listing)
    with offline.NetworkWatch() as watch:
        window = unlocked_window(qtbot, open_window, folder)
        # A meeting: opened in the cockpit, a note typed at a step, back home.
        select_meeting(qtbot, window, meeting)
        click(qtbot, find(window, QPushButton, "openMeetingButton"))
        rail = wait_widget(qtbot, window, "agendaRail", QListWidget)
        qtbot.waitUntil(lambda: window.controller.cockpit.data is not None and rail.count() > 3)
        rail.setCurrentRow(3)
        type_into(qtbot, text_field_on_screen(window), "Offline check: a note typed in the meeting")
        idle(qtbot, window)
        click(qtbot, window.cockpit_view.home_button)
        # Documents: every file written and the Minute previewed, with the render workers running.
        open_documents_page(qtbot, window, meeting, tmp_path / "out")
        assert len(generate(qtbot, window)) == 10
        workers = render_pool.worker_pids()
        assert workers or render_pool.status() == "off"  # "off": a single core, rendering in this process
        held_by_workers = {pid: offline.open_internet_sockets(pid) for pid in workers}
        window.lock_action.trigger()
        wait_locked(qtbot, window)
        found = watch.problems()
    assert found == [], found
    assert held_by_workers == {pid: [] for pid in workers}
    assert watch.internet_sockets_made() == 0
