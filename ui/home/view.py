"""The home page: the individuals the user manages, searchable, and the selected one's record.

Left, the list (most urgent review first); right, the selected individual's record
(ui/home/record.py): their meetings, details with orders and conditions, and the current RMP.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMenu, QPushButton, QSplitter, QVBoxLayout,
                               QWidget)

from ui.common import body_label, error_label, named, page_layout, title_label
from ui.home.due import DuePanel
from ui.home.model import IndividualsModel, MeetingRow
from ui.home.record import NO_ONE_SELECTED, RecordPanel, table_view

SEARCH_HINT = "Name, alias or ViSOR reference"
NO_INDIVIDUALS = "There are no individuals in this vault yet."
READING_ALL = "Reading the whole list…"
LIST_WIDTH, RECORD_WIDTH = 740, 580  # starting split at 1366 px; the splitter keeps the ratio as the window resizes


class HomeView(QWidget):
    sig_lock_requested = Signal()
    sig_backup_requested = Signal()  # "Back up now…"
    sig_restore_requested = Signal()  # "Restore from a backup…" (locks the vault first)
    sig_handover_requested = Signal()  # "Hand over…": the selected meeting, as an encrypted file
    sig_import_handover_requested = Signal()  # "Import a handover…"
    sig_search_minutes_requested = Signal()  # "Search minutes…" (Ctrl+Shift+F): ui/search
    sig_generate_requested = Signal(object)  # MeetingRow
    sig_open_meeting_requested = Signal(int)  # meeting id
    sig_new_meeting_requested = Signal(int)  # individual id
    sig_edit_individual_requested = Signal(int)  # individual id
    sig_new_individual_requested = Signal()
    sig_individual_selected = Signal(object)  # individual id, or None when no one is selected

    def __init__(self):
        super().__init__()
        named(self, "homeView", "Individuals")
        layout = page_layout(self)
        layout.setContentsMargins(20, 16, 20, 12)  # a dense page: the tables need the room more than margins
        layout.addLayout(self._build_title_row())
        self.record = RecordPanel()
        self.meeting_list = self.record.meeting_list
        self.generate_button = self.record.generate_button
        self.splitter = named(QSplitter(Qt.Orientation.Horizontal), "homeSplitter", "Individuals and record")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self._build_list())
        self.splitter.addWidget(self.record)
        self.splitter.setSizes([LIST_WIDTH, RECORD_WIDTH])
        layout.addWidget(self.splitter, 1)
        layout.addLayout(self._build_footer())

        self._quiet = False  # True while the list is rebuilt: selection signals then mean nothing
        self._last_id: int | None = None  # who was shown before a search hid everyone
        self.record.sig_generate_requested.connect(self.sig_generate_requested)
        self.record.sig_open_meeting_requested.connect(self.sig_open_meeting_requested)
        self.record.sig_new_meeting_requested.connect(self.sig_new_meeting_requested)
        self.record.sig_edit_individual_requested.connect(self.sig_edit_individual_requested)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Find), self, self.focus_search,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(QKeySequence.StandardKey.New), self, self.sig_new_individual_requested.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence("Ctrl+Shift+F"), self, self.sig_search_minutes_requested.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self.search, self.search.clear,
                  context=Qt.ShortcutContext.WidgetShortcut)
        # Ctrl+End goes to the last individual of the whole list, not of the pages read so far.
        QShortcut(QKeySequence(QKeySequence.StandardKey.MoveToEndOfDocument), self.individual_list, self._go_to_end,
                  context=Qt.ShortcutContext.WidgetShortcut)
        self._end_wanted = False  # Ctrl+End was pressed before every row had been read
        self.clear()

    # -- building ------------------------------------------------------------------------
    def _build_title_row(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.setSpacing(10)
        row.addWidget(title_label("Individuals", "homeTitle"))
        row.addStretch(1)
        self.search = named(QLineEdit(), "individualSearch", "Search individuals",
                            "Shows only the individuals whose name, alias or ViSOR reference holds every word typed")
        self.search.setPlaceholderText(SEARCH_HINT)
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(280)
        self.search.setToolTip("Search by name, alias or ViSOR reference (Ctrl+F)")
        search_label = named(QLabel("Search:"), "individualSearchLabel", "Search")
        search_label.setBuddy(self.search)
        self.new_individual_button = named(QPushButton("New individual…"), "newIndividualButton", "New individual",
                                           "Enter a newly referred individual, then set up their first meeting")
        self.new_individual_button.setToolTip("Enter a newly referred individual (Ctrl+N)")
        self.lock_button = named(QPushButton("Lock"), "lockButton", "Lock",
                                 "Close the vault; the passphrase is needed to open it again")
        self.search_minutes_button = named(QPushButton("Search minutes…"), "searchMinutesButton", "Search minutes",
                                           "Find words in the minutes of every meeting")
        self.search_minutes_button.setToolTip("Find words in the minutes of every meeting (Ctrl+Shift+F)")
        row.addWidget(search_label)
        row.addWidget(self.search)
        row.addWidget(self.search_minutes_button)
        row.addWidget(self.new_individual_button)
        row.addSpacing(12)
        row.addWidget(self.lock_button)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_search_return_pressed)
        self.new_individual_button.clicked.connect(self.sig_new_individual_requested)
        self.search_minutes_button.clicked.connect(self.sig_search_minutes_requested)
        self.lock_button.clicked.connect(self.sig_lock_requested)
        return row

    def _build_backup_button(self) -> QPushButton:
        self.backup_button = named(QPushButton("Backups"), "backupsButton", "Backups",
                                   "Back up the vault now, or restore it from a backup")
        menu = QMenu(self.backup_button)
        self.backup_action = QAction("&Back up now…", menu, objectName="backUpNowAction")
        self.restore_action = QAction("&Restore from a backup…", menu, objectName="restoreBackupAction")
        for action in (self.backup_action, self.restore_action):
            menu.addAction(action)
        self.backup_button.setMenu(menu)
        self.backup_action.triggered.connect(self.sig_backup_requested)
        self.restore_action.triggered.connect(self.sig_restore_requested)
        return self.backup_button

    def _build_list(self) -> QWidget:
        # Sorts and searches itself (ui/home/model.py): the list's model, with no proxy between.
        self.individuals_model = IndividualsModel(self)
        self.individual_list = table_view("individualList", "Individuals",
                                          "The individuals you manage, the most urgent review first")
        self.individual_list.setModel(self.individuals_model)
        self.individual_list.setSortingEnabled(True)
        self.individual_list.sortByColumn(IndividualsModel.DUE, Qt.SortOrder.AscendingOrder)
        # Every column as wide as its text (a narrow window scrolls rather than cutting names short);
        # the last one takes what is left.
        header = self.individual_list.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # Widths from the rows on screen and 50 more, not from 1,000 (Qt's default): on a caseload of
        # 5,000, measuring 1,000 rows x 7 columns held the GUI thread for ~200 ms at every listing.
        header.setResizeContentsPrecision(50)
        header.setStretchLastSection(True)
        header.setSortIndicatorShown(True)
        self.list_empty = body_label("", "individualListEmpty", "About the list")
        self.list_empty.setTextFormat(Qt.TextFormat.PlainText)
        self.list_error = error_label("individualListError")

        panel = QWidget()
        box = QVBoxLayout(panel)
        box.setContentsMargins(0, 0, 6, 0)
        box.setSpacing(6)
        self.due_panel = DuePanel()  # what is overdue or due soon, above the caseload (ui/home/due.py)
        box.addWidget(self.due_panel)
        box.addWidget(self.individual_list, 1)
        box.addWidget(self.list_empty)
        box.addWidget(self.list_error)
        self.individual_list.selectionModel().selectionChanged.connect(self._on_individual_selection_changed)
        self.individual_list.activated.connect(self.record.focus_meetings)  # Enter or double-click
        return panel

    def _build_footer(self) -> QVBoxLayout:
        # e.g. why the vault could not be remembered on this computer
        self.note = body_label("", "homeNote", "Note")
        self.note.setTextFormat(Qt.TextFormat.PlainText)
        self.individuals_count = named(QLabel(), "homeIndividualsCount", "Individuals")
        self.meetings_count = named(QLabel(), "homeMeetingsCount", "Meetings")
        self.data_folder = named(QLabel(), "homeDataFolder", "Data folder")
        self.data_folder.setTextFormat(Qt.TextFormat.PlainText)
        self.data_folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.data_folder.setMinimumWidth(80)  # a long path is cut rather than widening the window; its tooltip has it all
        line = QHBoxLayout()
        line.setSpacing(4)
        for text, name, value in (("Individuals:", "homeIndividualsLabel", self.individuals_count),
                                  ("Meetings:", "homeMeetingsLabel", self.meetings_count),
                                  ("Data folder:", "homeDataFolderLabel", self.data_folder)):
            line.addWidget(named(QLabel(text), name, text.rstrip(":")))
            line.addWidget(value)
            line.addSpacing(14)
        line.addStretch(1)
        # The vault's care (backups, handover) sits at the foot: at the top it made the row 1,185 px
        # wide, wider than the window opens, and the buttons were drawn over each other.
        line.addWidget(self._build_backup_button())
        self.handover_button = named(QPushButton("Hand over…"), "handoverButton", "Hand over",
                                     "Export the selected meeting, or the individual's history, as an encrypted file")
        self.import_handover_button = named(QPushButton("Import a handover…"), "importHandoverButton",
                                            "Import a handover", "Import an encrypted handover file from another chair")
        line.addWidget(self.handover_button)
        line.addWidget(self.import_handover_button)
        self.handover_button.clicked.connect(self.sig_handover_requested)
        self.import_handover_button.clicked.connect(self.sig_import_handover_requested)
        footer = QVBoxLayout()
        footer.setSpacing(4)
        footer.addWidget(self.note)
        footer.addLayout(line)
        return footer

    # -- what the controller shows -------------------------------------------------------
    def show_summary(self, counts: dict, data_folder: str, note: str = "") -> None:
        self.show_counts(counts)
        self.data_folder.setText(data_folder)
        self.data_folder.setToolTip(data_folder)
        self.note.setText(note)
        self.note.setVisible(bool(note))

    def show_counts(self, counts: dict) -> None:
        self.individuals_count.setText(str(counts.get("individuals", 0)))
        self.meetings_count.setText(str(counts.get("meetings", 0)))

    def show_individuals(self, rows: list[dict], select_id: int | None = None, complete: bool = True) -> None:
        """Fill the list (all of it, or its first pages: `complete` False), then select `select_id` if it is
        there (clearing a search that hides them), else the first row shown. Either way the controller is told
        who is selected."""
        self.list_error.hide()
        self._end_wanted = False
        self._quiet = True
        try:
            self.individuals_model.set_rows(rows, complete)
        finally:
            self._quiet = False
        if not self.select_individual(select_id):
            self._select(None)
        self._update_list_note()

    def show_more(self, rows: list[dict], complete: bool) -> None:
        """The next page of the list, asked for as the view scrolled to its end: the selection stays."""
        self.individuals_model.add_rows(rows, complete)

    def show_whole(self, rows: list[dict]) -> None:
        """Every row, asked for by a search, another order or Ctrl+End: whoever is selected stays selected if
        shown (or, after Ctrl+End, the last one shown is)."""
        self._refill(lambda: self.individuals_model.set_rows(rows))
        if self._end_wanted:
            self._go_to_end()

    def select_individual(self, individual_id: int | None) -> bool:
        """Select an individual in the list (clearing a search that hides them). False if not listed."""
        if not self.individuals_model.is_listed(individual_id):
            return False
        if not self._index_of(individual_id).isValid():
            self.search.clear()
        self._select(individual_id)
        return True

    def show_detail(self, detail: dict) -> None:
        self.record.show_detail(detail)

    def show_list_error(self, text: str) -> None:
        self.list_error.setText(text)
        self.list_error.show()

    def show_detail_error(self, text: str) -> None:
        self.record.show_error(text)

    def selected_individual(self) -> dict | None:
        rows = self.individual_list.selectionModel().selectedRows()
        if not rows:
            return None
        return self.individuals_model.row_at(rows[0].row())

    def selected_individual_id(self) -> int | None:
        row = self.selected_individual()
        return row["id"] if row else None

    def shown_individual_id(self) -> int | None:
        """Whose record the tabs hold (None while it loads, or when no one is selected)."""
        return self.record.shown_individual_id()

    def selected_meeting(self) -> MeetingRow | None:
        return self.record.selected_meeting()

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def clear(self) -> None:
        """On Lock: nothing of any individual stays in the widgets."""
        for label in (self.individuals_count, self.meetings_count, self.data_folder, self.note):
            label.clear()
        self.note.hide()
        self.list_error.clear()
        self.list_error.hide()
        self._quiet = True
        try:
            self.search.clear()
            self.individuals_model.set_rows([])
        finally:
            self._quiet = False
        self._last_id = None
        self._end_wanted = False
        self.record.show_header(None)
        self.record.error.clear()
        self.list_empty.hide()

    # -- inside --------------------------------------------------------------------------
    def _index_of(self, individual_id: int | None):
        """Where that individual is shown (an invalid index if the search hides them, or no one is named)."""
        row = self.individuals_model.row_of(individual_id)
        return self.individuals_model.index(-1, 0) if row is None else self.individuals_model.index(row, 0)

    def _select(self, individual_id: int | None) -> None:
        """Select that individual, or the first one shown, or no one; the controller is told which."""
        index = self._index_of(individual_id)
        if not index.isValid() and self.individuals_model.rowCount() > 0:
            index = self.individuals_model.index(0, 0)
        selection = self.individual_list.selectionModel()
        if not index.isValid():
            self._quiet = True
            try:
                selection.clearSelection()
            finally:
                self._quiet = False
            self._on_individual_selection_changed()
            return
        before = self.selected_individual_id()
        selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                  | QItemSelectionModel.SelectionFlag.Rows)
        self.individual_list.scrollTo(index)
        if before == self.selected_individual_id():
            self._on_individual_selection_changed()  # Qt saw no change, but the record is wanted again

    def _update_list_note(self) -> None:
        if self.individuals_model.total() == 0:
            text = NO_INDIVIDUALS
        elif self.individuals_model.waiting():
            text = READING_ALL
        elif self.individuals_model.rowCount() == 0:
            text = (f"No one matches “{self.search.text().strip()}”. "
                    "The search looks in names, aliases and ViSOR references.")
        else:
            text = ""
        self.list_empty.setText(text)
        self.list_empty.setVisible(bool(text))

    def _go_to_end(self) -> None:
        """Select the last individual shown, once every row has been read (asked for here if not yet)."""
        self._end_wanted = self.individuals_model.want_whole()
        last = self.individuals_model.rowCount() - 1
        if not self._end_wanted and last >= 0:
            self._select(self.individuals_model.row_at(last)["id"])
        self._update_list_note()

    # -- slots ---------------------------------------------------------------------------
    def _on_individual_selection_changed(self, *_args) -> None:
        if self._quiet:
            return
        row = self.selected_individual()
        if row is not None:
            self._last_id = row["id"]
        self.record.show_header(row, NO_ONE_SELECTED if self.individuals_model.rowCount() else "")
        self.sig_individual_selected.emit(row["id"] if row else None)

    def _on_search_text_changed(self, text: str) -> None:
        self._refill(lambda: self.individuals_model.set_text(text))

    def _refill(self, change) -> None:
        """Run `change` (a reset of the list's model), keeping the selection where the rows still show it."""
        before = self.selected_individual_id()
        self._quiet = True
        try:
            change()  # a reset: no one is selected after it
            kept = self._index_of(before)
            if kept.isValid():  # still shown: selected again, quietly (their record is already on screen)
                self.individual_list.selectionModel().setCurrentIndex(
                    kept, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self.individual_list.scrollTo(kept)
        finally:
            self._quiet = False
        if self.selected_individual_id() is None:
            self._select(self._last_id)  # the one shown before, if the search shows them again
        elif self.selected_individual_id() != before:
            self._on_individual_selection_changed()
        self._update_list_note()

    def _on_search_return_pressed(self) -> None:
        if self.individuals_model.rowCount():
            self.individual_list.setFocus(Qt.FocusReason.OtherFocusReason)
