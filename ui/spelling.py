"""Spell checking in the free-text fields: a red wavy underline under a misspelt word, suggestions and
"Add to dictionary" on right-click (or the Menu key), the chair's words kept in the vault.

One `Spelling` serves the whole app (`Spelling.shared()`). The dictionary lives in a worker process, started
at the first unlock (it reads the dictionary in about a second, and keeps its ~85 MB out of the app's own
memory). A field is checked against the words already answered; words not answered yet are sent to the worker
in one batch and the fields are checked again when the answers come, a few milliseconds later. Suggestions
are found by the worker too, and fill the menu while it is open. A corrected word goes through the field's
own editing, so the record gets it as if it had been typed. The answers kept here hold words of the record:
they go at Lock.
"""

from __future__ import annotations

import logging

import shiboken6
from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from PySide6.QtGui import (QAction, QColor, QContextMenuEvent, QInputMethodEvent, QSyntaxHighlighter,
                           QTextCharFormat, QTextCursor)
from PySide6.QtWidgets import QLineEdit, QMenu, QMessageBox, QPlainTextEdit, QTextEdit, QWidget

from mappa_desk import spelling
from mappa_desk.errors import UserFacingError
from ui.ops import Op

log = logging.getLogger(__name__)

CHECK_PAUSE_MS = 250  # a line field is checked this long after the last key, not at every key
UNDERLINE = QColor("#d0021b")


def miss_format() -> QTextCharFormat:
    fmt = QTextCharFormat()
    fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SpellCheckUnderline)
    fmt.setUnderlineColor(UNDERLINE)
    return fmt


class _Answers:
    """The dictionary as the GUI thread sees it: the worker's answers so far; a word not answered yet is None
    and is asked, with the others of the moment, in one batch."""

    def __init__(self, ask):
        self._ask = ask
        self.known: dict[str, bool] = {}
        self._asked: set[str] = set()
        self._batch: list[str] = []

    def lookup(self, word: str) -> bool | None:
        answer = self.known.get(word)
        if answer is None and word not in self._asked:
            self._asked.add(word)
            self._batch.append(word)
            if len(self._batch) == 1:
                QTimer.singleShot(0, self._send)
        return answer

    def _send(self) -> None:
        batch, self._batch = self._batch, []
        if batch:
            self._ask(batch)

    def learn(self, answers: dict[str, bool]) -> None:
        self.known.update(answers)
        self._asked.difference_update(answers)


