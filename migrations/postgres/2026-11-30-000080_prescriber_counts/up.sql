-- A prescriber's counts per state (issue 11): its list counted its applications one by one, and a large
-- France Travail agency sends tens of thousands. Each prescriber organisation now keeps, per month of session
-- end and shard (the session id modulo 8, so concurrent intakes into different sessions rarely wait on one
-- row), its applications per state, moved by the database with every application. A count reads one row per
-- month and shard, and the applications of the months a tab boundary or a date filter cuts (by the index
-- below).
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
);

CREATE INDEX applications_prescriber_session_end ON applications (prescriber_organisation_id, session_end);

-- What one application adds (sign 1) or takes back (sign -1). A NULL application (OLD on INSERT, NEW on
-- DELETE) gives no row.
CREATE FUNCTION prescriber_count_row(a applications, sign INTEGER)
RETURNS TABLE (prescriber_organisation_id BIGINT, end_month DATE, shard SMALLINT, pending BIGINT,
               retained BIGINT, not_retained BIGINT, no_decision_sent BIGINT, refused_session_full BIGINT,
               refused_session_cancelled BIGINT) AS $$
    SELECT a.prescriber_organisation_id, date_trunc('month', a.session_end)::date, (a.session_id % 8)::smallint,
           (sign * (a.state = 'pending')::int)::bigint, (sign * (a.state = 'retained')::int)::bigint,
           (sign * (a.state = 'not_retained')::int)::bigint, (sign * (a.state = 'no_decision_sent')::int)::bigint,
           (sign * (a.state = 'refused_session_full')::int)::bigint,
           (sign * (a.state = 'refused_session_cancelled')::int)::bigint
    WHERE a.prescriber_organisation_id IS NOT NULL;
$$ LANGUAGE sql IMMUTABLE;

CREATE FUNCTION applications_count_to_prescribers() RETURNS trigger AS $$
BEGIN
    INSERT INTO prescriber_counts AS c
    SELECT d.prescriber_organisation_id, d.end_month, d.shard, sum(d.pending), sum(d.retained),
           sum(d.not_retained), sum(d.no_decision_sent), sum(d.refused_session_full),
           sum(d.refused_session_cancelled)
    FROM (SELECT * FROM prescriber_count_row(OLD, -1) UNION ALL SELECT * FROM prescriber_count_row(NEW, 1)) d
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
CREATE TRIGGER applications_count_to_prescribers
    AFTER INSERT OR DELETE OR UPDATE OF state, session_end, prescriber_organisation_id ON applications
    FOR EACH ROW EXECUTE FUNCTION applications_count_to_prescribers();

INSERT INTO prescriber_counts
SELECT r.prescriber_organisation_id, r.end_month, r.shard, sum(r.pending), sum(r.retained), sum(r.not_retained),
       sum(r.no_decision_sent), sum(r.refused_session_full), sum(r.refused_session_cancelled)
FROM applications a, LATERAL prescriber_count_row(a, 1) r
GROUP BY r.prescriber_organisation_id, r.end_month, r.shard;
