"""Small filesystems for the disk-full tests: a size-limited tmpfs, mounted for the test (needs root)."""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest


def _can_mount() -> str | None:
    """None when a tmpfs can be mounted here, else the reason it cannot."""
    if os.geteuid() != 0:
        return "mounting a size-limited tmpfs needs root; run make reliability as root (or in the dev container)"
    if shutil.which("mount") is None:
        return "there is no mount command on this machine"
    return None


@contextlib.contextmanager
def small_disk(megabytes: int):
    """A fresh tmpfs of `megabytes`, world-traversable (a test may drop privileges), unmounted afterwards."""
    reason = _can_mount()
    if reason:
        pytest.skip(reason)
    folder = Path(tempfile.mkdtemp(prefix="mappa-small-disk-"))
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={megabytes}m,mode=0755", "tmpfs", str(folder)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        folder.rmdir()
        pytest.skip(f"could not mount a tmpfs here: {done.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


def fill(folder: Path, leave: int = 0) -> Path:
    """Fill the filesystem holding `folder` to the last byte, less `leave` bytes; returns the filler file."""
    filler = folder / "filler"
    with open(filler, "wb", buffering=0) as handle:
        for chunk in (1 << 20, 1 << 16, 1 << 12, 1 << 8, 1):
            block = b"\0" * chunk
            while True:
                try:
                    handle.write(block)
                except OSError as err:
                    if err.errno != errno.ENOSPC:
                        raise
                    break
    if leave:
        os.truncate(filler, max(0, filler.stat().st_size - leave))
    return filler
