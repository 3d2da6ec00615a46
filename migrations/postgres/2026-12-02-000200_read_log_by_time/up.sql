-- The read log (R-GDPR-1) indexed by time only (crates/server/src/store/candidate_reads.rs): every list writes
-- fifty rows, and the index by application put each on another page of the index, every one of them written
-- again to the log after a checkpoint. The purge reads by time.
DROP INDEX candidate_reads_application;
CREATE INDEX candidate_reads_read_at ON candidate_reads (read_at);
