"""The projector window: large, high-contrast text on the shared screen, and what opens, fills and closes it.

Everything shown comes from `mappa_desk.services.projector.projector_content`,
the allow-list of what the room may see; this module only lays it out.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication, QKeySequence, QShortcut
from PySide6.QtWidgets import (QApplication, QDialog, QFrame, QGridLayout, QLabel, QScrollArea, QStackedWidget,
                               QVBoxLayout, QWidget)

from mappa_desk.services.projector import ProjectorContent, Section, projector_content
from ui.common import named
from ui.projector.presenting import PresentingPage
from ui.projector.screens import EXTENDED, arrangement

TOGGLE_KEY = "F5"
FOOTER = "Shared screen: victim details and information not marked shareable are never shown here."
# Black and white with one accent: legible from the back of a room on a washed-out projector.
BACKGROUND, TEXT, SOFT, ACCENT = "#000000", "#ffffff", "#d9d9d9", "#ffd75e"
# Text sizes as a share of the window's height, so the same layout reads on 768 and 2160 lines.
FIT_SCALES = (1.0, 0.9, 0.8, 0.7, 0.6)  # applied to the sections' text only
SCALED = ("heading", "body", "detail")
SIZES = {"step": 1 / 19, "title": 1 / 30, "heading": 1 / 34, "body": 1 / 38, "detail": 1 / 46, "footer": 1 / 60}


def _label(text: str, role: str, object_name: str, accessible: str) -> QLabel:
    label = named(QLabel(text), object_name, accessible)
    label.setTextFormat(Qt.TextFormat.PlainText)  # typed text is never read as markup
    label.setWordWrap(True)
    label.setProperty("role", role)
    return label


class ProjectorWindow(QWidget):
    """A top-level window; `show_content` replaces everything on it."""

    sig_hidden = Signal()

    def __init__(self, parent: QWidget | None = None, embedded: bool = False):
        """`embedded`: a page inside the main window (presenting on one screen) rather than a window of its own."""
        super().__init__(parent, Qt.WindowType.Widget if embedded else Qt.WindowType.Window)
        named(self, "projectorEmbedded" if embedded else "projectorWindow", "Projector view",
              "What the shared screen shows of the meeting")
        self.setWindowTitle("MAPPA Desk: projector view")
        self.setAutoFillBackground(True)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)  # black also as a page, not a window
        outer = QVBoxLayout(self)
        outer.setContentsMargins(40, 24, 40, 16)
        outer.setSpacing(10)
        self.where = _label("", "title", "projectorMeeting", "Individual and meeting")
        outer.addWidget(self.where)
        self.step = _label("", "step", "projectorStep", "Agenda step")
        outer.addWidget(self.step)
        self.prompts = _label("", "body", "projectorPrompts", "Prompts for this step")
        outer.addWidget(self.prompts)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        rule.setProperty("role", "rule")
        outer.addWidget(rule)
        self.scroll = named(QScrollArea(), "projectorSections", "The plan and the actions")
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(self.scroll, 1)
        outer.addWidget(_label(FOOTER, "footer", "projectorFooter", "About this screen"))
        self._fit_soon = QTimer(self)
        self._fit_soon.setSingleShot(True)
        self._fit_soon.setInterval(0)
        self._fit_soon.timeout.connect(self._fit)
        if not embedded:
            close = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
            close.activated.connect(self.close)
        self._style()

    def show_content(self, content: ProjectorContent | None) -> None:
        if content is None:
            self.where.setText("")
            self.step.setText("No meeting is open.")
            self.prompts.setText("")
            self._set_sections(())
            return
        self.where.setText(f"{content.individual}   ·   {content.meeting}")
        step = f"Step {content.step_number} of {content.step_count}: {content.step_title}" if content.step_count \
            else "The agenda has not started."
        self.step.setText(step + (f" ({content.step_state.lower()})" if content.step_state in ("Done", "Skipped")
                                  else ""))
        self.prompts.setText("\n".join(f"•  {p}" for p in content.prompts))
        self.prompts.setVisible(bool(content.prompts))
        self._set_sections(content.sections)

    def _set_sections(self, sections: tuple[Section, ...]) -> None:
        """Two columns, filled in order so that each holds about as many lines as the other."""
        body = QWidget()
        body.setObjectName("projectorBody")
        grid = QGridLayout(body)
        grid.setContentsMargins(0, 0, 12, 0)
        grid.setHorizontalSpacing(48)
        columns = [QVBoxLayout(), QVBoxLayout()]
        size = [2 + sum(1 + (len(r.text) + len(r.detail)) / 50 for r in s.rows) for s in sections]  # about lines
        weight = [sum(size[:i + 1]) for i in range(len(sections))]
        half = weight[-1] / 2 if weight else 0
        for n, section in enumerate(sections):
            column = columns[0 if weight[n] <= half or n == 0 else 1]
            column.addWidget(self._section(n, section))
        for c, column in enumerate(columns):
            column.setSpacing(18)
            column.addStretch(1)
            if len(sections) == 1 and c == 1:
                break  # one section has the whole width
            grid.addLayout(column, 0, c, 1, 2 if len(sections) == 1 else 1)
            grid.setColumnStretch(c, 1)
        old = self.scroll.takeWidget()
        if old is not None:
            old.deleteLater()
        self.scroll.setWidget(body)
        self._fit_soon.start()

    def _section(self, n: int, section: Section) -> QWidget:
        box = QWidget()
        box.setObjectName(f"projectorSection_{n}")
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(_label(section.title, "heading", f"projectorSection_{n}_title", section.title))
        for r, row in enumerate(section.rows):
            line = QGridLayout()  # a hanging indent: wrapped lines start under the text, not the bullet
            line.setHorizontalSpacing(10)
            line.setVerticalSpacing(2)
            bullet = _label("•", "body", f"projectorSection_{n}_bullet_{r}", "")
            bullet.setAlignment(Qt.AlignmentFlag.AlignTop)
            line.addWidget(bullet, 0, 0)
            line.addWidget(_label(row.text, "body", f"projectorSection_{n}_row_{r}", section.title), 0, 1)
            if row.detail:
                line.addWidget(_label(row.detail, "detail", f"projectorSection_{n}_detail_{r}", "Who and when"), 1, 1)
            line.setColumnStretch(1, 1)
            layout.addLayout(line)
        if section.note or not section.rows:
            layout.addWidget(_label(section.note or section.empty, "detail", f"projectorSection_{n}_note",
                                    "Not shown here"))
        return box

    def _fit(self) -> None:
        """Smaller section text until the plan fits: the room cannot scroll the shared screen."""
        body = self.scroll.widget()
        for scale in FIT_SCALES:
            self._style(scale)
            self.layout().activate()  # the prompts above may take more lines: the sections get what is left
            if body is None or body.layout() is None:
                return
            body.layout().activate()
            # Measured as if the scroll bar were there, so that a fit never depends on it going.
            width = self.scroll.width() - self.scroll.verticalScrollBar().sizeHint().width()
            if body.layout().totalHeightForWidth(width) <= self.scroll.height():
                return

    def _style(self, scale: float = 1.0) -> None:
        height = max(480, self.height())
        px = {role: max(12, round(height * share * (scale if role in SCALED else 1)))
              for role, share in SIZES.items()}
        self.setStyleSheet(f"""
            #projectorWindow, #projectorEmbedded, #projectorBody, QScrollArea, QScrollArea > QWidget > QWidget {{
                background: {BACKGROUND}; }}
            QLabel {{ color: {TEXT}; font-size: {px['body']}px; }}
            QLabel[role="title"] {{ color: {SOFT}; font-size: {px['title']}px; }}
            QLabel[role="step"] {{ font-size: {px['step']}px; font-weight: 600; }}
            QLabel[role="heading"] {{ color: {ACCENT}; font-size: {px['heading']}px; font-weight: 600; }}
            QLabel[role="detail"] {{ color: {SOFT}; font-size: {px['detail']}px; }}
            QLabel[role="footer"] {{ color: {SOFT}; font-size: {px['footer']}px; }}
            QFrame[role="rule"] {{ color: {ACCENT}; background: {ACCENT}; max-height: 2px; border: none; }}
            QScrollBar:vertical {{ background: {BACKGROUND}; width: 10px; }}
            QScrollBar::handle:vertical {{ background: #555555; }}
            QScrollBar::add-line, QScrollBar::sub-line {{ height: 0px; width: 0px; }}
        """)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit_soon.start()  # once the layout has given the sections their new size

    def hideEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().hideEvent(event)
        self.sig_hidden.emit()


def _rect(screen) -> tuple[int, int, int, int]:
    g = screen.geometry()
    return g.x(), g.y(), g.width(), g.height()


class Projector(QObject):
    """Opens the projector view from the cockpit (button, F5) and keeps it on the cockpit's step.

    With a second, extended screen the projector window fills it. With one screen or a mirrored one the main
    window itself presents: its page becomes the projector view with a control strip, so the room never sees
    the cockpit (names, victim details, items not marked shareable) or Home."""

    def __init__(self, cockpit):
        super().__init__(cockpit)
        self.cockpit = cockpit
        view = cockpit.view
        self.window = ProjectorWindow(view)
        self.window.sig_hidden.connect(lambda: view.projector_button.setChecked(False))
        self.embedded = ProjectorWindow(embedded=True)
        self.page = PresentingPage(self.embedded, view)  # a hidden child of the cockpit page when not presenting
        self.page.hide()
        self.page.next_button.clicked.connect(lambda: cockpit.go_to_step(cockpit.current + 1))
        self.page.action_button.clicked.connect(self._new_action)
        self.page.action_field.returnPressed.connect(self._new_action)
        self.page.stop_button.clicked.connect(self.close)
        for keys, move in (("Ctrl+PgDown", 1), ("Ctrl+PgUp", -1)):  # the cockpit's keys for the agenda, here too
            step_key = QShortcut(QKeySequence(keys), self.page)
            step_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            step_key.activated.connect(lambda move=move: cockpit.go_to_step(cockpit.current + move))
        view.sig_message.connect(self.page.message.setText)  # a refusal is seen by the chair while presenting
        view.destroyed.connect(self.page.deleteLater)  # Lock destroys the cockpit page: this page goes with it
        view.projector_button.setCheckable(True)
        view.projector_button.clicked.connect(self.toggle)
        for widget in (view, self.window, self.page):
            shortcut = QShortcut(QKeySequence(TOGGLE_KEY), widget)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(self.toggle)
        cockpit.sig_loaded.connect(lambda: self.refresh())
        cockpit.sig_saved.connect(lambda: self.refresh())
        cockpit.sig_step_changed.connect(lambda _index: self.refresh())
        cockpit.sig_closed.connect(self.close)

    def _stack(self):
        parent = self.cockpit.view.parentWidget()
        return parent if isinstance(parent, QStackedWidget) else None

    def presenting(self) -> bool:
        stack = self._stack()
        return stack is not None and stack.currentWidget() is self.page

    def is_open(self) -> bool:
        return self.window.isVisible() or self.presenting()

    def toggle(self) -> None:
        if self.is_open():
            self.close()
        else:
            self.open()

    def open(self) -> None:
        if self.cockpit.data is None:
            return
        view = self.cockpit.view
        here = view.screen()
        others = [s for s in QGuiApplication.screens() if s is not here]
        chosen = arrangement(_rect(here), [_rect(s) for s in others]) if here is not None else None
        stack = self._stack()
        if (chosen is not None and chosen.kind == EXTENDED) or stack is None:
            self._show_content(force=True)
            if chosen is not None and chosen.kind == EXTENDED:  # a second screen is the projector: fill it
                screen = others[chosen.projector]
                self.window.setScreen(screen)
                self.window.setGeometry(screen.geometry())
                self.window.showFullScreen()
            else:  # no main window to present in (a cockpit on its own)
                self.window.resize(1024, 640)
                self.window.showNormal()
            view.projector_button.setChecked(True)
            view.activateWindow()  # the chair keeps typing in the cockpit
            return
        self.cockpit.flush()  # the field being typed in is saved before the room sees the step
        self.present(stack)

    def present(self, stack=None) -> None:
        """The main window shows the projector view and the strip (also while the meeting is still loading,
        as after a Lock while presenting: the room sees nothing of the cockpit or Home meanwhile)."""
        stack = stack or self._stack()
        if stack is None:
            return
        for dialog in QApplication.topLevelWidgets():  # nothing with record content stays over the shared screen
            if isinstance(dialog, QDialog) and dialog.isVisible():
                dialog.reject()
        if stack.indexOf(self.page) < 0:
            stack.addWidget(self.page)
        self.embedded.show_content(self._content())
        stack.setCurrentWidget(self.page)
        self.cockpit.view.projector_button.setChecked(True)
        self.page.next_button.setFocus()

    def close(self) -> None:
        self.window.hide()
        self.window.show_content(None)  # nothing of the meeting stays in the hidden window
        stack = self._stack()
        if stack is not None and stack.indexOf(self.page) >= 0:
            if stack.currentWidget() is self.page:
                stack.setCurrentWidget(self.cockpit.view)  # the cockpit, just as it was left
                self.cockpit.view.rail.setFocus()
            stack.removeWidget(self.page)
            self.page.setParent(self.cockpit.view)  # Lock destroys the cockpit page, and this page with it
            self.page.hide()
        self.embedded.show_content(None)
        self.page.action_field.clear()
        self.page.message.clear()
        self.cockpit.view.projector_button.setChecked(False)

    def _new_action(self) -> None:
        text = self.page.action_field.text().strip()
        if not text:
            self.page.action_field.setFocus()
            return  # no empty action is stored
        self.page.action_field.clear()
        self.cockpit.add_to_step("actions", "actions", {"description": text}, None)  # typing stays here
        self.page.action_field.setFocus()

    def _content(self):
        data = self.cockpit.data
        return projector_content(data, self.cockpit.current) if data is not None else None

    def _show_content(self, force: bool = False) -> None:
        if force or self.window.isVisible():
            self.window.show_content(self._content())

    def refresh(self, force: bool = False) -> None:
        """Shows the cockpit's step as last saved; a hidden window is left empty."""
        self._show_content(force)
        if self.presenting():
            self.embedded.show_content(self._content())
