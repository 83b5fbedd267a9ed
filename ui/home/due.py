"""The home page's "What is due" panel: overdue and due-soon items, most urgent first, and its controller.

The panel sits above the individuals list and folds away to one line. Each entry says "Overdue:" or "Due
soon:" in words; a red dot beside the overdue ones only helps the eye (a whole list in red is a wall the
eye slides off). Enter or a double-click on one selects that individual and, where the item concerns a
meeting, that meeting in their record.
"""

from __future__ import annotations

import datetime as _dt
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from functools import partial

from PySide6.QtCore import QObject, QSize, Qt, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QToolButton,
                               QVBoxLayout, QWidget)

from mappa_desk.services import due
from mappa_desk.services.due import DueItem
from mappa_desk.services.session import Session
from ui.common import ERROR_RED, error_label, named
from ui.ops import Generation, Op

VISIBLE_ROWS = 5  # enough to see what is most urgent; the individuals list keeps the rest of the column
LISTED = 200  # the most urgent this many are listed; the summary counts them all (`mappa-desk due` lists all)
INDIVIDUAL_ROLE = Qt.ItemDataRole.UserRole
MEETING_ROLE = Qt.ItemDataRole.UserRole + 1


def entry_text(item: DueItem) -> str:
    when = "Overdue" if item.overdue else "Due soon"
    return f"{when}: {item.individual_name} – {item.sentence}"


def _how_late(days: int) -> str:
    if days < 0:
        return f"{-days} day{'s' if days != -1 else ''} late"
    if days == 0:
        return "due today"
    return f"due in {days} day{'s' if days != 1 else ''}"


class DuePanel(QWidget):
    sig_item_activated = Signal(int, object)  # individual id, meeting id (None for an initial meeting)

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        named(self, "duePanel", "What is due")
        self.toggle = named(QToolButton(), "dueToggle", "Show or hide what is due")
        self.toggle.setText("What is due")
        self.toggle.setAutoRaise(True)  # a heading that folds, not a button that stays pressed
        self._expanded = True
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        font = self.toggle.font()
        font.setBold(True)
        self.toggle.setFont(font)
        self.summary = named(QLabel(), "dueSummary", "Summary of what is due")
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.list = named(QListWidget(), "dueList", "What is due",
                          "Overdue and due-soon items, most urgent first. Enter shows the individual's record.")
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)  # long entries end in …
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setUniformItemSizes(True)
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.error = error_label("dueError")

        header = QHBoxLayout()
        header.setSpacing(8)
        header.addWidget(self.toggle)
        header.addWidget(self.summary, 1)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 4)
        box.setSpacing(2)
        box.addLayout(header)
        box.addWidget(self.list)
        box.addWidget(self.error)
        self.toggle.clicked.connect(self._on_toggle_clicked)
        self.list.itemActivated.connect(self._on_list_item_activated)  # Enter or double-click
        self._fit_height()
        self.clear()

    # -- what the controller shows ---------------------------------------------------------
    def set_items(self, items: list[DueItem], soon_days: int, overdue: int | None = None,
                  soon: int | None = None) -> None:
        """Lists `items`; `overdue` and `soon` count everything due when `items` is only the most urgent."""
        self.error.hide()
        self.list.clear()
        overdue_icon, soon_icon = self._marks()
        for item in items:
            entry = QListWidgetItem(overdue_icon if item.overdue else soon_icon, entry_text(item))
            entry.setSizeHint(QSize(0, self._row_height))
            entry.setData(INDIVIDUAL_ROLE, item.individual_id)
            entry.setData(MEETING_ROLE, item.meeting_id)
            ref = f" ({item.visor_ref})" if item.visor_ref else ""
            entry.setToolTip(f"{item.individual_name}{ref}: {item.sentence}; {_how_late(item.days)}.")
            self.list.addItem(entry)
        overdue = sum(item.overdue for item in items) if overdue is None else overdue
        soon = len(items) - overdue if soon is None else soon
        more = (f" (the {len(items):,} most urgent are listed; `mappa-desk due` lists them all)"
                if overdue + soon > len(items) else "")
        self.summary.setText(f"{overdue:,} overdue · {soon:,} due in the next {soon_days} days{more}" if items else
                             "Nothing due")
        if not items:
            # Said inside the list, which keeps its height: the page does not jump when the results arrive.
            note = QListWidgetItem(f"Nothing is overdue or due in the next {soon_days} days.")
            note.setFlags(Qt.ItemFlag.NoItemFlags)
            note.setSizeHint(QSize(0, self._row_height))
            self.list.addItem(note)
        self._show_parts()

    def show_error(self, text: str) -> None:
        self.list.clear()
        self.summary.clear()
        self.error.setText(text)
        self.error.show()
        self._show_parts()

    def clear(self) -> None:
        """On Lock, and until the first results arrive: nothing of any individual stays."""
        self.list.clear()
        self.summary.clear()
        self.error.clear()
        self.error.hide()
        self._show_parts()

    def set_expanded(self, expanded: bool) -> None:
        self._expanded = expanded
        self._show_parts()

    def is_expanded(self) -> bool:
        return self._expanded

    def entries(self) -> list[str]:
        """The entries' text (the note that nothing is due is not an entry)."""
        return [self.list.item(n).text() for n in range(self.list.count())
                if self.list.item(n).data(INDIVIDUAL_ROLE) is not None]

    # -- inside ------------------------------------------------------------------------------
    def _fit_height(self) -> None:
        self._row_height = self.list.fontMetrics().height() + 8  # room to breathe, as in the tables below
        self.list.setIconSize(QSize(10, 10))
        self.list.setFixedHeight(self._row_height * VISIBLE_ROWS + 2 * self.list.frameWidth())

    def _marks(self) -> tuple[QIcon, QIcon]:
        """A filled red dot for overdue, an empty ring for due soon (the words say which)."""
        icons = []
        for fill in (QColor(ERROR_RED), None):
            pixmap = QPixmap(20, 20)
            pixmap.setDevicePixelRatio(2.0)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            if fill is None:
                painter.setPen(self.palette().color(QPalette.ColorRole.Mid))
                painter.setBrush(Qt.BrushStyle.NoBrush)
            else:
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
            painter.drawEllipse(1, 1, 8, 8)
            painter.end()
            icons.append(QIcon(pixmap))
        return icons[0], icons[1]

    def _show_parts(self) -> None:
        expanded = self._expanded
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if expanded else Qt.ArrowType.RightArrow)
        self.toggle.setToolTip("Hide what is due" if expanded else "Show what is due")
        self.list.setVisible(expanded)

    def _on_toggle_clicked(self) -> None:
        self.set_expanded(not self._expanded)

    def _on_list_item_activated(self, entry: QListWidgetItem) -> None:
        if entry.data(INDIVIDUAL_ROLE) is not None:
            self.sig_item_activated.emit(entry.data(INDIVIDUAL_ROLE), entry.data(MEETING_ROLE))


