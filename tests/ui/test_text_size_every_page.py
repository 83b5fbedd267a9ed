"""Item 10 of issue 15: Ctrl+= / Ctrl+- / Ctrl+0 change the text size on home, documents and the cockpit, and the
largest size leaves every cockpit field tall enough for its text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from tests.ui.test_cockpit_review import demo_vault, unlock_and_open  # noqa: F401 - fixture
from tests.ui.test_documents_screen import unlocked_window

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")

CTRL = Qt.KeyboardModifier.ControlModifier


def press(qtbot, window, key) -> None:
    target = QApplication.focusWidget() or window
    qtbot.keyClick(target, key, CTRL)


def test_zoom_keys_change_the_text_on_home_and_documents(qtbot, open_window, vault):
    window = unlocked_window(qtbot, open_window, vault[0])
    home_size = window.home_view.font().pointSizeF()
    press(qtbot, window, Qt.Key.Key_Equal)
    assert window.home_view.font().pointSizeF() > home_size
    press(qtbot, window, Qt.Key.Key_0)
    assert window.home_view.font().pointSizeF() == home_size

    window.show_documents()
    docs_size = window.documents_view.font().pointSizeF()
    press(qtbot, window, Qt.Key.Key_Equal)
    press(qtbot, window, Qt.Key.Key_Equal)
    assert window.documents_view.font().pointSizeF() > docs_size
    press(qtbot, window, Qt.Key.Key_Minus)
    press(qtbot, window, Qt.Key.Key_Minus)
    assert window.documents_view.font().pointSizeF() == docs_size


def test_zoom_keys_change_the_cockpit_and_its_fields_keep_room_for_their_text(qtbot, open_window, demo_vault):
    folder, _meetings, (_given, _family, visor_ref) = demo_vault
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    cockpit = window.cockpit_view
    size = cockpit.font().pointSizeF()
    for _ in range(5):  # beyond the largest: it stops there
        press(qtbot, window, Qt.Key.Key_Equal)
    assert cockpit.font().pointSizeF() > size * 1.5
    QApplication.processEvents()
    fields = [f for f in cockpit.findChildren(QLineEdit) if f.isVisible()]
    assert fields
    for field in fields:
        assert field.height() >= field.fontMetrics().height() + 4, field.objectName()
    press(qtbot, window, Qt.Key.Key_0)
    assert cockpit.font().pointSizeF() == size
