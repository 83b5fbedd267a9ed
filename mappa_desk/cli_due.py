"""`mappa-desk` commands for what is due: reviews, drafts, finals, OLR reviews and actions past their date."""

from __future__ import annotations


def add_commands(sub, common) -> dict:
    """Adds this area's sub-parsers (each with `parents=[common]`); returns {command: function(args, secrets)}."""
    return {}
