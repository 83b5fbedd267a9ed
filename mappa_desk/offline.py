"""Proof that the app stays offline: every socket the process opens, seen two ways.

1. Python's audit hook (`sys.addaudithook`) sees each socket Python makes, binds, connects or sends
   from, and each host name looked up, in every thread. An internet socket (AF_INET, AF_INET6) or a
   look-up counts as network use; a local socket (AF_UNIX, used by the render workers' pipes) does not.
2. A socket made by native code (Qt, a C library) passes no audit hook. On Linux the process's open
   descriptors (/proc/<pid>/fd -> socket:[inode]) are matched against the kernel's tables of internet
   sockets (/proc/<pid>/net/tcp, tcp6, udp, udp6, raw, raw6), so one still open is found too.

Used by the self-test (a real check: it fails when the network was used) and by the tests that run a
whole GUI session. An audit hook cannot be removed: one hook is installed, once, and reports only to
the watches that are running.
"""

from __future__ import annotations

import os
import socket
import sys
import threading
from pathlib import Path

INTERNET = frozenset({socket.AF_INET, socket.AF_INET6})
LOOK_UPS = frozenset({"socket.getaddrinfo", "socket.gethostbyname", "socket.gethostbyname_ex",
                      "socket.gethostbyaddr", "socket.getnameinfo"})
ON_A_SOCKET = frozenset({"socket.connect", "socket.bind", "socket.sendto", "socket.sendmsg"})
KERNEL_TABLES = ("tcp", "tcp6", "udp", "udp6", "raw", "raw6", "udplite", "udplite6")

_lock = threading.Lock()
_watches: list[NetworkWatch] = []
_hooked = False


def _family_name(family: int) -> str:
    try:
        return socket.AddressFamily(family).name
    except ValueError:
        return str(family)


def _hook(event: str, args: tuple) -> None:
    if not event.startswith("socket.") or not _watches:
        return
    if event == "socket.__new__":
        family = args[1]
        use = f"an {_family_name(family)} socket made" if family in INTERNET else None
        local = family not in INTERNET
    elif event in LOOK_UPS:
        use, local = f"a host name looked up ({event.removeprefix('socket.')})", False
    elif event in ON_A_SOCKET:
        family = getattr(args[0], "family", None)
        local = family not in INTERNET
        use = None if local else f"{event.removeprefix('socket.')} on an {_family_name(family)} socket"
    else:
        return
    with _lock:
        for watch in _watches:
            if use is not None:
                watch.uses.append(use)
            elif local and event == "socket.__new__":
                watch.local_sockets += 1


class NetworkWatch:
    """Records network use from start() to stop(). `uses` holds one plain phrase per use."""

    def __init__(self) -> None:
        self.uses: list[str] = []
        self.local_sockets = 0  # AF_UNIX and other local sockets made (allowed; counted for the report)

    def start(self) -> NetworkWatch:
        global _hooked
        with _lock:
            if not _hooked:
                sys.addaudithook(_hook)
                _hooked = True
            _watches.append(self)
        return self

    def stop(self) -> None:
        with _lock:
            if self in _watches:
                _watches.remove(self)

    def __enter__(self) -> NetworkWatch:
        return self.start()

    def __exit__(self, *_exc) -> None:
        self.stop()

    def internet_sockets_made(self) -> int:
        return sum(1 for use in self.uses if use.endswith("socket made"))

    def problems(self, pids: tuple[int | str, ...] = ("self",)) -> list[str]:
        """Every network use seen, and every internet socket still open in `pids` (Linux only)."""
        found = list(self.uses)
        for pid in pids:
            found += [f"an internet socket open in process {pid} ({table}, made outside Python)"
                      for table in open_internet_sockets(pid)]
        return found

    def report(self, pids: tuple[int | str, ...] = ("self",)) -> str:
        """The self-test's sentence, or OfflineBroken naming what was used."""
        found = self.problems(pids)
        if found:
            raise OfflineBroken(f"the network was used ({len(found)}): " + "; ".join(found[:5]))
        kernel = " and none open in the kernel's tables" if kernel_tables_readable() else ""
        return (f"no network used: 0 internet sockets opened, no host name looked up{kernel} "
                f"({self.local_sockets} local sockets)")


class OfflineBroken(Exception):
    """The app used the network; the message says how."""


def kernel_tables_readable() -> bool:
    return Path("/proc/self/net/tcp").is_file()


def open_internet_sockets(pid: int | str = "self") -> list[str]:
    """The kernel's table name for each internet socket open in process `pid` ([] where /proc is not there)."""
    proc = Path("/proc") / str(pid)
    inodes = set()
    try:
        for fd in os.listdir(proc / "fd"):
            try:
                target = os.readlink(proc / "fd" / fd)
            except OSError:
                continue  # closed meanwhile
            if target.startswith("socket:["):
                inodes.add(target[len("socket:["):-1])
    except OSError:
        return []
    found = []
    for table in KERNEL_TABLES:
        try:
            lines = (proc / "net" / table).read_text().splitlines()[1:]
        except OSError:
            continue
        found += [table for line in lines if len(line.split()) > 9 and line.split()[9] in inodes]
    return found
