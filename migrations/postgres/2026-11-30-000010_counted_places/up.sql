-- R-QUOTA-2..4's backstop counts rows instead of trusting a counter moved by application code: a batch that
-- moved the counter once per repeated reference could free places that were still held. The session's
-- counters are now written by the database alone, from the applications themselves.
DROP TRIGGER sessions_quota_backstop ON sessions;
DROP FUNCTION sessions_quota_backstop();

CREATE FUNCTION applications_count_places() RETURNS trigger AS $$
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
CREATE TRIGGER applications_count_places AFTER INSERT OR UPDATE OF state, session_id ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_count_places();

-- Counters written before this migration are recomputed from the rows.
UPDATE sessions SET
    places_held = (SELECT count(*) FROM applications a WHERE a.session_id = sessions.id
                   AND a.state IN ('pending', 'retained')),
    retained = (SELECT count(*) FROM applications a WHERE a.session_id = sessions.id AND a.state = 'retained');
