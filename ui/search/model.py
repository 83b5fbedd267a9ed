"""The results table of the minutes search, and a delegate that shows the words found in bold."""

from __future__ import annotations

import html

from PySide6.QtCore import QModelIndex, QRect, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from mappa_desk.domain import dates
from mappa_desk.services.fulltext import Hit
from ui.table_model import RowsModel

MARKS_ROLE = Qt.ItemDataRole.UserRole + 1  # the snippet column: (start, end) of each word found


class SearchResultsModel(RowsModel[Hit]):
    HEADERS = ("Date", "Name", "ViSOR ref", "Where", "Found")
    DATE, NAME, REF, WHERE, SNIPPET = range(5)

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        hit = self.row_at(index.row())
        if hit is None:
            return None
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (dates.short(hit.meeting_date), hit.name, hit.visor_ref, hit.where, hit.snippet)[column]
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.WHERE, self.SNIPPET):
            return f"{hit.where}: {hit.snippet}"
        if role == Qt.ItemDataRole.UserRole:
            return hit.meeting_id
        if role == MARKS_ROLE and column == self.SNIPPET:
            return hit.marks
        return None


def marked_html(text: str, marks) -> str:
    """The text as HTML (escaped: recorded text is never markup), with the marked spans in bold."""
    parts, at = [], 0
    for start, end in marks:
        parts += [html.escape(text[at:start]), "<b>", html.escape(text[start:end]), "</b>"]
        at = end
    return "".join(parts) + html.escape(text[at:])


class SnippetDelegate(QStyledItemDelegate):
    """Paints a snippet with the words found in bold; everything else as the table always does."""

    def paint(self, painter, option: QStyleOptionViewItem, index: QModelIndex) -> None:
        marks = index.data(MARKS_ROLE)
        if not marks:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        text, opt.text = opt.text, ""
        style = opt.widget.style() if opt.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = QTextDocument()
        doc.setDefaultFont(opt.font)
        doc.setDocumentMargin(0)
        doc.setHtml(f"<span style='white-space:pre'>{marked_html(text, marks)}</span>")
        area: QRect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        context = QAbstractTextDocumentLayout.PaintContext()
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.save()
        painter.setClipRect(area)
        painter.translate(area.left() + 2, area.top() + max(0, (area.height() - doc.size().height()) / 2))
        doc.documentLayout().draw(painter, context)
        painter.restore()
