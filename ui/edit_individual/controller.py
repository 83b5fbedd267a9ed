"""Drives the "Edit details" dialog: reads the individual on the database lane, opens the form prefilled, saves
the changes through services/individuals.update_individual (audited) and reports what changed."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QWidget

from mappa_desk.domain import dates, record
from mappa_desk.services import individuals
from mappa_desk.services.session import Session
from ui.edit_individual.view import DATE_FIELDS, DETAILS, EditIndividualDialog
from ui.form_controller import FormController
from ui.ops import Op
from ui.tasks import TaskRunner


def unreadable(name: str) -> str:
    return (f"{record.INDIVIDUAL[name].label} is not a date MAPPA Desk can read. Enter it as day/month/year, "
            "e.g. 23/04/2026, or leave it empty.")


class EditIndividualController(FormController):
    sig_individual_changed = Signal(int)  # the individual's id, once the dialog has closed after a save

    def __init__(self, runner: TaskRunner, parent_widget: QWidget | None):
        super().__init__(runner, parent_widget)
        self._individual_id: int | None = None

    def open(self, session: Session, individual_id: int) -> None:
        """Reads the individual, then shows the dialog (or nothing, if they are gone: home is reloaded)."""
        self.clear()
        self._session, self._individual_id = session, individual_id
        still = self._run.current()
        Op(self.runner, partial(individuals.details, session, individual_id), crash_parent=self.parent_widget) \
            .stale_unless(still).on_success(self._show).run()

    def _show(self, individual) -> None:
        session = self._session
        dialog = EditIndividualDialog(self.parent_widget, [(a.code, a.name) for a in session.profile.agencies],
                                      session.profile, individual)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.sig_create_requested.connect(self.save)
        self._opened(dialog)

    def changes(self, dialog: EditIndividualDialog) -> dict:
        """Every field of the form by name; ValueError(name) for a date that cannot be read."""
        typed = {"family_name": dialog.family_name.text(), "given_names": dialog.given_names.text(),
                 "date_of_birth": dialog.date_of_birth.text(), "visor_ref": dialog.visor_ref.text(),
                 "category": dialog.category_value(), "lead_agency": dialog.lead_agency_code(),
                 "rosh_level": dialog.rosh_value(), "olr": dialog.olr.isChecked(),
                 "restricted_patient_order": dialog.restricted_order_value(), "notes": dialog.notes.toPlainText(),
                 "aliases": list(dialog.alias_lines()), **{name: dialog.detail_value(name) for name in DETAILS}}
        if dialog.orders_editor.changed():  # the whole list, only when an order was added, changed or removed
            typed["orders"] = dialog.orders_editor.orders()
        for name in DATE_FIELDS:
            try:
                typed[name] = dates.parse(typed[name] or "")
            except ValueError:
                raise ValueError(name) from None
        return typed

    def save(self) -> None:
        dialog, session, individual_id = self.dialog, self._session, self._individual_id
        if dialog is None or session is None or dialog.is_busy():
            return
        try:
            changes = self.changes(dialog)
        except ValueError as err:
            dialog.show_error(unreadable(err.args[0]), err.args[0])
            return
        self._send(dialog, partial(individuals.update_individual, session, individual_id, changes), self._on_saved)

    def _on_saved(self, _changed: list[str]) -> None:
        self._done()
        self.sig_individual_changed.emit(self._individual_id)
