-- R-AVIS-6's backstop lets exactly one change through on a final decision: anonymisation (R-GDPR-2), the
-- update that cuts the application's identity key, may erase the decision's free texts.
DROP TRIGGER applications_final_is_final;
CREATE TRIGGER applications_final_is_final BEFORE UPDATE ON applications
WHEN OLD.state <> 'pending'
 AND (NEW.state <> OLD.state
      OR NEW.planned_entry_date IS NOT OLD.planned_entry_date
      OR (NEW.decision_draft <> OLD.decision_draft
          AND NOT (OLD.identity_key NOT LIKE 'anonymised:%' AND NEW.identity_key LIKE 'anonymised:%')))
BEGIN
    SELECT RAISE(ABORT, 'decision_final');
END;
