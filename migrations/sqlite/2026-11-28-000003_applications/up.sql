-- Candidates and their applications (R-APP-*, R-QUOTA-*, R-AVIS-*), idempotency keys of the intake, and the
-- log of reads of candidates' personal data (R-GDPR-1).

-- One row per application: a prescriber's snapshot of the candidate, so one prescriber never overwrites
-- another's data; identity_key links the rows of one person (history, other live applications).
CREATE TABLE candidates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    identity_key TEXT NOT NULL,
    last_name TEXT NOT NULL,
    first_name TEXT NOT NULL,
    birth_date DATE NOT NULL,
    email TEXT NOT NULL,
    phone TEXT NOT NULL,
    postcode TEXT NOT NULL,
    city TEXT NOT NULL,
    france_travail_id TEXT,
    education_level TEXT NOT NULL,
    last_diploma TEXT NOT NULL,
    employment_situation TEXT NOT NULL,
    job_seeker_since DATE,
    anonymised_at TIMESTAMP
);
CREATE INDEX candidates_identity ON candidates (identity_key);
CREATE INDEX candidates_last_name ON candidates (last_name);

CREATE TABLE applications (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL UNIQUE CHECK (length(reference) = 10),
    session_id BIGINT NOT NULL REFERENCES sessions (id),
    candidate_id BIGINT NOT NULL UNIQUE REFERENCES candidates (id),
    identity_key TEXT NOT NULL,
    prescriber_organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    prescriber_user_id BIGINT NOT NULL REFERENCES users (id),
    from_france_travail BOOLEAN NOT NULL,
    presentation TEXT NOT NULL,
    received_at TIMESTAMP NOT NULL,
    late_entry BOOLEAN NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'retained', 'not_retained', 'no_decision_sent',
                                         'refused_session_full', 'refused_session_cancelled')),
    decision_draft TEXT NOT NULL DEFAULT '{}',
    invites_count INTEGER NOT NULL DEFAULT 0,
    last_invite_result TEXT,
    planned_entry_date DATE,
    decided_at TIMESTAMP,
    decision_automatic TEXT,
    updated_at TIMESTAMP NOT NULL
);
-- R-APP-1's backstop: one live application per person and session, even under concurrency.
CREATE UNIQUE INDEX applications_one_live_per_candidate ON applications (session_id, identity_key)
    WHERE state IN ('pending', 'retained');
CREATE INDEX applications_session_state ON applications (session_id, state, received_at);
CREATE INDEX applications_prescriber ON applications (prescriber_organisation_id, state, received_at);
CREATE INDEX applications_identity ON applications (identity_key);
CREATE INDEX applications_state ON applications (state, received_at);

-- R-AVIS-6's backstop: a final decision never changes, whatever the code does.
CREATE TRIGGER applications_final_is_final BEFORE UPDATE ON applications
WHEN OLD.state <> 'pending'
 AND (NEW.state <> OLD.state OR NEW.decision_draft <> OLD.decision_draft
      OR NEW.planned_entry_date IS NOT OLD.planned_entry_date)
BEGIN
    SELECT RAISE(ABORT, 'decision_final');
END;

CREATE TABLE idempotency_keys (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    response_status INTEGER,
    response_body TEXT,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (organisation_id, idempotency_key)
);

CREATE TABLE candidate_reads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    organisation_id BIGINT REFERENCES organisations (id),
    read_at TIMESTAMP NOT NULL,
    purpose TEXT NOT NULL
);
CREATE INDEX candidate_reads_application ON candidate_reads (application_id, read_at);

-- R-QUOTA-3's backstop: never more places held than the quota.
CREATE TRIGGER sessions_quota_backstop BEFORE UPDATE OF places_held ON sessions
WHEN NEW.places_held > OLD.places_held AND NEW.places_held > NEW.capacity * NEW.coefficient
BEGIN
    SELECT RAISE(ABORT, 'session_full');
END;
