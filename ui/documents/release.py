"""The chair's look at what will leave, before it is written (issue 18 item 4; services/release.py).

Shows a `release.Release` made in memory: every page of each PDF as the recipient will see it, the text as their
reader extracts it, and each file's name and SHA-256, with the chair's name and "Approve and release" or "Cancel".
Cancel writes nothing and logs nothing. The dialog has the requests forms' interface (sig_confirmed, set_busy,
show_error, value), so a controller runs the approval on the database lane and shows a refusal in it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (QDialog, QFormLayout, QFrame, QLabel, QLineEdit, QPlainTextEdit, QScrollArea, QTabWidget,
                               QVBoxLayout, QWidget)

from mappa_desk.services.release import Release
from ui.common import (BusyConfirm, body_label, cancel_and_confirm, enter_never_accepts, error_label, field_label,
                       named, title_label)
from ui.documents.pdf_pages import opened

TITLE = "Approve what will leave"
PAGE_WIDTH_PX = 640  # each page as shown, about the width of an A4 page on a laptop's screen


class ReleaseDialog(QDialog, BusyConfirm):
    """What will leave, page by page and as text, for the chair to approve or cancel."""

    sig_confirmed = Signal()  # "Approve and release" clicked (not while busy)

    def __init__(self, parent: QWidget | None, release: Release, chair: str = ""):
        super().__init__(parent)
        named(self, "releaseDialog", TITLE)
        self.setWindowTitle(TITLE)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.resize(1000, 700)
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 12)
        box.addWidget(title_label(TITLE, "releaseDialogTitle"))
        intro = body_label(
            f"Exactly this will leave the vault: {release.what}, to {release.recipient}, written to "
            f"{release.folder}. Read it as they will read it. Nothing is written until you approve it, and your "
            "approval, with each file's SHA-256, is kept in the requests log.", "releaseDialogIntro",
            "About what will leave")
        intro.setTextFormat(Qt.TextFormat.PlainText)
        box.addWidget(intro)

        self.tabs = named(QTabWidget(), "releaseTabs", "What will leave")
        self.tabs.addTab(self._pages(release), "Pages")
        self.text = named(QPlainTextEdit(release.text), "releaseText", "The text as the recipient reads it")
        self.text.setReadOnly(True)
        self.tabs.addTab(self.text, "Text")
        self.files = named(QPlainTextEdit("\n".join(release.listing())), "releaseFiles",
                           "The files that will be written, with their SHA-256")
        self.files.setReadOnly(True)
        self.tabs.addTab(self.files, f"Files ({len(release.files)})")
        box.addWidget(self.tabs, 1)

        form = QFormLayout()
        self.approved_by = named(QLineEdit(chair), "releaseApprovedBy", "Approved by (chair)")
        form.addRow(field_label("Approved &by (chair)", "releaseApprovedByLabel", self.approved_by), self.approved_by)
        box.addLayout(form)
        self.error = error_label("releaseDialogError")
        box.addWidget(self.error)
        buttons, self.cancel_button, self.confirm_button = cancel_and_confirm("releaseDialog", "Approve and release")
        box.addLayout(buttons)
        enter_never_accepts(self, self.confirm_button)
        self.cancel_button.clicked.connect(self.reject)
        self.confirm_button.clicked.connect(self._on_confirm_clicked)

    def _pages(self, release: Release) -> QScrollArea:
        """Every page of every PDF, one under another, each under its file's name."""
        inner = QWidget()
        column = QVBoxLayout(inner)
        column.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.page_labels: list[QLabel] = []
        for pdf in release.pdfs:
            with opened(pdf.data) as document:
                count = document.count
                heading = named(QLabel(f"{pdf.name} ({count} page{'s' if count != 1 else ''})"),
                                "releasePdfName", pdf.name)
                heading.setTextFormat(Qt.TextFormat.PlainText)
                column.addWidget(heading)
                for index in range(count):
                    page = named(QLabel(), "releasePage", f"{pdf.name}, page {index + 1} of {count}")
                    page.setPixmap(QPixmap.fromImage(document.render(index, PAGE_WIDTH_PX)))
                    page.setFrameShape(QFrame.Shape.Box)
                    column.addWidget(page)
                    self.page_labels.append(page)
        area = named(QScrollArea(), "releasePages", "The pages as the recipient sees them")
        area.setWidget(inner)
        area.setWidgetResizable(True)
        return area

    # -- the requests forms' interface -------------------------------------------------------------
    def value(self, name: str) -> str:
        if name != "approved_by":
            raise KeyError(name)
        return self.approved_by.text()

    def has(self, name: str) -> bool:
        return name == "approved_by"

    def field(self, name: str) -> QWidget:
        if name != "approved_by":
            raise KeyError(name)
        return self.approved_by

    def show_error(self, text: str, field: str | None = None) -> None:
        self.error.setText(text)
        self.error.show()
        if field == "approved_by":
            self.approved_by.setFocus(Qt.FocusReason.OtherFocusReason)
