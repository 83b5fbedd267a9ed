"""Fills the home page from the vault (on the database lane) and passes on what the chair asks for."""

from __future__ import annotations

import datetime as _dt
from functools import partial

from PySide6.QtCore import QObject, Signal

from mappa_desk.errors import NotFound, UserFacingError
from mappa_desk.services import home
from mappa_desk.services.session import Session
from ui.home.due import DueController
from ui.home.view import HomeView
from ui.ops import Generation, Op
from ui.requests.controller import RequestsController
from ui.tasks import TaskRunner


def _listing(session: Session, today: str, likely: int | None, page: int) -> tuple[list[dict], bool, dict, tuple]:
    """On the database lane: the first page of individuals (through `likely`, the one likely to be selected, if
    listed) and whether that is all of them, the counts for the footer, and the record of `likely` (else the
    first), read with the list rather than after it."""
    rows, complete = home.listing_page(session, today, through=likely, limit=page)
    ids = {row["id"] for row in rows}
    first = likely if likely in ids else (rows[0]["id"] if rows else None)
    return rows, complete, session.counts(), (first, home.individual_detail(session, first) if first is not None
                                              else None)


def _detail(session: Session, individual_id: int) -> dict:
    """On the database lane."""
    return home.individual_detail(session, individual_id)


class HomeController(QObject):
    sig_generate_requested = Signal(object)  # MeetingRow
    sig_open_meeting_requested = Signal(int)  # meeting id
    sig_new_meeting_requested = Signal(int)  # individual id
    sig_new_individual_requested = Signal()
    sig_meetings_shown = Signal()  # the list of individuals has arrived
    sig_individual_shown = Signal(int)  # that individual's record (meetings, details, RMP) is on screen

    def __init__(self, view: HomeView, runner: TaskRunner, parent: QObject | None = None):
        super().__init__(parent)
        self.view = view
        self.runner = runner
        self._session: Session | None = None
        # A result that arrives after Lock, or after a newer request, is dropped by these.
        self._load = Generation()
        self._detail = Generation()
        self._prefetched: tuple | None = None  # (individual id, record) read with the list, used by the selection
        self._wanted: int | None = None  # asked for by select_individual: selected when the next list arrives
        self._list_message = ""  # a sentence to show with the next list
        self._listed_on = ""  # the day the list was read for (its pages are read for the same day)
        self.today = lambda: _dt.date.today().isoformat()  # tests set the day
        self.due = DueController(self, view.due_panel, runner, self)
        # The Requests tab loads and changes its log itself, with the session this page holds.
        self.requests = RequestsController(view.record.requests_panel, runner, lambda: self._session, self)
        view.sig_generate_requested.connect(self.sig_generate_requested)
        view.sig_open_meeting_requested.connect(self.sig_open_meeting_requested)
        view.sig_new_meeting_requested.connect(self.sig_new_meeting_requested)
        view.sig_new_individual_requested.connect(self.sig_new_individual_requested)
        view.sig_individual_selected.connect(self._on_individual_selected)
        view.individuals_model.sig_more_wanted.connect(self._more)
        view.individuals_model.sig_whole_wanted.connect(self._whole)

    # -- entry points ----------------------------------------------------------------
    def load(self, session: Session) -> None:
        """After unlock: list the individuals and show the most urgent one."""
        self._session = session
        self._wanted = None
        self._list()

    def reload(self) -> None:
        """List again (e.g. after a meeting was saved), keeping the selected individual and the search."""
        if self._session is not None:
            self._list()

    def select_individual(self, individual_id: int) -> None:
        """List again and show that individual's record, fresh from the vault (e.g. after one of their
        meetings was saved: their review date may have moved, or they may be new to the list)."""
        if self._session is not None:
            self._wanted = individual_id
            self._list()

    def clear(self) -> None:
        """On Lock: forget the session and empty the page."""
        self._load.bump()
        self._detail.bump()
        self._session = None
        self._wanted = None
        self._list_message = ""
        self.view.clear()
        self.due.clear()

    # -- the list --------------------------------------------------------------------
    def _list(self) -> None:
        self._load.bump()
        likely = self._wanted if self._wanted is not None else self.view.selected_individual_id()
        # "What is due" is read beside the list, on the vault's reader connection (ui/home/due.py), if it has
        # one; if not, it is queued straight after the list and runs while the GUI thread fills the list.
        beside = self.due.load_beside(self._session, self.today())
        self._listed_on = self.today()
        self._op(partial(_listing, self._session, self._listed_on, likely, home.PAGE), self._load) \
            .on_success(self._on_listed) \
            .on_failure(self._on_list_failed).on_user_error(lambda err: self.view.show_list_error(str(err))).run()
        if not beside:
            self.due.load(self._session, self.today())

    def _op(self, work, requests: Generation) -> Op:
        """Dropped after the next request (or a Lock); a failure nobody planned for goes to the crash dialog."""
        return Op(self.runner, work, crash_parent=self.view.window).stale_unless(requests.current())

    def _more(self) -> None:
        """The view scrolled to the end of the rows read: the next page, dropped if the list is read again."""
        last = self.view.individuals_model.last_read()
        if self._session is None or last is None:
            return
        self._op(partial(home.listing_page, self._session, self._listed_on, after=last, limit=home.PAGE),
                 self._load).on_success(lambda result: self.view.show_more(*result)) \
            .on_user_error(lambda err: self.view.show_list_error(str(err))).run()

    def _whole(self) -> None:
        """A search or another order needs every row: read them all, as of the same day."""
        if self._session is not None:
            self._op(partial(home.individual_rows, self._session, self._listed_on), self._load) \
                .on_success(self.view.show_whole).on_user_error(lambda err: self.view.show_list_error(str(err))).run()

    def _on_listed(self, result: tuple[list[dict], bool, dict, tuple]) -> None:
        rows, complete, counts, self._prefetched = result
        # Whoever is selected when the list arrives stays selected, unless someone was asked for.
        wanted = self._wanted if self._wanted is not None else self.view.selected_individual_id()
        self._wanted = None
        self.view.show_counts(counts)
        self.view.show_individuals(rows, wanted, complete)
        self._prefetched = None
        if self._list_message:
            self.view.show_list_error(self._list_message)
            self._list_message = ""
        self.sig_meetings_shown.emit()

    def _on_list_failed(self, _err: BaseException) -> None:
        self._wanted = None

    # -- one individual --------------------------------------------------------------
    def _on_individual_selected(self, individual_id: int | None) -> None:
        self._detail.bump()
        if individual_id is None or self._session is None:
            return
        prefetched, self._prefetched = self._prefetched, None
        if prefetched is not None and prefetched[0] == individual_id:
            self._on_detail(individual_id, prefetched[1])  # read with the list just now
            return
        self._op(partial(_detail, self._session, individual_id), self._detail) \
            .on_success(partial(self._on_detail, individual_id)).on_user_error(self._on_detail_failed).run()

    def _on_detail(self, individual_id: int, detail: dict) -> None:
        if self.view.selected_individual_id() != individual_id:
            return
        self.view.show_detail(detail)
        self.sig_individual_shown.emit(individual_id)

    def _on_detail_failed(self, err: UserFacingError) -> None:
        if isinstance(err, NotFound):
            # The individual is gone: list again, and say why the record changed under the list.
            self._list_message = str(err)
            self._list()
        else:
            self.view.show_detail_error(str(err))
