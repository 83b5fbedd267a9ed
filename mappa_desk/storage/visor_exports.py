"""What the ViSOR export (services.visor_export) reads and records: the final document versions of a
meeting's record, and its addenda, which the export names but does not carry."""

from __future__ import annotations


def final_minute_and_rmp(db, meeting_id: int) -> list[tuple]:
    """(kind, format, version, sha256, created_at) of each final Minute and RMP file recorded, latest version first."""
    return db.query(
        "SELECT kind, format, version, sha256, created_at FROM document_versions WHERE meeting_id = ? "
        "AND status = 'final' AND kind IN ('minute', 'rmp') ORDER BY version DESC", (meeting_id,))


def addenda_count(db, meeting_id: int) -> int:
    return db.scalar("SELECT count(*) FROM addenda WHERE meeting_id = ?", (meeting_id,))
