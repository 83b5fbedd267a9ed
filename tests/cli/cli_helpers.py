"""Running the real `mappa-desk` command in a child process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(sys.executable).parent / "mappa-desk"


def run_cli(*args, stdin: str = "", env_extra: dict | None = None, timeout: int = 120) -> subprocess.CompletedProcess:
    """`mappa-desk ARGS` with stdin text; the console script if installed, else `python -m ui.launcher`."""
    command = [str(SCRIPT)] if SCRIPT.exists() else [sys.executable, "-m", "ui.launcher"]
    env = {**os.environ, **(env_extra or {})}
    return subprocess.run(command + [str(a) for a in args], input=stdin, capture_output=True, text=True,
                          env=env, timeout=timeout)
