-- 0011: the risk management plan as national documents 6 and 7B ask (issue 17): part A's basis of assessment,
-- risk formulation, risk and protective factors; the plan's context and timeframe and its exit strategy; whether
-- the plan was agreed, agreed with amendments or not agreed (NULL: not recorded); each measure's frequency,
-- start date and review date; and each contingency's contact. The fields are declared in domain/model.py
-- (Meeting, RmpMeasure, Contingency); storage, the cockpit, the interchange format and the seal follow from there.

ALTER TABLE meetings ADD COLUMN basis_of_assessment TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN risk_formulation TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN risk_factors TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN protective_factors TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN plan_context TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN exit_strategy TEXT NOT NULL DEFAULT '';
ALTER TABLE meetings ADD COLUMN plan_agreement TEXT;
ALTER TABLE rmp_measures ADD COLUMN frequency TEXT NOT NULL DEFAULT '';
ALTER TABLE rmp_measures ADD COLUMN start_date TEXT;
ALTER TABLE rmp_measures ADD COLUMN review_date TEXT;
ALTER TABLE contingencies ADD COLUMN contact TEXT NOT NULL DEFAULT '';
