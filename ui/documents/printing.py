"""Prints a generated PDF: each page rendered in memory (pdf_pages.opened) and painted onto the printer.

The PDF already carries the protective marking on every page, so a printed page carries it too. The
dialog (print_with_dialog) is a thin shell around paint_pdf, which tests drive with a PDF-file printer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QPainter
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QDialog, QWidget

from mappa_desk.errors import UserFacingError
from ui.documents.pdf_pages import opened

# Pages are rendered at no more than this many dots per inch: sharp on paper, and an A4 page stays ~35 MB
# in memory (at a printer's 1200 dpi it would be over 500 MB).
MAX_PRINT_DPI = 300
PRINTER_NOT_READY = "The printer could not be started. Check that it is connected and try again."


def paint_pdf(path: str | Path, printer: QPrinter) -> int:
    """Paint the PDF's pages (the printer's page range, if one was chosen) onto `printer`; returns the
    number of pages printed. Each page is scaled to fit the printable area, keeping its shape."""
    with opened(path) as pdf:  # opened once for every page
        start, end = printer.fromPage(), printer.toPage()
        if start <= 0 or end <= 0:  # 0 means "all pages"
            start, end = 1, pdf.count
        pages = range(max(start, 1) - 1, min(end, pdf.count))
        area = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        area.moveTo(0, 0)
        dpi = max(printer.resolution(), 1)
        width_px = min(area.width(), round(area.width() / dpi * MAX_PRINT_DPI))
        painter = QPainter()
        if not painter.begin(printer):
            raise UserFacingError(PRINTER_NOT_READY)
        printed = 0
        try:
            for index in pages:
                if printed:
                    printer.newPage()
                image = pdf.render(index, width_px)
                painter.drawImage(_fitted(image.width(), image.height(), area), image)
                printed += 1
        finally:
            painter.end()
    return printed


def _fitted(width: int, height: int, area: QRect) -> QRect:
    """The largest rectangle of the image's shape inside `area`, at its top centre."""
    scale = min(area.width() / width, area.height() / height)
    w, h = round(width * scale), round(height * scale)
    return QRect(area.x() + (area.width() - w) // 2, area.y(), w, h)


def print_with_dialog(parent: QWidget, path: str | Path, title: str) -> int:
    """The platform's print dialog, then the pages; 0 if the dialog was cancelled."""
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setDocName(title)
    dialog = QPrintDialog(printer, parent)
    dialog.setWindowTitle(f"Print {title}")
    if dialog.exec() != QDialog.DialogCode.Accepted:
        return 0
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a page takes ~0.1 s to render for paper
    try:
        return paint_pdf(path, printer)
    finally:
        QApplication.restoreOverrideCursor()
