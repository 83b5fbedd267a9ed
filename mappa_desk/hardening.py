"""Process hardening for every process of the app: private files by default, no core dumps.

`harden_process()` runs first thing in the app's entry point (`ui/launcher.py`: the desktop app, every
command and the self-test with its window child) and in each render worker's initialiser
(`documents/render_pool.py`), since a spawned process starts afresh.

- umask 077: whatever the app creates is its owner's only (0600 files, 0700 folders), also where a
  library writes a file the app does not open itself. The places that create files set their modes
  explicitly as well (`files.private_opener`, `atomic_write`), so a caller without this is safe too.
- RLIMIT_CORE 0: a crash writes no core file, which would hold the decrypted key and record text.
- PR_SET_DUMPABLE 0 (Linux): no core dump and no ptrace attach by other processes of the same user
  (a debugger, or a program reading /proc/<pid>/mem); /proc/<pid> becomes root's.

Each step is a no-op where the OS has no such thing (Windows), and a failure of one is logged, never fatal.
"""

from __future__ import annotations

import logging
import os
import sys

log = logging.getLogger(__name__)

PR_GET_DUMPABLE, PR_SET_DUMPABLE = 3, 4


def _prctl():
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl.argtypes = [ctypes.c_int, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong, ctypes.c_ulong]
    libc.prctl.restype = ctypes.c_int
    return libc.prctl


def harden_process() -> None:
    if os.name != "posix":
        return
    os.umask(0o077)
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    except (ImportError, ValueError, OSError) as err:
        log.warning("core dumps could not be turned off: %s", type(err).__name__)
    if sys.platform.startswith("linux"):
        try:
            if _prctl()(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0:
                log.warning("the process could not be made non-dumpable")
        except (OSError, AttributeError) as err:
            log.warning("the process could not be made non-dumpable: %s", type(err).__name__)


def state() -> dict:
    """What `harden_process` set, as this process sees it (for the self-test and the tests)."""
    if os.name != "posix":
        return {}
    import resource

    umask = os.umask(0o077)
    os.umask(umask)
    found = {"pid": os.getpid(), "umask": umask, "core_limit": list(resource.getrlimit(resource.RLIMIT_CORE))}
    if sys.platform.startswith("linux"):
        found["dumpable"] = _prctl()(PR_GET_DUMPABLE, 0, 0, 0, 0)
    return found


def exit_with_parent() -> None:
    """In a worker process: waits for the parent to end, then ends too. A worker waits for work on a pipe it
    also holds open, so it would otherwise outlive an app that was killed. Run it in a daemon thread."""
    import multiprocessing.connection
    parent = multiprocessing.parent_process()
    if parent is not None:
        multiprocessing.connection.wait([parent.sentinel])
        os._exit(0)
