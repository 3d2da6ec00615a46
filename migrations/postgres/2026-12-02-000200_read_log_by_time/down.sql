DROP INDEX candidate_reads_read_at;
CREATE INDEX candidate_reads_application ON candidate_reads (application_id, read_at);