def _due_list(session: Session, today: str, soon_days: int) -> due.DueList:
    """On the database lane: the most urgent LISTED items, and the counts of all."""
    return due.due_list(session, _dt.date.fromisoformat(today), soon_days, limit=LISTED)


def _start_beside(session: Session, today: str, soon_days: int, reader: ThreadPoolExecutor) -> Future:
    """On the database lane, so after every write asked for before it: starts What is due on the vault's reader
    connection, on a thread of its own, and holds the lane until that read sees the vault, so that it sees
    those writes and none made after. The list is read on the lane meanwhile, beside it."""
    begun = threading.Event()
    found = reader.submit(due.due_list_beside, session, _dt.date.fromisoformat(today), soon_days, LISTED, begun)
    begun.wait()
    return found


class DueController(QObject):
    """Loads the panel with the home list (beside it on the vault's reader connection, or after it on the database
    lane), and turns an entry into a selection."""

    def __init__(self, home, panel: DuePanel, runner, parent: QObject | None = None):
        super().__init__(parent)
        self.home = home  # the HomeController: select_individual, sig_individual_shown, the record panel
        self.panel = panel
        self.runner = runner
        self.soon_days = due.DUE_SOON_DAYS
        self._load = Generation()  # a result that arrives after Lock, or after a newer request, is dropped
        self._wanted: tuple[int, int] | None = None  # (individual, meeting) to select once the record is shown
        self._reader: ThreadPoolExecutor | None = None  # the thread for reads on the reader connection
        panel.sig_item_activated.connect(self._on_item_activated)
        home.sig_individual_shown.connect(self._on_individual_shown)

    def load(self, session: Session | None, today: str) -> None:
        """On the database lane (queue it after the list: the caseload comes first)."""
        if session is None:
            return
        self._load.bump()
        self._op(partial(_due_list, session, today, self.soon_days)).on_success(self._on_loaded).run()

    def load_beside(self, session: Session | None, today: str) -> bool:
        """Beside the list, on the vault's reader connection: asked for just before the list, it starts as the
        list does and is read at the same time. False (nothing asked) if the vault has no reader of its own."""
        if session is None or session.db.reader is session.db:
            return False
        self._load.bump()
        if self._reader is None:
            self._reader = ThreadPoolExecutor(max_workers=1, thread_name_prefix="home-reader")
        self._op(partial(_start_beside, session, today, self.soon_days, self._reader)).on_success(self._await).run()
        return True

    def _await(self, found: Future) -> None:
        # On the pool lane: the runner is busy until What is due has arrived, as when it was read on the lane.
        self._op(found.result).on_success(self._on_loaded).run("pool")

    def _op(self, work) -> Op:
        return Op(self.runner, work, crash_parent=self.panel.window).stale_unless(self._load.current()) \
            .on_user_error(lambda err: self.panel.show_error(str(err)))

    def clear(self) -> None:
        self._load.bump()
        self._wanted = None
        self.panel.clear()

    def _on_loaded(self, found: due.DueList) -> None:
        self.panel.set_items(found.items, self.soon_days, found.overdue, found.soon)

    def _on_item_activated(self, individual_id: int, meeting_id: int | None) -> None:
        self._wanted = (individual_id, meeting_id) if meeting_id is not None else None
        self.home.select_individual(individual_id)

    def _on_individual_shown(self, individual_id: int) -> None:
        if self._wanted is None or self._wanted[0] != individual_id:
            return
        meeting_id = self._wanted[1]
        self._wanted = None
        record = self.home.view.record
        model = record.meetings_model
        row = next((n for n in range(model.rowCount()) if model.row_at(n).meeting_id == meeting_id), None)
        if row is not None:
            record.tabs.setCurrentIndex(0)
            record.meeting_list.selectRow(row)
            record.meeting_list.setFocus(Qt.FocusReason.OtherFocusReason)
