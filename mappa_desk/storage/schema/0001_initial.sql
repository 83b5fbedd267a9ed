-- 0001: the whole Level 2/3 meeting record (domain brief sections 1-5).
-- Dates are ISO 'YYYY-MM-DD', clock times 'HH:MM', instants ISO-8601 UTC.
-- Enumerations are CHECKed here and mirrored in mappa_desk/domain/enums.py.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- Responsible authorities and duty-to-cooperate agencies, seeded from the
-- jurisdiction profile (templates/<jurisdiction>/profile.json).
CREATE TABLE agencies (
    id     INTEGER PRIMARY KEY,
    code   TEXT NOT NULL UNIQUE,
    name   TEXT NOT NULL,
    kind   TEXT NOT NULL CHECK (kind IN ('responsible_authority', 'duty_to_cooperate', 'other')),
    active INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

CREATE TABLE people (
    id        INTEGER PRIMARY KEY,
    uid       TEXT NOT NULL UNIQUE,
    full_name TEXT NOT NULL,
    role      TEXT NOT NULL DEFAULT '',
    rank      TEXT NOT NULL DEFAULT '',
    agency_id INTEGER REFERENCES agencies(id)
);

CREATE TABLE individuals (
    id                      INTEGER PRIMARY KEY,
    uid                     TEXT NOT NULL UNIQUE,
    family_name             TEXT NOT NULL,
    given_names             TEXT NOT NULL DEFAULT '',
    date_of_birth           TEXT,
    visor_ref               TEXT UNIQUE,
    category                INTEGER NOT NULL CHECK (category IN (1, 2, 3)),
    current_level           INTEGER NOT NULL CHECK (current_level IN (1, 2, 3)),
    lead_agency_id          INTEGER REFERENCES agencies(id),
    rosh_level              TEXT CHECK (rosh_level IN ('low', 'medium', 'high', 'very_high')),
    olr                     INTEGER NOT NULL DEFAULT 0 CHECK (olr IN (0, 1)),
    restricted_patient_order TEXT NOT NULL DEFAULT ''
                            CHECK (restricted_patient_order IN ('', 'compulsion_restriction_order',
                                   'hospital_direction', 'transfer_for_treatment_direction')),
    notes                   TEXT NOT NULL DEFAULT '',
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);

CREATE TABLE individual_aliases (
    id            INTEGER PRIMARY KEY,
    individual_id INTEGER NOT NULL REFERENCES individuals(id) ON DELETE CASCADE,
    alias         TEXT NOT NULL
);
CREATE INDEX individual_aliases_individual ON individual_aliases(individual_id);

-- Orders and statutory conditions: SHPO/SOPO, SRO, licence, OLR, SONR, ...
CREATE TABLE orders (
    id            INTEGER PRIMARY KEY,
    individual_id INTEGER NOT NULL REFERENCES individuals(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('sonr', 'shpo', 'sopo', 'sro', 'licence', 'olr',
                  'restriction_order', 'sexual_risk_order', 'written_instruction', 'other')),
    description   TEXT NOT NULL DEFAULT '',
    start_date    TEXT,
    end_date      TEXT,
    position      INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX orders_individual ON orders(individual_id);

CREATE TABLE order_conditions (
    id       INTEGER PRIMARY KEY,
    order_id INTEGER NOT NULL REFERENCES orders(id) ON DELETE CASCADE,
    text     TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX order_conditions_order ON order_conditions(order_id);

CREATE TABLE meetings (
    id                        INTEGER PRIMARY KEY,
    uid                       TEXT NOT NULL UNIQUE,
    individual_id             INTEGER NOT NULL REFERENCES individuals(id),
    previous_meeting_id       INTEGER REFERENCES meetings(id),
    kind                      TEXT NOT NULL CHECK (kind IN ('initial', 'review')),
    level                     INTEGER NOT NULL CHECK (level IN (2, 3)),
    meeting_date              TEXT NOT NULL,
    start_time                TEXT NOT NULL DEFAULT '',
    end_time                  TEXT NOT NULL DEFAULT '',
    location                  TEXT NOT NULL DEFAULT '',
    chair_id                  INTEGER REFERENCES people(id),
    minute_taker_id           INTEGER REFERENCES people(id),
    coordinator_id            INTEGER REFERENCES people(id),
    lead_agency_id            INTEGER REFERENCES agencies(id),
    status                    TEXT NOT NULL DEFAULT 'planned'
                              CHECK (status IN ('planned', 'in_progress', 'held', 'draft', 'cleared',
                                     'circulated', 'final', 'cancelled')),
    confidentiality_agreed    INTEGER NOT NULL DEFAULT 0 CHECK (confidentiality_agreed IN (0, 1)),
    confidentiality_agreed_at TEXT NOT NULL DEFAULT '',
    individual_informed_by    TEXT NOT NULL DEFAULT '',
    rosh_level                TEXT CHECK (rosh_level IN ('low', 'medium', 'high', 'very_high')),
    victim_issues             TEXT NOT NULL DEFAULT '',
    diversity_issues          TEXT NOT NULL DEFAULT '',
    housing_notes             TEXT NOT NULL DEFAULT '',
    level_decision            TEXT CHECK (level_decision IN ('increase', 'maintain', 'decrease', 'exit')),
    level_after               INTEGER CHECK (level_after IN (1, 2, 3)),
    level_rationale           TEXT NOT NULL DEFAULT '',
    review_date               TEXT,
    next_meeting_date         TEXT,
    created_at                TEXT NOT NULL,
    updated_at                TEXT NOT NULL
);
CREATE INDEX meetings_individual ON meetings(individual_id, meeting_date);

CREATE TABLE attendance (
    id                     INTEGER PRIMARY KEY,
    meeting_id             INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    agency_id              INTEGER REFERENCES agencies(id),
    person_id              INTEGER REFERENCES people(id),
    capacity               TEXT NOT NULL DEFAULT '',
    status                 TEXT NOT NULL CHECK (status IN ('invited', 'present', 'apologies', 'did_not_attend')),
    arrived_at             TEXT NOT NULL DEFAULT '',
    left_at                TEXT NOT NULL DEFAULT '',
    report_received        INTEGER NOT NULL DEFAULT 0 CHECK (report_received IN (0, 1)),
    limitation             TEXT NOT NULL DEFAULT '',
    confidentiality_agreed INTEGER NOT NULL DEFAULT 0 CHECK (confidentiality_agreed IN (0, 1)),
    position               INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX attendance_meeting ON attendance(meeting_id);

CREATE TABLE agenda_items (
    id                INTEGER PRIMARY KEY,
    meeting_id        INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    step_key          TEXT NOT NULL,
    title             TEXT NOT NULL,
    state             TEXT NOT NULL DEFAULT 'not_started'
                      CHECK (state IN ('not_started', 'in_progress', 'done', 'skipped')),
    skip_reason       TEXT NOT NULL DEFAULT '',
    allocated_seconds INTEGER NOT NULL DEFAULT 0,
    seconds_spent     INTEGER NOT NULL DEFAULT 0,
    position          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX agenda_items_meeting ON agenda_items(meeting_id);

CREATE TABLE information_items (
    id               INTEGER PRIMARY KEY,
    meeting_id       INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    source_agency_id INTEGER REFERENCES agencies(id),
    text             TEXT NOT NULL,
    shareable        INTEGER NOT NULL DEFAULT 0 CHECK (shareable IN (0, 1)),
    position         INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX information_items_meeting ON information_items(meeting_id);

CREATE TABLE risks (
    id                 INTEGER PRIMARY KEY,
    meeting_id         INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    number             INTEGER NOT NULL,
    kind               TEXT NOT NULL,
    description        TEXT NOT NULL DEFAULT '',
    strategy_rationale TEXT NOT NULL DEFAULT '',
    UNIQUE (meeting_id, number)
);

CREATE TABLE risk_scenarios (
    id          INTEGER PRIMARY KEY,
    risk_id     INTEGER NOT NULL REFERENCES risks(id) ON DELETE CASCADE,
    context     TEXT NOT NULL DEFAULT '',
    what        TEXT NOT NULL DEFAULT '',
    who_at_risk TEXT NOT NULL DEFAULT '',
    when_likely TEXT NOT NULL DEFAULT '',
    how         TEXT NOT NULL DEFAULT '',
    why         TEXT NOT NULL DEFAULT '',
    seriousness TEXT CHECK (seriousness IN ('low', 'medium', 'high', 'very_high')),
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX risk_scenarios_risk ON risk_scenarios(risk_id);

CREATE TABLE rmp_measures (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    heading     TEXT NOT NULL CHECK (heading IN ('supervision', 'monitoring_control',
                'interventions_treatment', 'victim_safety')),
    description TEXT NOT NULL,
    agency_id   INTEGER REFERENCES agencies(id),
    person_name TEXT NOT NULL DEFAULT '',
    timescale   TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX rmp_measures_meeting ON rmp_measures(meeting_id);

-- Which risks (by their number within the meeting) a measure addresses.
CREATE TABLE rmp_measure_risks (
    measure_id  INTEGER NOT NULL REFERENCES rmp_measures(id) ON DELETE CASCADE,
    risk_number INTEGER NOT NULL,
    PRIMARY KEY (measure_id, risk_number)
);

CREATE TABLE contingencies (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    trigger     TEXT NOT NULL,
    response    TEXT NOT NULL,
    agency_id   INTEGER REFERENCES agencies(id),
    person_name TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX contingencies_meeting ON contingencies(meeting_id);

CREATE TABLE decisions (
    id                 INTEGER PRIMARY KEY,
    meeting_id         INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    question           TEXT NOT NULL,
    options_considered TEXT NOT NULL DEFAULT '',
    outcome            TEXT NOT NULL CHECK (outcome IN ('consensus', 'decided_with_dissent', 'deferred')),
    decision_text      TEXT NOT NULL DEFAULT '',
    rationale          TEXT NOT NULL DEFAULT '',
    how_proceeded      TEXT NOT NULL DEFAULT '',
    position           INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX decisions_meeting ON decisions(meeting_id);

CREATE TABLE decision_positions (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    agency_id   INTEGER NOT NULL REFERENCES agencies(id),
    stance      TEXT NOT NULL CHECK (stance IN ('agree', 'disagree', 'abstain')),
    reason      TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX decision_positions_decision ON decision_positions(decision_id);

CREATE TABLE options_not_taken (
    id          INTEGER PRIMARY KEY,
    decision_id INTEGER NOT NULL REFERENCES decisions(id) ON DELETE CASCADE,
    option_text TEXT NOT NULL,
    reason      TEXT NOT NULL,
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX options_not_taken_decision ON options_not_taken(decision_id);

CREATE TABLE disclosures (
    id              INTEGER PRIMARY KEY,
    meeting_id      INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    made            INTEGER NOT NULL CHECK (made IN (0, 1)),
    to_whom         TEXT NOT NULL DEFAULT '',
    what            TEXT NOT NULL DEFAULT '',
    by_agency_id    INTEGER REFERENCES agencies(id),
    by_person       TEXT NOT NULL DEFAULT '',
    by_when         TEXT,
    reason_not_made TEXT NOT NULL DEFAULT '',
    position        INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX disclosures_meeting ON disclosures(meeting_id);

CREATE TABLE actions (
    id                     INTEGER PRIMARY KEY,
    uid                    TEXT NOT NULL UNIQUE,
    meeting_id             INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    description            TEXT NOT NULL,
    person_name            TEXT NOT NULL DEFAULT '',
    agency_id              INTEGER REFERENCES agencies(id),
    due_date               TEXT,
    status                 TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    outcome                TEXT CHECK (outcome IN ('done', 'not_done_circumstances_changed', 'not_done_by_agency')),
    outcome_note           TEXT NOT NULL DEFAULT '',
    reviewed_in_meeting_id INTEGER REFERENCES meetings(id),
    carried_from_action_id INTEGER REFERENCES actions(id),
    position               INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX actions_meeting ON actions(meeting_id);
CREATE INDEX actions_due ON actions(status, due_date);

-- Every generated document, draft or final, with the hash of the file.
CREATE TABLE document_versions (
    id         INTEGER PRIMARY KEY,
    meeting_id INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    kind       TEXT NOT NULL CHECK (kind IN ('minute', 'rmp', 'executive_summary', 'reply_letter', 'covering_note')),
    version    INTEGER NOT NULL,
    status     TEXT NOT NULL CHECK (status IN ('draft', 'final', 'addendum')),
    format     TEXT NOT NULL CHECK (format IN ('docx', 'pdf')),
    sha256     TEXT NOT NULL,
    reason     TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    created_by TEXT NOT NULL,
    UNIQUE (meeting_id, kind, version, format)
);

-- Append-only: rows are written by the audit triggers (storage/audit.py) and
-- can never be changed or removed.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor      TEXT NOT NULL,
    operation  TEXT NOT NULL CHECK (operation IN ('insert', 'update', 'delete')),
    table_name TEXT NOT NULL,
    row_id     INTEGER NOT NULL,
    detail     TEXT NOT NULL DEFAULT '{}'
);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;
