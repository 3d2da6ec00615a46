CREATE TABLE main.candidate_reads (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    application_id BIGINT NOT NULL REFERENCES applications (id),
    user_id BIGINT NOT NULL REFERENCES users (id),
    organisation_id BIGINT REFERENCES organisations (id),
    read_at TIMESTAMP NOT NULL,
    purpose TEXT NOT NULL
);
CREATE INDEX main.candidate_reads_application ON candidate_reads (application_id, read_at);
INSERT INTO main.candidate_reads (id, application_id, user_id, organisation_id, read_at, purpose)
SELECT id, application_id, user_id, organisation_id, read_at, purpose FROM reads.candidate_reads;
DELETE FROM reads.candidate_reads;
