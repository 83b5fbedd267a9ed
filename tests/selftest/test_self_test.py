"""`mappa-desk --self-test`, the core's checks: all pass here, and each kind of fault fails it plainly."""

from __future__ import annotations

import ctypes
import io
import os
import re
import shutil
import socket
import struct
import sys
from pathlib import Path

import pytest

from mappa_desk import paths
from mappa_desk.selftest import checks, run
from mappa_desk.selftest.runner import Check, CheckFailed, Workspace, run_checks
from mappa_desk.storage import migrations

CHECK_LINE = re.compile(r"^  (ok|FAILED|not run) +([A-Za-z ]+): (.*) \(\d+\.\d s\)$")


def _run(extra=()) -> tuple[int, str, list[tuple[str, str, str]], Path]:
    out = io.StringIO()
    code = run(list(extra), out=out)
    text = out.getvalue()
    lines = [CHECK_LINE.match(line).groups() for line in text.splitlines() if CHECK_LINE.match(line)]
    folder = Path(re.search(r"Working in (\S+) ", text).group(1))
    return code, text, lines, folder


def test_every_core_check_passes_and_the_folder_is_removed():
    code, text, lines, folder = _run()
    assert code == 0, text
    assert [title for _state, title, _detail in lines] == [c.title for c in checks.CORE_CHECKS] + ["Network", "Clean up"]
    assert all(state == "ok" for state, _title, _detail in lines), text
    details = {title: detail for _state, title, detail in lines}
    assert re.match(rf"SQLCipher \d+\.\d+\.\d+ community; a new encrypted vault with all "
                    rf"{migrations.latest_version()} migrations", details["Vault"])
    assert "keyring.backends" in details["Keyring"] and "SecretService" in details["Keyring"]
    assert details["Documents"].startswith("60 files (5 documents x DOCX and PDF for 6 meetings)")
    assert details["Network"].startswith("no network used: 0 internet sockets opened, no host name looked up and "
                                          "none open in the kernel's tables")
    assert text.rstrip().splitlines()[-1].startswith("Self-test passed: 13 checks in ")
    assert not folder.exists()


def test_a_failed_check_fails_the_run_names_it_and_still_removes_the_folder():
    def broken(ws: Workspace) -> str:
        raise CheckFailed("the pretend part is missing")

    code, text, lines, folder = _run([Check("Pretend part", broken)])
    assert code == 1
    assert ("FAILED", "Pretend part", "the pretend part is missing") in lines
    assert "Self-test FAILED: 1 of 14 checks did not pass (Pretend part)." in text
    assert ("ok", "Clean up", f"removed {folder}") in lines
    assert not folder.exists()


def native_udp_socket() -> int:
    """A UDP socket bound to 127.0.0.1 by C code, as Qt would make one: Python's audit hook never sees it."""
    libc = ctypes.CDLL(None, use_errno=True)
    fd = libc.socket(socket.AF_INET, socket.SOCK_DGRAM, 0)
    assert fd >= 0
    address = struct.pack("=H", socket.AF_INET) + struct.pack("!H", 0) + socket.inet_aton("127.0.0.1") + bytes(8)
    assert libc.bind(fd, address, len(address)) == 0, os.strerror(ctypes.get_errno())
    return fd


@pytest.mark.skipif(sys.platform != "linux", reason="native sockets are found through Linux's /proc")
@pytest.mark.attack("An internet socket opened during --self-test", "the Network check fails, naming it")
def test_the_network_check_fails_when_a_check_opens_an_internet_socket():
    native: list[int] = []

    def phones_home(ws: Workspace) -> str:
        socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()  # made through Python: the audit hook sees it
        native.append(native_udp_socket())  # made in C and left open: only /proc shows it
        return "pretended to look for an update"

    try:
        code, text, lines, folder = _run([Check("Pretend update", phones_home)])
    finally:
        for fd in native:
            os.close(fd)
    assert code == 1
    detail = next(detail for state, title, detail in lines if title == "Network" and state == "FAILED")
    assert detail == ("the network was used (2): an AF_INET socket made; "
                      "an internet socket open in process self (udp, made outside Python)")
    assert "Self-test FAILED: 1 of 14 checks did not pass (Network)." in text
    assert not folder.exists()


def test_checks_that_need_the_vault_are_not_run_when_it_was_not_made(tmp_path):
    ws = Workspace(tmp_path, passphrase="unused")
    outcomes = run_checks([Check("Demo records", checks.demo_records), Check("Integrity", checks.integrity)],
                          ws, io.StringIO())
    assert [(o.state, o.detail) for o in outcomes] == [
        ("not run", "needs the open vault, which an earlier check did not make")] * 2


def test_a_missing_template_fails_files_shipped(tmp_path, monkeypatch):
    shutil.copytree(paths.templates_dir(), tmp_path / "templates")
    shutil.copytree(paths.resources_dir(), tmp_path / "resources")
    (tmp_path / "templates" / "scotland" / "rmp.toml").unlink()
    monkeypatch.setattr(paths, "app_root", lambda: tmp_path)
    outcome, = run_checks([Check("Files shipped", checks.shipped_files)], Workspace(tmp_path, "x"), io.StringIO())
    assert outcome.state == "FAILED"
    assert "rmp.toml" in outcome.detail


def test_missing_fonts_fail_files_shipped(tmp_path, monkeypatch):
    shutil.copytree(paths.templates_dir(), tmp_path / "templates")
    (tmp_path / "resources" / "fonts").mkdir(parents=True)
    monkeypatch.setattr(paths, "app_root", lambda: tmp_path)
    with pytest.raises(CheckFailed, match="no fonts in .*: the PDFs could not embed their text"):
        checks.shipped_files(Workspace(tmp_path, "x"))


def test_lost_keyring_metadata_fails_the_keyring_check(monkeypatch):
    # What a frozen app without keyring's package metadata sees: no entry points, so no backends at all.
    monkeypatch.setattr(checks.metadata, "entry_points", lambda group: [])
    with pytest.raises(CheckFailed, match="lost keyring's list of backends"):
        checks.keyring_backends(Workspace(Path("."), "x"))


def test_a_temporary_folder_that_cannot_be_made_gets_a_sentence(monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("mappa_desk.selftest.runner.tempfile.mkdtemp", refuse)
    out = io.StringIO()
    assert run([], out=out) == 1
    assert out.getvalue().splitlines()[-1].startswith(
        "Self-test FAILED: MAPPA Desk is not allowed to write its temporary folder. Check that the folder is not "
        "read-only and that you have permission to use it. (the temporary folder is ")
