"""`mappa-desk` commands for a meeting record's lifecycle and its self-audit (check)."""

from __future__ import annotations


def add_commands(sub, common) -> dict:
    """Adds this area's sub-parsers (each with `parents=[common]`); returns {command: function(args, secrets)}."""
    return {}
