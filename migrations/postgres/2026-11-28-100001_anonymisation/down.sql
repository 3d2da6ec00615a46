CREATE OR REPLACE FUNCTION applications_final_is_final() RETURNS trigger AS $$
BEGIN
    IF OLD.state <> 'pending' AND (NEW.state <> OLD.state OR NEW.decision_draft <> OLD.decision_draft
        OR NEW.planned_entry_date IS DISTINCT FROM OLD.planned_entry_date) THEN
        RAISE EXCEPTION 'decision_final' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
