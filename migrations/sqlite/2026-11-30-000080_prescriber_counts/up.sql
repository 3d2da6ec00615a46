-- A prescriber's counts per state (issue 11): its list counted its applications one by one, and a large
-- France Travail agency sends tens of thousands. Each prescriber organisation now keeps, per month of session
-- end and shard (the session id modulo 8, the layout PostgreSQL needs against waits on one row), its
-- applications per state, moved by the database with every application. A count reads one row per month and
-- shard, and the applications of the months a tab boundary or a date filter cuts (by the index below).
CREATE TABLE prescriber_counts (
    prescriber_organisation_id BIGINT NOT NULL,
    end_month DATE NOT NULL,
    shard SMALLINT NOT NULL,
    pending BIGINT NOT NULL,
    retained BIGINT NOT NULL,
    not_retained BIGINT NOT NULL,
    no_decision_sent BIGINT NOT NULL,
    refused_session_full BIGINT NOT NULL,
    refused_session_cancelled BIGINT NOT NULL,
    PRIMARY KEY (prescriber_organisation_id, end_month, shard)
) WITHOUT ROWID;

CREATE INDEX applications_prescriber_session_end ON applications (prescriber_organisation_id, session_end);

CREATE TRIGGER applications_count_to_prescribers_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO prescriber_counts
    SELECT prescriber_organisation_id, end_month, shard, sum(pending), sum(retained), sum(not_retained), sum(no_decision_sent), sum(refused_session_full), sum(refused_session_cancelled)
    FROM (
        SELECT NEW.prescriber_organisation_id AS prescriber_organisation_id, date(NEW.session_end, 'start of month') AS end_month, NEW.session_id % 8 AS shard, (NEW.state = 'pending') AS pending, (NEW.state = 'retained') AS retained, (NEW.state = 'not_retained') AS not_retained, (NEW.state = 'no_decision_sent') AS no_decision_sent, (NEW.state = 'refused_session_full') AS refused_session_full, (NEW.state = 'refused_session_cancelled') AS refused_session_cancelled
    )
    WHERE prescriber_organisation_id IS NOT NULL
    GROUP BY prescriber_organisation_id, end_month, shard
    HAVING sum(pending) <> 0 OR sum(retained) <> 0 OR sum(not_retained) <> 0 OR sum(no_decision_sent) <> 0 OR sum(refused_session_full) <> 0 OR sum(refused_session_cancelled) <> 0
    ON CONFLICT (prescriber_organisation_id, end_month, shard) DO UPDATE SET
        pending = pending + excluded.pending,
        retained = retained + excluded.retained,
        not_retained = not_retained + excluded.not_retained,
        no_decision_sent = no_decision_sent + excluded.no_decision_sent,
        refused_session_full = refused_session_full + excluded.refused_session_full,
        refused_session_cancelled = refused_session_cancelled + excluded.refused_session_cancelled;
END;

CREATE TRIGGER applications_count_to_prescribers_delete AFTER DELETE ON applications
BEGIN
    INSERT INTO prescriber_counts
    SELECT prescriber_organisation_id, end_month, shard, sum(pending), sum(retained), sum(not_retained), sum(no_decision_sent), sum(refused_session_full), sum(refused_session_cancelled)
    FROM (
        SELECT OLD.prescriber_organisation_id AS prescriber_organisation_id, date(OLD.session_end, 'start of month') AS end_month, OLD.session_id % 8 AS shard, -(OLD.state = 'pending') AS pending, -(OLD.state = 'retained') AS retained, -(OLD.state = 'not_retained') AS not_retained, -(OLD.state = 'no_decision_sent') AS no_decision_sent, -(OLD.state = 'refused_session_full') AS refused_session_full, -(OLD.state = 'refused_session_cancelled') AS refused_session_cancelled
    )
    WHERE prescriber_organisation_id IS NOT NULL
    GROUP BY prescriber_organisation_id, end_month, shard
    HAVING sum(pending) <> 0 OR sum(retained) <> 0 OR sum(not_retained) <> 0 OR sum(no_decision_sent) <> 0 OR sum(refused_session_full) <> 0 OR sum(refused_session_cancelled) <> 0
    ON CONFLICT (prescriber_organisation_id, end_month, shard) DO UPDATE SET
        pending = pending + excluded.pending,
        retained = retained + excluded.retained,
        not_retained = not_retained + excluded.not_retained,
        no_decision_sent = no_decision_sent + excluded.no_decision_sent,
        refused_session_full = refused_session_full + excluded.refused_session_full,
        refused_session_cancelled = refused_session_cancelled + excluded.refused_session_cancelled;
