-- 0018: the reply letter and Executive Summary made for a request (services/requests.py) are 'issued' (0017): made
-- from the final record after it, to go out, not one of the final's files. Until now they were recorded as 'final',
-- and the final's seal (storage/seals.py: the meeting's rows with status 'final') took them for files of the final:
-- a sealed record answered with the Executive Summary was reported as changed after it was made final.
--
-- The rows moved are exactly those an earlier version wrote for a request: status 'final', kind reply_letter or
-- executive_summary, the reason "For request N" of a request about the same meeting, made after the meeting's seal
-- (or in the same second). The final's own letter and summary have no reason, and a record made final before seals
-- (schema 0008) has no seal to mend, so their rows are left as they are. Only the status changes: the kind, version,
-- SHA-256, reason, and who made each file and when stay, so the requests log still finds what was sent.
--
-- The change is a change to the record, so the audit trail records it: one 'update' entry per row, chained to the
-- one before it as the audit triggers chain theirs (storage/audit.py; mappa_audit_hash is registered on the
-- connection before migrations run), its actor naming this migration. The audit triggers are made at every open,
-- after the migrations, so the trigger writing these entries is made here for this statement and dropped again.

CREATE TEMP TRIGGER audit_document_versions_0018 AFTER UPDATE OF status ON main.document_versions
BEGIN
    INSERT INTO audit_log (id, at, actor, operation, table_name, row_id, detail, hash)
    SELECT e.id, e.at, e.actor, e.operation, e.table_name, e.row_id, e.detail,
           mappa_audit_hash(e.prev, e.id, e.at, e.actor, e.operation, e.table_name, e.row_id, e.detail)
    FROM (SELECT (SELECT coalesce(max(id), 0) + 1 FROM audit_log) AS id,
                 strftime('%Y-%m-%dT%H:%M:%fZ', 'now') AS at,
                 'MAPPA Desk (schema upgrade 0018)' AS actor, 'update' AS operation,
                 'document_versions' AS table_name, NEW.id AS row_id,
                 json_object('id', NEW.id, 'meeting_id', NEW.meeting_id, 'kind', NEW.kind, 'version', NEW.version,
                             'status', NEW.status, 'format', NEW.format, 'sha256', NEW.sha256,
                             'reason', NEW.reason, 'created_at', NEW.created_at,
                             'created_by', NEW.created_by) AS detail,
                 (SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1) AS prev) AS e;
END;

UPDATE document_versions SET status = 'issued'
WHERE status = 'final'
  AND kind IN ('reply_letter', 'executive_summary')
  AND EXISTS (SELECT 1 FROM minute_requests AS q
              WHERE q.meeting_id = document_versions.meeting_id
                AND document_versions.reason = 'For request ' || q.id)
  AND EXISTS (SELECT 1 FROM final_seals AS s
              WHERE s.meeting_id = document_versions.meeting_id
                AND document_versions.created_at >= s.sealed_at);

DROP TRIGGER temp.audit_document_versions_0018;
