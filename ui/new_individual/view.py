"""The "New individual" dialog: who has been referred, their MAPPA category, level and lead agency, and notes."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QFormLayout, QGroupBox, QHBoxLayout, QLineEdit,
                               QPlainTextEdit, QPushButton, QVBoxLayout, QWidget)

from mappa_desk.domain import vocabularies
from mappa_desk.domain.enums import LEVELS, ROSH_LEVELS
from mappa_desk.services.individuals import RESTRICTED_PATIENT_CATEGORY
from ui.common import shows_whole_items, body_label, enter_never_accepts, error_label, field_label, named, title_label

DEFAULT_LEVEL = 2  # a referral for a meeting is at Level 2 or 3; Level 2 is the usual start
DATE_HINT = "dd/mm/yyyy"


class _FormText(QPlainTextEdit):
    """Tab moves on (a form field, not a document); asks for `lines` lines, not Qt's default 192 px."""

    def __init__(self, lines: int):
        super().__init__()
        self.setTabChangesFocus(True)
        self.setMinimumHeight(QFontMetrics(self.font()).lineSpacing() * lines + 2 * self.frameWidth() + 8)

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


def _plain_text(object_name: str, accessible_name: str, description: str, lines: int) -> QPlainTextEdit:
    return named(_FormText(lines), object_name, accessible_name, description)


