-- R-AVIS-6's backstop lets exactly one change through on a final decision: anonymisation (R-GDPR-2), the
-- update that cuts the application's identity key, may erase the decision's free texts.
CREATE OR REPLACE FUNCTION applications_final_is_final() RETURNS trigger AS $$
DECLARE
    anonymising boolean := OLD.identity_key NOT LIKE 'anonymised:%' AND NEW.identity_key LIKE 'anonymised:%';
BEGIN
    IF OLD.state <> 'pending' AND (NEW.state <> OLD.state
        OR NEW.planned_entry_date IS DISTINCT FROM OLD.planned_entry_date
        OR (NEW.decision_draft <> OLD.decision_draft AND NOT anonymising)) THEN
        RAISE EXCEPTION 'decision_final' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
