"""The documents page: the record's lifecycle (lifecycle.RecordPanel), Generate a draft, progress, the files
written, and a preview of the document chosen in their list (the Minute at first), which can be printed."""

from __future__ import annotations

from PySide6.QtCore import QAbstractAnimation, QEvent, Qt, QTimer, QVariantAnimation, Signal
from PySide6.QtGui import QImage, QKeySequence, QPalette, QPixmap, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHBoxLayout, QLabel, QListWidget,
                               QListWidgetItem, QProgressBar, QPushButton, QScrollArea, QStyle, QVBoxLayout,
                               QWidget)

from ui.common import body_label, error_label, named, page_layout, title_label
from ui.documents.lifecycle import RecordPanel
from ui.documents.view_size import MIN_SIZE

# After the preview is resized, wait this long for the resizing to stop before rendering again.
RESIZE_SETTLE_MS = 150
CONTROLS_WIDTH = 340  # the left column; the preview takes the rest

DRAFT_EXPLANATION = ("Generate writes a new draft of each document, marked DRAFT and numbered. The chair clears "
                     "a draft, it is circulated for comment, then the chair makes the record final.")
FINAL_RECORD = ("The record is final, so no new draft can be generated. A correction is made with Add "
                "addendum; Export for ViSOR writes the final files again.")
NOT_ENCRYPTED = ("The files are not encrypted. Save them only where OFFICIAL-SENSITIVE material may be kept.")
PREVIEW_PLACEHOLDER = ("The Minute will be shown here once the documents have been generated. Choose another "
                       "document in the list to preview it.")
GENERATING = "Generating documents…"


_animation_types_settled = False


def _settle_animation_types(parent: QWidget) -> None:
    """Run a 1 ms animation, once per app, as the page opens.

    The app's first animation sends events from Qt's private animation classes through the
    app-wide event filter (ui/idle.py), and PySide then sets up its Python types for most of
    Qt: ~25 ms on the GUI thread, over 50 ms on a busy machine. Here that first animation would
    be the busy progress bar, in the middle of generating the documents (issue 7: the GUI
    thread is never blocked > 50 ms while they are generated). Not later than the page's
    opening either: the render workers start loading then, and slow the GUI thread down.
    """
    global _animation_types_settled
    if _animation_types_settled:
        return
    _animation_types_settled = True
    animation = QVariantAnimation(parent, duration=1, startValue=0, endValue=1)
    animation.start(QAbstractAnimation.DeletionPolicy.DeleteWhenStopped)


