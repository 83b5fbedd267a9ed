-- 0010: the date a level decision takes effect (guidance 11.13 and the case audit: the level decided, and from
-- when), which the Minute prints under its MAPPA level. The field is declared in domain/model.py
-- (Meeting.level_effective_date); storage, the cockpit, the interchange format and the seal follow from there.

ALTER TABLE meetings ADD COLUMN level_effective_date TEXT;
