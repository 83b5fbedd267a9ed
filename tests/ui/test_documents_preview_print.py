"""Documents you can check and print (issue 15 item 9): any document chosen in the list is previewed, fit to the
preview's width with page navigation, and printed with the protective marking on every page."""

from __future__ import annotations

import re
import subprocess

import pytest
from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QImage, QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QLabel, QListWidget, QPushButton

from mappa_desk.services import documents as document_service
from mappa_desk.services import records
from tests.ui.conftest import GUI_TIMEOUT_MS
from tests.ui.test_documents_screen import (demo_vault, generate, held_review, open_documents_page,  # noqa: F401
                                            page_label, shown_image, unlocked_window)
from tests.ui.test_unlock_screen import click, find
from ui.documents.pdf_pages import render_page
from ui.documents.printing import paint_pdf

MARKING = "OFFICIAL-SENSITIVE"


def page_count(pdf) -> int:
    return render_page(pdf, 0, 10).count


def page_text(pdf, number: int) -> str:
    return subprocess.run(["pdftotext", "-layout", "-f", str(number), "-l", str(number), str(pdf), "-"],
                          check=True, capture_output=True, text=True).stdout


WIDTH = 400  # pixels across a page when comparing the printed page with the document's


def marking_boxes(pdf) -> list[list[tuple[float, float, float, float]]]:
    """Per page, where the marking is written, as fractions of the page's width and height."""
    html = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = []
    for page in re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', html, re.S):
        width, height = float(page[1]), float(page[2])
        pages.append([(float(m[1]) / width, float(m[2]) / height, float(m[3]) / width, float(m[4]) / height)
                      for m in re.finditer(r'xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">'
                                           + MARKING + "<", page[3])])
    return pages


def difference(a: bytes, b: bytes) -> float:
    return sum(abs(x - y) for x, y in zip(a, b)) / len(a)


def inked(pixels: bytes, box: tuple[int, int, int, int]) -> int:
    x0, y0, x1, y1 = box
    return sum(1 for y in range(y0, y1 + 1) for x in range(x0, x1 + 1) if pixels[y * WIDTH + x] < 160)


def grey(image: QImage, width: int) -> tuple[bytes, int]:
    small = image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation)
    return bytes(small.convertToFormat(QImage.Format.Format_Grayscale8).constBits()), small.height()


@pytest.fixture
def minute_pdf(vault_session, tmp_path):
    records.load_demo(vault_session)
    meeting = held_review(records.list_records(vault_session))
    generated = document_service.generate_for_meeting(vault_session, meeting["id"], tmp_path / "out")
    return next(g.path for g in generated if g.kind == "minute" and g.format == "pdf")


def test_printing_paints_every_page_with_its_marking(qapp, minute_pdf, tmp_path):
    pages = page_count(minute_pdf)
    assert pages > 1
    for number in range(1, pages + 1):  # the source carries the marking on every page...
        assert MARKING in page_text(minute_pdf, number)

    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
                                      QMarginsF(0, 0, 0, 0)))
    printer.setFullPage(True)
    assert paint_pdf(minute_pdf, printer) == pages
    printed = tmp_path / "printed.pdf"
    assert page_count(printed) == pages

    # ...and each printed page is that page, marking included: the pages are printed as images (no text
    # layer to search), so the printed page is compared with the source page, pixel for pixel, small.
    # Where pdftotext finds the marking on the document's page, the printed page has the same ink.
    sources = [grey(render_page(minute_pdf, index, 400).image, WIDTH) for index in range(pages)]
    for index, boxes in enumerate(marking_boxes(minute_pdf)):
        assert boxes, f"page {index + 1} has no marking"
        source, height = sources[index]
        copy, copy_height = grey(render_page(printed, index, 400).image, WIDTH)
        assert copy_height == height
        own = difference(source, copy)
        assert own < 8 and all(own < difference(other, copy) for i, (other, _h) in enumerate(sources) if i != index), \
            f"printed page {index + 1} is not the document's page {index + 1}"
        for x0, y0, x1, y1 in boxes:
            box = (round(x0 * WIDTH), round(y0 * height), round(x1 * WIDTH), round(y1 * height))
            ink = inked(source, box), inked(copy, box)
            assert ink[0] > 10 and ink[1] >= 0.7 * ink[0], f"the marking is missing from printed page {index + 1}"


