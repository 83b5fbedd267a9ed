"""The vault's `settings` rows: one value per key, read and written as text."""

from __future__ import annotations


def value(db, key: str) -> str | None:
    """The value kept under `key`, or None when there is none."""
    return db.scalar("SELECT value FROM settings WHERE key = ?", (key,))


def put(db, key: str, value: str) -> None:
    """Keep `value` under `key`, replacing any value already there."""
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))


def put_now(db, key: str) -> None:
    """Keep the database's own time now (UTC, ISO-8601 with milliseconds) under `key`, replacing any value."""
    db.execute("INSERT OR REPLACE INTO settings (key, value) "
               "VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", (key,))
