"""Renders one page of a PDF to a QImage with PDFium (pypdfium2), for the in-app preview."""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from PySide6.QtGui import QImage

from mappa_desk.services.release import PDFIUM

# PDFium is not thread-safe: no two calls may overlap, even on different documents
# (pypdfium2's "Incompatibility with Threading"). Pages render on the pool lane, which
# has several threads, so every PDFium call goes through this lock, and every PDFium
# object is closed inside it rather than left to a finalizer on whichever thread. It is the
# lock the release step reads a PDF's text under (services/release.py).
_PDFIUM = PDFIUM

# pypdfium2's bitmap modes (PIL names) as byte-ordered QImage formats.
_QIMAGE_FORMATS = {
    "RGBX": QImage.Format.Format_RGBX8888,
    "RGBA": QImage.Format.Format_RGBA8888,
    "RGB": QImage.Format.Format_RGB888,
    "BGR": QImage.Format.Format_BGR888,
    "L": QImage.Format.Format_Grayscale8,
}


@dataclass(frozen=True)
class RenderedPage:
    index: int  # 0-based
    count: int  # pages in the document
    image: QImage  # owns its pixels (QImage, not QPixmap, so it can be made off the GUI thread)


class OpenPdf:
    """A PDF opened once for several pages (PDFium's lock held meanwhile): its page count, and each page
    rendered to a QImage `width_px` pixels wide, on white."""

    def __init__(self, pdf):
        self._pdf = pdf
        self.count = len(pdf)

    def render(self, index: int, width_px: int) -> QImage:
        page = self._pdf[index]
        try:
            scale = max(width_px, 1) / page.get_width()
            # RGBX in byte order: the same bytes on every platform, no alpha to blend.
            bitmap = page.render(scale=scale, prefer_bgrx=True, rev_byteorder=True)
            try:
                return _to_qimage(bitmap)
            finally:
                bitmap.close()
        finally:
            page.close()


@contextmanager
def opened(path: str | Path | bytes) -> Iterator[OpenPdf]:
    """The PDF (a file, or its bytes in memory), opened under PDFium's lock and closed inside it."""
    import pypdfium2 as pdfium  # ~30 ms to load: on the worker, at the first preview, not before the first window

    with _PDFIUM:
        pdf = pdfium.PdfDocument(path if isinstance(path, bytes) else str(path))
        try:
            yield OpenPdf(pdf)
        finally:
            pdf.close()


def render_page(path: str | Path, index: int, width_px: int) -> RenderedPage:
    """Page `index` (clamped to the document) scaled to `width_px` pixels wide, on white."""
    with opened(path) as pdf:
        if pdf.count == 0:
            raise ValueError("the PDF has no pages")
        index = max(0, min(index, pdf.count - 1))
        return RenderedPage(index, pdf.count, pdf.render(index, width_px))


def _to_qimage(bitmap) -> QImage:
    fmt = _QIMAGE_FORMATS.get(bitmap.mode)
    if fmt is None:
        raise ValueError(f"unexpected bitmap mode {bitmap.mode}")
    # The QImage would only borrow the buffer; copy() gives it pixels of its own.
    return QImage(bitmap.buffer, bitmap.width, bitmap.height, bitmap.stride, fmt).copy()
