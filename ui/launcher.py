"""The `mappa-desk` console script: no command opens the desktop app, any command goes to the CLI.

It lives in the Qt layer so that the core (`mappa_desk`) never imports it;
Qt itself is imported only when the window is really wanted.
"""

from __future__ import annotations

import sys


def _gui_requested(argv: list[str]) -> tuple[bool, str | None]:
    """True (and the data folder) when argv holds nothing but an optional --data-dir."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--data-dir":
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--data-dir="):
        return True, argv[0].split("=", 1)[1]
    return False, None


def main(argv: list[str] | None = None) -> int:
    from mappa_desk.hardening import harden_process
    harden_process()  # first: private files, no core dumps, in the app, every command and the self-test's child
    if getattr(sys, "frozen", False):
        # A frozen app (PyInstaller) is also the program its render workers are spawned with
        # (mappa_desk/documents/render_pool.py): in a worker this runs the worker and exits.
        import multiprocessing
        multiprocessing.freeze_support()
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] in (["--self-test"], ["--self-test-window"]):
        from ui.self_test import main as self_test
        return self_test(argv)
    gui, data_dir = _gui_requested(argv)
    if gui:
        from ui.app import run
        return run(data_dir)
    from mappa_desk.cli import main as cli_main
    return cli_main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
