-- The read log (R-GDPR-1) records which applications a list showed: fifty rows a page. Each row's three foreign
-- keys checked its application, user and organisation with a KEY SHARE lock on each, so every list locked (and
-- wrote the lock into) the fifty application rows it had just read, and the same user and organisation rows
-- fifty times, many lists at once: 5.4 ms of a list's 10 ms in the database (issue 11, pg_stat_statements).
-- The log keeps ids the list has just read; nothing deletes applications, users or organisations, and SQLite's
-- log, in a file of its own, has had no foreign keys since 2026-12-02-000200. An audit trail should not stop a
-- deletion, nor vanish with it, either.
ALTER TABLE candidate_reads
    DROP CONSTRAINT candidate_reads_application_id_fkey,
    DROP CONSTRAINT candidate_reads_user_id_fkey,
    DROP CONSTRAINT candidate_reads_organisation_id_fkey;
