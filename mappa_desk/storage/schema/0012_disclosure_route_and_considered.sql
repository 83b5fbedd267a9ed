-- 0012: disclosure as the document set asks it to be logged (official-documents.md 2.8, guidance 11.23): on each
-- disclosure, its route and whether (and by whom) the individual is told of it; on the meeting, that disclosure
-- was considered and none is needed, with the reason, recorded without a disclosure row. The fields are declared
-- in domain/model.py (Disclosure.route, route_detail, individual_told, individual_told_by;
-- Meeting.disclosure_considered, disclosure_none_reason); storage, the cockpit, the interchange format, the
-- full-text index and the seal follow from there. The route's codes are the jurisdiction's (profile.json
-- vocabularies.disclosure_routes), so they are not checked here (as 0009); the meeting's choice is the product's
-- own (domain.enums.DISCLOSURE_CONSIDERATIONS), checked like the product's other vocabularies.

ALTER TABLE disclosures ADD COLUMN route TEXT;
ALTER TABLE disclosures ADD COLUMN route_detail TEXT NOT NULL DEFAULT '';
ALTER TABLE disclosures ADD COLUMN individual_told INTEGER NOT NULL DEFAULT 0 CHECK (individual_told IN (0, 1));
ALTER TABLE disclosures ADD COLUMN individual_told_by TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN disclosure_considered TEXT
    CHECK (disclosure_considered IS NULL OR disclosure_considered IN ('none_needed', 'recorded'));
ALTER TABLE meetings ADD COLUMN disclosure_none_reason TEXT NOT NULL DEFAULT '';
