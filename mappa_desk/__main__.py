"""Allows `python -m mappa_desk`."""

from mappa_desk.cli import main

raise SystemExit(main())
