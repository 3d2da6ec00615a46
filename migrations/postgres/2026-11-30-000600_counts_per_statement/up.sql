-- R-TIME-1 over 100,000 due applications took 156 s (issue 11): the job moves a session's pending applications
-- in one statement, but every row fired two triggers, each writing the session, the session's six
-- organisation counter rows and the prescriber's counter row again. Rows written many times in one
-- transaction also leave version chains each later write walks. A change that frees places, and every change
-- of a prescriber's counts, is now counted once per statement from its transition tables: one write per
-- session and per counter row, whatever the number of applications.
--
-- Taking a place (an insert, or a change into a held state) is still checked row by row under the session
-- lock, against a recount of the rows (R-QUOTA-2..4): its function loses the branch that freed places.
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

DROP TRIGGER applications_count_places ON applications;
CREATE TRIGGER applications_count_places_on_insert AFTER INSERT ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_count_places();
-- Final states never change (applications_final_is_final), so an update either stays in the held states,
-- enters them (both checked here), or leaves them (counted per statement below).
CREATE TRIGGER applications_count_places_on_update AFTER UPDATE OF state, session_id ON applications
    FOR EACH ROW WHEN (NEW.session_id <> OLD.session_id
                       OR (NEW.state IN ('pending', 'retained') AND NEW.state <> OLD.state))
    EXECUTE FUNCTION applications_count_places();

-- Places freed: each session's counters move once by what its rows left. Sessions are locked in id order so
-- two statements freeing places in the same sessions never wait on each other in a cycle.
CREATE FUNCTION applications_release_places() RETURNS trigger AS $$
BEGIN
    PERFORM 1 FROM sessions
        WHERE id IN (SELECT o.session_id FROM old_rows o JOIN new_rows n ON n.id = o.id
                     WHERE o.state IN ('pending', 'retained') AND n.state NOT IN ('pending', 'retained'))
        ORDER BY id FOR UPDATE;
    UPDATE sessions s SET
        places_held = GREATEST(s.places_held - r.released, 0),
        retained = GREATEST(s.retained - r.was_retained, 0),
        not_retained = s.not_retained + r.not_retained,
        no_decision_sent = s.no_decision_sent + r.no_decision_sent,
        refused_session_full = s.refused_session_full + r.refused_session_full,
        refused_session_cancelled = s.refused_session_cancelled + r.refused_session_cancelled
    FROM (SELECT o.session_id,
                 count(*) AS released,
                 count(*) FILTER (WHERE o.state = 'retained') AS was_retained,
                 count(*) FILTER (WHERE n.state = 'not_retained') AS not_retained,
                 count(*) FILTER (WHERE n.state = 'no_decision_sent') AS no_decision_sent,
                 count(*) FILTER (WHERE n.state = 'refused_session_full') AS refused_session_full,
                 count(*) FILTER (WHERE n.state = 'refused_session_cancelled') AS refused_session_cancelled
          FROM old_rows o JOIN new_rows n ON n.id = o.id
          WHERE o.state IN ('pending', 'retained') AND n.state NOT IN ('pending', 'retained')
          GROUP BY o.session_id) r
    WHERE s.id = r.session_id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER applications_release_places AFTER UPDATE ON applications
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION applications_release_places();

-- A prescriber's counters move once per statement by the sum of what its rows left and entered. Inserts and
-- deletes come one application at a time and keep their row trigger.
CREATE FUNCTION applications_count_update_to_prescribers() RETURNS trigger AS $$
BEGIN
    INSERT INTO prescriber_counts AS c
    SELECT d.prescriber_organisation_id, d.end_month, d.shard, sum(d.pending), sum(d.retained),
           sum(d.not_retained), sum(d.no_decision_sent), sum(d.refused_session_full),
           sum(d.refused_session_cancelled)
    FROM (SELECT p.* FROM old_rows a, prescriber_count_row(a, -1) p
          UNION ALL SELECT p.* FROM new_rows a, prescriber_count_row(a, 1) p) d
    GROUP BY d.prescriber_organisation_id, d.end_month, d.shard
    HAVING sum(d.pending) <> 0 OR sum(d.retained) <> 0 OR sum(d.not_retained) <> 0
        OR sum(d.no_decision_sent) <> 0 OR sum(d.refused_session_full) <> 0 OR sum(d.refused_session_cancelled) <> 0
    ORDER BY d.prescriber_organisation_id, d.end_month, d.shard
    ON CONFLICT (prescriber_organisation_id, end_month, shard) DO UPDATE SET
        pending = c.pending + EXCLUDED.pending,
        retained = c.retained + EXCLUDED.retained,
        not_retained = c.not_retained + EXCLUDED.not_retained,
        no_decision_sent = c.no_decision_sent + EXCLUDED.no_decision_sent,
        refused_session_full = c.refused_session_full + EXCLUDED.refused_session_full,
        refused_session_cancelled = c.refused_session_cancelled + EXCLUDED.refused_session_cancelled;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

DROP TRIGGER applications_count_to_prescribers ON applications;
CREATE TRIGGER applications_count_to_prescribers AFTER INSERT OR DELETE ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_count_to_prescribers();
CREATE TRIGGER applications_count_update_to_prescribers AFTER UPDATE ON applications
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION applications_count_update_to_prescribers();
