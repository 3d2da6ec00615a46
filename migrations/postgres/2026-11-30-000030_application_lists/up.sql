-- Lists that do not grow with the table (issue 11). Each application carries a copy of what its lists filter
-- and sort on — its session's organisations and dates — so one index per role serves a page with LIMIT and a
-- keyset, instead of joining sessions and trainings over an organisation's whole set. The database keeps the
-- copies right: the triggers below follow every change of a session or of a training's responsible
-- organisation. Each session also counts its applications in the final states, so a list's counts per state
-- sum the organisation's sessions instead of scanning its applications.
ALTER TABLE applications
    ADD COLUMN responsible_organisation_id BIGINT,
    ADD COLUMN trainer_organisation_id BIGINT,
    ADD COLUMN positioner_organisation_id BIGINT,
    ADD COLUMN session_start DATE,
    ADD COLUMN session_end DATE;

UPDATE applications a SET
    responsible_organisation_id = t.responsible_organisation_id,
    trainer_organisation_id = s.trainer_organisation_id,
    positioner_organisation_id = s.positioner_organisation_id,
    session_start = s.start_date,
    session_end = s.end_date
FROM sessions s JOIN trainings t ON t.id = s.training_id
WHERE s.id = a.session_id;

ALTER TABLE applications
    ALTER COLUMN responsible_organisation_id SET NOT NULL,
    ALTER COLUMN trainer_organisation_id SET NOT NULL,
    ALTER COLUMN session_start SET NOT NULL,
    ALTER COLUMN session_end SET NOT NULL;

CREATE INDEX applications_responsible_received ON applications (responsible_organisation_id, received_at, id);
CREATE INDEX applications_responsible_state ON applications (responsible_organisation_id, state, received_at, id);
CREATE INDEX applications_trainer_received ON applications (trainer_organisation_id, received_at, id);
CREATE INDEX applications_trainer_state ON applications (trainer_organisation_id, state, received_at, id);
CREATE INDEX applications_positioner_received ON applications (positioner_organisation_id, received_at, id)
    WHERE positioner_organisation_id IS NOT NULL;
CREATE INDEX applications_positioner_state ON applications (positioner_organisation_id, state, received_at, id)
    WHERE positioner_organisation_id IS NOT NULL;
CREATE INDEX applications_prescriber_received ON applications (prescriber_organisation_id, received_at, id);
CREATE INDEX applications_session_received ON applications (session_id, received_at, id);
-- A tab of a session or of a prescriber's list: the state, then the page's whole order.
DROP INDEX applications_session_state;
CREATE INDEX applications_session_state ON applications (session_id, state, received_at, id);
DROP INDEX applications_prescriber;
CREATE INDEX applications_prescriber_state ON applications (prescriber_organisation_id, state, received_at, id);

CREATE FUNCTION sessions_copy_to_applications() RETURNS trigger AS $$
BEGIN
    UPDATE applications SET
        session_start = NEW.start_date,
        session_end = NEW.end_date,
        trainer_organisation_id = NEW.trainer_organisation_id,
        positioner_organisation_id = NEW.positioner_organisation_id
    WHERE session_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER sessions_copy_to_applications
    AFTER UPDATE OF start_date, end_date, trainer_organisation_id, positioner_organisation_id ON sessions
    FOR EACH ROW
    WHEN (NEW.start_date <> OLD.start_date OR NEW.end_date <> OLD.end_date
          OR NEW.trainer_organisation_id <> OLD.trainer_organisation_id
          OR NEW.positioner_organisation_id IS DISTINCT FROM OLD.positioner_organisation_id)
    EXECUTE FUNCTION sessions_copy_to_applications();

CREATE FUNCTION trainings_copy_to_applications() RETURNS trigger AS $$
BEGIN
    UPDATE applications SET responsible_organisation_id = NEW.responsible_organisation_id
    WHERE session_id IN (SELECT id FROM sessions WHERE training_id = NEW.id);
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trainings_copy_to_applications AFTER UPDATE OF responsible_organisation_id ON trainings
    FOR EACH ROW WHEN (NEW.responsible_organisation_id <> OLD.responsible_organisation_id)
    EXECUTE FUNCTION trainings_copy_to_applications();

-- Applications per final state; pending ones are places_held - retained.
ALTER TABLE sessions
    ADD COLUMN not_retained INTEGER NOT NULL DEFAULT 0 CHECK (not_retained >= 0),
    ADD COLUMN no_decision_sent INTEGER NOT NULL DEFAULT 0 CHECK (no_decision_sent >= 0),
    ADD COLUMN refused_session_full INTEGER NOT NULL DEFAULT 0 CHECK (refused_session_full >= 0),
    ADD COLUMN refused_session_cancelled INTEGER NOT NULL DEFAULT 0 CHECK (refused_session_cancelled >= 0);

-- The final states move by one per change (a recount would read the whole session, and a large one can hold a
-- hundred thousand final applications); the session row lock this function already takes orders the writers.
-- OLD is NULL on INSERT, so its comparisons count nothing then.
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

UPDATE sessions s SET
    not_retained = c.not_retained,
    no_decision_sent = c.no_decision_sent,
    refused_session_full = c.refused_full,
    refused_session_cancelled = c.refused_cancelled
FROM (SELECT session_id,
             count(*) FILTER (WHERE state = 'not_retained') AS not_retained,
             count(*) FILTER (WHERE state = 'no_decision_sent') AS no_decision_sent,
             count(*) FILTER (WHERE state = 'refused_session_full') AS refused_full,
             count(*) FILTER (WHERE state = 'refused_session_cancelled') AS refused_cancelled
      FROM applications GROUP BY session_id) c
WHERE c.session_id = s.id;
