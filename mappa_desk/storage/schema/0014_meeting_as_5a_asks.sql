-- 0014: the meeting as national document 5A asks (issue 17 item 2; official-documents.md 1.1 rows 2, 3, 5 and
-- 14, 1.2). On the meeting: the standard purposes the chair ticked (codes of the jurisdiction's
-- profile.json vocabularies.meeting_purposes, separated by commas, so not checked here, as 0009) and any other
-- purpose; whether it was an emergency meeting; for a review whose previous meeting is not in the vault, the
-- date and level of the meeting reviewed as the chair recorded them; the date the Minute was approved. On each
-- attendance row: the organisation behind the agency. And the Minute's circulation list: who received which
-- document, when. The fields are declared in domain/model.py (Meeting, Attendance, Circulation); storage, the
-- cockpit, the interchange format and the seal follow from there.

ALTER TABLE meetings ADD COLUMN purposes TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN purpose_other TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN emergency INTEGER NOT NULL DEFAULT 0 CHECK (emergency IN (0, 1));
ALTER TABLE meetings ADD COLUMN reviewed_meeting_date TEXT;
ALTER TABLE meetings ADD COLUMN reviewed_meeting_level INTEGER
    CHECK (reviewed_meeting_level IS NULL OR reviewed_meeting_level IN (2, 3));
ALTER TABLE meetings ADD COLUMN approved_date TEXT;
ALTER TABLE attendance ADD COLUMN organisation TEXT NOT NULL DEFAULT '';

CREATE TABLE circulation (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    recipient   TEXT NOT NULL DEFAULT '',
    agency_id   INTEGER REFERENCES agencies(id),
    organisation TEXT NOT NULL DEFAULT '',
    document    TEXT NOT NULL DEFAULT '',
    sent_date   TEXT,
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX circulation_meeting ON circulation(meeting_id);
