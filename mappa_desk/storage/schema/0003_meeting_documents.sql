-- 0003: pre-read papers for a meeting (referral, previous minutes, agency reports), held only
-- inside the encrypted database: the file's bytes are never written anywhere else in clear.
-- Generated documents are tracked separately, in document_versions.

CREATE TABLE meeting_documents (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    file_name  TEXT NOT NULL,
    media_type TEXT NOT NULL DEFAULT 'application/octet-stream',
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256     TEXT NOT NULL,
    content    BLOB NOT NULL,
    added_at   TEXT NOT NULL,
    position   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX meeting_documents_meeting ON meeting_documents(meeting_id, position);
