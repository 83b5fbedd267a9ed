"""Allows `python -m mappa_desk`."""

from mappa_desk.cli import main
from mappa_desk.hardening import harden_process

harden_process()

raise SystemExit(main())
