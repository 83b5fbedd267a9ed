"""Numbered SQL migrations, applied in order, version kept in PRAGMA user_version."""

from __future__ import annotations

import re
from pathlib import Path

import sqlcipher3

from mappa_desk import paths
from mappa_desk.storage import audit

_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


def migration_files(folder: Path | None = None) -> list[tuple[int, Path]]:
    folder = folder or paths.schema_dir()
    found = []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    found.sort()
    numbers = [number for number, _ in found]
    if numbers != list(range(1, len(numbers) + 1)):
        raise RuntimeError(f"schema migrations are not numbered 1..n without gaps: {numbers}")
    return found


def latest_version() -> int:
    files = migration_files()
    return files[-1][0] if files else 0


def current_version(conn) -> int:
    return conn.execute("PRAGMA user_version").fetchone()[0]


def apply_pending(conn) -> list[int]:
    """Apply every migration newer than the database, each in its own transaction.

    The caller has already refused a database newer than the code.
    Returns the numbers applied.
    """
    audit.register_functions(conn)  # 0005 onwards: the audit chain's hash, computed in SQL
    applied = []
    version = current_version(conn)
    pending = [(number, path) for number, path in migration_files() if number > version]
    if not pending:
        return applied
    # A migration may rebuild a table (SQLite's twelve steps, 0009): with foreign keys on, dropping the old
    # table would cascade deletes into its children. So they are off while migrating (the pragma cannot change
    # inside a transaction), and each migration must leave no broken reference it did not find.
    keys_on = conn.execute("PRAGMA foreign_keys").fetchone()[0]
    conn.execute("PRAGMA foreign_keys = OFF")
    try:
        for number, path in pending:
            script = path.read_text(encoding="utf-8")
            before = _broken_references(conn)
            try:
                conn.executescript(f"BEGIN IMMEDIATE;\n{script}\nPRAGMA user_version = {number};")
                if _broken_references(conn) - before:
                    raise sqlcipher3.IntegrityError(f"schema migration {number} left a broken reference")
                conn.execute("COMMIT")
            except Exception:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
            applied.append(number)
    finally:
        if keys_on:
            conn.execute("PRAGMA foreign_keys = ON")
    return applied


def _broken_references(conn) -> set[tuple]:
    """The rows whose foreign keys point nowhere (table, rowid, parent, which key)."""
    return {tuple(row) for row in conn.execute("PRAGMA foreign_key_check")}
