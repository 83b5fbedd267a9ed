-- 0021: each individual's review clock, kept in step with their meetings (issue 19: Home grows far slower than
-- the caseload). One row per individual: the latest decided meeting (its id and date) and the review date it set,
-- with copies of the individual's names, so that one index gives the home list's order (most urgent first, then
-- by name) and "What is due" its reviews by date, without walking every individual's meetings at every listing.
-- The rows are derived, never typed: the triggers that keep them in step, and the first fill, are made at every
-- open from the rule of which meetings count as decided (storage/review_clock.py), in the same transaction as
-- the change to a meeting or an individual. It is not part of the record, so the audit trail does not log it.

CREATE TABLE review_clock (
    individual_id INTEGER PRIMARY KEY,
    family_name   TEXT NOT NULL,
    given_names   TEXT NOT NULL,
    meeting_id    INTEGER,
    meeting_date  TEXT,
    review_due    TEXT
);

-- The home list's order: a review date first (earliest first), no review date last; then by name.
CREATE INDEX review_clock_order ON review_clock(review_due IS NULL, review_due, family_name, given_names,
                                                individual_id);

-- The few individuals under an order for lifelong restriction, for their yearly review.
CREATE INDEX individuals_olr ON individuals(id) WHERE olr = 1;
