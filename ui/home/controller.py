"""Fills the home page's meeting list from the vault (on the database lane) and passes on "Generate documents"."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, Signal

from mappa_desk.errors import UserFacingError
from mappa_desk.services import records
from mappa_desk.services.session import Session
from ui.crash import show_unexpected_error
from ui.home.model import meeting_rows
from ui.home.view import HomeView
from ui.tasks import TaskRunner


class HomeController(QObject):
    sig_generate_requested = Signal(object)  # MeetingRow
    sig_meetings_shown = Signal()

    def __init__(self, view: HomeView, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.view = view
        self.runner = runner
        self._load = 0  # a list that arrives after Lock (or a newer load) is dropped by this
        view.sig_generate_requested.connect(self.sig_generate_requested)

    def load(self, session: Session) -> None:
        self._load += 1
        self.runner.submit(partial(_rows, session), on_success=partial(self._on_listed, self._load),
                           on_failure=partial(self._on_list_failed, self._load))

    def clear(self) -> None:
        self._load += 1
        self.view.clear()

    def _on_listed(self, load: int, rows: list) -> None:
        if load == self._load:
            self.view.show_meetings(rows)
            self.sig_meetings_shown.emit()

    def _on_list_failed(self, load: int, err: BaseException) -> None:
        if load != self._load:
            return
        if isinstance(err, UserFacingError):
            self.view.show_list_error(str(err))
        else:
            show_unexpected_error(self.view.window(), err)


def _rows(session: Session) -> list:
    """On the database lane: the listing, already shaped into rows (plain values)."""
    return meeting_rows(records.list_records(session))
