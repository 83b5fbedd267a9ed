"""The one main window: the vault pages, then home once unlocked, the meeting cockpit and the documents page.

Home is made with the window (how narrow the window may be depends on its top row); the documents page and the
cockpit are made the first time they are asked for, which in the app is at the first unlock: the unlock page
shows sooner, and the unlock's key derivation runs in less memory, without them and the modules behind them.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import QApplication, QGridLayout, QMainWindow, QSizePolicy, QSpacerItem, QStackedWidget, QWidget

from ui.common import MadeWhenFirstRead, named
from ui.documents.view_size import MIN_SIZE as DOCUMENTS_MIN_SIZE
from ui.home.view import HomeView
from ui.unlock.view import UnlockView


# The vault pages were designed for a 560 x 440 window; stretched across the whole
# window their fields would run a metre wide. They keep about that size, centred.
VAULT_PAGE_MAX_SIZE = (600, 460)

# Below this the first window is maximised (a 1366 x 768 council laptop); above it, a window of
# about FIRST_SIZE, centred. Nothing about the window is remembered: the app writes no QSettings.
SMALL_SCREEN = QSize(1600, 900)
FIRST_SIZE = QSize(1280, 860)


def first_geometry(available: QRect, minimum: QSize) -> tuple[QRect, bool]:
    """Where the first window goes on a screen whose free area is `available`: (geometry, maximised)."""
    if available.width() < SMALL_SCREEN.width() or available.height() < SMALL_SCREEN.height():
        return QRect(available), True
    size = FIRST_SIZE.expandedTo(minimum).boundedTo(available.size())
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    return rect, False


def centred(page: QWidget, max_width: int, max_height: int) -> QWidget:
    """`page` at up to max_width x max_height in the middle of a holder that takes the rest."""
    holder = QWidget()
    page.setMaximumSize(max_width, max_height)
    page.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    grid = QGridLayout(holder)
    grid.setContentsMargins(0, 0, 0, 0)
    grid.setSpacing(0)
    expanding = QSizePolicy.Policy.Expanding
    grid.addItem(QSpacerItem(0, 0, expanding, expanding), 0, 0)
    grid.addWidget(page, 1, 1)
    grid.addItem(QSpacerItem(0, 0, expanding, expanding), 2, 2)
    # The page takes nearly all the room up to its maximum; the spacers share what is left over.
    for i, stretch in enumerate((1, 1000, 1)):
        grid.setColumnStretch(i, stretch)
        grid.setRowStretch(i, stretch)
    return holder


class MainWindow(QMainWindow):
    sig_closed = Signal()
    # The documents page and the cockpit: made, both together, the first time either is read.
    documents_view = MadeWhenFirstRead("_documents_and_cockpit_when_first_read")
    cockpit_view = MadeWhenFirstRead("_documents_and_cockpit_when_first_read")

    def __init__(self):
        super().__init__()
        named(self, "mainWindow", "MAPPA Desk")
        self.setWindowTitle("MAPPA Desk")
        self.resize(1000, 700)  # until show_first() fits the window to its screen
        self.text_scale = 0
        self._base_app_font = QFont(QApplication.font())  # what dialogs opened from here start from
        self.unlock_view = UnlockView()
        self.stack = named(QStackedWidget(), "mainStack", "MAPPA Desk")
        self.unlock_holder = centred(self.unlock_view, *VAULT_PAGE_MAX_SIZE)
        self.stack.addWidget(self.unlock_holder)
        self._base_fonts = {}
        self._new_home()
        self.setCentralWidget(self.stack)
        # Never narrower than a page can be laid out (Home's top row) nor than a readable documents preview.
        needed = self.stack.minimumSizeHint()
        self.setMinimumSize(max(DOCUMENTS_MIN_SIZE[0], needed.width()), max(DOCUMENTS_MIN_SIZE[1], needed.height()))
        # Ctrl+L locks from any page (home, cockpit, documents): an application shortcut, so the
        # cockpit's own shortcuts and a focused field do not swallow it.
        self.lock_action = QAction("Lock", self)
        self.lock_action.setObjectName("lockAction")
        self.lock_action.setShortcut("Ctrl+L")
        self.lock_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.addAction(self.lock_action)
        # Larger text (Ctrl+= / Ctrl++ larger, Ctrl+- smaller, Ctrl+0 normal), declared once here for
        # every record page: home, cockpit and documents.
        self.zoom_actions = {}
        for keys, step in (("Ctrl+=", 1), ("Ctrl++", 1), ("Ctrl+-", -1), ("Ctrl+0", None)):
            action = QAction(keys, self)
            action.setShortcut(keys)
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(lambda _=False, step=step: self.set_text_scale(0 if step is None else self.cockpit_view.text_scale + step))
            self.addAction(action)
            self.zoom_actions[keys] = action
        self.controller = None  # set by ui.app.build_main_window; the window keeps it alive

    def show_first(self) -> None:
        """Shows the window at launch: maximised on a small screen, a roomy window centred on a larger one."""
        screen = self.screen()
        if screen is None:
            self.show()
            return
        rect, maximised = first_geometry(screen.availableGeometry(), self.minimumSize())
        self.setGeometry(rect)
        if maximised:
            self.showMaximized()
        else:
            self.show()

    def build_pages(self) -> None:
        """Home, documents and cockpit, new and empty, after each Lock has dropped the old ones (at start, Home
        alone; the other two when first read)."""
        self._base_fonts = {}
        self._new_home()
        self._new_documents_and_cockpit()
        if self.text_scale:
            self.set_text_scale(self.text_scale)

    def _new_home(self) -> None:
        self.home_view = HomeView()
        self._base_fonts[self.home_view] = QFont(self.home_view.font())
        self.stack.addWidget(self.home_view)

    def _documents_and_cockpit_when_first_read(self) -> None:
        self._new_documents_and_cockpit()
        if self.text_scale:
            self.set_text_scale(self.text_scale)

    def _new_documents_and_cockpit(self) -> None:
        from ui.cockpit.view import CockpitView
        from ui.documents.view import DocumentsView

        self.documents_view = DocumentsView()
        self.cockpit_view = CockpitView()
        self._base_fonts[self.documents_view] = QFont(self.documents_view.font())
        self.stack.addWidget(self.documents_view)
        self.stack.addWidget(self.cockpit_view)

    def set_text_scale(self, index: int) -> None:
        """One text size for home, cockpit and documents (the cockpit also scales its headings)."""
        from ui.cockpit.view import TEXT_SCALES

        self.text_scale = max(0, min(len(TEXT_SCALES) - 1, index))
        self.cockpit_view.set_text_scale(self.text_scale)
        for page, base in self._base_fonts.items():
            font = QFont(base)
            font.setPointSizeF(base.pointSizeF() * TEXT_SCALES[self.text_scale])
            page.setFont(font)
        # Dialogs (New meeting, New individual, requests, handover, backup) are windows of their own, which do
        # not take the main window's font: the application's font carries the text size to them.
        app_font = QFont(self._base_app_font)
        app_font.setPointSizeF(self._base_app_font.pointSizeF() * TEXT_SCALES[self.text_scale])
        QApplication.setFont(app_font)

    def record_pages(self) -> tuple[QWidget, ...]:
        return self.home_view, self.documents_view, self.cockpit_view

    def drop_pages(self) -> None:
        """On Lock: the pages that showed records (and the windows they own: the projector, menus) are destroyed,
        not hidden. Deleted once control is back in the event loop, since Lock may come from a button on them."""
        for page in self.record_pages():
            self.stack.removeWidget(page)
            page.hide()
            page.deleteLater()

    def show_unlock(self) -> None:
        self.stack.setCurrentWidget(self.unlock_holder)

    def show_home(self) -> None:
        self.stack.setCurrentWidget(self.home_view)
        self.home_view.meeting_list.setFocus()

    def show_documents(self) -> None:
        self.stack.setCurrentWidget(self.documents_view)
        self.documents_view.generate_button.setFocus()

    def show_cockpit(self) -> None:
        self.stack.setCurrentWidget(self.cockpit_view)
        self.activateWindow()  # back from the New meeting dialog: the keyboard belongs to the cockpit
        self.cockpit_view.rail.setFocus()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        self.sig_closed.emit()
        QApplication.setFont(self._base_app_font)  # the larger text was this window's, not the next one's
        super().closeEvent(event)