def test_a_page_range_prints_only_those_pages(qapp, minute_pdf, tmp_path):
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setFromTo(2, 2)
    assert paint_pdf(minute_pdf, printer) == 1
    assert page_count(tmp_path / "printed.pdf") == 1


def choose_file(qtbot, listed: QListWidget, name_part: str) -> str:
    row = next(r for r in range(listed.count()) if name_part in listed.item(r).text())
    item = listed.item(row)
    listed.scrollToItem(item)
    qtbot.mouseClick(listed.viewport(), Qt.MouseButton.LeftButton, pos=listed.visualItemRect(item).center())
    return item.text()


def test_choosing_a_document_previews_it_fit_to_width_with_page_keys_and_print(
        qtbot, open_window, demo_vault, tmp_path):
    folder, listing = demo_vault
    window = unlocked_window(qtbot, open_window, folder)
    window.resize(1366, 768)
    open_documents_page(qtbot, window, held_review(listing), tmp_path / "out")
    assert not find(window, QPushButton, "previewPrintButton").isEnabled(), "Print with nothing to print"
    generate(qtbot, window)
    qtbot.waitUntil(lambda: page_label(window).startswith("Page 1 of "), timeout=GUI_TIMEOUT_MS)
    title = find(window, QLabel, "previewTitle")
    minute_title, minute_image, minute_pages = title.text(), shown_image(window), page_label(window)

    # The page fills the preview's width (less the scroll bar and margin), not a third of it.
    viewport = find(window, QLabel, "previewPage").parentWidget()
    assert shown_image(window).width() / window.devicePixelRatioF() > 0.8 * viewport.width()

    listed = find(window, QListWidget, "generatedFiles")
    name = choose_file(qtbot, listed, "ExecutiveSummary")
    pdf_name = name.rsplit(".", 1)[0] + ".pdf"
    qtbot.waitUntil(lambda: title.text() == f"Preview: {pdf_name}", timeout=GUI_TIMEOUT_MS)
    qtbot.waitUntil(lambda: shown_image(window) != minute_image, timeout=GUI_TIMEOUT_MS)
    assert title.text() != minute_title
    assert page_label(window).startswith("Page 1 of ")
    # The arrow keys walk the list: up from the summary's DOCX is the RMP's PDF.
    assert "ExecutiveSummary" in listed.currentItem().text() and listed.currentItem().text().endswith(".docx")
    qtbot.keyClick(listed, Qt.Key.Key_Up)
    qtbot.waitUntil(lambda: title.text().startswith("Preview: MAPPA-RMP_"), timeout=GUI_TIMEOUT_MS)
    assert listed.currentItem().text().endswith(".pdf") and "RMP" in listed.currentItem().text()

    # The letter is previewed too; then back to the Minute, which runs to several pages.
    choose_file(qtbot, listed, "ReplyLetter")
    qtbot.waitUntil(lambda: "ReplyLetter" in title.text(), timeout=GUI_TIMEOUT_MS)
    choose_file(qtbot, listed, "Minute")
    qtbot.waitUntil(lambda: "Minute" in title.text() and page_label(window) == minute_pages, timeout=GUI_TIMEOUT_MS)
    pages = int(page_label(window).rsplit(" ", 1)[1])
    assert pages > 1
    first = shown_image(window)
    # PageDown with the list in focus (as it is after choosing) turns the page, not the list's row.
    qtbot.keyClick(listed, Qt.Key.Key_PageDown)
    qtbot.waitUntil(lambda: page_label(window) == f"Page 2 of {pages}", timeout=GUI_TIMEOUT_MS)
    assert shown_image(window) != first
    assert "Minute" in title.text()
    qtbot.keyClick(listed, Qt.Key.Key_PageUp)
    qtbot.waitUntil(lambda: page_label(window) == f"Page 1 of {pages}", timeout=GUI_TIMEOUT_MS)

    # Print… hands the document previewed to the print dialog.
    asked = []
    window.controller.documents.print_document = lambda path, doc_title: asked.append(path.name) or 1
    click(qtbot, find(window, QPushButton, "previewPrintButton"))
    assert asked and "Minute" in asked[0] and asked[0].endswith(".pdf")
