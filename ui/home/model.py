"""The home page's tables: the individuals (with search and sorting) and one individual's meetings."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from mappa_desk.domain import dates
from mappa_desk.services.home import SearchIndex, fold
from ui.common import ERROR_RED
from ui.table_model import RowsModel

ID_ROLE = Qt.ItemDataRole.UserRole  # the individual's or meeting's database id, on every column

OVERDUE, DUE_SOON = "Overdue", "Due soon"

# The roles the models below answer (data() returns None for any other, before looking at the row).
_MEETING_ROLES = frozenset((Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole, ID_ROLE))
_INDIVIDUAL_ROLES = _MEETING_ROLES | {Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.ForegroundRole,
                                      Qt.ItemDataRole.FontRole}


def due_text(row: dict) -> str:
    return OVERDUE if row.get("overdue") else DUE_SOON if row.get("due_soon") else ""


def review_sentence(row: dict) -> str:
    """'Review due 15 Dec 2026 (overdue). Meeting planned for 15 Dec 2026.' for the header and tooltips."""
    due = row.get("review_due")
    if due:
        flag = due_text(row)
        text = f"Review due {dates.short(due)}" + (f" ({flag.lower()})" if flag else "") + "."
    else:
        text = "No review date set."
    if row.get("planned_meeting"):
        text += f" Meeting planned for {dates.short(row['planned_meeting'])}."
    return text


class IndividualsModel(RowsModel):
    """The rows of services.home.individual_rows, most urgent first, sorted and searched here.

    The rows shown (`rowCount`, `row_at`) are those that match the search typed (`set_text`), in the order
    of the column sorted by. No proxy model stands between this and the list: a proxy asked Python whether
    to keep each row, 5,000 calls from Qt at every listing, and mapped every index through itself.

    The list arrives a page at a time (services.home.listing_page), most urgent first: while it is not all
    read (`complete`), the view asks for the next page as it scrolls to the end (Qt's canFetchMore/fetchMore:
    `sig_more_wanted`, answered by `add_rows`), and a search or another order asks for every row
    (`sig_whole_wanted`, answered by `set_rows`), showing what has been read until then (`waiting`).
    """

    sig_more_wanted = Signal()  # the view reached the end of the rows read: the next page, please
    sig_whole_wanted = Signal()  # a search or another order needs every row

    # The review columns sit next to the name: they are what the list is ordered by, and a narrow
    # window should still show them without scrolling.
    HEADERS = ("Name", "ViSOR ref", "Next review", "Due", "Category", "Level", "Lead agency")
    NAME, VISOR, REVIEW, DUE, CATEGORY, LEVEL, LEAD = range(7)
    _READ_ORDER = (DUE, Qt.SortOrder.AscendingOrder)  # the order the pages come in

    def __init__(self, parent=None):
        super().__init__(parent)
        self._delivered: list[dict] = []  # as the service listed them, most urgent first
        self._ordered: list[dict] = []  # all of them, in the order of the column sorted by
        self._index: SearchIndex | None = None  # searches _ordered, made with it when first searched
        self._listed: set[int] = set()  # the ids of all of them, shown or not
        self._position: dict[int, int] = {}  # id -> row shown
        self._search = ""  # the search typed
        self._sort: tuple[int, Qt.SortOrder] = self._READ_ORDER
        self._complete = True  # every individual has been read
        self._asked: str | None = None  # "more" or "whole": asked for, not yet arrived

    def set_rows(self, rows: list[dict], complete: bool = True) -> None:
        """All the rows (`complete`), or the first pages of them."""
        self.beginResetModel()
        self._delivered = list(rows)
        self._listed = {row["id"] for row in self._delivered}
        self._complete = complete
        self._asked = None
        self._order()
        self._show(self._matching())
        self.endResetModel()
        self._ask_for_whole()

    def add_rows(self, rows: list[dict], complete: bool) -> None:
        """The next page, asked for by fetchMore: added at the end, as the view scrolls."""
        if self._asked != "more":
            return  # every row has been asked for since (a search or another order): they are on their way
        self._asked = None
        fresh = [row for row in rows if row["id"] not in self._listed]
        self._complete = complete
        if fresh:
            first = len(self._rows)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._delivered += fresh
            self._listed.update(row["id"] for row in fresh)
            self._order()
            self._show(self._matching())
            self.endInsertRows()

    def set_text(self, text: str) -> None:
        """Show only the rows whose name, alias or ViSOR reference holds every word of `text`. The model is
        reset: whoever was selected is selected again by the view (HomeView._on_search_text_changed)."""
        self.beginResetModel()
        self._search = text
        self._show(self._matching())
        self.endResetModel()
        self._ask_for_whole()

    def text(self) -> str:
        return self._search

    def total(self) -> int:
        """How many individuals are listed (read so far), whether the search shows them or not."""
        return len(self._delivered)

    def complete(self) -> bool:
        return self._complete

    def waiting(self) -> bool:
        """A search or another order is waiting for every row to be read."""
        return self._asked == "whole"

    def last_read(self) -> dict | None:
        """The last row read so far (the next page starts after it)."""
        return self._delivered[-1] if self._delivered else None

    def is_listed(self, individual_id: int | None) -> bool:
        """In the list, whether the search shows them or not."""
        return individual_id in self._listed

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: N802 - Qt override
        return (not parent.isValid() and not self._complete and self._asked is None and not self._search.strip()
                and self._sort == self._READ_ORDER)

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: N802 - Qt override
        if self.canFetchMore(parent):
            self._asked = "more"
            self.sig_more_wanted.emit()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, once per column click, with Python's sort on keys made once per row: a proxy
        model asks for two keys per comparison, ~70,000 calls for 5,000 rows (a third of a second)."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[index.row()]["id"] for index in before]
        self._sort = (column, order)
        self._order()
        self._show(self._matching())
        after = [self.index(self._position[i], index.column()) for i, index in zip(ids, before)]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()
        self._ask_for_whole()

    def want_whole(self) -> bool:
        """Ask for every row (the end of the list is wanted). True while they are on their way."""
        if not self._complete and self._asked != "whole":
            self._asked = "whole"
            self.sig_whole_wanted.emit()
        return not self._complete

    def _ask_for_whole(self) -> None:
        if self._search.strip() or self._sort != self._READ_ORDER:
            self.want_whole()

    def _show(self, rows: list[dict]) -> None:
        self._rows = rows
        self._position = {row["id"]: n for n, row in enumerate(rows)}

    def _order(self) -> None:
        self._ordered = self._sorted()
        self._index = None

    def _matching(self) -> list[dict]:
        if not self._search.strip():
            return self._ordered
        if self._index is None:
            self._index = SearchIndex(self._ordered)
        return self._index.search(self._search)

    def _sorted(self) -> list[dict]:
        column, order = self._sort
        if column == self.DUE:  # the order the rows came in (the key is each one's position): nothing to sort
            return self._delivered[::-1] if order == Qt.SortOrder.DescendingOrder else list(self._delivered)
        keys = [self._sort_key(row, n, column) for n, row in enumerate(self._delivered)]
        ranked = sorted(range(len(keys)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        return [self._delivered[n] for n in ranked]

    def row_of(self, individual_id: int | None) -> int | None:
        """The row an individual is shown in; None if the search hides them or they are not listed."""
        return self._position.get(individual_id)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role not in _INDIVIDUAL_ROLES:  # Qt asks each cell for ~10 roles to measure and paint it; most are not ours
            return None
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(row, column)
        if role == ID_ROLE:
            return row["id"]
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(row, column)
        if column == self.DUE and row.get("overdue"):
            # The word says it; the colour and weight only help the eye find it.
            if role == Qt.ItemDataRole.ForegroundRole:
                return QColor(ERROR_RED)
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setWeight(QFont.Weight.DemiBold)
                return font
        return None

    def _text(self, row: dict, column: int) -> str:
        if column == self.NAME:
            return row["name"]
        if column == self.VISOR:
            return row["visor_ref"]
        if column == self.CATEGORY:
            return f"Cat {row['category']}"
        if column == self.LEVEL:
            return f"Level {row['level']}"
        if column == self.LEAD:
            return row["lead_agency"]
        if column == self.REVIEW:
            return dates.short(row["review_due"])
        return due_text(row)

    def _sort_key(self, row: dict, position: int, column: int):
        if column == self.NAME:
            return fold(f"{row['family_name']}\n{row['given_names']}")
        if column == self.VISOR:
            return fold(row["visor_ref"])
        if column in (self.CATEGORY, self.LEVEL):
            return row["category" if column == self.CATEGORY else "level"] * 100_000 + position
        if column == self.LEAD:
            return fold(row["lead_agency"])
        if column == self.REVIEW:
            return row["review_due"] or "9999"
        return position  # Due: the order the rows came in, most urgent first

    def _tooltip(self, row: dict, column: int) -> str:
        if column == self.CATEGORY:
            return row.get("category_label", "")
        if column == self.NAME and row["aliases"]:
            return "Also known as: " + "; ".join(row["aliases"])
        return review_sentence(row)


@dataclass(frozen=True)
class MeetingRow:
    """One meeting as the lists and the documents page show it."""

    meeting_id: int
    date: str  # ISO, as stored
    individual: str  # "Name (ViSOR ref)"
    kind: str
    level: int
    status: str
    review_date: str = ""  # ISO, as stored

    @property
    def title(self) -> str:
        """'Review meeting, 21 Nov 2026: Name (ViSOR ref)'."""
        return f"{self.kind} meeting, {dates.short(self.date)}: {self.individual}"


def meeting_rows(detail: dict) -> list[MeetingRow]:
    """An individual's meetings (services.home.individual_detail), newest first as given."""
    name = detail.get("name") or "(no name)"
    individual = f"{name} ({detail['visor_ref']})" if detail.get("visor_ref") else name
    return [MeetingRow(mt["id"], mt.get("date") or "", individual, mt["kind_label"], mt["level"],
                       mt["status_label"], mt.get("review_date") or "")
            for mt in detail.get("meetings", [])]


class MeetingsModel(RowsModel):
    HEADERS = ("Date", "Kind", "Level", "Status", "Review by")

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if role not in _MEETING_ROLES:
            return None
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (dates.short(row.date), row.kind, f"Level {row.level}", row.status,
                    dates.short(row.review_date))[index.column()]
        if role == ID_ROLE:
            return row.meeting_id
        return None
