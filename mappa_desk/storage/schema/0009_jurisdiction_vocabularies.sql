-- 0009: the jurisdiction's vocabularies leave the database. MAPPA categories, order kinds, restricted-patient
-- orders and the Mental Health Tribunal's recommendations and positions are data in the jurisdiction's profile
-- (templates/<jurisdiction>/profile.json, read through mappa_desk/domain/vocabularies.py), checked where values
-- enter the record (the cockpit's editor, new individuals, the interchange import). A vault of another
-- jurisdiction must be able to hold its own words, so their CHECKs go. Kept: the product's own vocabularies
-- (levels, statuses, states, stances ...), the 0/1 flags and every structural constraint.
--
-- SQLite cannot drop a CHECK, so each table is rebuilt (SQLite's twelve steps: make the new table, copy every
-- row with its id, drop the old one, rename the new one, make its indexes and triggers again). The migration
-- runs with foreign keys off (storage/migrations.py), so dropping a table cascades nothing, and the foreign
-- keys are checked before it commits. The audit triggers are made at every open from the live tables
-- (storage/audit.py), so nothing of them is made here; the full-text triggers on meetings are (0006), as they
-- were. Legacy renaming leaves the views that read these tables as they are while a table is briefly missing.

PRAGMA legacy_alter_table = ON;

CREATE TABLE individuals_new (
    id                      INTEGER PRIMARY KEY,
    uid                     TEXT NOT NULL UNIQUE,
    family_name             TEXT NOT NULL,
    given_names             TEXT NOT NULL DEFAULT '',
    date_of_birth           TEXT,
    visor_ref               TEXT UNIQUE,
    category                INTEGER NOT NULL,
    current_level           INTEGER NOT NULL CHECK (current_level IN (1, 2, 3)),
    lead_agency_id          INTEGER REFERENCES agencies(id),
    rosh_level              TEXT CHECK (rosh_level IN ('low', 'medium', 'high', 'very_high')),
    olr                     INTEGER NOT NULL DEFAULT 0 CHECK (olr IN (0, 1)),
    restricted_patient_order TEXT NOT NULL DEFAULT '',
    notes                   TEXT NOT NULL DEFAULT '',
    created_at              TEXT NOT NULL,
    updated_at              TEXT NOT NULL
);
INSERT INTO individuals_new (id, uid, family_name, given_names, date_of_birth, visor_ref, category, current_level,
                             lead_agency_id, rosh_level, olr, restricted_patient_order, notes, created_at, updated_at)
    SELECT id, uid, family_name, given_names, date_of_birth, visor_ref, category, current_level,
           lead_agency_id, rosh_level, olr, restricted_patient_order, notes, created_at, updated_at
    FROM individuals;
DROP TABLE individuals;
ALTER TABLE individuals_new RENAME TO individuals;

CREATE TABLE orders_new (
    id            INTEGER PRIMARY KEY,
    individual_id INTEGER NOT NULL REFERENCES individuals(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind <> ''),
    description   TEXT NOT NULL DEFAULT '',
    start_date    TEXT,
    end_date      TEXT,
    position      INTEGER NOT NULL DEFAULT 0
);
INSERT INTO orders_new (id, individual_id, kind, description, start_date, end_date, position)
    SELECT id, individual_id, kind, description, start_date, end_date, position FROM orders;
DROP TABLE orders;
ALTER TABLE orders_new RENAME TO orders;

CREATE TABLE meetings_new (
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
    updated_at                TEXT NOT NULL,
    tribunal_recommendation   TEXT NOT NULL DEFAULT '',
    tribunal_position         TEXT NOT NULL DEFAULT ''
);
INSERT INTO meetings_new (id, uid, individual_id, previous_meeting_id, kind, level, meeting_date, start_time,
                          end_time, location, chair_id, minute_taker_id, coordinator_id, lead_agency_id, status,
                          confidentiality_agreed, confidentiality_agreed_at, individual_informed_by, rosh_level,
                          victim_issues, diversity_issues, housing_notes, level_decision, level_after,
                          level_rationale, review_date, next_meeting_date, created_at, updated_at,
                          tribunal_recommendation, tribunal_position)
    SELECT id, uid, individual_id, previous_meeting_id, kind, level, meeting_date, start_time,
           end_time, location, chair_id, minute_taker_id, coordinator_id, lead_agency_id, status,
           confidentiality_agreed, confidentiality_agreed_at, individual_informed_by, rosh_level,
           victim_issues, diversity_issues, housing_notes, level_decision, level_after,
           level_rationale, review_date, next_meeting_date, created_at, updated_at,
           tribunal_recommendation, tribunal_position
    FROM meetings;
DROP TABLE meetings;
ALTER TABLE meetings_new RENAME TO meetings;

-- The indexes (0001, 0006, 0007) of the three tables, as they were. The full-text triggers on meetings went
-- with the old table; every open makes them again from the declarations (storage/fulltext_index.py).
CREATE INDEX orders_individual ON orders(individual_id);
CREATE INDEX meetings_by_date ON meetings(meeting_date);
CREATE INDEX meetings_newest ON meetings(individual_id, meeting_date, id, status, review_date, level,
                                         level_decision, level_after);
CREATE INDEX meetings_status ON meetings(status, meeting_date, individual_id, level);

PRAGMA legacy_alter_table = OFF;
