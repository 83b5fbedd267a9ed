"""Backups: made on close, daily and on demand; restore from the unlock page or Home."""
