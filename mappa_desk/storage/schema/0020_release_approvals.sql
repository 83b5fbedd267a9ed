-- 0020: the chair's approval of what leaves the vault (issue 18 item 4). Before a release document is written for
-- someone outside the meeting (the reply letter and Executive Summary made for a request, the statement for a
-- Mental Health Tribunal), the chair sees exactly what will leave and approves it; the approval is kept here, in
-- the requests log (services/release.py, storage/releases.py): who approved, when, what was released, to whom,
-- and each file's name and SHA-256 (`files`: one "name sha256" per line), the bytes that were written.
-- `request_id` is the request the documents answer, or NULL (a tribunal statement made from the Documents screen).

CREATE TABLE release_approvals (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    request_id  INTEGER REFERENCES minute_requests(id),
    what        TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    approved_by TEXT NOT NULL,
    approved_at TEXT NOT NULL,
    files       TEXT NOT NULL
);
