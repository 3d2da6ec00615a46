-- Counts that do not grow with an organisation (issue 11). A list's counts per state and the dashboard summed
-- the counters of every session an organisation holds a role on: ten thousand rows for a large one. Each
-- organisation now keeps, per role, publication and month of session end, the sum of its sessions' counters,
-- moved by the database in the transaction that moves a session's counters: a count reads at most one row per
-- month and shard, plus the sessions of the months a tab boundary (today) or a date filter cuts. Each session
-- adds to one of eight shards (its id modulo 8), so concurrent intakes into an organisation's sessions ending
-- in the same month rarely wait on one row.
ALTER TABLE sessions ADD COLUMN published BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE sessions s SET published = (t.publication = 'published') FROM trainings t WHERE t.id = s.training_id;

CREATE FUNCTION sessions_copy_publication() RETURNS trigger AS $$
BEGIN
    SELECT publication = 'published' INTO NEW.published FROM trainings WHERE id = NEW.training_id;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER sessions_copy_publication BEFORE INSERT OR UPDATE OF training_id ON sessions
    FOR EACH ROW EXECUTE FUNCTION sessions_copy_publication();

CREATE FUNCTION trainings_publication_to_sessions() RETURNS trigger AS $$
BEGIN
    UPDATE sessions SET published = (NEW.publication = 'published') WHERE training_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trainings_publication_to_sessions AFTER UPDATE OF publication ON trainings
    FOR EACH ROW WHEN (NEW.publication <> OLD.publication)
    EXECUTE FUNCTION trainings_publication_to_sessions();

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
);

-- What one session adds (sign 1) or takes back (sign -1) from each of its organisations' rows. A NULL session
-- (OLD on INSERT, NEW on DELETE) gives rows without organisation, which the callers drop.
CREATE FUNCTION organisation_count_rows(s sessions, sign INTEGER)
RETURNS TABLE (organisation_id BIGINT, role TEXT, published BOOLEAN, end_month DATE, shard SMALLINT,
               places_held BIGINT,
               retained BIGINT, not_retained BIGINT, no_decision_sent BIGINT, refused_session_full BIGINT,
               refused_session_cancelled BIGINT) AS $$
    SELECT o.id, o.role, s.published, date_trunc('month', s.end_date)::date, (s.id % 8)::smallint,
           (sign * s.places_held)::bigint, (sign * s.retained)::bigint, (sign * s.not_retained)::bigint,
           (sign * s.no_decision_sent)::bigint, (sign * s.refused_session_full)::bigint,
           (sign * s.refused_session_cancelled)::bigint
    FROM (VALUES
        (s.responsible_organisation_id, 'responsible'),
        (s.positioner_organisation_id, 'positioner'),
        (s.trainer_organisation_id, 'trainer'),
        (s.responsible_organisation_id, 'any'),
        (CASE WHEN s.positioner_organisation_id <> s.responsible_organisation_id
              THEN s.positioner_organisation_id END, 'any'),
        (CASE WHEN s.trainer_organisation_id <> s.responsible_organisation_id
                   AND s.trainer_organisation_id IS DISTINCT FROM s.positioner_organisation_id
              THEN s.trainer_organisation_id END, 'any')
    ) AS o (id, role)
    WHERE o.id IS NOT NULL;
$$ LANGUAGE sql IMMUTABLE;

-- One statement moves the difference: a change of counters alone touches each row once. The rows are locked in
-- key order, so two sessions sharing organisations never wait on each other in a cycle.
CREATE FUNCTION sessions_count_to_organisations() RETURNS trigger AS $$
BEGIN
    INSERT INTO organisation_counts AS c
    SELECT d.organisation_id, d.role, d.published, d.end_month, d.shard, sum(d.places_held), sum(d.retained),
           sum(d.not_retained), sum(d.no_decision_sent), sum(d.refused_session_full),
           sum(d.refused_session_cancelled)
    FROM (SELECT * FROM organisation_count_rows(OLD, -1)
          UNION ALL SELECT * FROM organisation_count_rows(NEW, 1)) d
    GROUP BY d.organisation_id, d.role, d.published, d.end_month, d.shard
    HAVING sum(d.places_held) <> 0 OR sum(d.retained) <> 0 OR sum(d.not_retained) <> 0
        OR sum(d.no_decision_sent) <> 0 OR sum(d.refused_session_full) <> 0 OR sum(d.refused_session_cancelled) <> 0
    ORDER BY d.organisation_id, d.role, d.published, d.end_month, d.shard
    ON CONFLICT (organisation_id, role, published, end_month, shard) DO UPDATE SET
        places_held = c.places_held + EXCLUDED.places_held,
        retained = c.retained + EXCLUDED.retained,
        not_retained = c.not_retained + EXCLUDED.not_retained,
        no_decision_sent = c.no_decision_sent + EXCLUDED.no_decision_sent,
        refused_session_full = c.refused_session_full + EXCLUDED.refused_session_full,
        refused_session_cancelled = c.refused_session_cancelled + EXCLUDED.refused_session_cancelled;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER sessions_count_to_organisations AFTER INSERT OR DELETE OR UPDATE OF places_held, retained,
    not_retained, no_decision_sent, refused_session_full, refused_session_cancelled, end_date, published,
    responsible_organisation_id, trainer_organisation_id, positioner_organisation_id ON sessions
    FOR EACH ROW EXECUTE FUNCTION sessions_count_to_organisations();

INSERT INTO organisation_counts
SELECT r.organisation_id, r.role, r.published, r.end_month, r.shard, sum(r.places_held), sum(r.retained),
       sum(r.not_retained), sum(r.no_decision_sent), sum(r.refused_session_full), sum(r.refused_session_cancelled)
FROM sessions s, LATERAL organisation_count_rows(s, 1) r
GROUP BY r.organisation_id, r.role, r.published, r.end_month, r.shard;
