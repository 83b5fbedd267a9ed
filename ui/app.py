"""Starts the Qt application: one main window, the task runner, and who owns the open session."""

from __future__ import annotations

import logging
import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QDialog, QMessageBox

from ui import pyside_imports  # noqa: F401 - first, before the app's own modules: see ui/pyside_imports.py
from mappa_desk import paths
from mappa_desk.domain.enums import MEETING_KINDS, MEETING_STATUSES
from mappa_desk.errors import UserFacingError
from mappa_desk.services import resume
from mappa_desk.services import session as sessions
from mappa_desk.services.resume import Position
from mappa_desk.vault import lock as vault_lock
from ui import file_dialogs, wheel_guard
from ui.backup.controller import BackupController
from ui.backup.restore import ask_for_restore
from ui.clipboard import ClipboardGuard
from ui.common import MadeWhenFirstRead
from ui.crash import install_excepthook
from ui.idle import IdleWatch
from ui.main_window import MainWindow
from ui.ops import Generation, Op
from ui.spelling import Spelling
from ui.tasks import TaskRunner
from ui.unlock.controller import Opened, UnlockController

# The record side (the controllers of home, documents and cockpit, those pages but Home, and the dialogs opened
# from them) is made once the first page is on screen, while the chair types the passphrase; at the latest at the
# first unlock, or when first read: see AppController._make_record_side.

log = logging.getLogger(__name__)


