"""What the chair copied out of the app does not stay on the clipboard after Lock or quit.

Any text field can copy (Ctrl+C), so the app cannot see every copy as it is made; it watches the
clipboard instead. A change made while the app is the active one, or while Qt owns the clipboard, is
the app's: a hash of its text is remembered (never the text). On Lock and on quit the clipboard (and
on Linux the primary selection) is cleared if it still holds the app's text. Text another program put
there is left alone.
"""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QClipboard, QGuiApplication

MODES = (QClipboard.Mode.Clipboard, QClipboard.Mode.Selection)


def _digest(text: str) -> bytes:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


class ClipboardGuard(QObject):
    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._ours: set[bytes] = set()
        board = QGuiApplication.clipboard()
        board.dataChanged.connect(lambda: self._on_changed(QClipboard.Mode.Clipboard))
        board.selectionChanged.connect(lambda: self._on_changed(QClipboard.Mode.Selection))

    def _on_changed(self, mode: QClipboard.Mode) -> None:
        board = QGuiApplication.clipboard()
        text = board.text(mode)
        if text and (self._owns(board, mode)
                     or QGuiApplication.applicationState() == Qt.ApplicationState.ApplicationActive):
            self._ours.add(_digest(text))

    @staticmethod
    def _owns(board: QClipboard, mode: QClipboard.Mode) -> bool:
        return board.ownsClipboard() if mode == QClipboard.Mode.Clipboard else board.ownsSelection()

    def holds_ours(self) -> bool:
        board = QGuiApplication.clipboard()
        return any(self._holds_ours(board, mode) for mode in MODES)

    def _holds_ours(self, board: QClipboard, mode: QClipboard.Mode) -> bool:
        if mode == QClipboard.Mode.Selection and not board.supportsSelection():
            return False
        text = board.text(mode)
        return bool(text) and (self._owns(board, mode) or _digest(text) in self._ours)

    def clear_if_ours(self) -> None:
        """On Lock and on quit."""
        board = QGuiApplication.clipboard()
        for mode in MODES:
            if self._holds_ours(board, mode):
                board.clear(mode)
        self._ours.clear()
