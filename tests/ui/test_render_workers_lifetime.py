"""The document render workers live only while the Documents page is open: the rest of the meeting runs without them."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QPushButton

from mappa_desk.documents import render_pool
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_screen import (click, demo_vault, find, held_review,  # noqa: F401 - fixture
                                            open_documents_page, unlocked_window)


@pytest.fixture
def documents_page(qtbot, open_window, demo_vault, tmp_path):  # noqa: F811
    if render_pool._cores() < 2:
        pytest.skip("one core: the documents are rendered in the app's process, with no workers")
    folder, listing = demo_vault
    window = unlocked_window(qtbot, open_window, folder)
    open_documents_page(qtbot, window, held_review(listing), tmp_path / "out")
    yield window
    render_pool.stop()


def _back_home(qtbot, window) -> None:
    click(qtbot, find(window, QPushButton, "documentsBackButton"))
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home_view, timeout=GUI_TIMEOUT_MS)
    qtbot.waitUntil(lambda: not window.controller.runner.is_busy(), timeout=GUI_TIMEOUT_MS)


def test_leaving_the_documents_page_stops_the_workers(qtbot, documents_page):
    qtbot.waitUntil(lambda: render_pool.status() in ("warming", "warm"), timeout=GUI_TIMEOUT_MS)
    _back_home(qtbot, documents_page)
    assert render_pool.status() == "off"


def test_leaving_before_the_warm_up_has_run_still_stops_them(qtbot, documents_page):
    """Back pressed at once: the warm-up task may start the workers after the page was left."""
    _back_home(qtbot, documents_page)
    assert render_pool.status() == "off"
