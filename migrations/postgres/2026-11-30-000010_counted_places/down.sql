DROP TRIGGER applications_count_places ON applications;
DROP FUNCTION applications_count_places();
CREATE FUNCTION sessions_quota_backstop() RETURNS trigger AS $$
BEGIN
    IF NEW.places_held > OLD.places_held AND NEW.places_held > NEW.capacity * NEW.coefficient THEN
        RAISE EXCEPTION 'session_full' USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER sessions_quota_backstop BEFORE UPDATE OF places_held ON sessions
    FOR EACH ROW EXECUTE FUNCTION sessions_quota_backstop();
