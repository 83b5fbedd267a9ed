"""An optional audio recording of a meeting (guidance 11.18): held only in the vault, destroyed at the final.

The recording is one BLOB row (schema 0004 `audio_recordings`), read from disk in one go: sqlcipher3 has
no incremental blob writes, so the whole file is in memory once while it is stored. MAX_BYTES keeps that
reasonable: 200 MB holds about three and a half hours of speech at 128 kbit/s (MP3, M4A), far more at
speech bit rates; uncompressed WAV is the one format a long meeting outgrows, and the refusal says so.

Destroying it deletes the row (secure_delete is on, so SQLite overwrites the freed pages with zeros),
then `reclaim_space` copies the zeroed pages out of the write-ahead log, rebuilds the file without them
(VACUUM: this database has auto_vacuum off) and empties the log, so the file shrinks by the recording.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
from dataclasses import dataclass
from pathlib import Path

from mappa_desk.errors import InvalidInput, NotFound, UserFacingError
from mappa_desk.services import record_events
from mappa_desk.services.session import Session, utc_now
from mappa_desk.storage import audio as stored, meetings
from mappa_desk.storage.database import DatabaseError

MAX_BYTES = 200 * 1024 * 1024
# Media types for audio files that `mimetypes` does not know everywhere.
_EXTRA_TYPES = {".m4a": "audio/mp4", ".opus": "audio/opus", ".amr": "audio/amr", ".wma": "audio/x-ms-wma",
                ".aac": "audio/aac", ".flac": "audio/flac", ".oga": "audio/ogg", ".ogg": "audio/ogg",
                ".weba": "audio/webm", ".3ga": "audio/3gpp"}


@dataclass(frozen=True)
class AudioInfo:
    file_name: str
    media_type: str
    size_bytes: int
    sha256: str
    added_at: str  # ISO-8601 UTC

    @property
    def size_text(self) -> str:
        return size_text(self.size_bytes)


@dataclass(frozen=True)
class SpaceReport:
    """The database file before and after the space of a destroyed recording was given back."""

    pages_before: int
    pages_after: int
    free_pages_before: int
    free_pages_after: int
    bytes_before: int
    bytes_after: int
    vacuumed: bool  # False if the rebuild failed (the freed pages are zeroed all the same)


def size_text(size: int) -> str:
    if size < 1024 * 1024:
        return f"{max(size, 1) / 1024:.0f} KB" if size >= 1024 else f"{size} bytes"
    return f"{size / (1024 * 1024):.1f} MB"


def media_type(path: Path) -> str | None:
    suffix = path.suffix.lower()
    guessed = mimetypes.guess_type(path.name)[0]
    if guessed and guessed.startswith("audio/"):
        return guessed
    return _EXTRA_TYPES.get(suffix)


def info(db, meeting_id: int) -> AudioInfo | None:
    row = stored.details(db, meeting_id)
    return AudioInfo(*row) if row else None


def audio(session: Session, meeting_id: int) -> AudioInfo | None:
    """The recording's details (never its content), or None."""
    return info(session.db, meeting_id)


def _read(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InvalidInput(f"{path.name} is not a file. Choose the audio file of the meeting.")
        if size > MAX_BYTES:
            raise InvalidInput(f"The recording is {size_text(size)}; MAPPA Desk keeps recordings up to "
                               f"{size_text(MAX_BYTES)}. Save it in a compressed format (MP3 or M4A) and try "
                               "again.")
        if size == 0:
            raise InvalidInput(f"{path.name} is empty. Choose the audio file of the meeting.")
        return path.read_bytes()
    except FileNotFoundError:
        raise InvalidInput(f"There is no file at {path}. Check the name and try again.") from None
    except PermissionError:
        raise InvalidInput(f"MAPPA Desk is not allowed to read {path}.") from None


def attach_audio(session: Session, meeting_id: int, path: str | Path, by: str | None = None) -> AudioInfo:
    """Store the recording in the vault (one per meeting) and log it. The file on disk is left alone."""
    path = Path(path)
    kind = media_type(path)
    if kind is None:
        raise InvalidInput(f"{path.name} does not look like an audio file (for example .mp3, .m4a, .wav). "
                           "Choose the recording of the meeting.")
    db = session.db
    status = meetings.status(db, meeting_id)
    _check_can_attach(db, meeting_id, status)
    content = _read(path)
    digest = hashlib.sha256(content).hexdigest()
    now = utc_now()
    with db.transaction():
        _check_can_attach(db, meeting_id, meetings.status(db, meeting_id))
        stored.insert(db, meeting_id, path.name, kind, content, digest, now)
        # The note leaves the file name out: a name can carry the individual's.
        record_events.log(db, meeting_id, "audio_attached", (by or "").strip() or record_events.actor(db),
                          note=size_text(len(content)), at=now)
    del content
    return info(db, meeting_id)


def _check_can_attach(db, meeting_id: int, status: str | None) -> None:
    if status is None:
        raise NotFound("That meeting is no longer in the vault. Go back to the home screen and choose another.")
    if status == "final":
        raise UserFacingError("This meeting's record is final. A recording is destroyed when the record is "
                              "made final, so none can be attached now.")
    if status == "cancelled":
        raise UserFacingError("This meeting was cancelled, so it has no recording to keep.")
    if stored.has_recording(db, meeting_id):
        raise UserFacingError("This meeting already has an audio recording. Remove it first to attach another.")


def destroy(db, meeting_id: int, by: str, at: str, note: str) -> bool:
    """Inside the caller's transaction: delete the recording and log it. False if there was none."""
    found = info(db, meeting_id)
    if found is None:
        return False
    stored.delete(db, meeting_id)
    record_events.log(db, meeting_id, "audio_destroyed", by, note=f"{note} ({found.size_text})", at=at)
    return True


def remove_audio(session: Session, meeting_id: int, by: str) -> SpaceReport | None:
    """Destroy a recording before the final (e.g. the wrong file was attached). None if there was none."""
    db = session.db
    with db.transaction():
        if meetings.status(db, meeting_id) is None:
            raise NotFound("That meeting is no longer in the vault. Go back to the home screen and choose another.")
        gone = destroy(db, meeting_id, by.strip() or record_events.actor(db), utc_now(), "Removed before the final")
    return reclaim_space(db) if gone else None


def _file_bytes(db) -> int:
    return sum(os.path.getsize(p) for p in (db.path, Path(f"{db.path}-wal")) if os.path.exists(p))


def reclaim_space(db) -> SpaceReport:
    """Outside any transaction: move the zeroed pages into the file, rebuild it without them, empty the log."""
    pages, free = stored.page_count(db), stored.free_pages(db)
    size = _file_bytes(db)
    vacuumed = True
    try:
        db.checkpoint()
        stored.rebuild(db)
        db.checkpoint()
    except DatabaseError:
        # E.g. no room on the disk for the rebuild. The recording's pages were overwritten with zeros when
        # it was deleted; only the file's size stays as it was, until the next rebuild.
        vacuumed = False
    return SpaceReport(pages, stored.page_count(db), free, stored.free_pages(db), size,
                       _file_bytes(db), vacuumed)