class Spelling(QObject):
    """The app's spell checker: the worker's dictionary, the jurisdiction's words and, while a vault is open,
    the chair's own words."""

    sig_changed = Signal()  # the words known changed (answers came, a word added, the vault locked): check again
    _sig_answered = Signal(int, object)  # an answer's batch number, {word: known}
    _sig_suggested = Signal(int, object)  # a request's number and its suggestions

    _shared: "Spelling | None" = None

    @classmethod
    def shared(cls) -> "Spelling":
        if cls._shared is None or not shiboken6.isValid(cls._shared):
            cls._shared = Spelling(QCoreApplication.instance())
        return cls._shared

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._pool = None
        self._answers: _Answers | None = None
        self._epoch = 0  # answers asked before a Lock are dropped
        self._words: frozenset[str] = frozenset()  # the open vault's jurisdiction's words (templates/.../words.txt)
        self._personal: set[str] = set()
        self._session = None
        self._runner = None
        self.checker: spelling.Checker | None = None
        self._requests = 0
        self._waiting: dict[int, object] = {}
        self._sig_answered.connect(self._on_answered)
        self._sig_suggested.connect(self._on_suggested)

    def _start_worker(self) -> bool:
        if self._pool is not None and not getattr(self._pool, "_broken", False):
            return True
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        try:
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                             initializer=spelling.worker_start)
        except (OSError, RuntimeError) as err:  # no process to be had: no spell check, and the app goes on
            log.warning("no spelling worker: %s", type(err).__name__)
            self._pool = None
        return self._pool is not None

    def _emit(self, signal, *values) -> None:
        try:
            signal.emit(*values)
        except RuntimeError:
            pass  # this object was deleted (the app is closing): nobody is waiting

    def _submit(self, fn, arg, deliver) -> None:
        """fn(arg) in the worker; deliver(result or None) from the worker's thread (signals carry it over)."""
        try:
            future = self._pool.submit(fn, arg)
        except (RuntimeError, OSError, AttributeError) as err:  # the worker is gone (shut down or broken)
            log.warning("spelling worker unavailable: %s", type(err).__name__)
            deliver(None)
            return

        def done(finished) -> None:
            try:
                result = finished.result()
            except Exception as err:  # noqa: BLE001 - no answer rather than no field
                log.warning("spelling worker failed: %s", type(err).__name__)  # never the words: they may be names
                result = None
            deliver(result)
        future.add_done_callback(done)

    def _ask(self, batch: list[str], epoch: int) -> None:
        self._submit(spelling.worker_lookup, batch, lambda found: self._emit(self._sig_answered, epoch, found))

    def _on_answered(self, epoch: int, found) -> None:
        if epoch == self._epoch and self._answers is not None and found:
            self._answers.learn(found)
            self.sig_changed.emit()

    def _rebuild(self) -> None:
        self.checker = None if self._answers is None else spelling.Checker(self._answers, self._words, self._personal)
        self.sig_changed.emit()

    def is_ready(self) -> bool:
        return self.checker is not None

    def misses(self, text: str) -> list[spelling.Miss]:
        """The misspelt words of a text, as far as the answers so far tell (none before unlock)."""
        return self.checker.misses(text) if self.checker is not None else []

    # The open vault: its jurisdiction's words and the chair's own.

    def open(self, session, runner) -> None:
        self._session, self._runner = session, runner
        self._words = spelling.read_word_list(spelling.words_file(session.profile.jurisdiction))
        epoch = self._epoch
        if self._start_worker():
            self._answers = _Answers(lambda batch: self._ask(batch, epoch))
        self._rebuild()
        Op(runner, lambda: spelling.personal_words(session.db)).stale_unless(lambda: epoch == self._epoch) \
            .on_success(self._on_personal_read) \
            .on_failure(lambda err: log.warning("personal words not read: %s", type(err).__name__), report=False) \
            .run()

    def _on_personal_read(self, words: set[str]) -> None:
        self._personal = set(words)
        self._rebuild()

    def close(self) -> None:
        """Lock or quit: the chair's words, and the answers about the record's words, leave memory."""
        self._session = self._runner = None
        self._personal = set()
        self._words = frozenset()
        self._answers = None
        self._epoch += 1
        self._waiting.clear()
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
        Op(self._runner, lambda: spelling.add_personal_word(session.db, word)) \
            .on_failure(lambda err: self._on_add_failed(word, err, parent), report=False).run()

    def _on_add_failed(self, word: str, err: BaseException, parent) -> None:
        self._personal.discard(word)
        self._rebuild()
        why = str(err) if isinstance(err, UserFacingError) else "the vault could not be written."
        QMessageBox.warning(parent if parent is not None and shiboken6.isValid(parent) else None,
                            "Add to dictionary", f"The word was not added to your dictionary: {why}")

    # Suggestions, from the worker.

    def suggest(self, word: str, deliver) -> None:
        """Calls deliver(list of words) on the GUI thread when the suggestions are found."""
        if self.checker is None or self._pool is None:
            deliver([])
            return
        self._requests += 1
        number = self._requests
        self._waiting[number] = deliver
        self._submit(spelling.worker_suggest, word,
                     lambda found: self._emit(self._sig_suggested, number, found or []))

    def _on_suggested(self, number: int, found: list) -> None:
        deliver = self._waiting.pop(number, None)
        if deliver is not None:
            deliver(found)


class _DocumentMarks(QSyntaxHighlighter):
    """Underlines the misspelt words of a multi-line field, block by block as they change."""

    def __init__(self, widget: QPlainTextEdit | QTextEdit, service: Spelling):
        super().__init__(widget.document())
        self._service = service

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt override
        fmt = miss_format()
        for miss in self._service.misses(text):
            self.setFormat(miss.start, miss.length, fmt)


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

    def rehighlight(self) -> None:
        self._apply(self._service.misses(self._widget.text()))

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

    def __init__(self, widget: QLineEdit | QPlainTextEdit | QTextEdit, service: Spelling):
        super().__init__(widget)
        self._widget, self._service = widget, service
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
        miss = spelling.miss_at(self._service.misses(text), position)
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
    _Menu(widget, service)
    service.sig_changed.connect(marks.rehighlight)
    widget.setProperty("spellChecked", True)
    return widget


def spell_marks(widget: QWidget) -> list[spelling.Miss]:
    """The misspelt words a field shows underlined now (for tests): a line field's as checked, a multi-line
    field's read from the underlines its text layout holds."""
    marks = widget.findChild(QObject, "spellingMarks")
    if isinstance(marks, _LineMarks):
        return Spelling.shared().misses(widget.text())
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

