-- 0015: the meeting as national document 5A asks (issue 17 item 2). Every action has a number within its
-- meeting (the Minute's "No." column: 1, 2, 3 ... in the order made), never reused nor shifted when an action is
-- removed; an action carried forward keeps the uid of the action it came from (the link travels between laptops,
-- where carried_from_action_id cannot); a review may record an action as ongoing (a new outcome); and each agenda
-- step may hold the chair's summary and the discussion. The fields are declared in domain/model.py (Action.number,
-- Action.carried_from_uid, AgendaItem.summary, AgendaItem.discussion); storage, the cockpit, the interchange format,
-- the full-text index and the seal follow from there.
--
-- SQLite cannot change a CHECK, so the actions table is rebuilt as 0009 rebuilt its tables (SQLite's twelve steps:
-- make the new table, copy every row with its id, drop the old one, rename the new one, make its indexes again).
-- The migration runs with foreign keys off (storage/migrations.py) and they are checked before it commits. The
-- audit and full-text triggers are made again at every open from the live tables and the declarations.
--
-- Existing actions are numbered in the order they were made within their meeting (position, then id), which is
-- the order every earlier Minute listed them in. meeting_action_numbers keeps the highest number each meeting has
-- given, so a removed action's number is never given again.

PRAGMA legacy_alter_table = ON;

CREATE TABLE actions_new (
    id                     INTEGER PRIMARY KEY,
    uid                    TEXT NOT NULL UNIQUE,
    meeting_id             INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    description            TEXT NOT NULL,
    person_name            TEXT NOT NULL DEFAULT '',
    agency_id              INTEGER REFERENCES agencies(id),
    due_date               TEXT,
    status                 TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    outcome                TEXT CHECK (outcome IN ('done', 'ongoing', 'not_done_circumstances_changed',
                                                   'not_done_by_agency')),
    outcome_note           TEXT NOT NULL DEFAULT '',
    reviewed_in_meeting_id INTEGER REFERENCES meetings(id),
    carried_from_action_id INTEGER REFERENCES actions(id),
    position               INTEGER NOT NULL DEFAULT 0,
    number                 INTEGER NOT NULL CHECK (number >= 1),
    carried_from_uid       TEXT
);
INSERT INTO actions_new (id, uid, meeting_id, description, person_name, agency_id, due_date, status, outcome,
                         outcome_note, reviewed_in_meeting_id, carried_from_action_id, position, number,
                         carried_from_uid)
    SELECT a.id, a.uid, a.meeting_id, a.description, a.person_name, a.agency_id, a.due_date, a.status, a.outcome,
           a.outcome_note, a.reviewed_in_meeting_id, a.carried_from_action_id, a.position,
           ROW_NUMBER() OVER (PARTITION BY a.meeting_id ORDER BY a.position, a.id),
           (SELECT o.uid FROM actions AS o WHERE o.id = a.carried_from_action_id)
    FROM actions AS a;
DROP TABLE actions;
ALTER TABLE actions_new RENAME TO actions;

-- The indexes of actions (0001, 0007), as they were, and the numbers' uniqueness within a meeting.
CREATE INDEX actions_meeting ON actions(meeting_id);
CREATE INDEX actions_due ON actions(status, due_date, meeting_id);
CREATE UNIQUE INDEX actions_number ON actions(meeting_id, number);

CREATE TABLE meeting_action_numbers (
    meeting_id  INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
    last_number INTEGER NOT NULL
);
INSERT INTO meeting_action_numbers (meeting_id, last_number)
    SELECT meeting_id, max(number) FROM actions GROUP BY meeting_id;

ALTER TABLE agenda_items ADD COLUMN summary TEXT NOT NULL DEFAULT '';
ALTER TABLE agenda_items ADD COLUMN discussion TEXT NOT NULL DEFAULT '';

PRAGMA legacy_alter_table = OFF;
