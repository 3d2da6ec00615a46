-- SQLite writes one transaction at a time: the eight shards of a month's counters, which spare PostgreSQL's
-- concurrent intakes a wait on one row, only multiplied the rows a count reads (1,800 a page for the largest
-- organisation at a million applications, 2 ms of its list's 12). The counters of sessions and applications
-- now add to shard 0 alone, and the rows already kept are summed into it; the lists sum whatever shards a
-- month has, so nothing else changes.
DROP TRIGGER sessions_count_to_organisations_insert;
DROP TRIGGER sessions_count_to_organisations_delete;
DROP TRIGGER sessions_count_to_organisations_update;
DROP TRIGGER applications_count_to_prescribers_insert;
DROP TRIGGER applications_count_to_prescribers_delete;
DROP TRIGGER applications_count_to_prescribers_update;

CREATE TRIGGER sessions_count_to_organisations_insert AFTER INSERT ON sessions
BEGIN
    INSERT INTO organisation_counts
    SELECT organisation_id, role, published, end_month, shard, sum(places_held), sum(retained), sum(not_retained),
           sum(no_decision_sent), sum(refused_session_full), sum(refused_session_cancelled)
    FROM (
        SELECT NEW.responsible_organisation_id AS organisation_id, 'responsible' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, 0 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT NEW.positioner_organisation_id AS organisation_id, 'positioner' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, 0 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled WHERE NEW.positioner_organisation_id IS NOT NULL
        UNION ALL
        SELECT NEW.trainer_organisation_id AS organisation_id, 'trainer' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, 0 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT NEW.responsible_organisation_id AS organisation_id, 'any' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, 0 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT NEW.positioner_organisation_id AS organisation_id, 'any' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, 0 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled WHERE NEW.positioner_organisation_id <> NEW.responsible_organisation_id
        UNION ALL
        SELECT NEW.trainer_organisation_id AS organisation_id, 'any' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, 0 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled WHERE NEW.trainer_organisation_id <> NEW.responsible_organisation_id AND NEW.trainer_organisation_id IS NOT NEW.positioner_organisation_id
    )
    GROUP BY organisation_id, role, published, end_month, shard
    HAVING sum(places_held) <> 0 OR sum(retained) <> 0 OR sum(not_retained) <> 0 OR sum(no_decision_sent) <> 0
        OR sum(refused_session_full) <> 0 OR sum(refused_session_cancelled) <> 0
    ON CONFLICT (organisation_id, role, published, end_month, shard) DO UPDATE SET
        places_held = places_held + excluded.places_held,
        retained = retained + excluded.retained,
        not_retained = not_retained + excluded.not_retained,
        no_decision_sent = no_decision_sent + excluded.no_decision_sent,
        refused_session_full = refused_session_full + excluded.refused_session_full,
        refused_session_cancelled = refused_session_cancelled + excluded.refused_session_cancelled;
END;

CREATE TRIGGER sessions_count_to_organisations_delete AFTER DELETE ON sessions
BEGIN
    INSERT INTO organisation_counts
    SELECT organisation_id, role, published, end_month, shard, sum(places_held), sum(retained), sum(not_retained),
           sum(no_decision_sent), sum(refused_session_full), sum(refused_session_cancelled)
    FROM (
        SELECT OLD.responsible_organisation_id AS organisation_id, 'responsible' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, 0 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT OLD.positioner_organisation_id AS organisation_id, 'positioner' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, 0 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled WHERE OLD.positioner_organisation_id IS NOT NULL
        UNION ALL
        SELECT OLD.trainer_organisation_id AS organisation_id, 'trainer' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, 0 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT OLD.responsible_organisation_id AS organisation_id, 'any' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, 0 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT OLD.positioner_organisation_id AS organisation_id, 'any' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, 0 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled WHERE OLD.positioner_organisation_id <> OLD.responsible_organisation_id
        UNION ALL
        SELECT OLD.trainer_organisation_id AS organisation_id, 'any' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, 0 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled WHERE OLD.trainer_organisation_id <> OLD.responsible_organisation_id AND OLD.trainer_organisation_id IS NOT OLD.positioner_organisation_id
    )
    GROUP BY organisation_id, role, published, end_month, shard
    HAVING sum(places_held) <> 0 OR sum(retained) <> 0 OR sum(not_retained) <> 0 OR sum(no_decision_sent) <> 0
        OR sum(refused_session_full) <> 0 OR sum(refused_session_cancelled) <> 0
    ON CONFLICT (organisation_id, role, published, end_month, shard) DO UPDATE SET
        places_held = places_held + excluded.places_held,
        retained = retained + excluded.retained,
        not_retained = not_retained + excluded.not_retained,
        no_decision_sent = no_decision_sent + excluded.no_decision_sent,
        refused_session_full = refused_session_full + excluded.refused_session_full,
        refused_session_cancelled = refused_session_cancelled + excluded.refused_session_cancelled;
END;

CREATE TRIGGER sessions_count_to_organisations_update AFTER UPDATE OF places_held, retained, not_retained,
    no_decision_sent, refused_session_full, refused_session_cancelled, end_date, published,
    responsible_organisation_id, trainer_organisation_id, positioner_organisation_id ON sessions
BEGIN
    INSERT INTO organisation_counts
    SELECT organisation_id, role, published, end_month, shard, sum(places_held), sum(retained), sum(not_retained),
           sum(no_decision_sent), sum(refused_session_full), sum(refused_session_cancelled)
    FROM (
        SELECT OLD.responsible_organisation_id AS organisation_id, 'responsible' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, 0 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT OLD.positioner_organisation_id AS organisation_id, 'positioner' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, 0 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled WHERE OLD.positioner_organisation_id IS NOT NULL
        UNION ALL
        SELECT OLD.trainer_organisation_id AS organisation_id, 'trainer' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, 0 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT OLD.responsible_organisation_id AS organisation_id, 'any' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, 0 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT OLD.positioner_organisation_id AS organisation_id, 'any' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, 0 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled WHERE OLD.positioner_organisation_id <> OLD.responsible_organisation_id
        UNION ALL
        SELECT OLD.trainer_organisation_id AS organisation_id, 'any' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, 0 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled WHERE OLD.trainer_organisation_id <> OLD.responsible_organisation_id AND OLD.trainer_organisation_id IS NOT OLD.positioner_organisation_id
        UNION ALL
        SELECT NEW.responsible_organisation_id AS organisation_id, 'responsible' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, 0 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT NEW.positioner_organisation_id AS organisation_id, 'positioner' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, 0 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled WHERE NEW.positioner_organisation_id IS NOT NULL
        UNION ALL
        SELECT NEW.trainer_organisation_id AS organisation_id, 'trainer' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, 0 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT NEW.responsible_organisation_id AS organisation_id, 'any' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, 0 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT NEW.positioner_organisation_id AS organisation_id, 'any' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, 0 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled WHERE NEW.positioner_organisation_id <> NEW.responsible_organisation_id
        UNION ALL
        SELECT NEW.trainer_organisation_id AS organisation_id, 'any' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, 0 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled WHERE NEW.trainer_organisation_id <> NEW.responsible_organisation_id AND NEW.trainer_organisation_id IS NOT NEW.positioner_organisation_id
    )
    GROUP BY organisation_id, role, published, end_month, shard
    HAVING sum(places_held) <> 0 OR sum(retained) <> 0 OR sum(not_retained) <> 0 OR sum(no_decision_sent) <> 0
        OR sum(refused_session_full) <> 0 OR sum(refused_session_cancelled) <> 0
    ON CONFLICT (organisation_id, role, published, end_month, shard) DO UPDATE SET
        places_held = places_held + excluded.places_held,
        retained = retained + excluded.retained,
        not_retained = not_retained + excluded.not_retained,
        no_decision_sent = no_decision_sent + excluded.no_decision_sent,
        refused_session_full = refused_session_full + excluded.refused_session_full,
        refused_session_cancelled = refused_session_cancelled + excluded.refused_session_cancelled;
END;

CREATE TRIGGER applications_count_to_prescribers_insert AFTER INSERT ON applications
BEGIN
    INSERT INTO prescriber_counts
    SELECT prescriber_organisation_id, end_month, shard, sum(pending), sum(retained), sum(not_retained), sum(no_decision_sent), sum(refused_session_full), sum(refused_session_cancelled)
    FROM (
        SELECT NEW.prescriber_organisation_id AS prescriber_organisation_id, date(NEW.session_end, 'start of month') AS end_month, 0 AS shard, (NEW.state = 'pending') AS pending, (NEW.state = 'retained') AS retained, (NEW.state = 'not_retained') AS not_retained, (NEW.state = 'no_decision_sent') AS no_decision_sent, (NEW.state = 'refused_session_full') AS refused_session_full, (NEW.state = 'refused_session_cancelled') AS refused_session_cancelled
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
        SELECT OLD.prescriber_organisation_id AS prescriber_organisation_id, date(OLD.session_end, 'start of month') AS end_month, 0 AS shard, -(OLD.state = 'pending') AS pending, -(OLD.state = 'retained') AS retained, -(OLD.state = 'not_retained') AS not_retained, -(OLD.state = 'no_decision_sent') AS no_decision_sent, -(OLD.state = 'refused_session_full') AS refused_session_full, -(OLD.state = 'refused_session_cancelled') AS refused_session_cancelled
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
        SELECT OLD.prescriber_organisation_id AS prescriber_organisation_id, date(OLD.session_end, 'start of month') AS end_month, 0 AS shard, -(OLD.state = 'pending') AS pending, -(OLD.state = 'retained') AS retained, -(OLD.state = 'not_retained') AS not_retained, -(OLD.state = 'no_decision_sent') AS no_decision_sent, -(OLD.state = 'refused_session_full') AS refused_session_full, -(OLD.state = 'refused_session_cancelled') AS refused_session_cancelled
        UNION ALL
        SELECT NEW.prescriber_organisation_id AS prescriber_organisation_id, date(NEW.session_end, 'start of month') AS end_month, 0 AS shard, (NEW.state = 'pending') AS pending, (NEW.state = 'retained') AS retained, (NEW.state = 'not_retained') AS not_retained, (NEW.state = 'no_decision_sent') AS no_decision_sent, (NEW.state = 'refused_session_full') AS refused_session_full, (NEW.state = 'refused_session_cancelled') AS refused_session_cancelled
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

CREATE TEMP TABLE organisation_counts_summed AS
    SELECT organisation_id, role, published, end_month, sum(places_held) AS places_held, sum(retained) AS retained,
           sum(not_retained) AS not_retained, sum(no_decision_sent) AS no_decision_sent,
           sum(refused_session_full) AS refused_session_full, sum(refused_session_cancelled) AS refused_session_cancelled
    FROM organisation_counts GROUP BY organisation_id, role, published, end_month;
DELETE FROM organisation_counts;
INSERT INTO organisation_counts
    SELECT organisation_id, role, published, end_month, 0, places_held, retained, not_retained, no_decision_sent,
           refused_session_full, refused_session_cancelled
    FROM organisation_counts_summed;
DROP TABLE organisation_counts_summed;

CREATE TEMP TABLE prescriber_counts_summed AS
    SELECT prescriber_organisation_id, end_month, sum(pending) AS pending, sum(retained) AS retained,
           sum(not_retained) AS not_retained, sum(no_decision_sent) AS no_decision_sent,
           sum(refused_session_full) AS refused_session_full, sum(refused_session_cancelled) AS refused_session_cancelled
    FROM prescriber_counts GROUP BY prescriber_organisation_id, end_month;
DELETE FROM prescriber_counts;
INSERT INTO prescriber_counts
    SELECT prescriber_organisation_id, end_month, 0, pending, retained, not_retained, no_decision_sent,
           refused_session_full, refused_session_cancelled
    FROM prescriber_counts_summed;
DROP TABLE prescriber_counts_summed;
