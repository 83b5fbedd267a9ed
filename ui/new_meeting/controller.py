"""Drives the "New meeting" dialog: suggestions and creation on the database lane, the chair's seniority check."""

from __future__ import annotations

import datetime as _dt
from functools import partial
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from mappa_desk.domain import dates
from mappa_desk.domain.seniority import chair_warning, ranks_for
from mappa_desk.errors import UserFacingError
from mappa_desk.services import new_meeting
from mappa_desk.services.new_meeting import NewMeeting, NewMeetingDefaults
from mappa_desk.services.session import Session
from ui import file_dialogs
from ui.new_meeting.view import NewMeetingDialog
from ui.ops import Generation, Op
from ui.tasks import TaskRunner

DEFAULT_START = "10:00"


class NewMeetingController(QObject):
    sig_meeting_created = Signal(int)  # the new meeting's id, once the dialog has closed

    def __init__(self, runner: TaskRunner, parent_widget: QWidget | None):
        super().__init__(parent_widget)
        self.runner = runner
        self.parent_widget = parent_widget
        self.dialog: NewMeetingDialog | None = None
        self._session: Session | None = None
        self._defaults: NewMeetingDefaults | None = None
        self._run = Generation()  # results for a dialog already closed (or a Lock) are dropped by this
        self._folder = ""  # where the last pre-read came from; the file dialog starts there

    # -- entry points ----------------------------------------------------------------
    def open(self, session: Session, individual_id: int) -> NewMeetingDialog:
        """Shows the dialog at once (inputs disabled) and fills it when the suggestions arrive."""
        self.clear()
        self._session = session
        agencies = [(a.code, a.name) for a in session.profile.agencies]
        dialog = NewMeetingDialog(self.parent_widget, agencies)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_create_requested.connect(self.create)
        dialog.sig_chair_changed.connect(self._on_chair_changed)
        dialog.sig_chair_agency_changed.connect(self._on_chair_agency_changed)
        dialog.sig_add_pre_read_requested.connect(self._on_add_pre_read_requested)
        dialog.finished.connect(partial(self._on_finished, self._run.current()))
        self.dialog = dialog
        dialog.open()
        self._op(partial(new_meeting.defaults, session, individual_id), dialog).on_success(self._on_defaults).run()
        return dialog

    def _op(self, work, dialog: NewMeetingDialog) -> Op:
        """Work for this dialog: dropped once it has closed; a failure is said on the form."""
        still = self._run.current()
        return Op(self.runner, work, crash_parent=dialog).stale_unless(lambda: still() and self.dialog is dialog) \
            .with_progress(dialog.show_status_line).on_failure(self._on_failed) \
            .on_user_error(lambda err: dialog.show_error(str(err)))

    def clear(self) -> None:
        """On Lock, or before another dialog: close it and drop what is on its way (it is case material)."""
        self._run.bump()
        dialog, self.dialog = self.dialog, None
        self._defaults = None
        if dialog is not None:
            dialog.set_busy(False)
            dialog.reject()

    def ask_for_pre_reads(self) -> list[str]:
        """The file dialog; [] if cancelled. Tests replace this method."""
        return file_dialogs.choose_files(self.dialog, "Choose pre-read papers", self._folder or str(Path.home()))

    def add_pre_reads(self, paths) -> None:
        """Puts the files on the list; they are read into the vault when the meeting is created."""
        if self.dialog is None:
            return
        self.dialog.clear_error()
        for path in map(Path, paths):
            try:
                size = new_meeting.check_pre_read(path)  # a stat: quick, and a refusal comes while the file is in mind
            except UserFacingError as err:
                self.dialog.show_error(str(err))
                continue
            self._folder = str(path.parent)
            if not self.dialog.add_pre_read(path, size):
                self.dialog.show_error(f"{path.name} is already on the list.")

    def create(self) -> None:
        dialog, session, found = self.dialog, self._session, self._defaults
        if dialog is None or session is None or found is None or dialog.is_busy():
            return
        spec = NewMeeting(
            individual_id=found.individual_id, kind=dialog.kind_value(), level=dialog.level_value(),
            meeting_date=dialog.date_iso(), start_time=dialog.time_hhmm(), location=dialog.location.text(),
            chair=new_meeting.Chair(" ".join(dialog.chair_name.text().split()),
                                    " ".join(dialog.chair_rank.currentText().split()), dialog.chair_agency_code()),
            minute_taker_name=" ".join(dialog.minute_taker.text().split()),
            coordinator_name=" ".join(dialog.coordinator.text().split()), invitees=dialog.invitees(),
            pre_reads=dialog.pre_reads(), emergency=dialog.emergency.isChecked())
        dialog.set_busy(True)
        self._op(partial(new_meeting.create_meeting, session, spec), dialog).on_success(self._on_created).run()

    # -- slots -----------------------------------------------------------------------
    def _on_defaults(self, found: NewMeetingDefaults) -> None:
        dialog = self.dialog
        self._defaults = found
        dialog.show_individual(found.individual_name)
        dialog.set_previous(dates.short(found.previous_meeting_date))
        dialog.set_kind(found.kind)
        dialog.set_level(found.level)
        dialog.set_when(found.meeting_date or _dt.date.today().isoformat(), found.start_time or DEFAULT_START)
        dialog.location.setText(found.location)
        dialog.location.setCursorPosition(0)  # a long address reads from its start
        chair = found.chair or new_meeting.Chair("", "", found.lead_agency)
        dialog.set_chair(chair.name, chair.agency, chair.rank)
        self._on_chair_agency_changed()
        dialog.minute_taker.setText(found.minute_taker_name)
        dialog.coordinator.setText(found.coordinator_name)
        for invitee in found.invitees:
            dialog.add_invitee(invitee)
        dialog.set_loading(False)
        self._on_chair_changed()
        dialog.chair_name.setFocus()

    def _on_created(self, meeting_id: int) -> None:
        dialog = self.dialog
        dialog.set_busy(False)
        self.dialog = None
        dialog.accept()
        self.sig_meeting_created.emit(meeting_id)

    def _on_failed(self, _err: BaseException) -> None:
        self.dialog.set_busy(False)
        if self._defaults is None:  # the suggestions never came: nothing to fill the form from
            self.dialog.set_loading(True, "The meeting could not be set up.", at_once=True)

    def _on_chair_agency_changed(self) -> None:
        if self.dialog is not None and self._session is not None:
            self.dialog.set_rank_choices(ranks_for(self.dialog.chair_agency_code(), self._session.profile.chair_ranks))

    def _on_chair_changed(self) -> None:
        dialog, found = self.dialog, self._defaults
        if dialog is None or found is None or self._session is None:
            return
        rank = dialog.chair_rank.currentText()
        if not rank.strip() and not dialog.chair_name.text().strip():
            dialog.show_warning(None)  # nothing entered yet: no warning to nag with
            return
        dialog.show_warning(chair_warning(rank, dialog.chair_agency_code(), dialog.level_value(), found.category,
                                          self._session.profile.chair_ranks))

    def _on_add_pre_read_requested(self) -> None:
        paths = self.ask_for_pre_reads()
        if paths:
            self.add_pre_reads(paths)

    def _on_finished(self, still: Callable[[], bool], _result: int) -> None:
        if still():
            self._run.bump()
            self.dialog = None
            self._defaults = None
