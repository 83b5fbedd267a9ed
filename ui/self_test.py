"""The self-test's check of the window: the core's checks (mappa_desk/selftest) plus a real Qt window.

The window is opened in a process of its own (this same program, with the
hidden option --self-test-window), because Qt ends a process outright when its
platform plugin cannot load, the fault a bundle most often has; the parent
then still reports it plainly and removes the temporary folder. The window
unlocks the self-test's vault through the unlock page as a user would, shows
Home with the demo records, and previews a generated PDF with PDFium.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from mappa_desk import offline
from mappa_desk.selftest import run as run_self_test
from mappa_desk.selftest.runner import Check, CheckFailed, Workspace, describe

WINDOW_OPTION = "--self-test-window"
WINDOW_TIMEOUT_S = 120
WAIT_S = 60.0


def _window_command() -> list[str]:
    if getattr(sys, "frozen", False):
        return [sys.executable, WINDOW_OPTION]
    return [sys.executable, "-m", "ui.launcher", WINDOW_OPTION]


def _window_environment() -> tuple[dict, str]:
    """The window's environment, and a note when its Qt platform was chosen here."""
    env = dict(os.environ)
    env["PYTHON_KEYRING_BACKEND"] = "keyring.backends.fail.Keyring"  # the window must not remember the key
    if not env.get("QT_QPA_PLATFORM") and sys.platform.startswith("linux") \
            and not (env.get("DISPLAY") or env.get("WAYLAND_DISPLAY")):
        env["QT_QPA_PLATFORM"] = "offscreen"
        return env, " (offscreen: there is no display here)"
    return env, ""


def window_check(ws: Workspace) -> str:
    ws.need("session", "documents")
    individuals = ws.session.counts()["individuals"]
    pdf = next(g.path for g in ws.documents if g.format == "pdf")
    ws.close_session()  # the window opens the vault itself
    env, chosen = _window_environment()
    try:
        done = subprocess.run([*_window_command(), str(ws.data_dir), str(individuals), str(pdf)],
                              input=ws.passphrase + "\n", capture_output=True, text=True, env=env,
                              timeout=WINDOW_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        raise CheckFailed(f"the window did not finish within {WINDOW_TIMEOUT_S} s") from None
    said = done.stdout.strip().splitlines()
    if done.returncode == 0 and said:
        return said[-1] + chosen
    problem = said[-1:] or [line for line in done.stderr.splitlines() if line.strip()][-2:] or ["it printed nothing"]
    how = f"exit status {done.returncode}" if done.returncode >= 0 else f"signal {-done.returncode}"
    raise CheckFailed(f"the window failed ({how}): {' | '.join(problem)}")


def _wait(app, condition, what: str) -> None:
    end = time.monotonic() + WAIT_S
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError(f"the window did not {what} within {WAIT_S:.0f} s")
        app.processEvents()
        time.sleep(0.01)


def _distinct_colours(image, step: int = 7) -> int:
    seen = set()
    for y in range(0, image.height(), step):
        for x in range(0, image.width(), step):
            seen.add(image.pixel(x, y))
            if len(seen) > 16:
                return len(seen)
    return len(seen)


def window_main(argv: list[str]) -> int:
    """In the child: open the real main window on the self-test's vault. Prints one line of what it saw."""
    from PySide6.QtGui import QFontDatabase
    from PySide6.QtWidgets import QApplication, QLineEdit

    from ui.app import build_main_window
    from ui.documents.pdf_pages import render_page

    data_dir, individuals, pdf = argv[0], int(argv[1]), argv[2]
    passphrase = sys.stdin.readline().rstrip("\n")
    watch = offline.NetworkWatch().start()  # this process is not the one the self-test's Network check watches
    app = QApplication.instance() or QApplication(sys.argv[:1])
    window = build_main_window(data_dir)
    window.resize(1100, 720)
    window.show()
    try:
        field = window.unlock_view.findChild(QLineEdit, "unlockPassphrase")
        _wait(app, lambda: field is not None and field.isVisible() and field.isEnabled(), "show the unlock page")
        field.setText(passphrase)
        field.returnPressed.emit()
        home = window.home_view
        _wait(app, lambda: window.stack.currentWidget() is home and home.individual_list.model().rowCount()
              == individuals and not window.controller.runner.is_busy(), f"list {individuals} individuals on Home")
        colours = _distinct_colours(window.grab().toImage())
        if colours < 3:
            raise CheckFailed("the window painted blank")
        if QApplication.windowIcon().isNull():
            raise CheckFailed("the window's icon did not load")
        families = QFontDatabase.families()
        if not families:
            raise CheckFailed("Qt found no fonts")
        page = render_page(pdf, 0, 600)
        if page.image.isNull() or _distinct_colours(page.image) < 2:
            raise CheckFailed("the PDF preview rendered blank")
        try:
            watch.report()
        except offline.OfflineBroken as err:
            raise CheckFailed(f"the window's process: {err}") from None
        print(f"Qt platform {app.platformName()}: unlocked through the unlock page; Home listed {individuals} individuals; a PDF page previewed "
              f"({page.image.width()} x {page.image.height()} px); {len(families)} font families; no network used",
              flush=True)
        return 0
    except Exception as err:  # reported on stdout for the parent's line
        print(describe(err), flush=True)
        return 1
    finally:
        window.close()  # locks the vault: the controller finishes its work and closes the database
        app.processEvents()


def main(argv: list[str]) -> int:
    if argv and argv[0] == WINDOW_OPTION:
        return window_main(argv[1:])
    return run_self_test([Check("Window", window_check)])
