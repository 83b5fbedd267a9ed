-- 0008: the seal of a final record (storage/seals.py): the SHA-256 of its canonical content, written in
-- the transaction that makes it final, so `mappa-desk doctor` can name a final whose content was changed
-- afterwards. Records made final before this schema, and earlier meetings brought in by an import, have
-- no seal (doctor counts them).

CREATE TABLE final_seals (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
    format     INTEGER NOT NULL,   -- which canonical content was hashed (seals.PARTS)
    sha256     TEXT NOT NULL,
    sealed_at  TEXT NOT NULL       -- ISO-8601 UTC, the time of the final
);
