"""The documents of a meeting as the vault records them: the version and SHA-256 of each file made
(document_versions), and the settings naming the files of a final not yet given their names
(services/documents.py explains the temporary names).

A document issued from the final record after it was made final (the statement for a Mental Health Tribunal,
schema 0017; the reply letter and Executive Summary made for a request, schema 0018) has the status ISSUED and is
numbered within its meeting for its kind alone (a statement 1, 2 ...; a request's letter and summary together,
after the final's own: `latest_version_of_kinds`): it is not one of the final's files, so the final's seal
(storage/seals.py seals the rows with status 'final') never holds it, and the meeting's own documents (drafts,
final, addenda) keep their numbering.
"""

from __future__ import annotations

PENDING_SETTING = "final_files_pending:"  # + the meeting's id
ISSUED = "issued"


def has_final(db, meeting_id: int) -> int | None:
    """True (1) when the meeting's final documents are recorded, else None."""
    return db.scalar("SELECT 1 FROM document_versions WHERE meeting_id = ? AND status = 'final'", (meeting_id,))


def latest_version(db, meeting_id: int) -> int | None:
    """The highest version number recorded for the meeting's documents, or None (an issued document's own
    numbering left aside)."""
    return db.scalar("SELECT max(version) FROM document_versions WHERE meeting_id = ? AND status != ?",
                     (meeting_id, ISSUED))


def latest_issued_version(db, meeting_id: int, kind: str) -> int | None:
    """The highest version number of the documents of `kind` issued from the meeting's final record, or None."""
    return db.scalar("SELECT max(version) FROM document_versions WHERE meeting_id = ? AND kind = ? AND status = ?",
                     (meeting_id, kind, ISSUED))


def latest_version_of_kinds(db, meeting_id: int, kinds: tuple[str, ...]) -> int | None:
    """The highest version number recorded for the meeting's documents of these kinds, whatever their status, or
    None. The reply letter and Executive Summary made for a request are numbered from it (services/requests.py):
    past the final's own letter and summary and every earlier request's, never on a number already taken."""
    marks = ", ".join("?" for _ in kinds)
    return db.scalar(f"SELECT max(version) FROM document_versions WHERE meeting_id = ? AND kind IN ({marks})",
                     (meeting_id, *kinds))


def add_version(db, meeting_id: int, kind: str, version: int, status: str, fmt: str, sha256: str, now: str,
                reason: str = "") -> None:
    """Record one file made: its kind, version, status (draft, final, addendum, issued), format and SHA-256, why it was
    made where that is said (an addendum, a release), made by the session's actor."""
    db.execute(
        """INSERT INTO document_versions (meeting_id, kind, version, status, format, sha256, reason, created_at,
                                          created_by)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, (SELECT actor FROM temp.audit_actor LIMIT 1))""",
        (meeting_id, kind, version, status, fmt, sha256, reason, now))


def add_pending_final(db, meeting_id: int, value: str) -> None:
    """Keep which temporary file becomes which final file (`value`, JSON) until they are renamed."""
    db.execute("INSERT INTO settings (key, value) VALUES (?, ?)", (f"{PENDING_SETTING}{meeting_id}", value))


def drop_pending_final(db, meeting_id: int) -> None:
    db.execute("DELETE FROM settings WHERE key = ?", (f"{PENDING_SETTING}{meeting_id}",))


def pending_finals(db) -> list[tuple]:
    """(key, value) of every pending final."""
    return db.query("SELECT key, value FROM settings WHERE key LIKE ?", (f"{PENDING_SETTING}%",))


def pending_final_values(db) -> list[tuple]:
    """(value,) of every pending final."""
    return db.query("SELECT value FROM settings WHERE key LIKE ?", (f"{PENDING_SETTING}%",))


def any_pending_final(db) -> int | None:
    """True (1) when some final's files are still to be given their names, else None."""
    return db.scalar(f"SELECT 1 FROM settings WHERE key LIKE '{PENDING_SETTING}%'")


def final_versions(db, meeting_id: int) -> list[tuple]:
    """(kind, version, format, sha256) of each file recorded as the record's final, in a fixed order."""
    return db.query("SELECT kind, version, format, sha256 FROM document_versions WHERE meeting_id = ? AND "
                    "status = 'final' ORDER BY kind, version, format", (meeting_id,))