class NewIndividualDialog(QDialog):
    sig_create_requested = Signal()

    def __init__(self, parent: QWidget | None, agencies: list[tuple[str, str]], profile=None):
        """`agencies`: (code, name) pairs of the profile, in its order; `profile`: the open vault's (its
        vocabularies; None for the default jurisdiction's)."""
        super().__init__(parent)
        self._profile = profile
        named(self, "newIndividualDialog", "New individual")
        self.setWindowTitle("New individual")
        self._busy = False
        outer = QVBoxLayout(self)
        outer.setContentsMargins(20, 16, 20, 12)
        outer.setSpacing(8)
        self.title = title_label("New individual", "newIndividualTitle")
        self.hint = body_label("Enter what the referral says. Only the family name, category, level and lead "
                               "agency are needed now.", "newIndividualHint", "About this form")
        outer.addWidget(self.title)
        outer.addWidget(self.hint)
        self.status = body_label("", "newIndividualStatus", "Progress")
        self.status.setTextFormat(Qt.TextFormat.PlainText)

        columns = QHBoxLayout()
        columns.setSpacing(16)
        columns.addWidget(self._person_group(), 4)
        columns.addWidget(self._mappa_group(agencies), 5)  # its longest choices need the room
        outer.addLayout(columns)
        self.columns = columns
        self.notes = _plain_text("individualNotes", "Notes", "Anything from the referral worth keeping with the "
                                 "record", 3)
        notes_group = named(QGroupBox("Notes"), "individualNotesGroup", "Notes")
        QVBoxLayout(notes_group).addWidget(self.notes)
        outer.addWidget(notes_group, 1)
        # The edit dialog (ui/edit_individual) puts these on a tab of their own, beside its details.
        self.outer, self.notes_group = outer, notes_group

        self.error = error_label("newIndividualError")
        outer.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        self.cancel_button = named(QPushButton("Cancel"), "cancelNewIndividualButton", "Cancel")
        self.create_button = named(QPushButton("Add individual"), "createIndividualButton", "Add individual",
                                   "Adds the individual to the vault, then sets up their first meeting")
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.create_button)
        outer.addLayout(buttons)
        enter_never_accepts(self, self.create_button)  # Enter in a field never creates; the button or Ctrl+Enter does

        self.cancel_button.clicked.connect(self.reject)
        self.create_button.clicked.connect(self.sig_create_requested)
        self.category.currentIndexChanged.connect(self._update_restricted_order)
        self._inputs = [self.family_name, self.given_names, self.aliases, self.date_of_birth, self.visor_ref,
                        self.category, self.level, self.lead_agency, self.rosh, self.olr, self.notes,
                        self.create_button]
        self._fields = {"family_name": self.family_name, "given_names": self.given_names, "aliases": self.aliases,
                        "date_of_birth": self.date_of_birth, "visor_ref": self.visor_ref, "category": self.category,
                        "current_level": self.level, "lead_agency": self.lead_agency, "rosh_level": self.rosh,
                        "olr": self.olr, "restricted_patient_order": self.restricted_order, "notes": self.notes}
        self._update_restricted_order()
        self.resize(self._first_size())

    def _first_size(self) -> QSize:
        """Within the screen (a 1366x768 laptop is the smallest we plan for)."""
        wanted = QSize(940, 560)
        screen = self.screen().availableGeometry() if self.screen() else None
        if screen is not None:
            wanted = wanted.boundedTo(QSize(screen.width() - 40, screen.height() - 60))
        return wanted.expandedTo(self.minimumSizeHint())

    # -- building --------------------------------------------------------------------
    def _person_group(self) -> QGroupBox:
        group = named(QGroupBox("Who"), "individualPersonGroup", "Who")
        form = QFormLayout(group)
        self.family_name = named(QLineEdit(), "individualFamilyName", "Family name")
        self.given_names = named(QLineEdit(), "individualGivenNames", "Given names")
        self.date_of_birth = named(QLineEdit(), "individualDateOfBirth", "Date of birth",
                                   "Day, month and year, e.g. 23/04/1979; leave empty if not known")
        self.date_of_birth.setPlaceholderText(DATE_HINT)
        self.date_of_birth.setMaxLength(10)
        self.date_of_birth.setMaximumWidth(QFontMetrics(self.date_of_birth.font()).horizontalAdvance("00/00/00000")
                                           + 24)
        self.visor_ref = named(QLineEdit(), "individualVisorRef", "ViSOR reference",
                               "Leave empty if the individual is not on ViSOR")
        self.visor_ref.setPlaceholderText("Optional")
        self.aliases = _plain_text("individualAliases", "Also known as",
                                   "Other names the individual uses or has used, one per line", 3)
        self.aliases.setPlaceholderText("One name per line")
        form.addRow(field_label("&Family name", "individualFamilyNameLabel", self.family_name), self.family_name)
        form.addRow(field_label("&Given names", "individualGivenNamesLabel", self.given_names), self.given_names)
        form.addRow(field_label("Date of &birth", "individualDateOfBirthLabel", self.date_of_birth),
                    self.date_of_birth)
        form.addRow(field_label("&ViSOR reference", "individualVisorRefLabel", self.visor_ref), self.visor_ref)
        form.addRow(field_label("Also &known as", "individualAliasesLabel", self.aliases), self.aliases)
        return group

    def _mappa_group(self, agencies: list[tuple[str, str]]) -> QGroupBox:
        group = named(QGroupBox("MAPPA"), "individualMappaGroup", "MAPPA")
        form = QFormLayout(group)
        self.category = named(QComboBox(), "individualCategory", "MAPPA category")
        self.category.addItem("Choose a category…", None)
        for code, text in vocabularies.words("categories", self._profile).items():
            self.category.addItem(text, code)
        self.level = named(QComboBox(), "individualLevel", "MAPPA level")
        for level, text in LEVELS.items():
            self.level.addItem(text, level)
        self.level.setCurrentIndex(self.level.findData(DEFAULT_LEVEL))
        self.lead_agency = named(QComboBox(), "individualLeadAgency", "Lead agency")
        self.lead_agency.addItem("Choose the lead agency…", None)
        for code, name in agencies:
            self.lead_agency.addItem(name, code)
        self.rosh = named(QComboBox(), "individualRosh", "Risk of serious harm")
        self.rosh.addItem("Not assessed", None)
        for code, text in ROSH_LEVELS.items():
            self.rosh.addItem(text, code)
        self.olr = named(QCheckBox("Order for lifelong restriction (OLR)"), "individualOlr",
                         "Order for lifelong restriction")
        self.restricted_order = named(QComboBox(), "individualRestrictedOrder", "Restricted patient order",
                                      "For Category 2 (restricted patients) only")
        for code, text in vocabularies.words("restricted_patient_orders", self._profile).items():
            self.restricted_order.addItem(text, code)
        self.restricted_order.setToolTip("For Category 2 (restricted patients) only")
        for combo in (self.category, self.lead_agency, self.restricted_order):
            # Each choice whole at every text size; the dialog still fits a 1366x768 laptop at the largest.
            shows_whole_items(combo)
        form.addRow(field_label("&Category", "individualCategoryLabel", self.category), self.category)
        form.addRow(field_label("&Level", "individualLevelLabel", self.level), self.level)
        form.addRow(field_label("Lea&d agency", "individualLeadAgencyLabel", self.lead_agency), self.lead_agency)
        form.addRow(field_label("&Risk of serious harm", "individualRoshLabel", self.rosh), self.rosh)
        form.addRow("", self.olr)
        form.addRow(field_label("Restricted &patient order", "individualRestrictedOrderLabel",
                                self.restricted_order), self.restricted_order)
        return group

    # -- reading ---------------------------------------------------------------------
    def category_value(self) -> int | None:
        return self.category.currentData()

    def level_value(self) -> int:
        return self.level.currentData()

    def lead_agency_code(self) -> str | None:
        return self.lead_agency.currentData()

    def rosh_value(self) -> str | None:
        return self.rosh.currentData()

    def restricted_order_value(self) -> str:
        return self.restricted_order.currentData() if self.category_value() == RESTRICTED_PATIENT_CATEGORY else ""

    def alias_lines(self) -> tuple[str, ...]:
        return tuple(self.aliases.toPlainText().splitlines())

    # -- state -----------------------------------------------------------------------
    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.status.clear()
        if busy:
            self.clear_error()
        for widget in self._inputs:
            widget.setEnabled(not busy)
        self.cancel_button.setEnabled(not busy)
        self._update_restricted_order()

    def show_progress(self) -> None:
        """Only work that takes longer than ui.ops.PROGRESS_DELAY_MS says so; quicker work would just flicker."""
        self.status.setText("Adding the individual…")

    def is_busy(self) -> bool:
        return self._busy

    def show_error(self, text: str, field: str | None = None) -> None:
        """The sentence under the form; `field` (a NewIndividual attribute) is focused and selected."""
        self.error.setText(text)
        self.error.show()
        widget = self._fields.get(field or "")
        if widget is not None and widget.isEnabled():
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            if isinstance(widget, QLineEdit):
                widget.selectAll()

    def clear_error(self) -> None:
        self.error.clear()
        self.error.hide()

    def reject(self) -> None:
        if not self._busy:  # Escape while the individual is being written would hide the outcome
            super().reject()

    def _update_restricted_order(self) -> None:
        applies = self.category_value() == RESTRICTED_PATIENT_CATEGORY and not self._busy
        if not applies and self.category_value() != RESTRICTED_PATIENT_CATEGORY:
            self.restricted_order.setCurrentIndex(0)  # "None": an order left over from Category 2 is not kept
        self.restricted_order.setEnabled(applies)
