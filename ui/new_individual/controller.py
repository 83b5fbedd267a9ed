"""Drives the "New individual" dialog: reads the form, adds the individual on the database lane, reports the new id."""

from __future__ import annotations

from functools import partial
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QWidget

from mappa_desk.domain import dates
from mappa_desk.errors import UserFacingError
from mappa_desk.services import individuals
from mappa_desk.services.individuals import NewIndividual
from mappa_desk.services.session import Session
from ui.new_individual.view import NewIndividualDialog
from ui.ops import Generation, Op
from ui.tasks import TaskRunner

UNREADABLE_DATE = ("The date of birth is not a date MAPPA Desk can read. Enter it as day/month/year, e.g. 23/04/1979, "
                   "or leave it empty.")


class NewIndividualController(QObject):
    sig_individual_created = Signal(int)  # the new individual's id, once the dialog has closed

    def __init__(self, runner: TaskRunner, parent_widget: QWidget | None):
        super().__init__(parent_widget)
        self.runner = runner
        self.parent_widget = parent_widget
        self.dialog: NewIndividualDialog | None = None
        self._session: Session | None = None
        self._run = Generation()  # results for a dialog already closed (or a Lock) are dropped by this

    # -- entry points ----------------------------------------------------------------
    def open(self, session: Session) -> NewIndividualDialog:
        self.clear()
        self._session = session
        dialog = NewIndividualDialog(self.parent_widget, [(a.code, a.name) for a in session.profile.agencies],
                                     session.profile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_create_requested.connect(self.create)
        dialog.finished.connect(partial(self._on_finished, self._run.current()))
        self.dialog = dialog
        dialog.open()
        dialog.family_name.setFocus()
        return dialog

    def clear(self) -> None:
        """On Lock, or before another dialog: close it (what is typed is case material) and drop what is on its way."""
        self._run.bump()
        dialog, self.dialog = self.dialog, None
        self._session = None
        if dialog is not None:
            dialog.set_busy(False)
            dialog.reject()

    def create(self) -> None:
        dialog, session = self.dialog, self._session
        if dialog is None or session is None or dialog.is_busy():
            return
        try:
            born = dates.parse(dialog.date_of_birth.text())
        except ValueError:
            dialog.show_error(UNREADABLE_DATE, "date_of_birth")
            return
        spec = NewIndividual(
            family_name=dialog.family_name.text(), given_names=dialog.given_names.text(), date_of_birth=born,
            visor_ref=dialog.visor_ref.text(), category=dialog.category_value(), current_level=dialog.level_value(),
            lead_agency=dialog.lead_agency_code(), rosh_level=dialog.rosh_value(), olr=dialog.olr.isChecked(),
            restricted_patient_order=dialog.restricted_order_value(), aliases=dialog.alias_lines(),
            notes=dialog.notes.toPlainText())
        dialog.set_busy(True)
        still = self._run.current()
        Op(self.runner, partial(individuals.create_individual, session, spec), crash_parent=dialog) \
            .stale_unless(lambda: still() and self.dialog is dialog).on_done(lambda: dialog.set_busy(False)) \
            .with_progress(dialog.show_progress).on_success(self._on_created).on_user_error(self._on_failed).run()

    # -- slots -----------------------------------------------------------------------
    def _on_created(self, individual_id: int) -> None:
        dialog = self.dialog
        self.dialog = None
        self._session = None
        dialog.accept()
        self.sig_individual_created.emit(individual_id)

    def _on_failed(self, err: UserFacingError) -> None:
        self.dialog.show_error(str(err), getattr(err, "field", None))

    def _on_finished(self, still: Callable[[], bool], _result: int) -> None:
        if still():
            self._run.bump()
            self.dialog = None
            self._session = None
