-- R-QUOTA-2..4's backstop counts rows instead of trusting a counter moved by application code: a batch that
-- moved the counter once per repeated reference could free places that were still held. The session's
-- counters are now written by the database alone, from the applications themselves. SQLite runs one writer
-- at a time, so the counts read by these triggers are exact.
DROP TRIGGER sessions_quota_backstop;

CREATE TRIGGER applications_quota_on_insert BEFORE INSERT ON applications
WHEN NEW.state IN ('pending', 'retained')
BEGIN
    SELECT RAISE(ABORT, 'session_full')
    WHERE (SELECT count(*) FROM applications WHERE session_id = NEW.session_id AND state IN ('pending', 'retained'))
          >= (SELECT capacity * coefficient FROM sessions WHERE id = NEW.session_id);
    SELECT RAISE(ABORT, 'capacity_reached')
    WHERE NEW.state = 'retained'
      AND (SELECT count(*) FROM applications WHERE session_id = NEW.session_id AND state = 'retained')
          >= (SELECT capacity FROM sessions WHERE id = NEW.session_id);
END;

CREATE TRIGGER applications_quota_on_update BEFORE UPDATE OF state, session_id ON applications
BEGIN
    SELECT RAISE(ABORT, 'application_session_fixed') WHERE NEW.session_id <> OLD.session_id;
    SELECT RAISE(ABORT, 'session_full')
    WHERE NEW.state IN ('pending', 'retained') AND OLD.state NOT IN ('pending', 'retained')
      AND (SELECT count(*) FROM applications WHERE session_id = NEW.session_id AND state IN ('pending', 'retained'))
          >= (SELECT capacity * coefficient FROM sessions WHERE id = NEW.session_id);
    SELECT RAISE(ABORT, 'capacity_reached')
    WHERE NEW.state = 'retained' AND OLD.state <> 'retained'
      AND (SELECT count(*) FROM applications WHERE session_id = NEW.session_id AND state = 'retained')
          >= (SELECT capacity FROM sessions WHERE id = NEW.session_id);
END;

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

-- Counters written before this migration are recomputed from the rows.
UPDATE sessions SET
    places_held = (SELECT count(*) FROM applications a WHERE a.session_id = sessions.id
                   AND a.state IN ('pending', 'retained')),
    retained = (SELECT count(*) FROM applications a WHERE a.session_id = sessions.id AND a.state = 'retained');
