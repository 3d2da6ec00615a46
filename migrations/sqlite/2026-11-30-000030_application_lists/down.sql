DROP TRIGGER applications_count_on_update;
DROP TRIGGER applications_count_on_insert;
CREATE TRIGGER applications_count_on_insert AFTER INSERT ON applications
BEGIN
    UPDATE sessions SET
        places_held = (SELECT count(*) FROM applications WHERE session_id = NEW.session_id
                       AND state IN ('pending', 'retained')),
        retained = (SELECT count(*) FROM applications WHERE session_id = NEW.session_id AND state = 'retained')
    WHERE id = NEW.session_id;
END;
CREATE TRIGGER applications_count_on_update AFTER UPDATE OF state ON applications
BEGIN
    UPDATE sessions SET
        places_held = (SELECT count(*) FROM applications WHERE session_id = NEW.session_id
                       AND state IN ('pending', 'retained')),
        retained = (SELECT count(*) FROM applications WHERE session_id = NEW.session_id AND state = 'retained')
    WHERE id = NEW.session_id;
END;
ALTER TABLE sessions DROP COLUMN refused_session_cancelled;
ALTER TABLE sessions DROP COLUMN refused_session_full;
ALTER TABLE sessions DROP COLUMN no_decision_sent;
ALTER TABLE sessions DROP COLUMN not_retained;
DROP TRIGGER trainings_copy_to_applications;
DROP TRIGGER sessions_copy_to_applications;
DROP INDEX applications_prescriber_state;
CREATE INDEX applications_prescriber ON applications (prescriber_organisation_id, state, received_at);
DROP INDEX applications_session_state;
CREATE INDEX applications_session_state ON applications (session_id, state, received_at);
DROP INDEX applications_session_received;
DROP INDEX applications_prescriber_received;
DROP INDEX applications_positioner_state;
DROP INDEX applications_positioner_received;
DROP INDEX applications_trainer_state;
DROP INDEX applications_trainer_received;
DROP INDEX applications_responsible_state;
DROP INDEX applications_responsible_received;
ALTER TABLE applications DROP COLUMN session_end;
ALTER TABLE applications DROP COLUMN session_start;
ALTER TABLE applications DROP COLUMN positioner_organisation_id;
ALTER TABLE applications DROP COLUMN trainer_organisation_id;
ALTER TABLE applications DROP COLUMN responsible_organisation_id;