class AppController(QObject):
    """Holds the open session between unlock and Lock (or quit), and switches the window's pages."""

    def __init__(self, window: MainWindow, data_dir: str | Path | None, hold: vault_lock.Hold | None = None):
        super().__init__(window)
        self.window = window
        self.hold = hold  # the vault's lock, from start to quit: restore and every session run under it
        self.start_note: str | None = None  # what the start did to the vault (a restore finished), said at unlock
        self.runner = TaskRunner(self)
        self.unlock = UnlockController(window.unlock_view, self.runner, data_dir, self)
        self.backups = BackupController(self.runner, window, self)
        self.session = None
        self._new_meeting_for: int | None = None
        self._shut_down = False
        self.idle = IdleWatch(self)  # tests shorten it with idle.set_timeout_ms
        self.clipboard = ClipboardGuard(self)  # what was copied out of the app goes at Lock and quit
        # Where to go back to after unlock, kept in memory only while locked:
        # ("cockpit", Position) or ("home", individual id or None).
        self._back_to: tuple[str, object] | None = None
        self._present_after_unlock = False  # Lock came while the main window was presenting
        self._saved_position: Position | None = None  # what the vault's last_position holds, as far as we know
        self._unlocks = Generation()  # a resume reading meant for an earlier unlock is dropped
        self._kept_history = None  # the cockpit's undo history, carried across the page Lock rebuilds
        self.unlock.sig_unlocked.connect(self._on_unlocked)
        window.sig_closed.connect(self._on_closed)
        self.backups.sig_problem.connect(self._on_backup_problem)
        self.backups.sig_note.connect(self._on_backup_problem)
        window.lock_action.triggered.connect(self._on_lock_requested)
        self.idle.sig_idle.connect(self._on_lock_requested)
        self.idle.sig_lock_keys.connect(self._on_lock_requested)

    home = MadeWhenFirstRead("_make_record_side")
    documents = MadeWhenFirstRead("_make_record_side")
    cockpit = MadeWhenFirstRead("_make_record_side")
    new_meeting = MadeWhenFirstRead("_make_record_side")
    new_individual = MadeWhenFirstRead("_make_record_side")
    edit_individual = MadeWhenFirstRead("_make_record_side")
    handover = MadeWhenFirstRead("_make_record_side")
    search = MadeWhenFirstRead("_make_record_side")

    def record_side_made(self) -> bool:
        return self.__dict__.get("_home") is not None

    def _make_record_side(self) -> None:
        """The dialogs' controllers, and the record pages with theirs: not before the first page is on screen
        (~0.1 s of imports and widgets the first window does without), but before the unlock needs them."""
        from ui.edit_individual.controller import EditIndividualController
        from ui.handover.controller import HandoverController
        from ui.new_individual.controller import NewIndividualController
        from ui.new_meeting.controller import NewMeetingController
        from ui.search.controller import SearchController

        window = self.window
        self.new_meeting = NewMeetingController(self.runner, window)
        self.new_individual = NewIndividualController(self.runner, window)
        self.edit_individual = EditIndividualController(self.runner, window)
        self.handover = HandoverController(self.runner, window, lambda: self.session, self)
        self.search = SearchController(self.runner, window, lambda: self.session, self)
        self.new_meeting.sig_meeting_created.connect(self._on_meeting_created)
        self.new_individual.sig_individual_created.connect(self._on_individual_created)
        self.edit_individual.sig_individual_changed.connect(lambda individual_id: self.home.select_individual(
            individual_id))  # the home controller is made with the pages, below
        self.handover.sig_imported.connect(self._on_handover_imported)
        self.search.sig_open_meeting_requested.connect(self._on_search_result_opened)
        self._control_pages()

    def _control_pages(self) -> None:
        """The controllers of the window's record pages (home, documents, cockpit), made and wired to them:
        with the rest of the record side, and again for the new pages each Lock makes."""
        from ui.cockpit.controller import CockpitController
        from ui.documents.controller import DocumentsController
        from ui.home.controller import HomeController

        window = self.window
        self.home = HomeController(window.home_view, self.runner, self)
        self.documents = DocumentsController(window.documents_view, self.runner, self)
        self.cockpit = CockpitController(window.cockpit_view, self.runner, self)
        window.home_view.sig_lock_requested.connect(self._on_lock_requested)
        self.home.sig_generate_requested.connect(self._on_generate_requested)
        self.documents.sig_back_requested.connect(self._on_back_home)
        self.documents.sig_step_requested.connect(self._on_step_requested)
        window.home_view.sig_open_meeting_requested.connect(self._on_open_meeting)
        window.home_view.sig_new_meeting_requested.connect(self._on_new_meeting)
        window.home_view.sig_new_individual_requested.connect(self._on_new_individual)
        window.home_view.sig_edit_individual_requested.connect(
            lambda individual_id: self.session is not None and self.edit_individual.open(self.session, individual_id))
        self.cockpit.sig_home_requested.connect(self._on_back_home)
        self.cockpit.sig_generate_requested.connect(self._on_generate_from_cockpit)
        window.home_view.sig_backup_requested.connect(self.backups.back_up_now)
        window.home_view.sig_restore_requested.connect(self._on_restore_requested)
        window.home_view.sig_handover_requested.connect(
            lambda: self.handover.export(self.window.home_view.selected_meeting()))
        window.home_view.sig_import_handover_requested.connect(self.handover.import_file)
        window.home_view.sig_search_minutes_requested.connect(self.search.open)
        self.cockpit.sig_step_shown.connect(self._on_step_shown)

    def _renew_pages(self) -> None:
        """Lock: every widget that showed record text is destroyed, not hidden. The pages and their controllers
        are dropped (deleted when control is back in the event loop) and new empty ones wait for the next unlock;
        every dialog goes too."""
        QCoreApplication.sendPostedEvents()  # results already on their way reach the old controllers, which drop them
        old = (self.home, self.documents, self.cockpit)
        folder = self.documents._folder  # the documents folder is offered again after unlock, as before
        self.window.drop_pages()
        for controller in old:
            controller.deleteLater()
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog):
                widget.deleteLater()
        self.window.build_pages()
        self._control_pages()
        self.documents._folder = folder

    def start(self) -> None:
        self.window.show_unlock()
        self.unlock.start()
        self.window.unlock_view.installEventFilter(self)  # for its first paint: see eventFilter

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        """Once the first page (create or unlock) is painted, the record side is made in the next turn of the
        event loop, while the chair reads the page and types, so that the unlock does not wait for it."""
        if event.type() == QEvent.Type.Paint and watched is self.window.unlock_view:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._prepare_record_side)
        return False

    def _prepare_record_side(self) -> None:
        if not self._shut_down and not self.record_side_made():
            self._make_record_side()

    def _on_unlocked(self, opened: Opened) -> None:
        if not self.record_side_made():
            self._make_record_side()
        self.session = opened.session
        self._unlocks.bump()
        self._saved_position = None
        note = " ".join(text for text in (self.start_note, opened.session.note) if text)
        self.start_note = None
        self.window.home_view.show_summary(opened.counts, str(opened.session.vault.folder), note)
        back_to, self._back_to = self._back_to, None
        present, self._present_after_unlock = self._present_after_unlock, False
        if not (present and back_to is not None and back_to[0] == "cockpit"):
            self.window.show_home()
        self.home.load(self.session)
        Spelling.shared().open(self.session, self.runner)  # the worker starts; the chair's words are read
        self.backups.start(self.session)  # the day's backup, on its own lane (ui.backup.controller)
        if back_to is not None and back_to[0] == "cockpit":
            self._open_at(back_to[1], present)
        elif back_to is not None and back_to[1] is not None:
            self.home.select_individual(back_to[1])
        # After a Lock the place is known; after a start (or a crash) the vault says where the chair was.
        unlocked = self._unlocks.current()
        Op(self.runner, partial(resume.on_unlock, self.session)) \
            .stale_unless(lambda: unlocked() and self.session is not None) \
            .on_success(partial(self._on_resume_read, back_to is None)) \
            .on_failure(self._on_resume_failed, report=False).run()
        self.idle.start()

    def _on_resume_read(self, go_back: bool, found: resume.Resume) -> None:
        self.idle.use_minutes(found.auto_lock_minutes)
        # Only if the chair has not moved on meanwhile (the reading takes a moment after unlock).
        if go_back and found.position is not None and self.window.stack.currentWidget() is self.window.home_view \
                and QApplication.activeModalWidget() is None:
            self._saved_position = found.position
            self._open_at(found.position)

    def _on_resume_failed(self, err: BaseException) -> None:
        # Nothing is lost: the app stays at home with the default idle time. The cockpit's own
        # work reports disk and file problems to the user.
        if not isinstance(err, UserFacingError):
            log.warning("could not read or write the resume position: %s", type(err).__name__)

    def _open_at(self, position: Position, present: bool = False) -> None:
        self.cockpit.open(self.session, position.meeting_id, start_step=position.step_key)
        if present:
            self.cockpit.projector.present()
        else:
            self.window.show_cockpit()

    def _on_step_shown(self, meeting_id: int, step_key: str) -> None:
        """Record where the chair is, so a crash (or a quit) comes back here; skipped when unchanged."""
        position = Position(meeting_id, step_key)
        if self.session is None or position == self._saved_position:
            return
        self._saved_position = position
        Op(self.runner, partial(resume.save_position, self.session, position)) \
            .on_failure(self._on_resume_failed, report=False).run()

    def _forget_position(self) -> None:
        """The chair left the cockpit normally: the next start opens at home."""
        if self.session is not None:
            self._saved_position = None
            Op(self.runner, partial(resume.clear_position, self.session)) \
                .on_failure(self._on_resume_failed, report=False).run()

    def _on_generate_requested(self, meeting) -> None:  # a ui.home.model.MeetingRow
        if self.session is not None:
            self.documents.open(self.session, meeting)
            self.window.show_documents()

    def _on_open_meeting(self, meeting_id: int) -> None:
        if self.session is not None:
            self.cockpit.open(self.session, meeting_id)
            self.window.show_cockpit()

    def _on_search_result_opened(self, meeting_id: int, individual_id: int) -> None:
        """A result of Search the minutes: its meeting in the cockpit, and its individual shown back at Home."""
        if self.session is not None:
            self.home.select_individual(individual_id)
            self._on_open_meeting(meeting_id)

    def _on_step_requested(self, meeting_id: int, panel: str) -> None:
        """A blocking gap found at clearance: put it right at its step in the cockpit."""
        if self.session is not None:
            self._release_render_workers()
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

    def _release_render_workers(self) -> None:
        """Leaving the Documents page: the two render workers (~150 MB together) stop until it opens again,
        so the chair's laptop does not carry them through the rest of the meeting."""
        if self.window.stack.currentWidget() is self.window.documents_view:
            self.documents.release_renderer()

    def _on_back_home(self) -> None:
        self._release_render_workers()
        if self.cockpit.data is not None:
            self._forget_position()
        self.cockpit.close()
        self.window.show_home()
        if self.session is not None:
            self.home.reload()

    def _on_generate_from_cockpit(self, meeting_id: int) -> None:
        data = self.cockpit.data
        if self.session is None or data is None:
            return
        from ui.home.model import MeetingRow

        ind = data.individual
        name = f"{ind['given_names']} {ind['family_name']}".strip()
        row = MeetingRow(meeting_id, data.meeting["meeting_date"],
                         f"{name} ({ind['visor_ref']})" if ind["visor_ref"] else name,
                         MEETING_KINDS[data.meeting["kind"]], data.meeting["level"],
                         MEETING_STATUSES[data.meeting["status"]])
        self._forget_position()
        self.cockpit.close()
        self.documents.open(self.session, row)
        self.window.show_documents()

    def _on_lock_requested(self) -> None:
        """Lock (button, Ctrl+L or idle): keep what was typed, hide everything, drop the key."""
        if self.session is None:
            return  # already locked, or not yet unlocked
        self.idle.stop()
        self._release_render_workers()
        remembered = bool(self.session and self.session.remembered)
        position = self.cockpit.position()
        # Presenting (one screen): after unlock the main window presents again, so the room sees neither the
        # cockpit nor Home until the chair stops presenting.
        self._present_after_unlock = position is not None and self.cockpit.projector.presenting()
        if position is not None and (self.window.stack.currentWidget() is self.window.cockpit_view
                                     or self._present_after_unlock):
            self._back_to = ("cockpit", Position(*position))
        else:
            self._back_to = ("home", self.window.home_view.selected_individual_id())
        self.cockpit.flush()  # commits the field being typed in first, as an undo step
        self._kept_history = self.cockpit.take_history()
        kept_paused = self.cockpit.paused_meeting()
        self.cockpit.close()
        self.new_meeting.clear()
        self.new_individual.clear()
        self.edit_individual.clear()
        self.handover.clear()
        self.search.clear()
        # Any other dialog (a request form, Skip this step, a file chooser) shows case material:
        # it closes, and what was typed in it and not yet saved is dropped with it.
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, QDialog) and widget.isVisible():
                widget.reject()
        # The meeting list may still be loading on the database lane: let it finish before
        # the connection closes under it (its result is then dropped by clear()). A backup still
        # being made is not waited for: closing the vault interrupts it, nothing of it is kept,
        # and the day's backup is made after the next unlock.
        self.runner.wait_for_done(housekeeping=False)
        self.backups.stop()
        self._close_session()
        self.home.clear()
        self.documents.clear()
        self.unlock.show_locked(remembered)
        self.window.show_unlock()
        self._renew_pages()
        self.cockpit.kept_history = self._kept_history  # in memory only, while locked; dropped at quit
        self.cockpit.kept_paused = kept_paused
        self._kept_history = None
        self.clipboard.clear_if_ours()

    def _on_restore_requested(self) -> None:
        """From Home: ask first, then lock (the vault must be closed to be replaced) and restore."""
        choice = ask_for_restore(self.unlock.dialogs, self.window, self.unlock.data_dir, session=self.session)
        if choice is not None and self.session is not None:
            self._on_lock_requested()
            self.cockpit.kept_history = None  # the record is replaced: its undo history means nothing now
            self.unlock.run_restore(choice)

    def _on_handover_imported(self, _result) -> None:
        if self.session is not None:
            self.home.reload()

    def _on_backup_problem(self, text: str) -> None:
        if self.session is not None:
            self.window.home_view.note.setText(text)
            self.window.home_view.note.show()

    def _on_closed(self) -> None:
        self.shutdown()

    def shutdown(self) -> None:
        """Finish the work in hand, then close the vault. Safe to call more than once."""
        if self._shut_down:
            return
        self._shut_down = True
        self.idle.stop()
        self.unlock.shutdown()
        if self.record_side_made():  # not made if the app closes before its first page is painted
            self.cockpit.close()
        self.runner.wait_for_done(housekeeping=False)  # a backup in hand is waited for below, however long
        # Deliver results that finished meanwhile, so an unlock that completes during
        # shutdown closes its session instead of leaving the database open.
        QCoreApplication.sendPostedEvents()
        self.backups.back_up_on_close(self.session)  # before the session closes; waits for the backup lane
        self._close_session()
        self.clipboard.clear_if_ours()
        if self.hold is not None:
            self.hold.release()

    def _close_session(self) -> None:
        if self.session is not None:
            Spelling.shared().close()  # the chair's words leave memory with the vault
            self.session.close()
            self.session = None


