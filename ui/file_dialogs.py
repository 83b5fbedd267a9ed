"""The one way the app asks for a file or a folder: the answer, and no history kept anywhere.

A folder the chair picks can carry a person's name ("Appeal - J Smith"). Three things would keep it
outside the vault, and each is closed here:

- Qt's own file dialog saves its history and last folder in the user's settings ("QtProject":
  `~/.config/QtProject.conf` on Linux) each time a dialog is destroyed; Qt has no option to stop it.
  On Linux and the BSDs those settings are sent to a folder that cannot exist (under /dev/null), so
  nothing is written; on every system the dialog is first moved to the home folder and its history
  emptied, so that what Qt saves where it cannot be redirected (the registry on Windows, a
  preferences file on macOS) names no folder the chair chose.
- The system's own dialogs (Windows, GTK, macOS) keep lists of recent folders and files of their
  own that Qt cannot reach: Qt's dialog is used instead, on every system.
- Nothing else in the app uses QSettings.
"""

from __future__ import annotations

import os
import sys

import shiboken6
from PySide6.QtCore import QDir, QSettings
from PySide6.QtWidgets import QDialog, QFileDialog, QWidget

# Where the user's QSettings would go on Linux: a path that can never be created, so writes fail quietly.
NOWHERE = os.path.join(os.devnull, "mappa-desk-keeps-no-settings")


def keep_settings_out_of_home() -> None:
    """Send the user's and the system's QSettings (native and ini) to NOWHERE. Safe to call again."""
    if os.name != "posix" or sys.platform == "darwin":
        return  # the registry and macOS preferences cannot be redirected; see the module's note
    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        for scope in (QSettings.Scope.UserScope, QSettings.Scope.SystemScope):
            QSettings.setPath(fmt, scope, NOWHERE)


def choose_folder(parent: QWidget | None, title: str, start: str = "") -> str:
    """A folder, or "" if cancelled."""
    chosen = _ask(parent, title, start, QFileDialog.FileMode.Directory)
    return chosen[0] if chosen else ""


def choose_file(parent: QWidget | None, title: str, start: str = "", name_filter: str = "") -> str:
    """One existing file, or "" if cancelled."""
    chosen = _ask(parent, title, start, QFileDialog.FileMode.ExistingFile, name_filter)
    return chosen[0] if chosen else ""


def choose_files(parent: QWidget | None, title: str, start: str = "", name_filter: str = "") -> list[str]:
    """Existing files, or [] if cancelled."""
    return _ask(parent, title, start, QFileDialog.FileMode.ExistingFiles, name_filter)


def choose_save_file(parent: QWidget | None, title: str, suggested: str = "", name_filter: str = "") -> str:
    """A file to write (the dialog asks before replacing one), or "" if cancelled."""
    chosen = _ask(parent, title, suggested, QFileDialog.FileMode.AnyFile, name_filter, save=True)
    return chosen[0] if chosen else ""


def _ask(parent: QWidget | None, title: str, start: str, mode: QFileDialog.FileMode, name_filter: str = "",
         save: bool = False) -> list[str]:
    keep_settings_out_of_home()
    dialog = QFileDialog(parent, title, start or QDir.homePath())
    dialog.setObjectName("fileDialog")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
    dialog.setFileMode(mode)
    if mode == QFileDialog.FileMode.Directory:
        dialog.setOption(QFileDialog.Option.ShowDirsOnly)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    if name_filter:
        dialog.setNameFilter(name_filter)
    try:
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        return list(dialog.selectedFiles()) if accepted else []
    finally:
        _forget(dialog)


def _forget(dialog: QFileDialog) -> None:
    """Leave Qt nothing to save (it saves the last folder and the history as the dialog is destroyed), then destroy it."""
    if not shiboken6.isValid(dialog):
        return  # destroyed with its parent, and saved then: on Linux into NOWHERE
    dialog.setDirectory(QDir.homePath())
    dialog.setHistory([])
    shiboken6.delete(dialog)
