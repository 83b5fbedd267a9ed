"""mappa_desk/offline.py: what counts as network use, seen through the audit hook and through /proc."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from mappa_desk import offline

LINUX = pytest.mark.skipif(sys.platform != "linux", reason="open sockets are read from Linux's /proc")


def test_local_sockets_are_not_network_use():
    with offline.NetworkWatch() as watch:
        a, b = socket.socketpair(socket.AF_UNIX)
        a.close()
        b.close()
    assert watch.problems() == []
    assert watch.local_sockets == 2


def test_an_internet_socket_a_connect_and_a_look_up_are_each_named():
    with offline.NetworkWatch() as watch:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
            udp.connect(("127.0.0.1", 9))  # UDP: nothing is sent, but the app has no business doing it
        try:
            socket.getaddrinfo("localhost", 80)
        except OSError:
            pass  # looking it up is the use, whatever the answer
    assert watch.uses == ["an AF_INET socket made", "connect on an AF_INET socket",
                          "a host name looked up (getaddrinfo)"]
    with pytest.raises(offline.OfflineBroken, match=r"^the network was used \(3\): an AF_INET socket made; "):
        watch.report()


def test_a_stopped_watch_sees_nothing_more():
    watch = offline.NetworkWatch().start()
    watch.stop()
    socket.socket(socket.AF_INET6, socket.SOCK_STREAM).close()
    assert watch.uses == []


@LINUX
def test_an_internet_socket_held_by_another_process_is_found_through_proc():
    """As the self-test looks at the render workers: the socket is made in a process no audit hook watches."""
    child = subprocess.Popen([sys.executable, "-c", "import socket, sys; s = socket.socket(socket.AF_INET, "
                              "socket.SOCK_DGRAM); s.bind(('127.0.0.1', 0)); print('bound', flush=True); "
                              "sys.stdin.readline()"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline().strip() == "bound"
        assert offline.open_internet_sockets(child.pid) == ["udp"]
    finally:
        child.communicate("\n", timeout=30)
    assert offline.open_internet_sockets("self") == []
