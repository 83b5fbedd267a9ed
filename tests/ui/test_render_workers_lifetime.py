"""The document render workers live only while the Documents page is open: the rest of the meeting runs without them."""

from __future__ import annotations

from PySide6.QtWidgets import QPushButton

from mappa_desk.documents import render_pool
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_screen import (click, demo_vault, find, held_review,  # noqa: F401 - fixture
                                            open_documents_page, unlocked_window)


def test_leaving_the_documents_page_stops_the_workers(qtbot, open_window, demo_vault, tmp_path):  # noqa: F811
    if render_pool._cores() < 2:
        return  # one core: there are never workers to stop
    folder, listing = demo_vault
    window = unlocked_window(qtbot, open_window, folder)
    try:
        open_documents_page(qtbot, window, held_review(listing), tmp_path / "out")
        qtbot.waitUntil(lambda: render_pool.status() in ("warming", "warm"), timeout=GUI_TIMEOUT_MS)
        click(qtbot, find(window, QPushButton, "documentsBackButton"))
        qtbot.waitUntil(lambda: window.stack.currentWidget() is window.home_view, timeout=GUI_TIMEOUT_MS)
        assert render_pool.status() == "off"
    finally:
        render_pool.stop()
