DROP TRIGGER applications_count_on_update;
DROP TRIGGER applications_count_on_release;
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
