-- 0016 (issue 17 items 3 and 6): the risk management plan's version and who signed it off (their name, role and
-- the date), declared on Meeting in domain/model.py; and, with each request for a Minute, which of the reasons
-- document 9 names the reply letter gives for withholding the full Minute (codes of the jurisdiction's
-- `withheld_information` vocabulary, comma-separated, in the vocabulary's order; '' while none is chosen).

ALTER TABLE meetings ADD COLUMN plan_version TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN plan_signed_off_by TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN plan_signed_off_role TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN plan_signed_off_date TEXT;
ALTER TABLE minute_requests ADD COLUMN withheld TEXT NOT NULL DEFAULT '';
