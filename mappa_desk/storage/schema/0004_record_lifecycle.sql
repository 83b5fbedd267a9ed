-- 0004: what happens to a meeting's record after the room empties (guidance 11.15-11.25):
-- its lifecycle (draft -> cleared by the chair -> circulated -> final, then addenda), requests for
-- the Minute or RMP and what was sent, the chair's approvals of onward sharing, an optional audio
-- recording until the final is agreed (11.18), and the referral dates the early clocks run from.

-- One row per step of the record's lifecycle: who took it and when.
CREATE TABLE record_events (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    event      TEXT NOT NULL CHECK (event IN ('drafted', 'cleared', 'circulated', 'made_final', 'addendum',
                                              'audio_attached', 'audio_destroyed')),
    version    INTEGER,             -- the document version the step concerns, where there is one
    at         TEXT NOT NULL,       -- ISO-8601 UTC
    by_person  TEXT NOT NULL,       -- the name the user gave (the chair, the co-ordinator)
    actor      TEXT NOT NULL,       -- the computer account, as in the audit log
    note       TEXT NOT NULL DEFAULT ''
);
CREATE INDEX record_events_meeting ON record_events(meeting_id, at);

-- A correction to a final record: the final stays as it was; the addendum says what changes and why.
CREATE TABLE addenda (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    number     INTEGER NOT NULL,
    reason     TEXT NOT NULL,
    text       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (meeting_id, number)
);

-- At most one recording per meeting, held only in the encrypted database and destroyed when the
-- record is made final (the destruction is a record_events row).
CREATE TABLE audio_recordings (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL UNIQUE REFERENCES meetings(id) ON DELETE CASCADE,
    file_name  TEXT NOT NULL,
    media_type TEXT NOT NULL DEFAULT 'application/octet-stream',
    size_bytes INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256     TEXT NOT NULL,
    content    BLOB NOT NULL,
    added_at   TEXT NOT NULL
);

-- Every request for a Minute or RMP and what became of it (11.19-11.25).
CREATE TABLE minute_requests (
    id               INTEGER PRIMARY KEY,
    individual_id    INTEGER NOT NULL REFERENCES individuals(id),
    meeting_id       INTEGER REFERENCES meetings(id),
    received_on      TEXT NOT NULL,
    requester        TEXT NOT NULL,
    organisation     TEXT NOT NULL DEFAULT '',
    kind             TEXT NOT NULL CHECK (kind IN ('subject_access', 'mental_health_tribunal', 'third_party',
                                                   'agency')),
    documents        TEXT NOT NULL DEFAULT 'minute' CHECK (documents IN ('minute', 'rmp', 'minute_and_rmp')),
    decision         TEXT NOT NULL DEFAULT 'pending'
                     CHECK (decision IN ('pending', 'executive_summary', 'released', 'refused')),
    decision_reason  TEXT NOT NULL DEFAULT '',
    approved_by      TEXT NOT NULL DEFAULT '',   -- the chair who approved the decision
    approved_on      TEXT,
    sent_on          TEXT,
    sent_what        TEXT NOT NULL DEFAULT '',   -- e.g. "reply letter and Executive Summary, version 2"
    created_at       TEXT NOT NULL
);
CREATE INDEX minute_requests_individual ON minute_requests(individual_id, received_on);

-- The chair's approval of onward sharing of a Minute or RMP (11.19).
CREATE TABLE sharing_approvals (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    shared_with TEXT NOT NULL,
    what        TEXT NOT NULL,
    reason      TEXT NOT NULL DEFAULT '',
    approved_by TEXT NOT NULL,
    approved_on TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX sharing_approvals_meeting ON sharing_approvals(meeting_id);

-- The dates the early clocks run from: sentence, notification by the lead agency, referral to
-- Level 2 or 3 (domain brief section 4).
CREATE TABLE referrals (
    id            INTEGER PRIMARY KEY,
    individual_id INTEGER NOT NULL REFERENCES individuals(id) ON DELETE CASCADE,
    sentence_date TEXT,
    notified_on   TEXT,
    referred_on   TEXT,
    level         INTEGER CHECK (level IN (2, 3)),
    created_at    TEXT NOT NULL
);
CREATE INDEX referrals_individual ON referrals(individual_id);
