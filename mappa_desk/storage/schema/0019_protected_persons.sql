-- 0019: the people and places a meeting's record protects from release (issue 18 item 4): victims, potential
-- victims, children, partners, their addresses, schools and workplaces. Every mention of them is masked in what
-- leaves the Minute and RMP (domain/protect.py). The fields are declared in domain/model.py (ProtectedPerson);
-- `kind` is a code of domain/enums.py PROTECTED_KINDS, NULL when not recorded; `other_forms` are other ways the
-- name or place is written, separated by semicolons.

CREATE TABLE protected_persons (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
    name        TEXT NOT NULL DEFAULT '',
    kind        TEXT CHECK (kind IS NULL OR kind IN ('victim', 'potential_victim', 'child', 'partner', 'address',
                                                     'school', 'workplace', 'other')),
    other_forms TEXT NOT NULL DEFAULT '',
    position    INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX protected_persons_meeting ON protected_persons(meeting_id);
