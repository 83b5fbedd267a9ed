"""How long `mappa-desk doctor` takes with and without its progress lines, and how soon Ctrl+C stops it.

Not part of `make bench` (minutes per run on the large vault). Usage:

    python benchmarks/measure_doctor_progress.py VAULT_FOLDER PASSPHRASE [--code DIR ...] [--runs N]
                                                 [--interrupt STAGE_TEXT:SECONDS ...]

Each --code DIR is a checkout to run the command from (default: this one); the runs alternate between them,
so that noise from other work on the machine falls on both alike. --interrupt sends SIGINT SECONDS after the
stage line containing STAGE_TEXT appeared on standard error (START: after the command started), and reports how long the command then took to
exit and with what status. The vault is only read; use a private copy all the same (it is locked while in use).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent


def _doctor(code: Path, vault: str, passphrase: str, stdout=subprocess.PIPE) -> subprocess.Popen:
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
           "PYTHONPATH": str(code)}
    process = subprocess.Popen([sys.executable, "-m", "ui.launcher", "doctor", "--data-dir", vault,
                                "--passphrase-stdin"], cwd=code, env=env, stdin=subprocess.PIPE,
                               stdout=stdout, stderr=subprocess.PIPE, text=True)
    return process


def timed_run(code: Path, vault: str, passphrase: str) -> float:
    started = time.perf_counter()
    process = _doctor(code, vault, passphrase)
    out, err = process.communicate(passphrase + "\n")
    if process.returncode != 0:
        raise SystemExit(f"doctor failed ({process.returncode}): {err[-500:]}")
    return time.perf_counter() - started


def interrupted_run(code: Path, vault: str, passphrase: str, stage: str, after: float) -> tuple[float, int, str]:
    process = _doctor(code, vault, passphrase, stdout=subprocess.DEVNULL)  # the answer would come after the stop
    process.stdin.write(passphrase + "\n")
    process.stdin.close()
    lines: list[str] = []
    seen = threading.Event()

    def read() -> None:
        for line in process.stderr:
            lines.append(line)
            if stage in line:
                seen.set()
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    if stage == "START":  # seconds from the start (a checkout that prints no stages)
        seen.set()
    if not seen.wait(600):
        process.kill()
        raise SystemExit(f"stage {stage!r} never appeared: {''.join(lines)[-500:]}")
    time.sleep(after)
    sent = time.perf_counter()
    process.send_signal(signal.SIGINT)
    process.wait()
    took = time.perf_counter() - sent
    reader.join(5)
    return took, process.returncode, (lines[-1].strip() if lines else "")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("vault")
    parser.add_argument("passphrase")
    parser.add_argument("--code", action="append", type=Path)
    parser.add_argument("--runs", type=int, default=0)
    parser.add_argument("--interrupt", action="append", default=[])
    args = parser.parse_args()
    codes = args.code or [HERE]
    times: dict[Path, list[float]] = {code: [] for code in codes}
    for run in range(args.runs):
        for code in codes:
            seconds = timed_run(code, args.vault, args.passphrase)
            times[code].append(seconds)
            print(f"run {run + 1} {code}: {seconds:.1f} s", flush=True)
    for code, seconds in times.items():
        if seconds:
            print(f"{code}: median {statistics.median(seconds):.1f} s of {len(seconds)} runs "
                  f"({', '.join(f'{s:.1f}' for s in seconds)})")
    for spec in args.interrupt:
        stage, _, after = spec.rpartition(":")
        took, status, last = interrupted_run(codes[-1], args.vault, args.passphrase, stage, float(after))
        last = last.replace(args.vault, "VAULT")
        print(f"Ctrl+C {float(after):.0f} s into {stage!r}: exited in {took:.2f} s with status {status}; "
              f"last line: {last}", flush=True)


if __name__ == "__main__":
    main()
