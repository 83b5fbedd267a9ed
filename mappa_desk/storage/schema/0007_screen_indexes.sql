-- 0007: indexes for the queries Home and "What is due" make, measured on a vault of 5,000 individuals
-- and 50,000 meetings (benchmarks/bench.py). A meeting row is wide (its free text lives in it), and in
-- SQLCipher every page read is decrypted, so these indexes hold every column those queries read:
-- the queries never touch the meetings or actions tables themselves.

-- Each individual's meetings, newest last, with what the home list and the review clock need.
-- It takes over from meetings_individual (individual_id, meeting_date), whose every use it serves.
DROP INDEX meetings_individual;
CREATE INDEX meetings_newest ON meetings(individual_id, meeting_date, id, status, review_date, level,
                                         level_decision, level_after);

-- Meetings by status: drafts and finals still to come, planned and cancelled meetings.
CREATE INDEX meetings_status ON meetings(status, meeting_date, individual_id, level);

-- Open actions by due date, with their meeting: the count of overdue actions reads only this index.
DROP INDEX actions_due;
CREATE INDEX actions_due ON actions(status, due_date, meeting_id);
