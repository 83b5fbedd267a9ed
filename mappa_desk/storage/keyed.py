"""Opening a connection to the vault's database file with its key: the one way every connection is opened.

The vault's own connection, the read-only housekeeping connection and the checkpointer's connection are each
opened while the derived key is still at hand (storage/database.py `Database._connect`). SQLCipher accepts any
key until the first read, so the key is proved at once by reading the schema. A failure closes what was opened
and raises SQLCipher's own error; the caller says it in a sentence.
"""

from __future__ import annotations

from pathlib import Path

import sqlcipher3


def connect(path: Path, key: bytes, mode: str):
    """A connection to `path` in SQLite's URI `mode` ("rwc", "rw" or "ro"), keyed with the raw `key` and proved."""
    conn = sqlcipher3.connect(f"{Path(path).resolve().as_uri()}?mode={mode}", uri=True, isolation_level=None,
                              check_same_thread=False)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except BaseException:
        conn.close()
        raise
    return conn
