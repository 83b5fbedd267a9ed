"""Run by `make bench`: starts the app as `mappa-desk --data-dir FOLDER` would and prints SHOWN when its window is.

The parent process times from just before it starts this one (interpreter start-up included) to the line.
The QApplication is made here first, only so that a filter can see the window's first Expose event; the
app then uses it, exactly as `ui.app.run` would have made it.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, QObject  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402


class FirstExpose(QObject):
    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Expose and watched.isWindowType():
            print("SHOWN", flush=True)
            QApplication.instance().exit(0)
        return False


if __name__ == "__main__":
    app = QApplication(sys.argv[:1])
    probe = FirstExpose()
    app.installEventFilter(probe)
    from ui.launcher import main

    raise SystemExit(main(["--data-dir", sys.argv[1]]))
