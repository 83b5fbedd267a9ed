"""Item 12: on Lock every widget that showed record text is destroyed, not hidden.

A chair opens a meeting, types names into the cockpit and puts the step on the projector; after Lock
(and the deletions Qt makes at the next turn of its loop) no live widget holds any of those names, nor
the individual's, in its text, tooltip, title or items, and the old pages and their controllers are gone.
"""

from __future__ import annotations

import shiboken6
import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QModelIndex, Qt
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QComboBox, QLabel, QLineEdit,
                               QPlainTextEdit, QTextEdit, QWidget)

from mappa_desk.services import session as sessions
from tests.conftest import PASSPHRASE
from tests.ui.cockpit_driver import click, idle, type_into
from tests.ui.test_autolock import open_at_step_4, review, text_field_on_screen, unlock, wait_locked  # noqa: F401
from tests.ui.test_unlock_screen import wait_for_home

TYPED = ("Quarrie Fictionperson", "Ottoline Brackwater")
ROLES = (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.EditRole)


def texts_of(widget: QWidget) -> list[str]:
    """Everything a widget can show or tell a screen reader."""
    texts = [widget.toolTip(), widget.windowTitle(), widget.accessibleName(), widget.accessibleDescription(),
             widget.statusTip(), widget.whatsThis()]
    if isinstance(widget, (QLabel, QLineEdit, QAbstractButton)):
        texts.append(widget.text())
    if isinstance(widget, (QPlainTextEdit, QTextEdit)):
        texts.append(widget.toPlainText())
    if isinstance(widget, QComboBox):
        texts += [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        try:
            columns = model.columnCount(QModelIndex())
        except TypeError:  # a list model: PySide keeps its columnCount private
            columns = 1
        texts += [str(model.index(r, c).data(role) or "") for r in range(model.rowCount(QModelIndex()))
                  for c in range(columns) for role in ROLES]
    return texts


def widgets_holding(names) -> list[str]:
    return sorted({f"{type(w).__name__} {w.objectName()!r}" for w in QApplication.allWidgets()
                   for text in texts_of(w) if any(name in text for name in names)})


def individual_names(folder, visor_ref: str) -> tuple[str, str]:
    session = sessions.unlock(folder, PASSPHRASE)
    try:
        return session.db.query("SELECT given_names, family_name FROM individuals WHERE visor_ref = ?", (visor_ref,))[0]
    finally:
        session.close()


@pytest.mark.qt_log_ignore("This plugin does not support propagateSizeHints")  # the offscreen platform
@pytest.mark.attack("Search every live widget for the record's text after Lock",
                    "0 found; the record pages are destroyed")
def test_lock_destroys_every_widget_that_showed_the_meeting(qtbot, open_window, review):
    folder, _meeting_id, visor_ref = review
    names = (*TYPED, *individual_names(folder, visor_ref))
    window = open_at_step_4(qtbot, open_window, review)
    for name in TYPED:
        type_into(qtbot, text_field_on_screen(window), f"Discussed with {name} present")
        idle(qtbot, window)
    click(qtbot, window.cockpit_view.projector_button)
    projector = window.controller.cockpit.projector.embedded  # one screen: the main window presents
    qtbot.waitUntil(projector.isVisible)
    assert widgets_holding(names)  # the session showed them (the check can see them)
    old = [*window.record_pages(), projector, window.controller.home, window.controller.documents,
           window.controller.cockpit]

    window.lock_action.trigger()
    wait_locked(qtbot, window)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)

    assert widgets_holding(names) == []
    assert [obj for obj in old if shiboken6.isValid(obj)] == []

    unlock(qtbot, window)  # presenting again (the room saw it) until the chair stops; then the cockpit
    presenting = window.controller.cockpit.projector
    qtbot.waitUntil(lambda: presenting.presenting() and window.controller.cockpit.data is not None)
    assert not window.cockpit_view.isVisible() and not window.home_view.isVisible()
    click(qtbot, presenting.page.stop_button)
    qtbot.waitUntil(window.cockpit_view.isVisible)  # the new pages work: back at the same step, typed text read
    field = text_field_on_screen(window)
    assert TYPED[-1] in (field.text() if isinstance(field, QLineEdit) else field.toPlainText())


def test_lock_from_home_destroys_the_home_page_and_unlock_shows_it_again(qtbot, open_window, review):
    folder, _meeting_id, visor_ref = review
    names = individual_names(folder, visor_ref)
    window = open_at_step_4(qtbot, open_window, review)
    click(qtbot, window.cockpit_view.home_button)
    wait_for_home(qtbot, window)
    qtbot.waitUntil(lambda: bool(widgets_holding(names)))
    home = window.home_view
    window.home_view.findChild(QAbstractButton, "lockButton").click()
    wait_locked(qtbot, window)
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not shiboken6.isValid(home)
    assert widgets_holding(names) == []
    unlock(qtbot, window)
    wait_for_home(qtbot, window)
    qtbot.waitUntil(lambda: bool(widgets_holding(names)))  # the new Home lists the individual again
