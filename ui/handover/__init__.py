"""Encrypted handover between chairs: export a meeting or a history, import one (issue 6 item 5)."""
