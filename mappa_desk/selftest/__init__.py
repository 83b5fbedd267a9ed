"""`mappa-desk --self-test`: proves an installation works, in a temporary folder, with fictional records.

It creates a vault, runs every migration, loads the demo records, renders every
document in both formats, checks the render workers, backup and the integrity
of the database, reports the SQLCipher version and the keyring backend, then
checks that no check used the network (mappa_desk/offline.py) and removes the folder. Exit status 0 only when every check passed. The Qt layer
adds its own check of the window (ui/self_test.py) through `extra_checks`.
"""

from __future__ import annotations

import platform
import secrets
import sys
import tempfile
import time
from pathlib import Path
from typing import Sequence, TextIO

from mappa_desk import __version__, offline, paths
from mappa_desk.errors import describe_os_error
from mappa_desk.selftest.checks import CORE_CHECKS
from mappa_desk.selftest.runner import Check, CheckFailed, Workspace, make_folder, remove_folder, run_checks, say, summary


def where_from() -> str:
    if getattr(sys, "frozen", False):
        return f"the bundle in {Path(sys.executable).parent}"
    return f"the source in {paths.app_root()}"


def no_network_used(watch: offline.NetworkWatch) -> Check:
    """The last check: nothing before it (the window's check included) opened an internet socket."""
    def check(_ws: Workspace) -> str:
        try:
            return watch.report()
        except offline.OfflineBroken as err:
            raise CheckFailed(str(err)) from None
    return Check("Network", check)


def run(extra_checks: Sequence[Check] = (), out: TextIO = sys.stdout) -> int:
    start = time.perf_counter()
    watch = offline.NetworkWatch().start()
    say(out, f"MAPPA Desk {__version__} self-test: {where_from()}, Python {platform.python_version()} on "
             f"{platform.system()} {platform.machine()}")
    try:
        workspace = Workspace(make_folder(), passphrase=secrets.token_urlsafe(24))
    except OSError as err:
        say(out, f"Self-test FAILED: {describe_os_error(err, 'its temporary folder')} (the temporary folder is "
                 f"{tempfile.gettempdir()}; the TMPDIR variable chooses another)")
        return 1
    say(out, f"Working in {workspace.folder} with fictional demo records; it is removed at the end.")
    try:
        outcomes = run_checks([*CORE_CHECKS, *extra_checks, no_network_used(watch)], workspace, out)
    finally:
        watch.stop()
        outcomes_removed = run_checks([Check("Clean up", remove_folder)], workspace, out)
    passed, sentence = summary([*outcomes, *outcomes_removed], time.perf_counter() - start)
    say(out, sentence)
    return 0 if passed else 1
