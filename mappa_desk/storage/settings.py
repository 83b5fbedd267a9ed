"""The vault's settings table: one text value per key (schema 0001).

Five ways to write, as the callers need them: `set_value` updates the row in place when the key is there
(ON CONFLICT DO UPDATE), `replace` deletes and inserts it (INSERT OR REPLACE), `add_if_missing` leaves a
value already there (INSERT OR IGNORE), `replace_with_now` keeps the database's time now, and `delete`
removes it. Call the writers inside a transaction.
"""

from __future__ import annotations


def value(db, key: str) -> str | None:
    """The value kept under `key`, or None."""
    return db.scalar("SELECT value FROM settings WHERE key = ?", (key,))


def set_value(db, key: str, value: str) -> None:
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?) "
               "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, value))


def replace(db, key: str, value: str) -> None:
    db.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", (key, value))


def add_if_missing(db, key: str, value: str) -> None:
    db.execute("INSERT OR IGNORE INTO settings (key, value) VALUES (?, ?)", (key, value))


def delete(db, key: str) -> None:
    db.execute("DELETE FROM settings WHERE key = ?", (key,))


def replace_with_now(db, key: str) -> None:
    """Keep the database's own time now (UTC, ISO-8601 with milliseconds) under `key`, replacing any value."""
    db.execute("INSERT OR REPLACE INTO settings (key, value) "
               "VALUES (?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))", (key,))
