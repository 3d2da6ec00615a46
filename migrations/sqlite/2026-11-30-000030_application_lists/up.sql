-- Lists that do not grow with the table (issue 11). Each application carries a copy of what its lists filter
-- and sort on — its session's organisations and dates — so one index per role serves a page with LIMIT and a
-- keyset, instead of joining sessions and trainings over an organisation's whole set. The database keeps the
-- copies right: the triggers below follow every change of a session or of a training's responsible
-- organisation. Each session also counts its applications in the final states, so a list's counts per state
-- sum the organisation's sessions instead of scanning its applications.
ALTER TABLE applications ADD COLUMN responsible_organisation_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN trainer_organisation_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE applications ADD COLUMN positioner_organisation_id BIGINT;
ALTER TABLE applications ADD COLUMN session_start DATE NOT NULL DEFAULT '1970-01-01';
ALTER TABLE applications ADD COLUMN session_end DATE NOT NULL DEFAULT '1970-01-01';

UPDATE applications SET
    responsible_organisation_id = (SELECT t.responsible_organisation_id FROM sessions s
                                   JOIN trainings t ON t.id = s.training_id WHERE s.id = applications.session_id),
    trainer_organisation_id = (SELECT trainer_organisation_id FROM sessions WHERE id = applications.session_id),
    positioner_organisation_id = (SELECT positioner_organisation_id FROM sessions WHERE id = applications.session_id),
    session_start = (SELECT start_date FROM sessions WHERE id = applications.session_id),
    session_end = (SELECT end_date FROM sessions WHERE id = applications.session_id);

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

CREATE TRIGGER sessions_copy_to_applications
AFTER UPDATE OF start_date, end_date, trainer_organisation_id, positioner_organisation_id ON sessions
WHEN NEW.start_date <> OLD.start_date OR NEW.end_date <> OLD.end_date
  OR NEW.trainer_organisation_id <> OLD.trainer_organisation_id
  OR NEW.positioner_organisation_id IS NOT OLD.positioner_organisation_id
BEGIN
    UPDATE applications SET
        session_start = NEW.start_date,
        session_end = NEW.end_date,
        trainer_organisation_id = NEW.trainer_organisation_id,
        positioner_organisation_id = NEW.positioner_organisation_id
    WHERE session_id = NEW.id;
END;

CREATE TRIGGER trainings_copy_to_applications AFTER UPDATE OF responsible_organisation_id ON trainings
WHEN NEW.responsible_organisation_id <> OLD.responsible_organisation_id
BEGIN
    UPDATE applications SET responsible_organisation_id = NEW.responsible_organisation_id
    WHERE session_id IN (SELECT id FROM sessions WHERE training_id = NEW.id);
END;

-- Applications per final state; pending ones are places_held - retained.
ALTER TABLE sessions ADD COLUMN not_retained INTEGER NOT NULL DEFAULT 0 CHECK (not_retained >= 0);
ALTER TABLE sessions ADD COLUMN no_decision_sent INTEGER NOT NULL DEFAULT 0 CHECK (no_decision_sent >= 0);
ALTER TABLE sessions ADD COLUMN refused_session_full INTEGER NOT NULL DEFAULT 0 CHECK (refused_session_full >= 0);
ALTER TABLE sessions ADD COLUMN refused_session_cancelled INTEGER NOT NULL DEFAULT 0
    CHECK (refused_session_cancelled >= 0);

-- The final states move by one per change: a recount would read the whole session, and a large one can hold
-- a hundred thousand final applications. SQLite runs one writer at a time, so the sums stay exact.
DROP TRIGGER applications_count_on_insert;
DROP TRIGGER applications_count_on_update;

CREATE TRIGGER applications_count_on_insert AFTER INSERT ON applications
BEGIN
    UPDATE sessions SET
        places_held = (SELECT count(*) FROM applications WHERE session_id = NEW.session_id
                       AND state IN ('pending', 'retained')),
        retained = (SELECT count(*) FROM applications WHERE session_id = NEW.session_id AND state = 'retained'),
        not_retained = not_retained + (NEW.state = 'not_retained'),
        no_decision_sent = no_decision_sent + (NEW.state = 'no_decision_sent'),
        refused_session_full = refused_session_full + (NEW.state = 'refused_session_full'),
        refused_session_cancelled = refused_session_cancelled + (NEW.state = 'refused_session_cancelled')
    WHERE id = NEW.session_id;
END;

CREATE TRIGGER applications_count_on_update AFTER UPDATE OF state ON applications
BEGIN
    UPDATE sessions SET
        places_held = (SELECT count(*) FROM applications WHERE session_id = NEW.session_id
                       AND state IN ('pending', 'retained')),
        retained = (SELECT count(*) FROM applications WHERE session_id = NEW.session_id AND state = 'retained'),
        not_retained = not_retained + (NEW.state = 'not_retained') - (OLD.state = 'not_retained'),
        no_decision_sent = no_decision_sent + (NEW.state = 'no_decision_sent') - (OLD.state = 'no_decision_sent'),
        refused_session_full = refused_session_full + (NEW.state = 'refused_session_full')
                               - (OLD.state = 'refused_session_full'),
        refused_session_cancelled = refused_session_cancelled + (NEW.state = 'refused_session_cancelled')
                                    - (OLD.state = 'refused_session_cancelled')
    WHERE id = NEW.session_id;
END;

UPDATE sessions SET
    not_retained = (SELECT count(*) FROM applications a WHERE a.session_id = sessions.id AND a.state = 'not_retained'),
    no_decision_sent = (SELECT count(*) FROM applications a WHERE a.session_id = sessions.id
                        AND a.state = 'no_decision_sent'),
    refused_session_full = (SELECT count(*) FROM applications a WHERE a.session_id = sessions.id
                            AND a.state = 'refused_session_full'),
    refused_session_cancelled = (SELECT count(*) FROM applications a WHERE a.session_id = sessions.id
                                 AND a.state = 'refused_session_cancelled');
