"""Runs the self-test's checks in order and reports each on a line of its own.

A check is a function of the shared `Workspace` that returns a short sentence of
what it found, or raises. A check that needs what an earlier failed check was to
make (the vault, the documents) is reported as not run, so one fault gives one
clear FAILED line rather than a cascade.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, TextIO

from mappa_desk.errors import UserFacingError


class CheckFailed(Exception):
    """A check found a fault; its message is the sentence reported."""


class NotRun(Exception):
    """Raised by a check whose prerequisite is missing because an earlier check failed."""


NEEDS = {"session": "the open vault", "held_meetings": "the demo meetings", "documents": "the generated documents"}


@dataclass
class Workspace:
    """What the checks share: the temporary folder and what earlier checks made in it."""

    folder: Path
    passphrase: str
    session: object = None  # the open Session, while one is open
    held_meetings: list[int] = field(default_factory=list)
    documents: list = field(default_factory=list)  # Generated files

    @property
    def data_dir(self) -> Path:
        return self.folder / "vault"

    def need(self, *names: str) -> None:
        for name in names:
            if not getattr(self, name):
                raise NotRun(f"needs {NEEDS[name]}, which an earlier check did not make")

    def close_session(self) -> None:
        if self.session is not None:
            session, self.session = self.session, None
            session.close()


@dataclass(frozen=True)
class Check:
    title: str
    run: Callable[[Workspace], str]


@dataclass
class Outcome:
    title: str
    state: str  # "ok", "FAILED", "not run"
    detail: str
    seconds: float


def describe(err: BaseException) -> str:
    """A plain sentence for a failure. UserFacingError already is one; anything else is named by its type
    and message, which in a self-test hold only fictional demo data and file paths."""
    if isinstance(err, (CheckFailed, UserFacingError)):
        return str(err)
    text = str(err).strip().splitlines()[0] if str(err).strip() else ""
    return f"{type(err).__name__}: {text}"[:400] if text else type(err).__name__


def say(out: TextIO, line: str) -> None:
    """Print a line. When the reader has gone (`--self-test | head`) the checks still run to the end and
    the folder is still removed; the rest of the output goes nowhere."""
    try:
        print(line, file=out, flush=True)
    except BrokenPipeError:
        if out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())  # so that Python's own flush at exit does not fail too
            os.close(devnull)


def run_checks(checks: list[Check], workspace: Workspace, out: TextIO) -> list[Outcome]:
    outcomes = []
    for check in checks:
        start = time.perf_counter()
        try:
            state, detail = "ok", check.run(workspace)
        except NotRun as why:
            state, detail = "not run", str(why)
        except Exception as err:  # every failure is reported, and the checks after it still run
            state, detail = "FAILED", describe(err)
        outcome = Outcome(check.title, state, detail, time.perf_counter() - start)
        outcomes.append(outcome)
        say(out, f"  {outcome.state:<8}{outcome.title}: {outcome.detail} ({outcome.seconds:.1f} s)")
    return outcomes


def make_folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="mappa-desk-self-test-"))


def remove_folder(workspace: Workspace) -> str:
    workspace.close_session()
    shutil.rmtree(workspace.folder)
    if workspace.folder.exists():
        raise CheckFailed(f"the temporary folder {workspace.folder} is still there")
    return f"removed {workspace.folder}"


def summary(outcomes: list[Outcome], seconds: float) -> tuple[bool, str]:
    failed = [o.title for o in outcomes if o.state != "ok"]
    if not failed:
        return True, f"Self-test passed: {len(outcomes)} checks in {seconds:.1f} s."
    return False, (f"Self-test FAILED: {len(failed)} of {len(outcomes)} checks did not pass ({', '.join(failed)}). "
                   "This installation is not fit to use: give this output to whoever installed it.")
