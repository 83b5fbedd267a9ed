"""Issue 19: the first window (the create or unlock page) comes up without the record side behind it.

A fresh process builds the main window as the app starts it and shows it. When the window first shows, what the
chair needs only after unlock (the cockpit, the documents page and what generates documents, the dialogs opened
from Home) is not loaded yet (it is made next, while the chair types), and no module's source text is kept in
memory: less to load before the window shows, and less held while the unlock's key derivation takes its 128 MiB.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = r"""
import json, linecache, sys
import ui.launcher  # as the mappa-desk console script starts: the launcher first, then Qt
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication

NAMES = ("ui.cockpit.controller", "ui.cockpit.view", "ui.documents.controller", "ui.documents.view",
         "ui.handover.controller", "ui.search.controller", "ui.new_meeting.controller", "mappa_desk.services.cockpit",
         "mappa_desk.documents.render_pool", "reportlab", "docx")
seen = {}


class FirstExpose(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Expose and watched.isWindowType() and not seen:
            seen["page"] = window.unlock_view.current_page().objectName()
            seen["loaded"] = [name for name in NAMES if name in sys.modules]
            seen["kept"] = sorted(name for name in linecache.cache if "/ui/" in name or "/mappa_desk/" in name)
            QApplication.instance().exit(0)
        return False


app = QApplication([])
probe = FirstExpose()
app.installEventFilter(probe)
from ui.app import build_main_window
window = build_main_window(sys.argv[1])
window.show()
app.exec()
print(json.dumps(seen))
window.close()
"""


def _first_window(folder: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(folder)], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=120, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_window_shows_without_the_cockpit_documents_or_dialogs_loaded(tmp_path):
    shown = _first_window(tmp_path / "vault")
    assert shown["page"] == "createPage"
    assert shown["loaded"] == []


def test_the_first_window_keeps_no_module_source_text_in_memory(tmp_path):
    assert _first_window(tmp_path / "vault")["kept"] == []
