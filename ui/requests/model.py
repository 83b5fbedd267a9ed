"""The Requests tab's table: an individual's requests for the record, approvals of onward sharing and approvals of
what was released, newest first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from mappa_desk.domain import dates
from ui.table_model import RowsModel

if TYPE_CHECKING:  # imported where used: it brings document building with it, which the first window does without
    from mappa_desk.services.requests import LogEntry

ID_ROLE = Qt.ItemDataRole.UserRole  # (entry, id) on every column

# The table's own short words, so that every column fits the record's half of home at 1366 px. The
# vocabulary's "Executive Summary sent" would also read wrongly next to an empty Sent column: the table
# says what the chair approved, and the Sent column whether it went. The whole entry, with the meeting
# it concerns, is in the tooltip and under the table.
KIND_WORDS = {"subject_access": "Subject access", "mental_health_tribunal": "Tribunal", "third_party": "Third party",
              "agency": "Agency"}
DECISION_WORDS = {"pending": "Awaiting chair", "executive_summary": "Summary approved",
                  "released": "Release approved", "refused": "Refused"}


def describe(entry: LogEntry) -> str:
    """The entry in plain sentences (mappa_desk.services.requests.describe, imported when first used)."""
    from mappa_desk.services.requests import describe as in_sentences

    return in_sentences(entry)


def who(entry: LogEntry) -> str:
    return f"{entry.who} ({entry.organisation})" if entry.organisation else entry.who


class RequestLogModel(RowsModel):
    # Who asked takes what room is left (elided when short), so the decision and the date sent stay in view.
    HEADERS = ("Date", "Entry", "From or to", "Decision", "Sent")
    WHO = 2

    def row_of(self, entry: str, entry_id: int) -> int | None:
        return next((n for n, e in enumerate(self._rows) if (e.entry, e.id) == (entry, entry_id)), None)

    def data(self, index: QModelIndex | QPersistentModelIndex, role=Qt.ItemDataRole.DisplayRole):
        entry = self.row_at(index.row()) if index.isValid() else None
        if entry is None:
            return None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(entry, index.column())
        if role == ID_ROLE:
            return (entry.entry, entry.id)
        if role == Qt.ItemDataRole.ToolTipRole:
            return describe(entry)
        return None

    @staticmethod
    def _text(entry: LogEntry, column: int) -> str:
        if entry.entry == "release":  # the chair's approval of what left (issue 18 item 4); the files in the tooltip
            return (dates.short(entry.date), "Release", entry.who, "Approved", "")[column]
        sharing = entry.entry == "sharing"
        return (dates.short(entry.date), "Sharing" if sharing else KIND_WORDS.get(entry.kind, entry.kind), who(entry),
                "Approved" if sharing else DECISION_WORDS.get(entry.decision, entry.decision),
                "" if sharing else dates.short(entry.sent_on) or "Not yet")[column]
