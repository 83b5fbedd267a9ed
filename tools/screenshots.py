"""`make screenshots`: every main screen with the demo data, offscreen, into docs/screenshots/ (1366 x 768).

The vault is made in a temporary folder with the fictional demo records and
removed afterwards; no keyring is touched.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QObject, QTimer  # noqa: E402
from PySide6.QtGui import QContextMenuEvent, QPainter, QTextCursor  # noqa: E402
from PySide6.QtWidgets import (QApplication, QDialog, QLineEdit, QPlainTextEdit, QScrollArea, QTableView,  # noqa: E402
                               QTabWidget, QWidget)

from mappa_desk.services import records  # noqa: E402
from mappa_desk.services import session as sessions  # noqa: E402
from ui.spelling import Spelling, spell_marks  # noqa: E402

PASSPHRASE = "screenshots only, never a real vault"
OUT = ROOT / "docs" / "screenshots"
SIZE = (1366, 768)


def wait(app, condition, seconds: float = 30.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not get there in time")
        app.processEvents()
        time.sleep(0.01)
    for _ in range(20):  # let layouts settle
        app.processEvents()


def visible_dialog(app):
    return next((w for w in app.topLevelWidgets() if isinstance(w, QDialog) and w.isVisible()), None)


def save(widget, name: str) -> None:
    path = OUT / name
    widget.grab().save(str(path))
    print(f"  {path.relative_to(ROOT)}")


def main() -> int:
    from ui.app import build_main_window

    folder = Path(tempfile.mkdtemp(prefix="mappa-desk-screens-"))
    try:
        _recovery, session = sessions.create(folder / "vault", PASSPHRASE)
        records.load_demo(session)
        review_id, individual_id = session.db.query(
            "SELECT id, individual_id FROM meetings WHERE kind = 'review' AND status = 'held' ORDER BY id LIMIT 1")[0]
        session.close()
        OUT.mkdir(parents=True, exist_ok=True)
        app = QApplication.instance() or QApplication(sys.argv[:1])
        window = build_main_window(folder / "vault")
        window.resize(*SIZE)
        window.show()
        unlock = window.unlock_view
        field = unlock.findChild(QLineEdit, "unlockPassphrase")
        wait(app, lambda: field is not None and field.isVisible() and field.isEnabled())  # after the keyring check
        save(window, "unlock.png")
        field.setText(PASSPHRASE)
        field.returnPressed.emit()
        controller = window.controller
        wait(app, lambda: window.stack.currentWidget() is window.home_view)
        controller.home.select_individual(individual_id)
        wait(app, lambda: window.home_view.meeting_list.model().rowCount() > 0 and not controller.runner.is_busy())
        save(window, "home.png")

        tabs = window.home_view.findChild(QTabWidget, "individualTabs")
        tabs.setCurrentIndex(tabs.count() - 1)  # Requests
        wait(app, lambda: not controller.runner.is_busy())
        save(window, "requests.png")
        tabs.setCurrentIndex(0)

        controller.search.open()  # Search minutes… (Ctrl+Shift+F), with a word the demo minutes use
        wait(app, lambda: visible_dialog(app) is not None)
        dialog = visible_dialog(app)
        dialog.findChild(QLineEdit, "searchMinutesField").setText("curfew")
        wait(app, lambda: dialog.findChild(QTableView) is not None
             and dialog.findChild(QTableView).model().rowCount() > 0 and not controller.runner.is_busy())
        save(dialog, "search-minutes.png")
        dialog.reject()
        wait(app, lambda: visible_dialog(app) is None)

        controller.new_individual.open(controller.session)
        wait(app, lambda: visible_dialog(app) is not None and not controller.runner.is_busy())
        dialog = visible_dialog(app)
        save(dialog, "new-individual.png")
        dialog.reject()
        wait(app, lambda: visible_dialog(app) is None)

        controller.new_meeting.open(controller.session, individual_id)
        wait(app, lambda: visible_dialog(app) is not None and not controller.runner.is_busy())
        dialog = visible_dialog(app)
        save(dialog, "new-meeting.png")
        dialog.reject()

        controller._on_open_meeting(review_id)
        cockpit = controller.cockpit
        wait(app, lambda: cockpit.data is not None and not controller.runner.is_busy())
        for key in ("opening", "previous_actions", "information", "risks", "rmp", "decisions", "level", "review"):
            step = cockpit._step_of_panel(key)
            if step is None:
                continue
            cockpit.go_to_step(step)
            wait(app, lambda: not controller.runner.is_busy())
            save(window, f"cockpit-{key.replace('_', '-')}.png")
        # The roll-call on the opening step, scrolled to the attendance.
        cockpit.go_to_step(cockpit._step_of_panel("opening"))
        wait(app, lambda: not controller.runner.is_busy())
        roll = window.cockpit_view.findChild(QWidget, "rollCall")
        area = roll.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        area.ensureWidgetVisible(roll, 0, 0)
        area.verticalScrollBar().setValue(roll.mapTo(area.widget(), roll.rect().topLeft()).y() - 40)
        wait(app, lambda: True)
        save(window, "roll-call.png")
        # The projector view (the shared screen) on the RMP step.
        cockpit.go_to_step(cockpit._step_of_panel("rmp"))
        cockpit.projector.refresh(force=True)  # the window a second, extended screen gets
        cockpit.projector.window.resize(*SIZE)
        cockpit.projector.window.show()
        wait(app, lambda: cockpit.projector.window.isVisible())
        save(cockpit.projector.window, "projector.png")
        cockpit.projector.close()

        cockpit.go_to_step(cockpit._step_of_panel("risks"))
        window.cockpit_view.set_text_scale(2)
        wait(app, lambda: True)
        save(window, "cockpit-larger-text.png")
        window.cockpit_view.set_text_scale(0)

        # The record and its documents: a draft generated, its first page in the preview.
        controller._on_generate_from_cockpit(review_id)
        controller.documents.generate_into(folder / "documents")
        wait(app, lambda: not controller.runner.is_busy() and not window.documents_view.is_busy(), 120)
        wait(app, lambda: not controller.runner.is_busy())
        save(window, "documents.png")

        # Each document kind chosen in the list, its first page in the preview.
        view = window.documents_view
        for row, generated in enumerate(controller.documents._listed):
            if generated.format != "pdf":
                continue
            view.file_list.setCurrentRow(row)
            wait(app, lambda: view.file_list.currentRow() == row and view.shown_page()[1] > 0
                 and not controller.runner.is_busy())
            save(window, f"documents-{generated.kind.replace('_', '-')}.png")
        # The read-back at the close (F6): decisions, actions, level and review date, the plan's changes beside.
        controller._on_open_meeting(review_id)
        wait(app, lambda: controller.cockpit.data is not None and not controller.runner.is_busy())
        controller.cockpit.show_read_back()
        wait(app, lambda: controller.cockpit.read_back_dialog is not None and not controller.runner.is_busy())
        controller.cockpit.read_back_dialog.resize(*SIZE)
        wait(app, lambda: controller.cockpit.read_back_dialog.isVisible())
        save(controller.cockpit.read_back_dialog, "read-back.png")
        controller.cockpit.read_back_dialog.close()
        # The case timer near the time allowed (amber) and past it (red), shown as the tick would show them.
        controller._on_open_meeting(review_id)
        cockpit = controller.cockpit
        wait(app, lambda: cockpit.data is not None and not controller.runner.is_busy())
        cockpit.tick.stop()
        window.cockpit_view.show_allowance(25 * 60, editable=False)
        for name, spent in (("cockpit-timer-amber.png", 22 * 60 + 40), ("cockpit-timer-red.png", 26 * 60 + 5)):
            window.cockpit_view.set_times(spent - 20 * 60, 5 * 60, spent, 25 * 60)
            wait(app, lambda: True)
            save(window, name)
        # Presenting on one screen: the main window becomes the projector view, with its control strip.
        controller._on_open_meeting(review_id)
        cockpit = controller.cockpit
        wait(app, lambda: cockpit.data is not None and not controller.runner.is_busy())
        cockpit.go_to_step(cockpit._step_of_panel("rmp"))
        wait(app, lambda: not controller.runner.is_busy())
        cockpit.projector.open()
        wait(app, cockpit.projector.presenting)
        save(window, "presenting-one-screen.png")
        cockpit.projector.close()
        # Spell checking: a misspelt word underlined, its suggestions on right-click (the menu is painted
        # onto the window's picture, as a popup is its own window).
        controller._on_open_meeting(review_id)
        cockpit = controller.cockpit
        wait(app, lambda: cockpit.data is not None and not controller.runner.is_busy())
        cockpit.go_to_step(cockpit._step_of_panel("risks"))
        wait(app, lambda: not controller.runner.is_busy() and Spelling.shared().is_ready())
        field = next(w for w in window.cockpit_view.findChildren(QPlainTextEdit)
                     if w.objectName().endswith(":victim_issues") and w.isVisible())
        field.setFocus()
        field.setPlainText("The school Recieved a warning about contact at the gates; the victim's family "
                           "have been offerred support through the victim liaison officer.")
        wait(app, lambda: len(spell_marks(field)) == 2)
        cursor = QTextCursor(field.document())
        cursor.setPosition(13)
        point = field.cursorRect(cursor).center()
        handler = field.findChild(QObject, "spellingMenuHandler")

        def picture_with_menu():
            menu = handler.menu
            if menu is None or not any(a.objectName() == "spellingSuggestion" for a in menu.actions()):
                QTimer.singleShot(50, picture_with_menu)
                return
            picture = window.grab()
            painter = QPainter(picture)
            painter.drawPixmap(window.mapFromGlobal(menu.pos()), menu.grab())
            painter.end()
            picture.save(str(OUT / "spelling-suggestions.png"))
            print(f"  {(OUT / 'spelling-suggestions.png').relative_to(ROOT)}")
            menu.close()
        QTimer.singleShot(50, picture_with_menu)
        right_click = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point, field.viewport().mapToGlobal(point))
        QApplication.sendEvent(field.viewport(), right_click)
        window.close()
        controller.shutdown()
        return 0
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
