"""The one main window: the vault pages, then the home page once unlocked."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QMainWindow, QStackedWidget

from ui.common import named
from ui.home.view import HomeView
from ui.unlock.view import UnlockView


class MainWindow(QMainWindow):
    sig_closed = Signal()

    def __init__(self):
        super().__init__()
        named(self, "mainWindow", "MAPPA Desk")
        self.setWindowTitle("MAPPA Desk")
        self.resize(560, 440)
        self.setMinimumSize(520, 420)  # room for the recover page with a long error
        self.unlock_view = UnlockView()
        self.home_view = HomeView()
        self.stack = named(QStackedWidget(), "mainStack", "MAPPA Desk")
        self.stack.addWidget(self.unlock_view)
        self.stack.addWidget(self.home_view)
        self.setCentralWidget(self.stack)
        self.controller = None  # set by ui.app.build_main_window; the window keeps it alive

    def show_unlock(self) -> None:
        self.stack.setCurrentWidget(self.unlock_view)

    def show_home(self) -> None:
        self.stack.setCurrentWidget(self.home_view)
        self.home_view.lock_button.setFocus()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.sig_closed.emit()
        super().closeEvent(event)
