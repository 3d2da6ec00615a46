-- A place freed needs no count (issue 11, R-TIME-1 over 100,000 applications): only taking a place must be
-- checked against the rows (applications_quota_on_update still does). The counting trigger recounted the
-- session's live applications for every change, so switching a session's N pending applications read N²
-- index entries. A change that leaves the held states now moves the counters by one; any other change still
-- writes the recount. SQLite runs one writer at a time, so the sums stay exact.
DROP TRIGGER applications_count_on_update;

CREATE TRIGGER applications_count_on_release AFTER UPDATE OF state ON applications
WHEN OLD.state IN ('pending', 'retained') AND NEW.state NOT IN ('pending', 'retained')
BEGIN
    UPDATE sessions SET
        places_held = max(places_held - 1, 0),
        retained = max(retained - (OLD.state = 'retained'), 0),
        not_retained = not_retained + (NEW.state = 'not_retained'),
        no_decision_sent = no_decision_sent + (NEW.state = 'no_decision_sent'),
        refused_session_full = refused_session_full + (NEW.state = 'refused_session_full'),
        refused_session_cancelled = refused_session_cancelled + (NEW.state = 'refused_session_cancelled')
    WHERE id = NEW.session_id;
END;

CREATE TRIGGER applications_count_on_update AFTER UPDATE OF state ON applications
WHEN NOT (OLD.state IN ('pending', 'retained') AND NEW.state NOT IN ('pending', 'retained'))
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
