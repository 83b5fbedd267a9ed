-- 0017: the statement for a Mental Health Tribunal (guidance 11.20-11.21; issue 17 item 5) is recorded like every
-- other document: each one made has its version (numbered within its meeting for the statement alone: 1, 2 ...),
-- format, SHA-256, who made it and when, and the audit trail holds its row.
--
-- Its rows take the new status 'issued': a document made from the final record after it was made final, to go
-- out of the vault. It is not one of the final's files, so the final's seal (storage/seals.py, which seals the
-- meeting's rows with status 'final') never sees it, and a sealed record stays whole when a statement is made.
--
-- SQLite cannot change a CHECK, so document_versions is rebuilt as 0009 and 0015 rebuilt theirs (SQLite's twelve
-- steps: make the new table, copy every row with its id, drop the old one, rename the new one). It has no index
-- of its own besides its UNIQUE constraint, made with it. The migration runs with foreign keys off
-- (storage/migrations.py) and they are checked before it commits. The audit triggers are made again at every
-- open from the live tables (storage/audit.py).

PRAGMA legacy_alter_table = ON;

CREATE TABLE document_versions_new (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('minute', 'rmp', 'executive_summary', 'reply_letter', 'covering_note',
                                             'tribunal_statement')),
    version    INTEGER NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'final', 'addendum', 'issued')),
    format     TEXT NOT NULL CHECK (format IN ('docx', 'pdf')),
    sha256     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (meeting_id, kind, version, format)
);
INSERT INTO document_versions_new (id, meeting_id, kind, version, status, format, sha256, reason, created_at,
                                   created_by)
    SELECT id, meeting_id, kind, version, status, format, sha256, reason, created_at, created_by
    FROM document_versions;
DROP TABLE document_versions;
ALTER TABLE document_versions_new RENAME TO document_versions;

PRAGMA legacy_alter_table = OFF;
