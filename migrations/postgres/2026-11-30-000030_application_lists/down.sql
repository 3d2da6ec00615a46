DROP INDEX applications_prescriber_state;
CREATE INDEX applications_prescriber ON applications (prescriber_organisation_id, state, received_at);
DROP INDEX applications_session_state;
CREATE INDEX applications_session_state ON applications (session_id, state, received_at);
CREATE OR REPLACE FUNCTION applications_count_places() RETURNS trigger AS $$
DECLARE
    session sessions%ROWTYPE;
    held BIGINT;
    kept BIGINT;
    was_holding BOOLEAN := TG_OP = 'UPDATE' AND OLD.state IN ('pending', 'retained');
    was_retained BOOLEAN := TG_OP = 'UPDATE' AND OLD.state = 'retained';
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.session_id <> OLD.session_id THEN
        RAISE EXCEPTION 'application_session_fixed' USING ERRCODE = 'check_violation';
    END IF;
    -- The row lock orders every writer of the session, even one that forgot to take it; each statement
    -- below then reads a fresh snapshot (READ COMMITTED), so the counts include every committed change.
    SELECT * INTO session FROM sessions WHERE id = NEW.session_id FOR UPDATE;
    SELECT count(*) FILTER (WHERE state IN ('pending', 'retained')), count(*) FILTER (WHERE state = 'retained')
        INTO held, kept
        FROM applications WHERE session_id = NEW.session_id;
    IF NEW.state IN ('pending', 'retained') AND NOT was_holding AND held > session.capacity * session.coefficient THEN
        RAISE EXCEPTION 'session_full' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.state = 'retained' AND NOT was_retained AND kept > session.capacity THEN
        RAISE EXCEPTION 'capacity_reached' USING ERRCODE = 'check_violation';
    END IF;
    UPDATE sessions SET places_held = held, retained = kept WHERE id = NEW.session_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
ALTER TABLE sessions
    DROP COLUMN refused_session_cancelled,
    DROP COLUMN refused_session_full,
    DROP COLUMN no_decision_sent,
    DROP COLUMN not_retained;
DROP TRIGGER trainings_copy_to_applications ON trainings;
DROP FUNCTION trainings_copy_to_applications();
DROP TRIGGER sessions_copy_to_applications ON sessions;
DROP FUNCTION sessions_copy_to_applications();
ALTER TABLE applications
    DROP COLUMN session_end,
    DROP COLUMN session_start,
    DROP COLUMN positioner_organisation_id,
    DROP COLUMN trainer_organisation_id,
    DROP COLUMN responsible_organisation_id;
