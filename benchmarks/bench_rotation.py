"""How long changing the vault's key (`mappa-desk rotate-key`) takes: on the demo vault, and on the synthetic vault.

`python benchmarks/bench_rotation.py` times the demo vault (made in a temporary folder, like `mappa-desk demo`).
`python benchmarks/bench_rotation.py --synthetic` times a working copy of the cached 2.5 GB synthetic vault
(`benchmarks/synthetic_vault.py`, built on first use; the copy is removed afterwards).
`python benchmarks/bench_rotation.py --data-dir DIR --passphrase P` times a copy of any vault you name.
The passphrase is kept; a new recovery key is made and thrown away (these are test vaults).
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from mappa_desk.services import records, session as sessions  # noqa: E402
from mappa_desk.vault import Vault, new_recovery_key  # noqa: E402

DEMO_PASSPHRASE = "a demo vault for timing the key change"


def _progress(fraction: float, text: str, shown: set = set()) -> None:  # noqa: B006 (one run per process)
    tenth = int(fraction * 10)
    if tenth not in shown:
        shown.add(tenth)
        print(f"  {int(fraction * 100):3d}%  {text}", file=sys.stderr, flush=True)


def time_rotation(folder: Path, passphrase: str) -> float:
    """Rotate the key of the vault in `folder` (keeping `passphrase`); returns the seconds it took."""
    vault = Vault(folder)
    key = vault.key_from_passphrase(passphrase)
    recovery = new_recovery_key()
    started = time.perf_counter()
    vault.rotate_key(key, passphrase, recovery, recovery, progress=_progress)
    seconds = time.perf_counter() - started
    sessions.unlock(folder, passphrase).close()  # and it opens under the new key
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--synthetic", action="store_true", help="the cached 2.5 GB synthetic vault")
    parser.add_argument("--individuals", type=int, help="with --synthetic: a smaller synthetic vault")
    parser.add_argument("--meetings", type=int, help="with --synthetic: a smaller synthetic vault")
    parser.add_argument("--data-dir", type=Path, help="a vault to copy and time")
    parser.add_argument("--passphrase", help="its passphrase (with --data-dir)")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="mappa-bench-rotation-"))
    try:
        if args.synthetic:
            import synthetic_vault
            scale = {k: v for k, v in (("individuals", args.individuals), ("meetings", args.meetings)) if v}
            folder, passphrase, label = synthetic_vault.cached_vault(**scale), synthetic_vault.PASSPHRASE, "synthetic vault"
            work = folder.parent
        elif args.data_dir:
            folder, passphrase, label = work / "vault", args.passphrase, str(args.data_dir)
            shutil.copytree(args.data_dir, folder)
        else:
            folder, passphrase, label = work / "vault", DEMO_PASSPHRASE, "demo vault"
            _recovery, session = sessions.create(folder, passphrase)
            try:
                records.load_demo(session)
            finally:
                session.close()
        size = (folder / "vault.db").stat().st_size
        seconds = time_rotation(folder, passphrase)
        print(f"key rotation of the {label} ({size / 2**20:,.1f} MiB): {seconds:.1f} s")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