class DocumentsView(QWidget):
    sig_generate_requested = Signal()
    sig_open_folder_requested = Signal()
    sig_back_requested = Signal()
    sig_page_requested = Signal(int)  # 0-based page to show in the preview
    sig_preview_width_changed = Signal()  # the page should be rendered again at preview_width_px()
    sig_document_chosen = Signal(int)  # row in the list of files written: preview that document
    sig_print_requested = Signal()  # print the document previewed

    def __init__(self):
        super().__init__()
        named(self, "documentsView", "The record and its documents")
        self.setMinimumSize(*MIN_SIZE)
        layout = page_layout(self)
        layout.addWidget(title_label("The record and its documents", "documentsTitle"))
        self.meeting_label = body_label("", "documentsMeeting", "Meeting")
        self.meeting_label.setTextFormat(Qt.TextFormat.PlainText)
        layout.addWidget(self.meeting_label)
        self.record = RecordPanel()
        layout.addWidget(self.record)
        layout.addSpacing(4)

        columns = QHBoxLayout()
        columns.setSpacing(20)
        controls = QWidget()
        controls.setFixedWidth(CONTROLS_WIDTH)
        controls.setLayout(self._build_controls())
        columns.addWidget(controls)
        columns.addLayout(self._build_preview(), 1)
        layout.addLayout(columns, 1)

        self._resize_timer = QTimer(self)
        self._resize_timer.setSingleShot(True)
        self._resize_timer.setInterval(RESIZE_SETTLE_MS)
        self._resize_timer.timeout.connect(self._on_resize_timer_timeout)
        self.scroll.installEventFilter(self)
        self._busy = False
        self._draft_allowed = True
        self._page_index = 0
        self._page_count = 0
        self.clear()

    # -- building ------------------------------------------------------------------------
    def _build_controls(self) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        self.draft_explanation = body_label(DRAFT_EXPLANATION, "draftExplanation", "About drafts")
        box.addWidget(self.draft_explanation)
        box.addWidget(body_label(NOT_ENCRYPTED, "documentsNotEncrypted", "About the files"))

        self.generate_button = named(QPushButton("&Generate draft…"), "generateButton", "Generate draft",
                                     "Asks which folder to save the documents in, then writes a new draft")
        row = QHBoxLayout()
        row.addWidget(self.generate_button)
        row.addStretch(1)
        box.addLayout(row)

        self.busy_label = named(QLabel(GENERATING), "documentsBusy", "Progress")
        self.progress_bar = named(QProgressBar(), "documentsProgress", "Progress")
        self.progress_bar.setTextVisible(False)
        self.error_label = error_label("documentsError")
        box.addWidget(self.busy_label)
        box.addWidget(self.progress_bar)
        box.addWidget(self.error_label)

        self.result_label = body_label("", "documentsResult", "Result")
        self.result_label.setTextFormat(Qt.TextFormat.PlainText)
        # A path has no spaces to wrap at: shown shortened in the middle, in full as its tooltip.
        self.folder_label = named(QLabel(), "documentsFolder", "Folder")
        self.folder_label.setTextFormat(Qt.TextFormat.PlainText)
        self.file_list = named(QListWidget(), "generatedFiles", "Files written")
        # The names are long: keep the start (which document) and the end (version, format) in view.
        self.file_list.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.file_list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.file_list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.file_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.file_list.setToolTip("Choose a document to preview it")
        self.open_folder_button = named(QPushButton("&Open folder"), "openFolderButton", "Open folder",
                                        "Shows the folder with the documents in the file manager")
        box.addWidget(self.result_label)
        box.addWidget(self.folder_label)
        # Up to its full height when there is room, down to three rows (scrolling) on a small screen; the
        # spare room below goes to the stretch.
        box.addWidget(self.file_list, 100)
        row = QHBoxLayout()
        row.addWidget(self.open_folder_button)
        row.addStretch(1)
        box.addLayout(row)
        box.addStretch(1)

        self.back_button = named(QPushButton("&Back to meetings"), "documentsBackButton", "Back to meetings")
        row = QHBoxLayout()
        row.addWidget(self.back_button)
        row.addStretch(1)
        box.addLayout(row)

        self.generate_button.clicked.connect(self.sig_generate_requested)
        self.open_folder_button.clicked.connect(self.sig_open_folder_requested)
        self.file_list.currentRowChanged.connect(self._on_current_row_changed)
        self.back_button.clicked.connect(self.sig_back_requested)
        return box

    def _build_preview(self) -> QVBoxLayout:
        box = QVBoxLayout()
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        self.preview_title = named(QLabel("Preview"), "previewTitle", "Preview")
        box.addWidget(self.preview_title)

        self.page_image = named(QLabel(), "previewPage", "Preview of the page")
        self.page_image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.page_image.setWordWrap(True)
        self.page_image.setMargin(12)
        self.scroll = named(QScrollArea(), "previewScroll", "Preview")
        self.scroll.setWidget(self.page_image)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.StyledPanel)
        self.scroll.setBackgroundRole(QPalette.ColorRole.Dark)  # the page reads as paper on a grey desk
        box.addWidget(self.scroll, 1)

        self.previous_button = named(QPushButton("&Previous page"), "previewPreviousButton", "Previous page")
        self.next_button = named(QPushButton("&Next page"), "previewNextButton", "Next page")
        self.page_label = named(QLabel(), "previewPageLabel", "Page number")
        self.page_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.print_button = named(QPushButton("P&rint…"), "previewPrintButton", "Print",
                                  "Opens the print dialog for the document shown; every page keeps its marking")
        row = QHBoxLayout()
        row.addWidget(self.previous_button)
        row.addWidget(self.page_label, 1)
        row.addWidget(self.next_button)
        row.addWidget(self.print_button)
        box.addLayout(row)
        self.previous_button.clicked.connect(self._previous_page)
        self.next_button.clicked.connect(self._next_page)
        self.print_button.clicked.connect(self.sig_print_requested)
        for key, slot in ((QKeySequence.StandardKey.MoveToPreviousPage, self._previous_page),
                          (QKeySequence.StandardKey.MoveToNextPage, self._next_page)):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        return box

    # -- state ---------------------------------------------------------------------------
    def show_meeting(self, title: str) -> None:
        self.clear()
        self.meeting_label.setText(title)
        _settle_animation_types(self)

    def clear(self) -> None:
        """Back to a fresh page: nothing known of the record, nothing written, nothing previewed."""
        self.set_busy(False)
        self.meeting_label.clear()
        self.record.show_state(None)
        self.set_draft_allowed(True)
        self.clear_error()
        self.show_files("", "", [])
        self.clear_preview()

    def is_busy(self) -> bool:
        return self._busy

    def set_busy(self, busy: bool) -> None:
        """Inputs off at once (the progress line comes later: show_busy_line)."""
        self._busy = busy
        for widget in (self.generate_button, self.back_button):
            widget.setEnabled(not busy and (widget is not self.generate_button or self._draft_allowed))
        self.record.set_busy(busy)
        if busy:
            self.clear_error()
            self.progress_bar.setRange(0, 0)  # "working" until the first report of progress
        else:
            self.busy_label.hide()
            self.progress_bar.hide()

    def set_draft_allowed(self, allowed: bool) -> None:
        """A final record takes no new draft: Generate is off and the sentence says what to do instead."""
        self._draft_allowed = allowed
        self.generate_button.setEnabled(allowed and not self._busy)
        self.draft_explanation.setText(DRAFT_EXPLANATION if allowed else FINAL_RECORD)

    def show_progress(self, done: int, total: int) -> None:
        if self._busy and total > 0:
            self.progress_bar.setRange(0, total)
            self.progress_bar.setValue(done)

    def show_busy_line(self) -> None:
        """Only for work still going after ui.ops.PROGRESS_DELAY_MS: quicker work shows no progress bar at all."""
        if self._busy:
            self.busy_label.show()
            self.progress_bar.show()

    def show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    def clear_error(self) -> None:
        self.error_label.clear()
        self.error_label.hide()

    def show_files(self, summary: str, folder: str, names: list[str]) -> None:
        self.result_label.setText(summary)
        self.result_label.setVisible(bool(summary))
        metrics = self.folder_label.fontMetrics()
        self.folder_label.setText(metrics.elidedText(folder, Qt.TextElideMode.ElideMiddle, CONTROLS_WIDTH))
        self.folder_label.setToolTip(folder)
        self.folder_label.setAccessibleDescription(folder)
        self.folder_label.setVisible(bool(folder))
        self.file_list.clear()
        for name in names:
            item = QListWidgetItem(name)
            item.setToolTip(name)
            self.file_list.addItem(item)
        has_files = bool(names)
        self.file_list.setVisible(has_files)
        self.open_folder_button.setVisible(has_files)
        if has_files:  # at most as tall as its rows (a document set is ten files), no empty box below them
            frame, row = 2 * self.file_list.frameWidth() + 2, self.file_list.sizeHintForRow(0)
            self.file_list.setMinimumHeight(min(len(names), 3) * row + frame)
            self.file_list.setMaximumHeight(min(len(names), 12) * row + frame)

    # -- preview -------------------------------------------------------------------------
    def clear_preview(self) -> None:
        self.preview_title.setText("Preview")
        self.page_image.clear()
        self.page_image.setText(PREVIEW_PLACEHOLDER)
        self._page_index, self._page_count = 0, 0
        self._update_page_controls()

    def set_preview_title(self, text: str) -> None:
        self.preview_title.setText(text)

    def mark_previewed(self, row: int) -> None:
        """Highlight the file previewed in the list, without asking for it again."""
        blocked = self.file_list.blockSignals(True)
        self.file_list.setCurrentRow(row)
        self.file_list.blockSignals(blocked)

    def _on_current_row_changed(self, row: int) -> None:
        if row >= 0:
            self.sig_document_chosen.emit(row)

    def _previous_page(self) -> None:
        if self._page_count and self._page_index > 0:
            self.sig_page_requested.emit(self._page_index - 1)

    def _next_page(self) -> None:
        if self._page_count and self._page_index < self._page_count - 1:
            self.sig_page_requested.emit(self._page_index + 1)

    def preview_width_px(self) -> int:
        """How wide to render a page: the preview's width, in device pixels. Room for the vertical
        scroll bar is always left, so that it appearing does not call for another rendering."""
        scroll_bar = self.scroll.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self.scroll)
        width = self.scroll.maximumViewportSize().width() - scroll_bar - 2 * self.page_image.margin()
        return round(max(width, 200) * self.devicePixelRatioF())

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.scroll and event.type() == QEvent.Type.Resize and self._page_count:
            self._resize_timer.start()
        return super().eventFilter(watched, event)

    def _on_resize_timer_timeout(self) -> None:
        pixmap = self.page_image.pixmap()
        if self._page_count and pixmap is not None and abs(pixmap.width() - self.preview_width_px()) > 4:
            self.sig_preview_width_changed.emit()

    def show_page(self, image: QImage, index: int, count: int) -> None:
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(self.devicePixelRatioF())
        self.page_image.setPixmap(pixmap)
        self._page_index, self._page_count = index, count
        self._update_page_controls()
        self.scroll.verticalScrollBar().setValue(0)

    def shown_page(self) -> tuple[int, int]:
        """(0-based page shown, pages in the document); (0, 0) before a preview."""
        return self._page_index, self._page_count

    def _update_page_controls(self) -> None:
        count = self._page_count
        self.page_label.setText(f"Page {self._page_index + 1} of {count}" if count else "")
        self.previous_button.setEnabled(count > 0 and self._page_index > 0)
        self.next_button.setEnabled(count > 0 and self._page_index < count - 1)
        self.print_button.setEnabled(count > 0)
