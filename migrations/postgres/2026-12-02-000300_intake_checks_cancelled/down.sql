CREATE OR REPLACE FUNCTION applications_count_places() RETURNS trigger AS $$
DECLARE
    session sessions%ROWTYPE;
    held BIGINT;
    kept BIGINT;
    was_holding BOOLEAN := TG_OP = 'UPDATE' AND OLD.state IN ('pending', 'retained');
    was_retained BOOLEAN := TG_OP = 'UPDATE' AND OLD.state = 'retained';
    old_state TEXT := CASE WHEN TG_OP = 'UPDATE' THEN OLD.state END;
BEGIN
    IF TG_OP = 'UPDATE' AND NEW.session_id <> OLD.session_id THEN
        RAISE EXCEPTION 'application_session_fixed' USING ERRCODE = 'check_violation';
    END IF;
    -- The row lock orders every writer of the session, even one that forgot to take it; each statement
    -- below then reads a fresh snapshot (READ COMMITTED), so the counts include every committed change.
    SELECT * INTO session FROM sessions WHERE id = NEW.session_id FOR UPDATE;
    SELECT count(*) FILTER (WHERE state IN ('pending', 'retained')), count(*) FILTER (WHERE state = 'retained')
        INTO held, kept
        FROM applications WHERE session_id = NEW.session_id AND state IN ('pending', 'retained');
    IF NEW.state IN ('pending', 'retained') AND NOT was_holding AND held > session.capacity * session.coefficient THEN
        RAISE EXCEPTION 'session_full' USING ERRCODE = 'check_violation';
    END IF;
    IF NEW.state = 'retained' AND NOT was_retained AND kept > session.capacity THEN
        RAISE EXCEPTION 'capacity_reached' USING ERRCODE = 'check_violation';
    END IF;
    UPDATE sessions SET
        places_held = held,
        retained = kept,
        not_retained = not_retained + (NEW.state = 'not_retained')::int
                       - COALESCE(old_state = 'not_retained', FALSE)::int,
        no_decision_sent = no_decision_sent + (NEW.state = 'no_decision_sent')::int
                           - COALESCE(old_state = 'no_decision_sent', FALSE)::int,
        refused_session_full = refused_session_full + (NEW.state = 'refused_session_full')::int
                               - COALESCE(old_state = 'refused_session_full', FALSE)::int,
        refused_session_cancelled = refused_session_cancelled + (NEW.state = 'refused_session_cancelled')::int
                                    - COALESCE(old_state = 'refused_session_cancelled', FALSE)::int
    WHERE id = NEW.session_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
