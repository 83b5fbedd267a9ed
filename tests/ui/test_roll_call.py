"""The roll-call (issue 15): attendance marked from the keyboard, and nothing moves under the pointer."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox, QLineEdit, QWidget

from tests.ui.cockpit_driver import controller, idle, row_field
from tests.ui.test_cockpit_review import demo_vault, open_session, unlock_and_open  # noqa: F401 (fixture)


def geometries(window, ids):
    out = {}
    for i in ids:
        line = window.cockpit_view.findChild(QWidget, f"attendance:{i}")
        for child in line.findChildren(QWidget):
            if child.objectName():
                out[child.objectName()] = child.geometry().getRect()
        out[f"attendance:{i}"] = line.geometry().getRect()
    return out


def test_roll_call_by_keyboard_only_and_nothing_moves(qtbot, open_window, demo_vault):  # noqa: F811
    folder, *_rest, (_given, _family, visor_ref) = demo_vault
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    ids = [r["id"] for r in controller(window).data.rows["attendance"]]
    wanted = {i: ("apologies" if n % 3 == 1 else "present") for n, i in enumerate(ids)}
    before = geometries(window, ids)
    row_field(window, "attendance", ids[0], "status", QComboBox).setFocus()
    presses = 0
    for n, i in enumerate(ids):
        qtbot.keyClick(QApplication.focusWidget(), "a" if wanted[i] == "apologies" else "p")
        presses += 1
        idle(qtbot, window)
        if n < len(ids) - 1:
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Down)
            presses += 1
    assert presses == 2 * len(ids) - 1
    assert geometries(window, ids) == before
    window.close()
    session = open_session(folder)
    try:
        stored = dict(session.db.query(f"SELECT id, status FROM attendance WHERE id IN ({','.join('?' * len(ids))})",
                                       tuple(ids)))
    finally:
        session.close()
    assert stored == wanted


def test_a_text_longer_than_its_field_shows_its_beginning(qtbot, open_window, demo_vault):  # noqa: F811
    folder, *_rest, (_given, _family, visor_ref) = demo_vault
    window = unlock_and_open(qtbot, open_window, folder, visor_ref, "15 Dec 2026")
    fields = [w for w in window.cockpit_view.findChildren(QLineEdit) if w.objectName().endswith(":capacity")]
    long = [w for w in fields if w.fontMetrics().horizontalAdvance(w.text()) > w.width()]
    assert long, "the demo has a designation longer than its field"
    assert all(w.cursorPosition() == 0 for w in long)
