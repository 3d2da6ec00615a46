DROP TRIGGER applications_final_is_final;
CREATE TRIGGER applications_final_is_final BEFORE UPDATE ON applications
WHEN OLD.state <> 'pending'
 AND (NEW.state <> OLD.state OR NEW.decision_draft <> OLD.decision_draft
      OR NEW.planned_entry_date IS NOT OLD.planned_entry_date)
BEGIN
    SELECT RAISE(ABORT, 'decision_final');
END;
