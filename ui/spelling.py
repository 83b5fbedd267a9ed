"""Spell checking in the free-text fields: a red wavy underline under a misspelt word, suggestions and
"Add to dictionary" on right-click (or the Menu key), the chair's words kept in the vault.

One `Spelling` serves the whole app (`Spelling.shared()`). The dictionary is read once, off the GUI thread,
when it is first made; until it is ready nothing is underlined. Suggestions are found off the GUI thread too
(they take a fraction of a second) and fill the menu while it is open. The words of mappa_desk.spelling are
checked as the user types, a moment after they stop; looking a word up is fast and remembered.
A corrected word goes through the field's own editing, so the record gets it as if it had been typed.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import (QAction, QColor, QContextMenuEvent, QInputMethodEvent, QSyntaxHighlighter,
                           QTextCharFormat, QTextCursor)
from PySide6.QtWidgets import QLineEdit, QMenu, QMessageBox, QPlainTextEdit, QTextEdit, QWidget

from mappa_desk import spelling

log = logging.getLogger(__name__)

CHECK_PAUSE_MS = 250  # a line field is checked this long after the last key, not at every key
UNDERLINE = QColor("#d0021b")


def miss_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    fmt.setUnderlineColor(UNDERLINE)
    return fmt


class Spelling(QObject):
    """The app's spell checker: the dictionary, the jurisdiction's words and, while a vault is open, the
    chair's own words."""

    sig_changed = Signal()  # the words known changed (ready, a word added, the vault locked): check again
    _sig_loaded = Signal(object)  # the dictionary, read off the GUI thread
    _sig_suggested = Signal(int, object)  # a request's number and its suggestions

    _shared: "Spelling | None" = None

    @classmethod
    def shared(cls) -> "Spelling":
        if cls._shared is None or not shiboken6.isValid(cls._shared):
            cls._shared = Spelling(QCoreApplication.instance())
        return cls._shared

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._dictionary = None
        self._jurisdiction: str | None = None  # the open vault's: its words are known only while it is open
        self._personal: set[str] = set()
        self._session = None
        self._runner = None
        self.checker: spelling.Checker | None = None
        self._requests = 0
        self._waiting: dict[int, object] = {}
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="spelling")
        self._sig_loaded.connect(self._on_loaded)
        self._sig_suggested.connect(self._on_suggested)
        self._worker.submit(self._load)

    def _load(self) -> None:
        try:
            dictionary = spelling.load_dictionary()
        except Exception:  # noqa: BLE001 - a missing or damaged dictionary must not stop the app
            log.exception("the spelling dictionary could not be read")
            return
        self._emit(self._sig_loaded, dictionary)

    def _emit(self, signal, *values) -> None:
        try:
            signal.emit(*values)
        except RuntimeError:
            pass  # this object was deleted (the app is closing): nobody is waiting

    def _on_loaded(self, dictionary) -> None:
        self._dictionary = dictionary
        self._rebuild()

    def _rebuild(self) -> None:
        if self._dictionary is None:
            return
        known = spelling.read_word_list(spelling.words_file(self._jurisdiction)) if self._jurisdiction else frozenset()
        self.checker = spelling.Checker(self._dictionary, known, self._personal)
        self.sig_changed.emit()

    def is_ready(self) -> bool:
        return self.checker is not None

    # The open vault: its jurisdiction's words and the chair's own.

    def open(self, session, runner) -> None:
        self._session, self._runner = session, runner
        self._jurisdiction = session.profile.jurisdiction
        runner.submit(lambda: spelling.personal_words(session.db), on_success=self._on_personal_read)

    def _on_personal_read(self, words: set[str]) -> None:
        if self._session is not None:
            self._personal = set(words)
            self._rebuild()

    def close(self) -> None:
        """Lock or quit: the chair's words leave memory with the vault."""
        self._session = self._runner = None
        self._personal = set()
        self._jurisdiction = None
        self._rebuild()

    def can_add(self) -> bool:
        return self._session is not None

    def add(self, word: str, parent: QWidget | None = None) -> None:
        """Adds a word to the chair's dictionary, inside the vault."""
        problem = spelling.personal_word_problem(word)
        if problem or self._session is None:
            QMessageBox.warning(parent, "Add to dictionary",
                                problem or "Your dictionary is kept in the vault: unlock it first.")
            return
        session = self._session
        self._personal.add(word)
        if self.checker is not None:
            self.checker.add(word)
        self.sig_changed.emit()
        self._runner.submit(lambda: spelling.add_personal_word(session.db, word),
                            on_failure=lambda err: self._on_add_failed(word, err, parent))

    def _on_add_failed(self, word: str, err: BaseException, parent) -> None:
        self._personal.discard(word)
        self._rebuild()
        QMessageBox.warning(parent if parent is not None and shiboken6.isValid(parent) else None,
                            "Add to dictionary", f"The word was not added to your dictionary: {err}")

    # Suggestions, off the GUI thread.

    def suggest(self, word: str, deliver) -> None:
        """Calls deliver(list of words) on the GUI thread when the suggestions are found."""
        checker = self.checker
        if checker is None:
            deliver([])
            return
        self._requests += 1
        number = self._requests
        self._waiting[number] = deliver
        self._worker.submit(self._find, number, checker, word)

    def _find(self, number: int, checker: spelling.Checker, word: str) -> None:
        try:
            found = checker.suggestions(word)
        except Exception as err:  # noqa: BLE001 - no suggestions rather than no menu
            log.warning("suggestions failed: %s", type(err).__name__)  # never the word: it may be a name
            found = []
        self._emit(self._sig_suggested, number, found)

    def _on_suggested(self, number: int, found: list) -> None:
        deliver = self._waiting.pop(number, None)
        if deliver is not None:
            deliver(found)

    def shutdown(self) -> None:
        self._worker.shutdown(wait=False, cancel_futures=True)


