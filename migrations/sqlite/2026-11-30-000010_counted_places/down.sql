DROP TRIGGER applications_count_on_update;
DROP TRIGGER applications_count_on_insert;
DROP TRIGGER applications_quota_on_update;
DROP TRIGGER applications_quota_on_insert;
CREATE TRIGGER sessions_quota_backstop BEFORE UPDATE OF places_held ON sessions
WHEN NEW.places_held > OLD.places_held AND NEW.places_held > NEW.capacity * NEW.coefficient
BEGIN
    SELECT RAISE(ABORT, 'session_full');
END;
