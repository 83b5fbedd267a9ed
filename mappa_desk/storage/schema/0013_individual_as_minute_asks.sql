-- 0013: the individual as the MAPPA Minute's individual section asks (template 5A section 4): address, gender
-- and ethnicity as stated, agency references, case manager, custody status and expected release, index
-- offence(s), for a restricted patient the RMO, hospital and CPA, and the date the lead agency took over. The
-- fields are declared in domain/model.py (Individual); storage, the interchange format and documents follow.
--
-- The individual's details can be edited from this schema on (services/individuals.py). A meeting's Minute and
-- RMP print them as they stood at that meeting: a meeting keeps a copy of them, taken when the meeting is
-- closed, and in any case before the individual's details are first changed after it (so a meeting closed
-- before this schema, when the details could not be edited, keeps the details it was held with).

ALTER TABLE individuals ADD COLUMN address TEXT NOT NULL DEFAULT '';
ALTER TABLE individuals ADD COLUMN gender TEXT NOT NULL DEFAULT '';
ALTER TABLE individuals ADD COLUMN ethnicity TEXT NOT NULL DEFAULT '';
ALTER TABLE individuals ADD COLUMN agency_references TEXT NOT NULL DEFAULT '';
ALTER TABLE individuals ADD COLUMN case_manager TEXT NOT NULL DEFAULT '';
ALTER TABLE individuals ADD COLUMN custody_status TEXT;
ALTER TABLE individuals ADD COLUMN expected_release TEXT;
ALTER TABLE individuals ADD COLUMN index_offences TEXT NOT NULL DEFAULT '';
ALTER TABLE individuals ADD COLUMN rmo TEXT NOT NULL DEFAULT '';
ALTER TABLE individuals ADD COLUMN hospital TEXT NOT NULL DEFAULT '';
ALTER TABLE individuals ADD COLUMN cpa TEXT NOT NULL DEFAULT '';
ALTER TABLE individuals ADD COLUMN lead_agency_since TEXT;

-- The individual's details as they stood at one meeting (JSON, as services/individuals.py writes them).
CREATE TABLE meeting_individual_snapshots (
    meeting_id INTEGER PRIMARY KEY REFERENCES meetings(id) ON DELETE CASCADE,
    details    TEXT NOT NULL,
    taken_at   TEXT NOT NULL
);