class _DocumentMarks(QSyntaxHighlighter):
    """Underlines the misspelt words of a multi-line field, block by block as they change."""

    def __init__(self, widget: QPlainTextEdit | QTextEdit, service: Spelling):
        super().__init__(widget.document())
        self._service = service

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        checker = self._service.checker
        if checker is None or not text:
            return
        fmt = miss_format()
        for miss in checker.misses(text):
            self.setFormat(miss.start, miss.length, fmt)

    def misses(self, text: str) -> list[spelling.Miss]:
        checker = self._service.checker
        return checker.misses(text) if checker is not None else []


class _LineMarks(QObject):
    """Underlines the misspelt words of a one-line field. QLineEdit has no highlighter: its text layout takes
    formats through an input-method event that carries formats and no text, which changes nothing typed."""

    def __init__(self, widget: QLineEdit, service: Spelling):
        super().__init__(widget)
        self._widget, self._service = widget, service
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(CHECK_PAUSE_MS)
        self._timer.timeout.connect(self.rehighlight)
        widget.textChanged.connect(self._on_text_changed)
        if service.is_ready():
            self._timer.start()

    def _on_text_changed(self, _text: str) -> None:
        self._apply([])  # the old marks would sit under the wrong letters until the next check
        self._timer.start()

    def misses(self, text: str) -> list[spelling.Miss]:
        checker = self._service.checker
        return checker.misses(text) if checker is not None else []

    def rehighlight(self) -> None:
        self._apply(self.misses(self._widget.text()))

    def _apply(self, misses: list[spelling.Miss]) -> None:
        widget = self._widget
        if widget.isReadOnly():
            return
        cursor = widget.cursorPosition()
        fmt = miss_format()
        attributes = [QInputMethodEvent.Attribute(QInputMethodEvent.AttributeType.TextFormat,
                                                  miss.start - cursor, miss.length, fmt) for miss in misses]
        QCoreApplication.sendEvent(widget, QInputMethodEvent("", attributes))


