"""Root without its power over file permissions, for tests of read-only folders (Linux).

Root ignores file modes because of three capabilities: CAP_DAC_OVERRIDE (write and read anything),
CAP_DAC_READ_SEARCH (read and search any folder) and CAP_FOWNER (act as the owner of any file). A
process that gives them up is bound by the modes like an ordinary user, yet keeps its uid 0, so it can
still read the checkout and the virtual environment it owns wherever they were cloned: in a private
folder (`mktemp -d`, a home of mode 0700), where switching to another user such as `nobody` could not
even import the code. A process that is not root has these powers already taken away.
"""

from __future__ import annotations

import ctypes
import os
import tempfile

CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER = 1, 2, 3
FILE_POWERS = (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH, CAP_FOWNER)
_LINUX_CAPABILITY_VERSION_3 = 0x20080522
PR_CAPBSET_DROP = 24


class _Header(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _Data(ctypes.Structure):
    _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32), ("inheritable", ctypes.c_uint32)]


def drop_file_powers() -> None:
    """Give up the three capabilities for this process and anything it starts; check that they are gone."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    header, data = _Header(_LINUX_CAPABILITY_VERSION_3, 0), (_Data * 2)()
    if libc.capget(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capget failed")
    mask = ~sum(1 << cap for cap in FILE_POWERS) & 0xFFFFFFFF  # all three are in the first 32 bits
    for field in ("effective", "permitted", "inheritable"):
        setattr(data[0], field, getattr(data[0], field) & mask)
    if libc.capset(ctypes.byref(header), data) != 0:
        raise OSError(ctypes.get_errno(), "capset failed")
    for cap in FILE_POWERS:  # nor for a program this process runs (needs CAP_SETPCAP; without it, none is added)
        libc.prctl(PR_CAPBSET_DROP, cap, 0, 0, 0)
    _prove_bound_by_modes()


def _prove_bound_by_modes() -> None:
    """A file of mode 0000 cannot be read and a folder of mode 0500 not written: else the test would prove nothing."""
    with tempfile.TemporaryDirectory() as folder:
        locked = os.path.join(folder, "locked")
        with open(locked, "wb"):
            pass
        os.chmod(locked, 0)
        os.chmod(folder, 0o500)
        try:
            for attempt in (lambda: open(locked, "rb").close(), lambda: open(os.path.join(folder, "new"), "wb").close()):
                try:
                    attempt()
                except PermissionError:
                    continue
                raise AssertionError("still able to ignore file permissions after giving up the capabilities")
        finally:
            os.chmod(folder, 0o700)
