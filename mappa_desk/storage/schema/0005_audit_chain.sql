-- 0005: a tamper-evident audit trail. Each entry carries the SHA-256 of (the previous entry's hash,
-- its own id, at, actor, operation, table_name, row_id, detail), so an entry changed or removed after
-- it was written breaks the chain at that point (`mappa-desk doctor` checks it).
-- mappa_audit_hash is registered on the connection by the code (storage/audit.py) before migrations
-- run; it holds the one canonical encoding of an entry, shared by the triggers and the verifier.

ALTER TABLE audit_log ADD COLUMN hash TEXT;

-- Chain the entries written before this migration, oldest first. The log is append-only, so the
-- update trigger is lifted for this one statement and put back in the same transaction.
CREATE TEMP TABLE audit_chain_0005 (id INTEGER PRIMARY KEY, hash TEXT NOT NULL);
INSERT INTO audit_chain_0005 (id, hash)
WITH RECURSIVE chain(id, hash) AS (
    SELECT id, mappa_audit_hash(NULL, id, at, actor, operation, table_name, row_id, detail)
    FROM audit_log WHERE id = (SELECT min(id) FROM audit_log)
    UNION ALL
    SELECT a.id, mappa_audit_hash(chain.hash, a.id, a.at, a.actor, a.operation, a.table_name, a.row_id, a.detail)
    FROM chain JOIN audit_log AS a ON a.id = (SELECT min(id) FROM audit_log WHERE id > chain.id)
)
SELECT id, hash FROM chain;

DROP TRIGGER audit_log_no_update;
UPDATE audit_log SET hash = (SELECT c.hash FROM temp.audit_chain_0005 AS c WHERE c.id = audit_log.id);
DROP TABLE temp.audit_chain_0005;

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- An entry without its hash would be a silent gap in the chain: refuse it.
CREATE TRIGGER audit_log_chained BEFORE INSERT ON audit_log WHEN NEW.hash IS NULL
BEGIN
    SELECT RAISE(ABORT, 'an audit entry must be chained to the one before it');
END;
