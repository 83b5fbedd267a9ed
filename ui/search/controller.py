"""Drives Search the minutes: each query on the database lane after a short pause in typing, one at a time."""

from __future__ import annotations

from functools import partial
from typing import Callable

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from mappa_desk.errors import UserFacingError
from mappa_desk.services import fulltext
from mappa_desk.services.fulltext import Hit
from mappa_desk.services.session import Session
from ui.ops import Generation, Op
from ui.search.view import SearchMinutesDialog
from ui.tasks import TaskRunner

PAUSE_MS = 300  # after the last keystroke; a search at 50,000 meetings takes 10-200 ms


class SearchController(QObject):
    sig_open_meeting_requested = Signal(int, int)  # meeting id, individual id
    sig_results_shown = Signal(str)  # the text the results on screen are for

    def __init__(self, runner: TaskRunner, parent_widget: QWidget, session: Callable[[], Session | None],
                 parent: QObject | None = None):
        super().__init__(parent)
        self.runner = runner
        self.parent_widget = parent_widget
        self.session = session  # the open session, or None once locked
        self.dialog: SearchMinutesDialog | None = None
        self.limit = fulltext.DEFAULT_LIMIT
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(PAUSE_MS)
        self._timer.timeout.connect(self._search)
        self._run = Generation()  # a result meant for an earlier dialog, or one from before a Lock, is dropped
        self._busy = False  # a search is on the database lane
        self._again = False  # the text changed while it was: search again when it is back

    def open(self) -> None:
        """Show the dialog (again, with the last search, if it is open already)."""
        if self.session() is None:
            return
        if self.dialog is None:
            self._run.bump()
            dialog = SearchMinutesDialog(self.parent_widget)
            dialog.sig_text_changed.connect(self._on_text_changed)
            dialog.sig_search_now.connect(self._search)
            dialog.sig_open_requested.connect(self._on_open_requested)
            dialog.finished.connect(partial(self._on_finished, dialog))
            self.dialog = dialog
        self.dialog.show()
        self.dialog.field.setFocus()
        self.dialog.field.selectAll()

    def clear(self) -> None:
        """On Lock: close the dialog and drop any result still on its way."""
        self._timer.stop()
        self._run.bump()
        self._busy = self._again = False
        if self.dialog is not None:
            dialog, self.dialog = self.dialog, None
            dialog.clear()
            dialog.reject()
            dialog.deleteLater()

    # -- searching -----------------------------------------------------------------------------
    def _on_text_changed(self, _text: str) -> None:
        self._timer.start()  # restarts: the search waits for a pause in typing

    def _search(self) -> None:
        self._timer.stop()
        dialog, session = self.dialog, self.session()
        if dialog is None or session is None:
            return
        if self._busy:
            self._again = True
            return
        text = dialog.text()
        if not fulltext.words_of(text):
            dialog.show_results(text, [], self.limit)
            self.sig_results_shown.emit(text)
            return
        self._busy, self._again = True, False
        dialog.show_searching()
        # a failure's details are logged with the error's type and place, never the search text
        Op(self.runner, partial(fulltext.search_minutes, session, text, self.limit), crash_parent=dialog) \
            .stale_unless(self._run.current()).on_done(self._on_back).on_success(partial(self._on_found, text)) \
            .on_user_error(self._on_failed).run()

    def _on_back(self) -> None:
        self._busy = False  # (a stale _again is harmless: the next search resets it)

    def _on_found(self, text: str, hits: list[Hit]) -> None:
        if self._again or text != self.dialog.text():
            self._search()  # typed on meanwhile: these results are already out of date
            return
        self.dialog.show_results(text, hits, self.limit)
        self.sig_results_shown.emit(text)

    def _on_failed(self, err: UserFacingError) -> None:
        self._again = False
        self.dialog.show_error(str(err))

    # -- opening a result ----------------------------------------------------------------------
    def _on_open_requested(self, hit: Hit) -> None:
        meeting_id, individual_id = hit.meeting_id, hit.individual_id
        self.clear()
        self.sig_open_meeting_requested.emit(meeting_id, individual_id)

    def _on_finished(self, dialog: SearchMinutesDialog, _result: int) -> None:
        if self.dialog is dialog:  # closed by the user (Close or Esc): the next open starts afresh
            self.clear()
