"""The Search the minutes dialog: a search field, the results newest meeting first, and Open meeting."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, Qt, Signal
from PySide6.QtWidgets import QDialog, QHBoxLayout, QHeaderView, QLineEdit, QPushButton, QVBoxLayout, QWidget

from mappa_desk.services.fulltext import Hit, words_of
from ui.common import body_label, error_label, field_label, named, title_label
from ui.home.record import table_view
from ui.search.model import SearchResultsModel, SnippetDelegate

HINT = ("Type words from the minutes: every word must be there, and a word of three letters or more also finds "
        "longer words it begins. Case and accents do not matter.")
SEARCHING = "Searching…"


def no_results(text: str) -> str:
    return f"No part of any Minute holds every word of “{text.strip()}”."


def results_sentence(count: int, limit: int) -> str:
    if count >= limit:
        return (f"The {count} newest results, newest meeting first. Add a word to narrow the search if what you "
                "want is not here.")
    return f"{count} result{'s' if count != 1 else ''}, newest meeting first."


class SearchMinutesDialog(QDialog):
    sig_text_changed = Signal(str)  # on every keystroke: the controller waits for a pause
    sig_search_now = Signal()  # Enter in the field
    sig_open_requested = Signal(object)  # the Hit to open

    def __init__(self, parent: QWidget | None):
        super().__init__(parent)
        named(self, "searchMinutesDialog", "Search the minutes")
        self.setWindowTitle("Search the minutes")
        self.setModal(True)
        self.resize(960, 560)
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 12)
        box.addWidget(title_label("Search the minutes", "searchMinutesTitle"))
        self.field = named(QLineEdit(), "searchMinutesField", "Words to find",
                           "Words from the minutes of any meeting; results appear as you type")
        self.field.setPlaceholderText("e.g. knife allotment")
        self.field.setClearButtonEnabled(True)
        row = QHBoxLayout()
        row.addWidget(field_label("&Find:", "searchMinutesFieldLabel", self.field))
        row.addWidget(self.field, 1)
        box.addLayout(row)
        self.status = body_label(HINT, "searchMinutesStatus", "Search status")
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(self.status)
        self.model = SearchResultsModel(self)
        self.table = table_view("searchMinutesResults", "Results",
                                "Where the words were found, newest meeting first; Enter opens the meeting")
        self.table.setModel(self.model)
        self.table.setItemDelegateForColumn(SearchResultsModel.SNIPPET, SnippetDelegate(self.table))
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        box.addWidget(self.table, 1)
        self.error = error_label("searchMinutesError")
        box.addWidget(self.error)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.open_button = named(QPushButton("&Open meeting"), "searchMinutesOpen", "Open meeting",
                                 "Open the chosen result's meeting")
        self.close_button = named(QPushButton("Close"), "searchMinutesClose", "Close")
        buttons.addWidget(self.open_button)
        buttons.addWidget(self.close_button)
        box.addLayout(buttons)
        self.open_button.setEnabled(False)
        self.open_button.setAutoDefault(False)
        self.close_button.setAutoDefault(False)

        self.field.textChanged.connect(self.sig_text_changed)
        self.field.returnPressed.connect(self.sig_search_now)
        self.table.activated.connect(self._on_table_activated)  # Enter or double-click
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.close_button.clicked.connect(self.reject)
        self.field.installEventFilter(self)  # Down from the field goes to the results

    # -- what the controller shows -------------------------------------------------------------
    def text(self) -> str:
        return self.field.text()

    def show_searching(self) -> None:
        self.error.hide()
        self.status.setText(SEARCHING)

    def show_results(self, text: str, hits: list[Hit], limit: int) -> None:
        self.error.hide()
        self.model.set_rows(hits)
        if not words_of(text):
            self.status.setText(HINT)
        elif not hits:
            self.status.setText(no_results(text))
        else:
            self.status.setText(results_sentence(len(hits), limit))
            self.table.setCurrentIndex(self.model.index(0, 0))  # chosen, and where the arrow keys start
        self._on_selection_changed()

    def show_error(self, text: str) -> None:
        self.status.setText("")
        self.error.setText(text)
        self.error.show()

    def selected_hit(self) -> Hit | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def clear(self) -> None:
        """Nothing of any case stays in the widgets (on Lock)."""
        self.model.set_rows([])
        self.field.clear()
        self.error.clear()

    # -- inside --------------------------------------------------------------------------------
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        # A QShortcut for Down would also take the key from the table once it has the focus.
        if watched is self.field and event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Down \
                and self.model.rowCount():
            self.table.setFocus(Qt.FocusReason.OtherFocusReason)
            if not self.table.selectionModel().hasSelection():
                self.table.setCurrentIndex(self.model.index(0, 0))
            return True
        return super().eventFilter(watched, event)

    def _on_selection_changed(self, *_args) -> None:
        self.open_button.setEnabled(self.selected_hit() is not None)

    def _on_table_activated(self, index: QModelIndex) -> None:
        hit = self.model.row_at(index.row())
        if hit is not None:
            self.sig_open_requested.emit(hit)

    def _on_open_clicked(self) -> None:
        hit = self.selected_hit()
        if hit is not None:
            self.sig_open_requested.emit(hit)
