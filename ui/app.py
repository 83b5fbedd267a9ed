"""Starts the Qt application: one main window, the task runner, and who owns the open session."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject
from PySide6.QtWidgets import QApplication

from mappa_desk import paths
from mappa_desk.domain.enums import MEETING_KINDS, MEETING_STATUSES
from ui.cockpit.controller import CockpitController
from ui.crash import install_excepthook
from ui.documents.controller import DocumentsController
from ui.home.controller import HomeController
from ui.home.model import MeetingRow
from ui.main_window import MainWindow
from ui.new_individual.controller import NewIndividualController
from ui.new_meeting.controller import NewMeetingController
from ui.tasks import TaskRunner
from ui.unlock.controller import Opened, UnlockController


class AppController(QObject):
    """Holds the open session between unlock and Lock (or quit), and switches the window's pages."""

    def __init__(self, window: MainWindow, data_dir: str | Path | None):
        super().__init__(window)
        self.window = window
        self.runner = TaskRunner(self)
        self.unlock = UnlockController(window.unlock_view, self.runner, data_dir, self)
        self.home = HomeController(window.home_view, self.runner, self)
        self.documents = DocumentsController(window.documents_view, self.runner, self)
        self.cockpit = CockpitController(window.cockpit_view, self.runner, self)
        self.new_meeting = NewMeetingController(self.runner, window)
        self.new_individual = NewIndividualController(self.runner, window)
        self.session = None
        self._new_meeting_for: int | None = None
        self._shut_down = False
        self.unlock.sig_unlocked.connect(self._on_unlocked)
        window.home_view.sig_lock_requested.connect(self._on_lock_requested)
        self.home.sig_generate_requested.connect(self._on_generate_requested)
        self.documents.sig_back_requested.connect(self._on_back_home)
        self.documents.sig_step_requested.connect(self._on_step_requested)
        window.home_view.sig_open_meeting_requested.connect(self._on_open_meeting)
        window.home_view.sig_new_meeting_requested.connect(self._on_new_meeting)
        self.new_meeting.sig_meeting_created.connect(self._on_meeting_created)
        window.home_view.sig_new_individual_requested.connect(self._on_new_individual)
        self.new_individual.sig_individual_created.connect(self._on_individual_created)
        self.cockpit.sig_home_requested.connect(self._on_back_home)
        self.cockpit.sig_generate_requested.connect(self._on_generate_from_cockpit)
        window.sig_closed.connect(self._on_closed)

    def start(self) -> None:
        self.window.show_unlock()
        self.unlock.start()

    def _on_unlocked(self, opened: Opened) -> None:
        self.session = opened.session
        self.window.home_view.show_summary(opened.counts, str(opened.session.vault.folder), opened.session.note)
        self.window.show_home()
        self.home.load(self.session)

    def _on_generate_requested(self, meeting: MeetingRow) -> None:
        if self.session is not None:
            self.documents.open(self.session, meeting)
            self.window.show_documents()

    def _on_open_meeting(self, meeting_id: int) -> None:
        if self.session is not None:
            self.cockpit.open(self.session, meeting_id)
            self.window.show_cockpit()

    def _on_step_requested(self, meeting_id: int, panel: str) -> None:
        """A blocking gap found at clearance: put it right at its step in the cockpit."""
        if self.session is not None:
            self.documents.clear()
            self.cockpit.open(self.session, meeting_id, start_panel=panel)
            self.window.show_cockpit()

    def _on_new_meeting(self, individual_id: int) -> None:
        if self.session is not None:
            self._new_meeting_for = individual_id
            self.new_meeting.open(self.session, individual_id)

    def _on_new_individual(self) -> None:
        if self.session is not None:
            self.new_individual.open(self.session)

    def _on_individual_created(self, individual_id: int) -> None:
        self.home.select_individual(individual_id)  # listed and shown behind the New meeting dialog
        self._on_new_meeting(individual_id)

    def _on_meeting_created(self, meeting_id: int) -> None:
        if self._new_meeting_for is not None:
            self.home.select_individual(self._new_meeting_for)  # coming back to Home shows this person
        self._on_open_meeting(meeting_id)

    def _on_back_home(self) -> None:
        self.cockpit.close()
        self.window.show_home()
        if self.session is not None:
            self.home.reload()

    def _on_generate_from_cockpit(self, meeting_id: int) -> None:
        data = self.cockpit.data
        if self.session is None or data is None:
            return
        ind = data.individual
        name = f"{ind['given_names']} {ind['family_name']}".strip()
        row = MeetingRow(meeting_id, data.meeting["meeting_date"],
                         f"{name} ({ind['visor_ref']})" if ind["visor_ref"] else name,
                         MEETING_KINDS[data.meeting["kind"]], data.meeting["level"],
                         MEETING_STATUSES[data.meeting["status"]])
        self.cockpit.close()
        self.documents.open(self.session, row)
        self.window.show_documents()

    def _on_lock_requested(self) -> None:
        remembered = bool(self.session and self.session.remembered)
        self.cockpit.close()  # commits the field being typed in first
        self.new_meeting.clear()
        self.new_individual.clear()
        # The meeting list may still be loading on the database lane: let it finish before
        # the connection closes under it (its result is then dropped by clear()).
        self.runner.wait_for_done()
        self._close_session()
        self.home.clear()
        self.documents.clear()
        self.unlock.show_locked(remembered)
        self.window.show_unlock()

    def _on_closed(self) -> None:
        self.shutdown()

    def shutdown(self) -> None:
        """Finish the work in hand, then close the vault. Safe to call more than once."""
        if self._shut_down:
            return
        self._shut_down = True
        self.unlock.shutdown()
        self.cockpit.close()
        self.runner.wait_for_done()
        # Deliver results that finished meanwhile, so an unlock that completes during
        # shutdown closes its session instead of leaving the database open.
        QCoreApplication.sendPostedEvents()
        self._close_session()

    def _close_session(self) -> None:
        if self.session is not None:
            self.session.close()
            self.session = None


def build_main_window(data_dir: str | Path | None = None) -> MainWindow:
    """The main window with its controllers, started: the create page or the unlock page."""
    window = MainWindow()
    window.controller = AppController(window, data_dir)
    window.controller.start()
    return window


def run(data_dir: str | None = None, argv=None) -> int:
    argv = list(sys.argv if argv is None else argv)
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_AUTHOR)
    # Nothing goes into QSettings (the registry or ~/.config): nothing personal may be
    # stored outside the vault, and nothing else needs keeping yet.
    window = build_main_window(data_dir)
    install_excepthook(lambda: window)
    app.aboutToQuit.connect(window.controller.shutdown)
    window.show()
    return app.exec()
