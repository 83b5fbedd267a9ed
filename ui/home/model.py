"""The home page's meeting list: records.list_records values adapted for a QTableView."""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt

from mappa_desk.domain.enums import MEETING_KINDS, MEETING_STATUSES

# Fixed, not strftime("%b"): the month must read the same whatever the computer's locale.
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def british_date(iso: str | None) -> str:
    """'2026-11-21' -> '21 Nov 2026'. Anything that is not a date is shown as it is."""
    if not iso:
        return ""
    try:
        day = _dt.date.fromisoformat(iso[:10])
    except ValueError:
        return iso
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


@dataclass(frozen=True)
class MeetingRow:
    """One meeting as the lists and the documents page show it."""

    meeting_id: int
    date: str  # ISO, as stored
    individual: str  # "Name (ViSOR ref)"
    kind: str
    level: int
    status: str

    @property
    def title(self) -> str:
        """'Review meeting, 21 Nov 2026: Name (ViSOR ref)'."""
        return f"{self.kind} meeting, {british_date(self.date)}: {self.individual}"


def meeting_rows(listing: dict) -> list[MeetingRow]:
    """Newest first: the meeting a chair is working on is usually the latest."""
    people = {}
    for ind in listing.get("individuals", []):
        name = ind.get("name") or "(no name)"
        people[ind["id"]] = f"{name} ({ind['visor_ref']})" if ind.get("visor_ref") else name
    rows = [MeetingRow(mt["id"], mt.get("date") or "", people.get(mt["individual_id"], ""),
                       MEETING_KINDS.get(mt["kind"], mt["kind"]), mt["level"],
                       MEETING_STATUSES.get(mt["status"], mt["status"]))
            for mt in listing.get("meetings", [])]
    rows.sort(key=lambda r: (r.date, r.meeting_id), reverse=True)
    return rows


class MeetingsModel(QAbstractTableModel):
    HEADERS = ("Date", "Individual", "Kind", "Level", "Status")

    def __init__(self, parent=None):
        super().__init__(parent)
        self._rows: list[MeetingRow] = []

    def set_rows(self, rows: list[MeetingRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> MeetingRow | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: N802 - Qt override
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802 - Qt override
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        row = self.row_at(index.row()) if index.isValid() else None
        if row is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return (british_date(row.date), row.individual, row.kind, f"Level {row.level}", row.status)[index.column()]
        if role == Qt.ItemDataRole.UserRole:
            return row.meeting_id
        return None
