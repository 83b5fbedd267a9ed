"""The audio recordings of meetings (schema 0004 `audio_recordings`, one row per meeting, the file as a BLOB),
and the pragmas that give the space of a destroyed one back (services.audio)."""

from __future__ import annotations


def details(db, meeting_id: int) -> tuple | None:
    """(file_name, media_type, size_bytes, sha256, added_at) of the meeting's recording, never its content."""
    row = db.query("SELECT file_name, media_type, size_bytes, sha256, added_at FROM audio_recordings "
                   "WHERE meeting_id = ?", (meeting_id,))
    return row[0] if row else None


def has_recording(db, meeting_id: int) -> bool:
    return bool(db.scalar("SELECT 1 FROM audio_recordings WHERE meeting_id = ?", (meeting_id,)))


def insert(db, meeting_id: int, file_name: str, media_type: str, content: bytes, sha256: str, added_at: str) -> None:
    db.execute("INSERT INTO audio_recordings (meeting_id, file_name, media_type, size_bytes, sha256, content, "
               "added_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
               (meeting_id, file_name, media_type, len(content), sha256, content, added_at))


def delete(db, meeting_id: int) -> None:
    db.execute("DELETE FROM audio_recordings WHERE meeting_id = ?", (meeting_id,))


def count_all(db) -> int:
    return db.scalar("SELECT count(*) FROM audio_recordings")


def delete_all(db) -> None:
    db.execute("DELETE FROM audio_recordings")


def page_count(db) -> int:
    return db.scalar("PRAGMA page_count")


def free_pages(db) -> int:
    return db.scalar("PRAGMA freelist_count")


def rebuild(db) -> None:
    """Give freed pages back to the disk: VACUUM the file (auto_vacuum off), else an incremental vacuum."""
    if db.scalar("PRAGMA auto_vacuum") == 0:
        db.execute("VACUUM")
    else:
        db.execute("PRAGMA incremental_vacuum")


def vacuum(db) -> None:
    """Rebuild the database file without its free pages."""
    db.execute("VACUUM")
