"""`mappa-desk` commands for requests for minutes, the disclosure log and the ViSOR export."""

from __future__ import annotations


def add_commands(sub, common) -> dict:
    """Adds this area's sub-parsers (each with `parents=[common]`); returns {command: function(args, secrets)}."""
    return {}
