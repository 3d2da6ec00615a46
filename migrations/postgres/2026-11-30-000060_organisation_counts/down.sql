DROP TRIGGER sessions_count_to_organisations ON sessions;
DROP FUNCTION sessions_count_to_organisations();
DROP FUNCTION organisation_count_rows(sessions, INTEGER);
DROP TABLE organisation_counts;
DROP TRIGGER trainings_publication_to_sessions ON trainings;
DROP FUNCTION trainings_publication_to_sessions();
DROP TRIGGER sessions_copy_publication ON sessions;
DROP FUNCTION sessions_copy_publication();
ALTER TABLE sessions DROP COLUMN published;
