"""The dialog for errors nobody planned for: one calm sentence and a "Copy details" button."""

from __future__ import annotations

import logging
import platform
import sys
import traceback
from pathlib import Path

from PySide6 import __version__ as pyside_version
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from mappa_desk import __version__
from ui.common import named

log = logging.getLogger(__name__)

MESSAGE = ("Something went wrong that MAPPA Desk did not expect, so it could not finish. "
           "Please try again. If it keeps happening, choose Copy details and send them to your IT support; "
           "the details hold no case information.")


def technical_details(err: BaseException) -> str:
    """Versions, the error's type and where it happened. The error's own message is left out:
    it may quote what was being saved, and that can be personal data. So are the source lines
    (a literal in a test or a plug-in could be anything)."""
    frames = "".join(f"  {_short_path(f.filename)}, line {f.lineno}, in {f.name}\n"
                     for f in traceback.extract_tb(err.__traceback__)) or "  (no traceback)\n"
    return (f"MAPPA Desk {__version__}, Python {platform.python_version()}, PySide6 {pyside_version}, "
            f"{platform.system()} {platform.release()}\n"
            f"Error type: {type(err).__module__}.{type(err).__qualname__}\n"
            f"Traceback (most recent call last):\n{frames}")


def _short_path(filename: str) -> str:
    """The last two parts of a path: enough to find the module, without the user's home folder."""
    return "/".join(Path(filename).parts[-2:])


def show_unexpected_error(parent: QWidget | None, err: BaseException) -> QMessageBox:
    """Log it and show the dialog without blocking (open(), not exec()); returns the box."""
    details = technical_details(err)
    log.error("Unexpected error\n%s", details)
    box = named(QMessageBox(parent), "unexpectedErrorDialog", "Something went wrong")
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("MAPPA Desk")
    box.setText(MESSAGE)
    copy = box.addButton("Copy details", QMessageBox.ButtonRole.ActionRole)
    named(copy, "copyDetailsButton", "Copy details", "Copies a technical report for IT support")
    close = box.addButton(QMessageBox.StandardButton.Close)
    named(close, "closeErrorButton", "Close")
    box.setDefaultButton(close)
    # QMessageBox closes on any button; copying first means the details are on the clipboard as it goes.
    copy.clicked.connect(lambda: QApplication.clipboard().setText(details))
    box.open()
    return box


def install_excepthook(parent_for_dialog) -> None:
    """Route exceptions raised in GUI-thread slots to the dialog instead of a silent stderr line."""
    previous = sys.excepthook

    def hook(exc_type, exc, tb):
        if issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
            previous(exc_type, exc, tb)
            return
        show_unexpected_error(parent_for_dialog(), exc)

    sys.excepthook = hook
