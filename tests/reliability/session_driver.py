"""A scripted session through the real window, run in its own process by test_no_leak_session.py.

Usage: python session_driver.py ROOT NEEDLES_FILE. Everything the session writes on purpose goes under
ROOT (the vault, the exported documents, a backup, a handover file); HOME, TMPDIR and the XDG folders
are set by the test to folders under ROOT too, so every file the app or Qt writes can be searched.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit

from mappa_desk.services import backup, handover, records
from mappa_desk.services import session as sessions
from mappa_desk.vault.keyfile import KdfParams

PASSPHRASE = "correct horse battery staple"
HANDOVER_PASSPHRASE = "agreed between the two of us"


def wait(app, condition, seconds: float = 60.0) -> None:
    end = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the window did not get there in time")
        app.processEvents()
        time.sleep(0.005)
    for _ in range(5):
        app.processEvents()


def unlock(app, window) -> None:
    field = window.findChild(QLineEdit, "unlockPassphrase")
    wait(app, lambda: field.isVisible() and field.isEnabled())
    field.setFocus()
    QTest.keyClicks(field, PASSPHRASE)
    QTest.keyClick(field, Qt.Key.Key_Return)
    wait(app, lambda: window.stack.currentWidget() is window.home_view and window.controller.session is not None)


def type_into(app, widget, text: str) -> None:
    widget.setFocus()
    QTest.keyClicks(widget, text)
    QTest.keyClick(widget, Qt.Key.Key_Tab)  # leaving the field commits it
    app.processEvents()


def main(root: Path, needles: list[str]) -> None:
    from ui.app import build_main_window

    data = root / "data"
    _recovery, session = sessions.create(data, PASSPHRASE, kdf=KdfParams(memory_kib=8192, iterations=1, lanes=1))
    records.load_demo(session)
    meeting_id = session.db.scalar("SELECT id FROM meetings WHERE status = 'planned' LIMIT 1")
    session.close()

    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = build_main_window(data)
    window.resize(1366, 768)
    window.show()
    controller = window.controller
    unlock(app, window)

    # The cockpit: the strings typed into the record, as a minute-taker would.
    controller._on_open_meeting(meeting_id)
    cockpit = controller.cockpit
    runner = controller.runner
    wait(app, lambda: cockpit.data is not None and not runner.is_busy())
    step = cockpit._step_of_panel("risks")
    cockpit.go_to_step(step)
    wait(app, lambda: not runner.is_busy())
    fields = [window.findChild(QPlainTextEdit, f"meetings:{meeting_id}:{column}")
              for column in ("victim_issues", "diversity_issues")]
    for field, text in zip(fields, needles[:2]):
        type_into(app, field, text)
    cockpit.go_to_step(cockpit._step_of_panel("actions"))
    for text in needles[2:]:
        cockpit.add_row("actions", {}, "description")
        wait(app, lambda: not runner.is_busy() and isinstance(QApplication.focusWidget(), QLineEdit)
             and QApplication.focusWidget().objectName().startswith("actions:")
             and QApplication.focusWidget().text() == "")
        type_into(app, QApplication.focusWidget(), text)
        wait(app, lambda: not runner.is_busy())

    # Documents, exported on purpose (the only place the strings may be found).
    controller._on_generate_from_cockpit(meeting_id)
    controller.documents.generate_into(root / "exported")
    wait(app, lambda: not runner.is_busy() and not window.documents_view.is_busy(), 180)

    # Lock, unlock, then a backup and a handover file from the open vault.
    controller._on_lock_requested()
    unlock(app, window)
    made = []
    runner.submit(lambda: made.append(backup.make_backup(controller.session, root / "backups")))
    runner.submit(lambda: made.append(handover.export_handover(controller.session, meeting_id, root / "handover",
                                                               HANDOVER_PASSPHRASE)))
    wait(app, lambda: len(made) == 2 and not runner.is_busy(), 120)
    window.close()  # quits as a user would: the on-close backup, the vault closed
    app.processEvents()
    print(json.dumps({"backup": str(made[0]), "handover": str(made[1])}), flush=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]), json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
