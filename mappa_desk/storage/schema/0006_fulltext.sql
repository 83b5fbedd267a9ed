-- 0006: full-text search across the minutes (mappa_desk/services/fulltext.py).
--
-- One index row per row of the record (per field for the meeting's own free text), kept in step by
-- the triggers below, so an autosave edit rewrites one index row, never the whole meeting. A risk's
-- scenarios are indexed with the risk, a decision's positions and options not taken with the
-- decision: a cascade deletes those children after their parent, when their meeting can no longer
-- be found, and their index row goes with the parent's. A row with no text has no index row.
--
-- The index row's rowid is (meeting id << 36) | (kind << 31) | source row id, the kinds numbered in
-- the Minute's order (view minutes_text). So a trigger finds a row's index entry without a search,
-- the meetings a search matched come straight from the rowids (newest first costs no look-up per
-- match), and a meeting's hits read in the Minute's order. Limits: row ids below 2^31, meeting ids
-- below 2^27.
--
-- The index holds no copy of the text (contentless, deletes allowed): the views below are the one
-- definition of each row's text, used by the triggers, by the fill at the end, and by the service to
-- show a snippet. `secure-delete` removes a deleted row's words from the index at once, as
-- PRAGMA secure_delete does for the tables. The tokenizer folds case and accents ("Zoë" finds
-- "zoe"). There is no prefix index: with these sparse rowids it would more than double the index,
-- and a prefix of three or more letters is fast enough without one (the service matches one- and
-- two-letter words whole). The index is derived data: it is not audited (storage/audit.py skips
-- virtual and shadow tables), and PRAGMA integrity_check (doctor, backups) checks it.

CREATE VIRTUAL TABLE minutes_fts USING fts5(
    text, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 2'
);
INSERT INTO minutes_fts (minutes_fts, rank) VALUES ('secure-delete', 1);

-- Newest first: the search walks this index and stops at the page's last meeting.
CREATE INDEX meetings_by_date ON meetings(meeting_date);

-- The text of each kind of row: key (the index rowid), kind, id (in its table), meeting_id, text.
CREATE VIEW minutes_text_meeting AS
    SELECT (id << 36) | (1 << 31) | id AS key, 1 AS kind, id, id AS meeting_id, location AS text FROM meetings
    UNION ALL
    SELECT (id << 36) | (3 << 31) | id, 3, id, id, individual_informed_by FROM meetings
    UNION ALL
    SELECT (id << 36) | (6 << 31) | id, 6, id, id, victim_issues FROM meetings
    UNION ALL
    SELECT (id << 36) | (7 << 31) | id, 7, id, id, diversity_issues FROM meetings
    UNION ALL
    SELECT (id << 36) | (10 << 31) | id, 10, id, id, housing_notes FROM meetings
    UNION ALL
    SELECT (id << 36) | (13 << 31) | id, 13, id, id, level_rationale FROM meetings;

CREATE VIEW minutes_text_attendance AS
    SELECT (meeting_id << 36) | (2 << 31) | id AS key, 2 AS kind, id, meeting_id, limitation AS text
    FROM attendance;

CREATE VIEW minutes_text_information AS
    SELECT (meeting_id << 36) | (4 << 31) | id AS key, 4 AS kind, id, meeting_id, text FROM information_items;

CREATE VIEW minutes_text_risk AS
    SELECT (r.meeting_id << 36) | (5 << 31) | r.id AS key, 5 AS kind, r.id, r.meeting_id,
           concat_ws(char(10), nullif(r.kind, ''), nullif(r.description, ''),
                     nullif(r.strategy_rationale, ''),
                     (SELECT group_concat(concat_ws(char(10), nullif(s.context, ''), nullif(s.what, ''),
                                                    nullif(s.who_at_risk, ''), nullif(s.when_likely, ''),
                                                    nullif(s.how, ''), nullif(s.why, '')),
                                          char(10) ORDER BY s.position, s.id)
                      FROM risk_scenarios AS s WHERE s.risk_id = r.id)) AS text
    FROM risks AS r;

CREATE VIEW minutes_text_rmp_measure AS
    SELECT (meeting_id << 36) | (8 << 31) | id AS key, 8 AS kind, id, meeting_id,
           concat_ws(char(10), nullif(description, ''), nullif(person_name, ''),
                     nullif(timescale, '')) AS text
    FROM rmp_measures;

CREATE VIEW minutes_text_contingency AS
    SELECT (meeting_id << 36) | (9 << 31) | id AS key, 9 AS kind, id, meeting_id,
           concat_ws(char(10), nullif(trigger, ''), nullif(response, ''), nullif(person_name, '')) AS text
    FROM contingencies;

CREATE VIEW minutes_text_decision AS
    SELECT (d.meeting_id << 36) | (11 << 31) | d.id AS key, 11 AS kind, d.id, d.meeting_id,
           concat_ws(char(10), nullif(d.question, ''), nullif(d.options_considered, ''),
                     nullif(d.decision_text, ''), nullif(d.rationale, ''), nullif(d.how_proceeded, ''),
                     (SELECT group_concat(nullif(p.reason, ''), char(10) ORDER BY p.position, p.id)
                      FROM decision_positions AS p WHERE p.decision_id = d.id),
                     (SELECT group_concat(concat_ws(char(10), nullif(o.option_text, ''),
                                                    nullif(o.reason, '')),
                                          char(10) ORDER BY o.position, o.id)
                      FROM options_not_taken AS o WHERE o.decision_id = d.id)) AS text
    FROM decisions AS d;

CREATE VIEW minutes_text_disclosure AS
    SELECT (meeting_id << 36) | (12 << 31) | id AS key, 12 AS kind, id, meeting_id,
           concat_ws(char(10), nullif(to_whom, ''), nullif(what, ''), nullif(by_person, ''),
                     nullif(reason_not_made, '')) AS text
    FROM disclosures;

CREATE VIEW minutes_text_action AS
    SELECT (meeting_id << 36) | (14 << 31) | id AS key, 14 AS kind, id, meeting_id,
           concat_ws(char(10), nullif(description, ''), nullif(person_name, ''),
                     nullif(outcome_note, '')) AS text
    FROM actions;

CREATE VIEW minutes_text_addendum AS
    SELECT (meeting_id << 36) | (15 << 31) | id AS key, 15 AS kind, id, meeting_id,
           concat_ws(char(10), nullif(reason, ''), nullif(text, '')) AS text
    FROM addenda;

CREATE VIEW minutes_text AS
    SELECT * FROM minutes_text_meeting UNION ALL SELECT * FROM minutes_text_attendance
    UNION ALL SELECT * FROM minutes_text_information UNION ALL SELECT * FROM minutes_text_risk
    UNION ALL SELECT * FROM minutes_text_rmp_measure UNION ALL SELECT * FROM minutes_text_contingency
    UNION ALL SELECT * FROM minutes_text_decision UNION ALL SELECT * FROM minutes_text_disclosure
    UNION ALL SELECT * FROM minutes_text_action UNION ALL SELECT * FROM minutes_text_addendum;

-- The meeting's own fields: each edit of one field rewrites that field's index row only.
CREATE TRIGGER minutes_fts_meeting_insert AFTER INSERT ON meetings BEGIN
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_meeting
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_meeting_delete AFTER DELETE ON meetings BEGIN
    DELETE FROM minutes_fts WHERE rowid IN (SELECT (OLD.id << 36) | (value << 31) | OLD.id
                                            FROM json_each('[1, 3, 6, 7, 10, 13]'));
END;
CREATE TRIGGER minutes_fts_location_update AFTER UPDATE OF location ON meetings
WHEN OLD.location IS NOT NEW.location BEGIN
    DELETE FROM minutes_fts WHERE rowid = (NEW.id << 36) | (1 << 31) | NEW.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_meeting
    WHERE id = NEW.id AND kind = 1 AND text <> '';
END;
CREATE TRIGGER minutes_fts_informed_by_update AFTER UPDATE OF individual_informed_by ON meetings
WHEN OLD.individual_informed_by IS NOT NEW.individual_informed_by BEGIN
    DELETE FROM minutes_fts WHERE rowid = (NEW.id << 36) | (3 << 31) | NEW.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_meeting
    WHERE id = NEW.id AND kind = 3 AND text <> '';
END;
CREATE TRIGGER minutes_fts_victim_issues_update AFTER UPDATE OF victim_issues ON meetings
WHEN OLD.victim_issues IS NOT NEW.victim_issues BEGIN
    DELETE FROM minutes_fts WHERE rowid = (NEW.id << 36) | (6 << 31) | NEW.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_meeting
    WHERE id = NEW.id AND kind = 6 AND text <> '';
END;
CREATE TRIGGER minutes_fts_diversity_issues_update AFTER UPDATE OF diversity_issues ON meetings
WHEN OLD.diversity_issues IS NOT NEW.diversity_issues BEGIN
    DELETE FROM minutes_fts WHERE rowid = (NEW.id << 36) | (7 << 31) | NEW.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_meeting
    WHERE id = NEW.id AND kind = 7 AND text <> '';
END;
CREATE TRIGGER minutes_fts_housing_notes_update AFTER UPDATE OF housing_notes ON meetings
WHEN OLD.housing_notes IS NOT NEW.housing_notes BEGIN
    DELETE FROM minutes_fts WHERE rowid = (NEW.id << 36) | (10 << 31) | NEW.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_meeting
    WHERE id = NEW.id AND kind = 10 AND text <> '';
END;
CREATE TRIGGER minutes_fts_level_rationale_update AFTER UPDATE OF level_rationale ON meetings
WHEN OLD.level_rationale IS NOT NEW.level_rationale BEGIN
    DELETE FROM minutes_fts WHERE rowid = (NEW.id << 36) | (13 << 31) | NEW.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_meeting
    WHERE id = NEW.id AND kind = 13 AND text <> '';
END;

-- Each row of the record: its index row follows it.
CREATE TRIGGER minutes_fts_attendance_insert AFTER INSERT ON attendance BEGIN
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_attendance
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_attendance_update AFTER UPDATE OF limitation, meeting_id ON attendance
WHEN OLD.limitation IS NOT NEW.limitation OR OLD.meeting_id IS NOT NEW.meeting_id BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (2 << 31) | OLD.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_attendance
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_attendance_delete AFTER DELETE ON attendance BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (2 << 31) | OLD.id;
END;
CREATE TRIGGER minutes_fts_information_insert AFTER INSERT ON information_items BEGIN
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_information
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_information_update AFTER UPDATE OF text, meeting_id ON information_items
WHEN OLD.text IS NOT NEW.text OR OLD.meeting_id IS NOT NEW.meeting_id BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (4 << 31) | OLD.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_information
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_information_delete AFTER DELETE ON information_items BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (4 << 31) | OLD.id;
END;
CREATE TRIGGER minutes_fts_risk_insert AFTER INSERT ON risks BEGIN
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_risk
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_risk_update AFTER UPDATE OF kind, description, strategy_rationale,
    meeting_id ON risks
WHEN OLD.kind IS NOT NEW.kind OR OLD.description IS NOT NEW.description
  OR OLD.strategy_rationale IS NOT NEW.strategy_rationale OR OLD.meeting_id IS NOT NEW.meeting_id BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (5 << 31) | OLD.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_risk
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_risk_delete AFTER DELETE ON risks BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (5 << 31) | OLD.id;
END;
CREATE TRIGGER minutes_fts_rmp_measure_insert AFTER INSERT ON rmp_measures BEGIN
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_rmp_measure
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_rmp_measure_update AFTER UPDATE OF description, person_name, timescale,
    meeting_id ON rmp_measures
WHEN OLD.description IS NOT NEW.description OR OLD.person_name IS NOT NEW.person_name
  OR OLD.timescale IS NOT NEW.timescale OR OLD.meeting_id IS NOT NEW.meeting_id BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (8 << 31) | OLD.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_rmp_measure
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_rmp_measure_delete AFTER DELETE ON rmp_measures BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (8 << 31) | OLD.id;
END;
CREATE TRIGGER minutes_fts_contingency_insert AFTER INSERT ON contingencies BEGIN
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_contingency
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_contingency_update AFTER UPDATE OF trigger, response, person_name,
    meeting_id ON contingencies
WHEN OLD.trigger IS NOT NEW.trigger OR OLD.response IS NOT NEW.response
  OR OLD.person_name IS NOT NEW.person_name OR OLD.meeting_id IS NOT NEW.meeting_id BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (9 << 31) | OLD.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_contingency
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_contingency_delete AFTER DELETE ON contingencies BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (9 << 31) | OLD.id;
END;
CREATE TRIGGER minutes_fts_decision_insert AFTER INSERT ON decisions BEGIN
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_decision
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_decision_update AFTER UPDATE OF question, options_considered,
    decision_text, rationale, how_proceeded, meeting_id ON decisions
WHEN OLD.question IS NOT NEW.question OR OLD.options_considered IS NOT NEW.options_considered
  OR OLD.decision_text IS NOT NEW.decision_text OR OLD.rationale IS NOT NEW.rationale
  OR OLD.how_proceeded IS NOT NEW.how_proceeded OR OLD.meeting_id IS NOT NEW.meeting_id BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (11 << 31) | OLD.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_decision
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_decision_delete AFTER DELETE ON decisions BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (11 << 31) | OLD.id;
END;
CREATE TRIGGER minutes_fts_disclosure_insert AFTER INSERT ON disclosures BEGIN
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_disclosure
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_disclosure_update AFTER UPDATE OF to_whom, what, by_person,
    reason_not_made, meeting_id ON disclosures
WHEN OLD.to_whom IS NOT NEW.to_whom OR OLD.what IS NOT NEW.what
  OR OLD.by_person IS NOT NEW.by_person OR OLD.reason_not_made IS NOT NEW.reason_not_made
  OR OLD.meeting_id IS NOT NEW.meeting_id BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (12 << 31) | OLD.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_disclosure
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_disclosure_delete AFTER DELETE ON disclosures BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (12 << 31) | OLD.id;
END;
CREATE TRIGGER minutes_fts_action_insert AFTER INSERT ON actions BEGIN
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_action
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_action_update AFTER UPDATE OF description, person_name, outcome_note,
    meeting_id ON actions
WHEN OLD.description IS NOT NEW.description OR OLD.person_name IS NOT NEW.person_name
  OR OLD.outcome_note IS NOT NEW.outcome_note OR OLD.meeting_id IS NOT NEW.meeting_id BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (14 << 31) | OLD.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_action
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_action_delete AFTER DELETE ON actions BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (14 << 31) | OLD.id;
END;
CREATE TRIGGER minutes_fts_addendum_insert AFTER INSERT ON addenda BEGIN
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_addendum
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_addendum_update AFTER UPDATE OF reason, text, meeting_id ON addenda
WHEN OLD.reason IS NOT NEW.reason OR OLD.text IS NOT NEW.text
  OR OLD.meeting_id IS NOT NEW.meeting_id BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (15 << 31) | OLD.id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_addendum
    WHERE id = NEW.id AND text <> '';
END;
CREATE TRIGGER minutes_fts_addendum_delete AFTER DELETE ON addenda BEGIN
    DELETE FROM minutes_fts WHERE rowid = (OLD.meeting_id << 36) | (15 << 31) | OLD.id;
END;

-- A risk's scenarios and a decision's positions and options not taken: the parent's index row is
-- written again (in a cascade the parent is gone already, and its own trigger removes its row).
CREATE TRIGGER minutes_fts_risk_scenario_insert AFTER INSERT ON risk_scenarios BEGIN
    DELETE FROM minutes_fts
    WHERE rowid = (SELECT key FROM minutes_text_risk WHERE id = NEW.risk_id);
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_risk
    WHERE id = NEW.risk_id AND text <> '';
END;
CREATE TRIGGER minutes_fts_risk_scenario_update AFTER UPDATE OF context, what, who_at_risk,
    when_likely, how, why, position, risk_id ON risk_scenarios
WHEN OLD.context IS NOT NEW.context OR OLD.what IS NOT NEW.what
  OR OLD.who_at_risk IS NOT NEW.who_at_risk OR OLD.when_likely IS NOT NEW.when_likely
  OR OLD.how IS NOT NEW.how OR OLD.why IS NOT NEW.why OR OLD.position IS NOT NEW.position
  OR OLD.risk_id IS NOT NEW.risk_id BEGIN
    DELETE FROM minutes_fts
    WHERE rowid = (SELECT key FROM minutes_text_risk WHERE id = OLD.risk_id);
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_risk
    WHERE id = OLD.risk_id AND text <> '';
    DELETE FROM minutes_fts
    WHERE rowid = (SELECT key FROM minutes_text_risk WHERE id = NEW.risk_id)
      AND NEW.risk_id IS NOT OLD.risk_id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_risk
    WHERE id = NEW.risk_id AND text <> '' AND NEW.risk_id IS NOT OLD.risk_id;
END;
CREATE TRIGGER minutes_fts_risk_scenario_delete AFTER DELETE ON risk_scenarios BEGIN
    DELETE FROM minutes_fts
    WHERE rowid = (SELECT key FROM minutes_text_risk WHERE id = OLD.risk_id);
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_risk
    WHERE id = OLD.risk_id AND text <> '';
END;
CREATE TRIGGER minutes_fts_position_insert AFTER INSERT ON decision_positions BEGIN
    DELETE FROM minutes_fts
    WHERE rowid = (SELECT key FROM minutes_text_decision WHERE id = NEW.decision_id);
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_decision
    WHERE id = NEW.decision_id AND text <> '';
END;
CREATE TRIGGER minutes_fts_position_update AFTER UPDATE OF reason, position, decision_id ON decision_positions
WHEN OLD.reason IS NOT NEW.reason OR OLD.position IS NOT NEW.position
  OR OLD.decision_id IS NOT NEW.decision_id BEGIN
    DELETE FROM minutes_fts
    WHERE rowid = (SELECT key FROM minutes_text_decision WHERE id = OLD.decision_id);
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_decision
    WHERE id = OLD.decision_id AND text <> '';
    DELETE FROM minutes_fts
    WHERE rowid = (SELECT key FROM minutes_text_decision WHERE id = NEW.decision_id)
      AND NEW.decision_id IS NOT OLD.decision_id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_decision
    WHERE id = NEW.decision_id AND text <> '' AND NEW.decision_id IS NOT OLD.decision_id;
END;
CREATE TRIGGER minutes_fts_position_delete AFTER DELETE ON decision_positions BEGIN
    DELETE FROM minutes_fts
    WHERE rowid = (SELECT key FROM minutes_text_decision WHERE id = OLD.decision_id);
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_decision
    WHERE id = OLD.decision_id AND text <> '';
END;
CREATE TRIGGER minutes_fts_option_not_taken_insert AFTER INSERT ON options_not_taken BEGIN
    DELETE FROM minutes_fts
    WHERE rowid = (SELECT key FROM minutes_text_decision WHERE id = NEW.decision_id);
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_decision
    WHERE id = NEW.decision_id AND text <> '';
END;
CREATE TRIGGER minutes_fts_option_not_taken_update AFTER UPDATE OF option_text, reason, position,
    decision_id ON options_not_taken
WHEN OLD.option_text IS NOT NEW.option_text OR OLD.reason IS NOT NEW.reason
  OR OLD.position IS NOT NEW.position OR OLD.decision_id IS NOT NEW.decision_id BEGIN
    DELETE FROM minutes_fts
    WHERE rowid = (SELECT key FROM minutes_text_decision WHERE id = OLD.decision_id);
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_decision
    WHERE id = OLD.decision_id AND text <> '';
    DELETE FROM minutes_fts
    WHERE rowid = (SELECT key FROM minutes_text_decision WHERE id = NEW.decision_id)
      AND NEW.decision_id IS NOT OLD.decision_id;
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_decision
    WHERE id = NEW.decision_id AND text <> '' AND NEW.decision_id IS NOT OLD.decision_id;
END;
CREATE TRIGGER minutes_fts_option_not_taken_delete AFTER DELETE ON options_not_taken BEGIN
    DELETE FROM minutes_fts
    WHERE rowid = (SELECT key FROM minutes_text_decision WHERE id = OLD.decision_id);
    INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text_decision
    WHERE id = OLD.decision_id AND text <> '';
END;

-- Fill the index from the record already in the vault.
INSERT INTO minutes_fts (rowid, text) SELECT key, text FROM minutes_text WHERE text <> '';
