-- 0002: for restricted patients, the RMO's recommendation to a Mental Health Tribunal and the
-- MAPPA group's position on it (guidance 11.20), which the Executive Summary states.

ALTER TABLE meetings ADD COLUMN tribunal_recommendation TEXT NOT NULL DEFAULT ''
    CHECK (tribunal_recommendation IN ('', 'unescorted_suspension', 'conditional_discharge',
                                       'revocation_restriction_order'));
ALTER TABLE meetings ADD COLUMN tribunal_position TEXT NOT NULL DEFAULT ''
    CHECK (tribunal_position IN ('', 'supports', 'does_not_support'));
