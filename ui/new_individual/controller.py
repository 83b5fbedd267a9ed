"""Drives the "New individual" dialog: reads the form, adds the individual on the database lane, reports the new id."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal

from mappa_desk.domain import dates
from mappa_desk.services import individuals
from mappa_desk.services.individuals import NewIndividual
from mappa_desk.services.session import Session
from ui.form_controller import FormController
from ui.new_individual.view import NewIndividualDialog

UNREADABLE_DATE = ("The date of birth is not a date MAPPA Desk can read. Enter it as day/month/year, e.g. 23/04/1979, "
                   "or leave it empty.")


class NewIndividualController(FormController):
    sig_individual_created = Signal(int)  # the new individual's id, once the dialog has closed

    # -- entry points ----------------------------------------------------------------
    def open(self, session: Session) -> NewIndividualDialog:
        self.clear()
        self._session = session
        dialog = NewIndividualDialog(self.parent_widget, [(a.code, a.name) for a in session.profile.agencies],
                                     session.profile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_create_requested.connect(self.create)
        self._opened(dialog)
        return dialog

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
        self._send(dialog, partial(individuals.create_individual, session, spec), self._on_created)

    # -- slots -----------------------------------------------------------------------
    def _on_created(self, individual_id: int) -> None:
        self._done()
        self.sig_individual_created.emit(individual_id)
