"""`python -m ui [--data-dir DIR]`: start the desktop app."""

from __future__ import annotations

import argparse
import sys

from ui.app import run


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = argparse.ArgumentParser(prog="python -m ui", description="MAPPA Desk, the desktop app.")
    parser.add_argument("--data-dir", help="the vault folder (default: $MAPPA_DESK_DATA_DIR, "
                                           "then the usual per-user data folder)")
    args, qt_args = parser.parse_known_args(argv)
    return run(args.data_dir, [sys.argv[0], *qt_args])


if __name__ == "__main__":
    raise SystemExit(main())
