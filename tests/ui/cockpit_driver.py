"""Drives the cockpit as a chair would: keys and clicks on named controls, waiting on what the screen shows."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QListWidget, QPushButton, QTableView, QWidget

from tests.ui.conftest import GUI_TIMEOUT_MS


def controller(window):
    return window.controller.cockpit


def idle(qtbot, window) -> None:
    """Every edit made so far has reached the database."""
    qtbot.waitUntil(lambda: not window.controller.runner.is_busy(), timeout=GUI_TIMEOUT_MS)


def widget(window, object_name: str, kind=QWidget) -> QWidget:
    found = window.findChild(kind, object_name)
    assert found is not None, f"no {kind.__name__} named {object_name!r}"
    return found


def wait_widget(qtbot, window, object_name: str, kind=QWidget) -> QWidget:
    qtbot.waitUntil(lambda: window.findChild(kind, object_name) is not None
                    and window.findChild(kind, object_name).isVisible(), timeout=GUI_TIMEOUT_MS)
    return window.findChild(kind, object_name)


def click(qtbot, button: QPushButton) -> None:
    assert button.isEnabled(), f"{button.objectName()} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def table_row(table: QTableView, text: str) -> int:
    model = table.model()
    for row in range(model.rowCount()):
        if any(text in str(model.index(row, c).data() or "") for c in range(model.columnCount())):
            return row
    raise AssertionError(f"no row showing {text!r}")


def click_row(qtbot, table: QTableView, text: str, double: bool = False) -> None:
    index = table.model().index(table_row(table, text), 0)
    table.scrollTo(index)
    where = table.visualRect(index).center()
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)
    if double:
        qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=where)


def type_into(qtbot, field: QWidget, text: str, *, replace: bool = True) -> None:
    """Types into a field and leaves it with Tab, which commits the text."""
    field.setFocus()
    assert field.isVisible(), f"{field.objectName()} is not on screen"
    qtbot.waitUntil(field.hasFocus)
    if replace:
        qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Tab)


def choose(qtbot, combo: QComboBox, text: str) -> None:
    """Picks an entry with the keyboard, as a user tabbing through the form would."""
    combo.setFocus()
    target = combo.findText(text)
    assert target >= 0, f"{combo.objectName()} has no entry {text!r}"
    while combo.currentIndex() != target:  # each step is an edit, as it is for the user
        before = combo.currentIndex()
        qtbot.keyClick(combo, Qt.Key.Key_Down if combo.currentIndex() < target else Qt.Key.Key_Up)
        if combo.currentIndex() == before:  # the roll-call's attendance cell: Up/Down move; a letter marks
            qtbot.keyClick(combo, text[0].lower())
            break
    assert combo.currentText() == text


def tick(qtbot, box: QCheckBox, on: bool = True) -> None:
    if box.isChecked() != on:
        box.setFocus()
        qtbot.keyClick(box, Qt.Key.Key_Space)
    assert box.isChecked() == on


def shortcut(qtbot, window, keys: str) -> None:
    """Presses a key combination on whatever has the focus in the cockpit."""
    target = QApplication.focusWidget() or window.cockpit_view
    sequence = keys.split("+")
    modifiers = Qt.KeyboardModifier.NoModifier
    for name in sequence[:-1]:
        modifiers |= {"Ctrl": Qt.KeyboardModifier.ControlModifier, "Shift": Qt.KeyboardModifier.ShiftModifier,
                      "Alt": Qt.KeyboardModifier.AltModifier}[name]
    key = {"Return": Qt.Key.Key_Return, "PgDown": Qt.Key.Key_PageDown, "PgUp": Qt.Key.Key_PageUp,
           "Z": Qt.Key.Key_Z, "Y": Qt.Key.Key_Y}.get(sequence[-1]) or getattr(Qt.Key, f"Key_{sequence[-1]}")
    qtbot.keyClick(target, key, modifiers)


def new_row_field(qtbot, window, table: str, column: str) -> QWidget:
    """After an "add" command the new row's first field has the focus: returns the named field of that row."""
    def focused_on_table():
        focus = QApplication.focusWidget()
        return focus is not None and focus.objectName().startswith(f"{table}:")
    qtbot.waitUntil(focused_on_table, timeout=GUI_TIMEOUT_MS)
    row_id = QApplication.focusWidget().objectName().split(":")[1]
    return widget(window, f"{table}:{row_id}:{column}")


def row_field(window, table: str, row_id: int, column: str, kind=QWidget) -> QWidget:
    return widget(window, f"{table}:{row_id}:{column}", kind)


def current_step_title(window) -> str:
    return window.cockpit_view.step_title.text()


def go_to(qtbot, window, title_part: str) -> None:
    """Moves along the agenda with Ctrl+Page Down / Up until the step's title shows."""
    titles = [controller(window).steps[i]["title"] for i in range(len(controller(window).steps))]
    target = next(i for i, t in enumerate(titles) if title_part in t)
    for _ in range(2 * len(titles)):
        if controller(window).current == target:
            break
        shortcut(qtbot, window, "Ctrl+PgDown" if controller(window).current < target else "Ctrl+PgUp")
    assert title_part in current_step_title(window)


def gap_texts(window) -> list[str]:
    gaps = widget(window, "gapList", QListWidget)
    return [gaps.item(i).text() for i in range(gaps.count())]

