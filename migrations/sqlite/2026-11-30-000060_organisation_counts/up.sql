-- Counts that do not grow with an organisation (issue 11). A list's counts per state and the dashboard summed
-- the counters of every session an organisation holds a role on: ten thousand rows for a large one. Each
-- organisation now keeps, per role, publication and month of session end, the sum of its sessions' counters,
-- moved by the database in the transaction that moves a session's counters: a count reads at most one row per
-- month and shard, plus the sessions of the months a tab boundary (today) or a date filter cuts. Each session
-- adds to one of eight shards (its id modulo 8), the layout PostgreSQL needs so that concurrent intakes rarely
-- wait on one row; SQLite keeps the same table.
ALTER TABLE sessions ADD COLUMN published BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE sessions SET published = (SELECT t.publication = 'published' FROM trainings t WHERE t.id = sessions.training_id);

CREATE TRIGGER sessions_copy_publication AFTER INSERT ON sessions
BEGIN
    UPDATE sessions SET published = (SELECT publication = 'published' FROM trainings WHERE id = NEW.training_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER sessions_follow_training_publication AFTER UPDATE OF training_id ON sessions
BEGIN
    UPDATE sessions SET published = (SELECT publication = 'published' FROM trainings WHERE id = NEW.training_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER trainings_publication_to_sessions AFTER UPDATE OF publication ON trainings
WHEN NEW.publication <> OLD.publication
BEGIN
    UPDATE sessions SET published = (NEW.publication = 'published') WHERE training_id = NEW.id;
END;

-- role: one of the session roles, or 'any' (each session once for an organisation holding several roles on it).
CREATE TABLE organisation_counts (
    organisation_id BIGINT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('responsible', 'positioner', 'trainer', 'any')),
    published BOOLEAN NOT NULL,
    end_month DATE NOT NULL,
    shard SMALLINT NOT NULL,
    places_held BIGINT NOT NULL,
    retained BIGINT NOT NULL,
    not_retained BIGINT NOT NULL,
    no_decision_sent BIGINT NOT NULL,
    refused_session_full BIGINT NOT NULL,
    refused_session_cancelled BIGINT NOT NULL,
    PRIMARY KEY (organisation_id, role, published, end_month, shard)
) WITHOUT ROWID;

-- One statement moves the difference: a change of counters alone touches each row once.
CREATE TRIGGER sessions_count_to_organisations_insert AFTER INSERT ON sessions
BEGIN
    INSERT INTO organisation_counts
    SELECT organisation_id, role, published, end_month, shard, sum(places_held), sum(retained), sum(not_retained),
           sum(no_decision_sent), sum(refused_session_full), sum(refused_session_cancelled)
    FROM (
        SELECT NEW.responsible_organisation_id AS organisation_id, 'responsible' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, NEW.id % 8 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT NEW.positioner_organisation_id AS organisation_id, 'positioner' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, NEW.id % 8 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled WHERE NEW.positioner_organisation_id IS NOT NULL
        UNION ALL
        SELECT NEW.trainer_organisation_id AS organisation_id, 'trainer' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, NEW.id % 8 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT NEW.responsible_organisation_id AS organisation_id, 'any' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, NEW.id % 8 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT NEW.positioner_organisation_id AS organisation_id, 'any' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, NEW.id % 8 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled WHERE NEW.positioner_organisation_id <> NEW.responsible_organisation_id
        UNION ALL
        SELECT NEW.trainer_organisation_id AS organisation_id, 'any' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, NEW.id % 8 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled WHERE NEW.trainer_organisation_id <> NEW.responsible_organisation_id AND NEW.trainer_organisation_id IS NOT NEW.positioner_organisation_id
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
        SELECT OLD.responsible_organisation_id AS organisation_id, 'responsible' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, OLD.id % 8 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT OLD.positioner_organisation_id AS organisation_id, 'positioner' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, OLD.id % 8 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled WHERE OLD.positioner_organisation_id IS NOT NULL
        UNION ALL
        SELECT OLD.trainer_organisation_id AS organisation_id, 'trainer' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, OLD.id % 8 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT OLD.responsible_organisation_id AS organisation_id, 'any' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, OLD.id % 8 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT OLD.positioner_organisation_id AS organisation_id, 'any' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, OLD.id % 8 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled WHERE OLD.positioner_organisation_id <> OLD.responsible_organisation_id
        UNION ALL
        SELECT OLD.trainer_organisation_id AS organisation_id, 'any' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, OLD.id % 8 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled WHERE OLD.trainer_organisation_id <> OLD.responsible_organisation_id AND OLD.trainer_organisation_id IS NOT OLD.positioner_organisation_id
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
        SELECT OLD.responsible_organisation_id AS organisation_id, 'responsible' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, OLD.id % 8 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT OLD.positioner_organisation_id AS organisation_id, 'positioner' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, OLD.id % 8 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled WHERE OLD.positioner_organisation_id IS NOT NULL
        UNION ALL
        SELECT OLD.trainer_organisation_id AS organisation_id, 'trainer' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, OLD.id % 8 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT OLD.responsible_organisation_id AS organisation_id, 'any' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, OLD.id % 8 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT OLD.positioner_organisation_id AS organisation_id, 'any' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, OLD.id % 8 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled WHERE OLD.positioner_organisation_id <> OLD.responsible_organisation_id
        UNION ALL
        SELECT OLD.trainer_organisation_id AS organisation_id, 'any' AS role, OLD.published AS published, date(OLD.end_date, 'start of month') AS end_month, OLD.id % 8 AS shard, -OLD.places_held AS places_held, -OLD.retained AS retained, -OLD.not_retained AS not_retained, -OLD.no_decision_sent AS no_decision_sent, -OLD.refused_session_full AS refused_session_full, -OLD.refused_session_cancelled AS refused_session_cancelled WHERE OLD.trainer_organisation_id <> OLD.responsible_organisation_id AND OLD.trainer_organisation_id IS NOT OLD.positioner_organisation_id
        UNION ALL
        SELECT NEW.responsible_organisation_id AS organisation_id, 'responsible' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, NEW.id % 8 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT NEW.positioner_organisation_id AS organisation_id, 'positioner' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, NEW.id % 8 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled WHERE NEW.positioner_organisation_id IS NOT NULL
        UNION ALL
        SELECT NEW.trainer_organisation_id AS organisation_id, 'trainer' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, NEW.id % 8 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT NEW.responsible_organisation_id AS organisation_id, 'any' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, NEW.id % 8 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled
        UNION ALL
        SELECT NEW.positioner_organisation_id AS organisation_id, 'any' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, NEW.id % 8 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled WHERE NEW.positioner_organisation_id <> NEW.responsible_organisation_id
        UNION ALL
        SELECT NEW.trainer_organisation_id AS organisation_id, 'any' AS role, NEW.published AS published, date(NEW.end_date, 'start of month') AS end_month, NEW.id % 8 AS shard, NEW.places_held AS places_held, NEW.retained AS retained, NEW.not_retained AS not_retained, NEW.no_decision_sent AS no_decision_sent, NEW.refused_session_full AS refused_session_full, NEW.refused_session_cancelled AS refused_session_cancelled WHERE NEW.trainer_organisation_id <> NEW.responsible_organisation_id AND NEW.trainer_organisation_id IS NOT NEW.positioner_organisation_id
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

INSERT INTO organisation_counts
    SELECT organisation_id, role, published, end_month, shard, sum(places_held), sum(retained), sum(not_retained),
           sum(no_decision_sent), sum(refused_session_full), sum(refused_session_cancelled)
    FROM (
        SELECT s.responsible_organisation_id AS organisation_id, 'responsible' AS role, s.published AS published, date(s.end_date, 'start of month') AS end_month, s.id % 8 AS shard, s.places_held AS places_held, s.retained AS retained, s.not_retained AS not_retained, s.no_decision_sent AS no_decision_sent, s.refused_session_full AS refused_session_full, s.refused_session_cancelled AS refused_session_cancelled FROM sessions s
        UNION ALL
        SELECT s.positioner_organisation_id AS organisation_id, 'positioner' AS role, s.published AS published, date(s.end_date, 'start of month') AS end_month, s.id % 8 AS shard, s.places_held AS places_held, s.retained AS retained, s.not_retained AS not_retained, s.no_decision_sent AS no_decision_sent, s.refused_session_full AS refused_session_full, s.refused_session_cancelled AS refused_session_cancelled FROM sessions s WHERE s.positioner_organisation_id IS NOT NULL
        UNION ALL
        SELECT s.trainer_organisation_id AS organisation_id, 'trainer' AS role, s.published AS published, date(s.end_date, 'start of month') AS end_month, s.id % 8 AS shard, s.places_held AS places_held, s.retained AS retained, s.not_retained AS not_retained, s.no_decision_sent AS no_decision_sent, s.refused_session_full AS refused_session_full, s.refused_session_cancelled AS refused_session_cancelled FROM sessions s
        UNION ALL
        SELECT s.responsible_organisation_id AS organisation_id, 'any' AS role, s.published AS published, date(s.end_date, 'start of month') AS end_month, s.id % 8 AS shard, s.places_held AS places_held, s.retained AS retained, s.not_retained AS not_retained, s.no_decision_sent AS no_decision_sent, s.refused_session_full AS refused_session_full, s.refused_session_cancelled AS refused_session_cancelled FROM sessions s
        UNION ALL
        SELECT s.positioner_organisation_id AS organisation_id, 'any' AS role, s.published AS published, date(s.end_date, 'start of month') AS end_month, s.id % 8 AS shard, s.places_held AS places_held, s.retained AS retained, s.not_retained AS not_retained, s.no_decision_sent AS no_decision_sent, s.refused_session_full AS refused_session_full, s.refused_session_cancelled AS refused_session_cancelled FROM sessions s WHERE s.positioner_organisation_id <> s.responsible_organisation_id
        UNION ALL
        SELECT s.trainer_organisation_id AS organisation_id, 'any' AS role, s.published AS published, date(s.end_date, 'start of month') AS end_month, s.id % 8 AS shard, s.places_held AS places_held, s.retained AS retained, s.not_retained AS not_retained, s.no_decision_sent AS no_decision_sent, s.refused_session_full AS refused_session_full, s.refused_session_cancelled AS refused_session_cancelled FROM sessions s WHERE s.trainer_organisation_id <> s.responsible_organisation_id AND s.trainer_organisation_id IS NOT s.positioner_organisation_id
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