# Python hands the GIL between threads every 5 ms by default. A database worker that steps through a
# query row by row gives the GIL up and must wait for it again at every row while the GUI thread runs
# Python, so on the synthetic vault (5,000 individuals) What is due took ~120 ms beside the filling of
# the home list instead of ~50 ms. At 1 ms Home is complete in ~113 ms instead of 120-157 ms.
GIL_SWITCH_INTERVAL_S = 0.001


def build_main_window(data_dir: str | Path | None = None) -> MainWindow:
    """The main window with its controllers, started: the create page or the unlock page.

    The window holds the vault's lock from here until it closes, before the unlock or create page shows:
    VaultInUse (and no window) if another window or command has this vault open.
    """
    sys.setswitchinterval(GIL_SWITCH_INTERVAL_S)
    wheel_guard.install(QApplication.instance())  # the wheel never changes an unfocused drop-down or date
    QApplication.setWindowIcon(QIcon(str(paths.app_icon_path())))  # every window and dialog, and the taskbar
    vault = sessions.vault_at(data_dir)  # finishes a restore a kill interrupted, and says so (vault.recovered)
    hold = vault_lock.acquire(vault.folder, vault_lock.WINDOW)
    try:
        window = MainWindow()
        window.controller = AppController(window, data_dir, hold)
        window.controller.start_note = vault.recovered
    except BaseException:
        hold.release()
        raise
    window.controller.start()
    return window


def run(data_dir: str | None = None, argv=None) -> int:
    argv = list(sys.argv if argv is None else argv)
    app = QApplication.instance() or QApplication(argv)
    app.setApplicationName(paths.APP_NAME)
    app.setOrganizationName(paths.APP_AUTHOR)
    # Nothing goes into QSettings (the registry or ~/.config): nothing personal may be
    # stored outside the vault, and nothing else needs keeping yet. Qt's own file dialog would: see ui/file_dialogs.
    file_dialogs.keep_settings_out_of_home()
    try:
        window = build_main_window(data_dir)
    except UserFacingError as err:  # VaultInUse above all: the vault is open elsewhere; nothing was changed
        QMessageBox.warning(None, paths.APP_NAME, str(err))
        return err.exit_code
    install_excepthook(lambda: window)
    app.aboutToQuit.connect(window.controller.shutdown)
    window.show_first()
    return app.exec()
