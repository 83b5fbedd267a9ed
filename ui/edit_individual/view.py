"""The "Edit details" dialog: the New individual form, prefilled, with the details the Minute's individual
section asks for (address, gender and ethnicity as stated, references, custody, index offence, a restricted
patient's RMO, hospital and CPA, the date the lead agency took over). The referral's level is shown, not edited.
Each label is the field's declared one (domain/model.py)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLineEdit, QTabWidget, QVBoxLayout, QWidget

from mappa_desk.domain import dates, record, vocabularies
from mappa_desk.domain.model import Individual
from ui.common import field_label, named, shows_whole_items
from ui.edit_individual.orders import OrdersEditor
from ui.new_individual.view import DATE_HINT, NewIndividualDialog, _plain_text

# The fields of the details group, in the order they are laid out (two to a row), and the lines a text takes.
DETAILS = ("address", "index_offences", "gender", "ethnicity", "agency_references", "case_manager",
           "custody_status", "expected_release", "lead_agency_since", "rmo", "hospital", "cpa")
_PROSE_LINES = 2
DATE_FIELDS = ("date_of_birth", "expected_release", "lead_agency_since")


def _widget_name(name: str) -> str:
    return "individual" + "".join(part.title() for part in name.split("_"))


class EditIndividualDialog(NewIndividualDialog):
    def __init__(self, parent: QWidget | None, agencies: list[tuple[str, str]], profile, individual: Individual):
        super().__init__(parent, agencies, profile)
        named(self, "editIndividualDialog", "Edit details")
        self.setWindowTitle("Edit details")
        self.title.setText(f"Edit details: {individual.display_name}")
        self.hint.setText("Change what has changed and save. Every change is kept in the audit trail; the Minute "
                          "of a meeting already held keeps the details as they stood at that meeting.")
        named(self.create_button, "saveIndividualButton", "Save changes", "Saves the changed details")
        self.create_button.setText("Save changes")
        self._inputs.remove(self.level)  # the referral's level: each meeting records its own
        self.level.setEnabled(False)
        self.details: dict[str, QWidget] = {}
        self.orders_editor = named(OrdersEditor(individual.orders, profile), "individualOrdersEditor",
                                   "Orders and licences")
        self._tabs()
        self._inputs[-1:-1] = list(self.details.values())  # before the Save button
        self._fields.update(self.details)
        self._fields["orders"] = self.orders_editor.list
        self._prefill(individual)
        self.resize(self._first_size())

    def _tabs(self) -> None:
        """The New individual form on one tab, the details for the Minute on another: the whole fits a
        1366x768 laptop at the largest text size."""
        self.outer.removeItem(self.columns)
        self.outer.removeWidget(self.notes_group)
        referral = QWidget()
        box = QVBoxLayout(referral)
        box.addLayout(self.columns)
        box.addWidget(self.notes_group, 1)
        minute = QWidget()
        QVBoxLayout(minute).addWidget(self._details_group(), 1)
        self.tabs = named(QTabWidget(), "editIndividualTabs", "Details")
        self.tabs.addTab(referral, "Who and MAPP&A")
        self.tabs.addTab(minute, "For the &Minute")
        self.tabs.addTab(self.orders_editor, "Orders and l&icences")
        self.outer.insertWidget(self.outer.indexOf(self.error), self.tabs, 1)

    def show_error(self, text: str, field: str | None = None) -> None:
        """As the New individual form's, on the tab that holds the field."""
        widget = self._fields.get(field or "")
        if widget is not None:
            pages = [i for i in range(self.tabs.count()) if self.tabs.widget(i).isAncestorOf(widget)]
            self.tabs.setCurrentIndex(pages[0] if pages else self.tabs.currentIndex())
        super().show_error(text, field)

    def set_busy(self, busy: bool) -> None:
        super().set_busy(busy)
        self.orders_editor.set_busy(busy)

    def _details_group(self) -> QGroupBox:
        group = named(QGroupBox("For the Minute"), "individualMinuteGroup", "For the Minute")
        grid = QGridLayout(group)
        for i, name in enumerate(DETAILS):
            field = record.INDIVIDUAL[name]
            if field.kind == "prose":
                widget = _plain_text(_widget_name(name), field.label, field.help, _PROSE_LINES)
            elif field.kind == "choice":
                widget = named(QComboBox(), _widget_name(name), field.label, field.help)
                widget.addItem("Not recorded", None)
                for code, text in vocabularies.words(field.vocabulary, self._profile).items():
                    widget.addItem(text, code)
                shows_whole_items(widget)
            else:
                widget = named(QLineEdit(), _widget_name(name), field.label, field.help)
                if field.kind == "date":
                    widget.setPlaceholderText(DATE_HINT)
                    widget.setMaxLength(10)
            self.details[name] = widget
            row, column = divmod(i, 2)
            grid.addWidget(field_label(field.label, f"{_widget_name(name)}Label", widget), row, column * 2)
            grid.addWidget(widget, row, column * 2 + 1)
        grid.setColumnStretch(1, 1)
        grid.setColumnStretch(3, 1)
        return group

    def _prefill(self, individual: Individual) -> None:
        self.family_name.setText(individual.family_name)
        self.given_names.setText(individual.given_names)
        self.date_of_birth.setText(dates.numeric(individual.date_of_birth))
        self.visor_ref.setText(individual.visor_ref or "")
        self.aliases.setPlainText("\n".join(individual.aliases))
        self.category.setCurrentIndex(self.category.findData(individual.category))
        self.level.setCurrentIndex(self.level.findData(individual.current_level))
        self.lead_agency.setCurrentIndex(max(0, self.lead_agency.findData(individual.lead_agency)))
        self.rosh.setCurrentIndex(max(0, self.rosh.findData(individual.rosh_level)))
        self.olr.setChecked(individual.olr)
        self.restricted_order.setCurrentIndex(max(0, self.restricted_order.findData(
            individual.restricted_patient_order)))
        self.notes.setPlainText(individual.notes)
        for name, widget in self.details.items():
            value = getattr(individual, name)
            if isinstance(widget, QComboBox):
                widget.setCurrentIndex(max(0, widget.findData(value)))
            elif isinstance(widget, QLineEdit):
                widget.setText(dates.numeric(value) if name in DATE_FIELDS else value or "")
            else:
                widget.setPlainText(value or "")

    def detail_value(self, name: str):
        """The typed value of one field of the details group (a date as typed: the controller reads it)."""
        widget = self.details[name]
        if isinstance(widget, QComboBox):
            return widget.currentData()
        return widget.text() if isinstance(widget, QLineEdit) else widget.toPlainText()

    def show_progress(self) -> None:
        self.status.setText("Saving the changes…")