class _Menu(QObject):
    """The field's own context menu, with suggestions and "Add to dictionary" at the top for a misspelt word."""

    def __init__(self, widget: QLineEdit | QPlainTextEdit | QTextEdit, marks, service: Spelling):
        super().__init__(widget)
        self._widget, self._marks, self._service = widget, marks, service
        self.menu: QMenu | None = None  # the menu on screen, for tests
        self.setObjectName("spellingMenuHandler")
        target = widget if isinstance(widget, QLineEdit) else widget.viewport()
        target.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.ContextMenu and isinstance(event, QContextMenuEvent):
            self._show(event)
            return True
        return super().eventFilter(watched, event)

    def _text_and_position(self, event: QContextMenuEvent) -> tuple[str, int, int]:
        """The text of the line or paragraph, the position in it, and where that text starts in the field."""
        widget = self._widget
        keyboard = event.reason() == QContextMenuEvent.Reason.Keyboard
        if isinstance(widget, QLineEdit):
            position = widget.cursorPosition() if keyboard else widget.cursorPositionAt(event.pos())
            return widget.text(), position, 0
        cursor = widget.textCursor() if keyboard else widget.cursorForPosition(event.pos())
        block = cursor.block()
        return block.text(), cursor.position() - block.position(), block.position()

    def _show(self, event: QContextMenuEvent) -> None:
        widget = self._widget
        text, position, offset = self._text_and_position(event)
        miss = spelling.miss_at(self._marks.misses(text), position)
        menu = (widget.createStandardContextMenu() if isinstance(widget, QLineEdit)
                else widget.createStandardContextMenu(event.pos()))
        menu.setObjectName("spellingMenu")
        if miss is not None and not widget.isReadOnly():
            self._offer(menu, miss, offset)
        self.menu = menu
        menu.exec(event.globalPos())
        self.menu = None
        menu.deleteLater()

    def _offer(self, menu: QMenu, miss: spelling.Miss, offset: int) -> None:
        first = menu.actions()[0] if menu.actions() else None
        waiting = QAction("Looking for suggestions…", menu)
        waiting.setObjectName("spellingWaiting")
        waiting.setEnabled(False)
        add = QAction(f"Add “{miss.word}” to dictionary", menu)
        add.setObjectName("spellingAdd")
        add.setEnabled(self._service.can_add())
        add.triggered.connect(lambda: self._service.add(miss.word, self._widget))
        menu.insertAction(first, waiting)
        menu.insertAction(first, add)
        menu.insertSeparator(first)

        def deliver(found: list[str]) -> None:
            if not shiboken6.isValid(menu) or not shiboken6.isValid(waiting):
                return  # the menu closed before they came
            if not found:
                waiting.setText("No suggestions")
                return
            for word in found:
                action = QAction(word, menu)
                action.setObjectName("spellingSuggestion")
                font = action.font()
                font.setBold(True)
                action.setFont(font)
                action.triggered.connect(lambda _checked=False, w=word: self._replace(miss, offset, w))
                menu.insertAction(waiting, action)
            menu.removeAction(waiting)
            menu.setActiveAction(menu.actions()[0])
        self._service.suggest(miss.word, deliver)

    def _replace(self, miss: spelling.Miss, offset: int, word: str) -> None:
        """The word replaced as if typed: the field's edit signals fire and the record gets it."""
        widget = self._widget
        if isinstance(widget, QLineEdit):
            if widget.text()[miss.start:miss.start + miss.length] != miss.word:
                return  # the text changed meanwhile: replace nothing rather than the wrong letters
            widget.setSelection(miss.start, miss.length)
            widget.insert(word)
            return
        cursor = QTextCursor(widget.document())
        cursor.setPosition(offset + miss.start)
        cursor.setPosition(offset + miss.start + miss.length, QTextCursor.MoveMode.KeepAnchor)
        if cursor.selectedText() != miss.word:
            return
        cursor.insertText(word)
        widget.setTextCursor(cursor)


def check_spelling(widget: QLineEdit | QPlainTextEdit | QTextEdit) -> QWidget:
    """Turns spell checking on for a free-text field (never a name, a reference or a passphrase)."""
    service = Spelling.shared()
    marks = _LineMarks(widget, service) if isinstance(widget, QLineEdit) else _DocumentMarks(widget, service)
    marks.setObjectName("spellingMarks")
    _Menu(widget, marks, service)
    service.sig_changed.connect(marks.rehighlight)
    widget.setProperty("spellChecked", True)
    return widget


def spell_marks(widget: QWidget) -> list[spelling.Miss]:
    """The misspelt words a field shows underlined now (for tests and the read-back of a field)."""
    marks = widget.findChild(QObject, "spellingMarks")
    if isinstance(marks, _LineMarks):
        return marks.misses(widget.text())
    if isinstance(marks, _DocumentMarks):
        found = []
        block = widget.document().begin()
        while block.isValid():
            layout = block.layout()
            for rng in layout.formats():
                if rng.format.underlineStyle() == QTextCharFormat.UnderlineStyle.SpellCheckUnderline:
                    found.append(spelling.Miss(block.position() + rng.start, rng.length,
                                               block.text()[rng.start:rng.start + rng.length]))
            block = block.next()
        return found
    return []

