"""What the ViSOR export (services.visor_export) reads and records: the final document versions of a
meeting's record, and its addenda, which the export names but does not carry."""

from __future__ import annotations


def final_minute_and_rmp(db, meeting_id: int) -> list[tuple]:
    """(kind, format, version, sha256, created_at) of each final Minute and RMP file recorded, latest version first."""
    return db.query(
        "SELECT kind, format, version, sha256, created_at FROM document_versions WHERE meeting_id = ? "
        "AND status = 'final' AND kind IN ('minute', 'rmp') ORDER BY version DESC", (meeting_id,))


def latest_version(db, meeting_id: int) -> int | None:
    """The highest document version recorded for the meeting, of any kind or status; None if there is none."""
    return db.scalar("SELECT max(version) FROM document_versions WHERE meeting_id = ?", (meeting_id,))


def record_final(db, meeting_id: int, kind: str, version: int, fmt: str, sha256: str, reason: str, at: str) -> None:
    """Record one file as a final version, made by the session's actor."""
    db.execute(
        """INSERT INTO document_versions (meeting_id, kind, version, status, format, sha256, reason,
                                          created_at, created_by)
           VALUES (?, ?, ?, 'final', ?, ?, ?, ?, (SELECT actor FROM temp.audit_actor LIMIT 1))""",
        (meeting_id, kind, version, fmt, sha256, reason, at))


def addenda_count(db, meeting_id: int) -> int:
    return db.scalar("SELECT count(*) FROM addenda WHERE meeting_id = ?", (meeting_id,))
