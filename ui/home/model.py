"""The home page's tables: the individuals (with search and sorting) and one individual's meetings."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSortFilterProxyModel, Qt
from PySide6.QtGui import QColor, QFont

from mappa_desk.domain import dates
from mappa_desk.services.home import fold, matches
from ui.common import ERROR_RED
from ui.table_model import RowsModel

ID_ROLE = Qt.ItemDataRole.UserRole  # the individual's or meeting's database id, on every column

OVERDUE, DUE_SOON = "Overdue", "Due soon"


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
    """The rows of services.home.individual_rows, most urgent first."""

    # The review columns sit next to the name: they are what the list is ordered by, and a narrow
    # window should still show them without scrolling.
    HEADERS = ("Name", "ViSOR ref", "Next review", "Due", "Category", "Level", "Lead agency")
    NAME, VISOR, REVIEW, DUE, CATEGORY, LEVEL, LEAD = range(7)

    def __init__(self, parent=None):
        super().__init__(parent)
        self._delivered: list[dict] = []  # as the service listed them, most urgent first
        self._sort: tuple[int, Qt.SortOrder] = (self.DUE, Qt.SortOrder.AscendingOrder)

    def set_rows(self, rows: list[dict]) -> None:
        self.beginResetModel()
        self._delivered = list(rows)
        self._rows = self._sorted()
        self.endResetModel()

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sorted here, once per column click, with Python's sort on keys made once per row: a proxy
        model asks for two keys per comparison, ~70,000 calls for 5,000 rows (a third of a second)."""
        self.layoutAboutToBeChanged.emit()
        before = self.persistentIndexList()
        ids = [self._rows[index.row()]["id"] for index in before]
        self._sort = (column, order)
        self._rows = self._sorted()
        position = {row["id"]: n for n, row in enumerate(self._rows)}
        after = [self.index(position[i], index.column()) for i, index in zip(ids, before)]
        self.changePersistentIndexList(before, after)
        self.layoutChanged.emit()

    def _sorted(self) -> list[dict]:
        column, order = self._sort
        keys = [self._sort_key(row, n, column) for n, row in enumerate(self._delivered)]
        ranked = sorted(range(len(keys)), key=keys.__getitem__, reverse=order == Qt.SortOrder.DescendingOrder)
        return [self._delivered[n] for n in ranked]

    def row_of(self, individual_id: int) -> int | None:
        return next((n for n, row in enumerate(self._rows) if row["id"] == individual_id), None)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
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


class IndividualsFilter(QSortFilterProxyModel):
    """Keeps the individuals whose name, alias or ViSOR reference holds every word typed."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self._text = ""

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """The source model sorts (see IndividualsModel.sort); this proxy only filters, in its order."""
        self.sourceModel().sort(column, order)

    def set_text(self, text: str) -> None:
        self.beginFilterChange()
        self._text = text
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def text(self) -> str:
        return self._text

    def filterAcceptsRow(self, source_row: int, source_parent) -> bool:  # noqa: N802 - Qt override
        if not self._text.strip():
            return True  # nothing typed: asked once per row at every listing, so answered without a lookup
        row = self.sourceModel().row_at(source_row)
        return row is not None and matches(row, self._text)


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
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (dates.short(row.date), row.kind, f"Level {row.level}", row.status,
                    dates.short(row.review_date))[index.column()]
        if role == ID_ROLE:
            return row.meeting_id
        return None
