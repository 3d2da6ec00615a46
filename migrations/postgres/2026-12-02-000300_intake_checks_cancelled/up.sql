-- Intake on PostgreSQL decides on the session as read without its lock, and leaves the lock to the insert's
-- trigger (issue 11: one popular session held its row lock across six round trips). What the trigger reads
-- under the lock is then the last word: a place taken beyond the quota (R-QUOTA-3), and now a pending
-- application written into a session cancelled meanwhile (R-APP-2), are refused, and the intake runs again
-- with the lock taken first. (A retained application stays when its session is cancelled: only new ones are
-- refused.)
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
    -- NO KEY UPDATE, as an update of the counters takes: the insert's own foreign key check holds a KEY SHARE
    -- lock on the session, which FOR UPDATE would wait on in every other intake of it (a deadlock each).
    SELECT * INTO session FROM sessions WHERE id = NEW.session_id FOR NO KEY UPDATE;
    SELECT count(*) FILTER (WHERE state IN ('pending', 'retained')), count(*) FILTER (WHERE state = 'retained')
        INTO held, kept
        FROM applications WHERE session_id = NEW.session_id AND state IN ('pending', 'retained');
    IF NEW.state IN ('pending', 'retained') AND NOT was_holding AND held > session.capacity * session.coefficient THEN
        RAISE EXCEPTION 'session_full' USING ERRCODE = 'check_violation';
    END IF;
    IF TG_OP = 'INSERT' AND NEW.state = 'pending' AND session.cancelled THEN
        RAISE EXCEPTION 'session_cancelled' USING ERRCODE = 'check_violation';
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
