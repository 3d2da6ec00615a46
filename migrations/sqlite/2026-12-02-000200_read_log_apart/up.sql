-- The read log (R-GDPR-1) moves to a file of its own, attached to every connection as `reads`
-- (crates/server/src/db/read_log_file.rs, which creates its table): each list of applications commits its read
-- log, and a commit to the database file empties every other connection's page cache. Same rows, same ids, now
-- indexed by time only (store/candidate_reads.rs); the foreign keys stay behind, as SQLite checks none across files.
INSERT OR IGNORE INTO reads.candidate_reads (id, application_id, user_id, organisation_id, read_at, purpose)
SELECT id, application_id, user_id, organisation_id, read_at, purpose FROM main.candidate_reads;
DROP TABLE main.candidate_reads;