END;

CREATE TRIGGER applications_count_to_prescribers_update
AFTER UPDATE OF state, session_end, prescriber_organisation_id ON applications
BEGIN
    INSERT INTO prescriber_counts
    SELECT prescriber_organisation_id, end_month, shard, sum(pending), sum(retained), sum(not_retained), sum(no_decision_sent), sum(refused_session_full), sum(refused_session_cancelled)
    FROM (
        SELECT OLD.prescriber_organisation_id AS prescriber_organisation_id, date(OLD.session_end, 'start of month') AS end_month, OLD.session_id % 8 AS shard, -(OLD.state = 'pending') AS pending, -(OLD.state = 'retained') AS retained, -(OLD.state = 'not_retained') AS not_retained, -(OLD.state = 'no_decision_sent') AS no_decision_sent, -(OLD.state = 'refused_session_full') AS refused_session_full, -(OLD.state = 'refused_session_cancelled') AS refused_session_cancelled
        UNION ALL
        SELECT NEW.prescriber_organisation_id AS prescriber_organisation_id, date(NEW.session_end, 'start of month') AS end_month, NEW.session_id % 8 AS shard, (NEW.state = 'pending') AS pending, (NEW.state = 'retained') AS retained, (NEW.state = 'not_retained') AS not_retained, (NEW.state = 'no_decision_sent') AS no_decision_sent, (NEW.state = 'refused_session_full') AS refused_session_full, (NEW.state = 'refused_session_cancelled') AS refused_session_cancelled
    )
    WHERE prescriber_organisation_id IS NOT NULL
    GROUP BY prescriber_organisation_id, end_month, shard
    HAVING sum(pending) <> 0 OR sum(retained) <> 0 OR sum(not_retained) <> 0 OR sum(no_decision_sent) <> 0 OR sum(refused_session_full) <> 0 OR sum(refused_session_cancelled) <> 0
    ON CONFLICT (prescriber_organisation_id, end_month, shard) DO UPDATE SET
        pending = pending + excluded.pending,
        retained = retained + excluded.retained,
        not_retained = not_retained + excluded.not_retained,
        no_decision_sent = no_decision_sent + excluded.no_decision_sent,
        refused_session_full = refused_session_full + excluded.refused_session_full,
        refused_session_cancelled = refused_session_cancelled + excluded.refused_session_cancelled;
END;

INSERT INTO prescriber_counts
    SELECT prescriber_organisation_id, end_month, shard, sum(pending), sum(retained), sum(not_retained), sum(no_decision_sent), sum(refused_session_full), sum(refused_session_cancelled)
    FROM (
        SELECT a.prescriber_organisation_id AS prescriber_organisation_id, date(a.session_end, 'start of month') AS end_month, a.session_id % 8 AS shard, (a.state = 'pending') AS pending, (a.state = 'retained') AS retained, (a.state = 'not_retained') AS not_retained, (a.state = 'no_decision_sent') AS no_decision_sent, (a.state = 'refused_session_full') AS refused_session_full, (a.state = 'refused_session_cancelled') AS refused_session_cancelled FROM applications a
    )
    WHERE prescriber_organisation_id IS NOT NULL
    GROUP BY prescriber_organisation_id, end_month, shard
    HAVING sum(pending) <> 0 OR sum(retained) <> 0 OR sum(not_retained) <> 0 OR sum(no_decision_sent) <> 0 OR sum(refused_session_full) <> 0 OR sum(refused_session_cancelled) <> 0
    ON CONFLICT (prescriber_organisation_id, end_month, shard) DO UPDATE SET
        pending = pending + excluded.pending,
        retained = retained + excluded.retained,
        not_retained = not_retained + excluded.not_retained,
        no_decision_sent = no_decision_sent + excluded.no_decision_sent,
        refused_session_full = refused_session_full + excluded.refused_session_full,
        refused_session_cancelled = refused_session_cancelled + excluded.refused_session_cancelled;
