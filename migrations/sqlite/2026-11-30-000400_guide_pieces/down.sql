DROP TABLE application_outcomes;
ALTER TABLE trainings DROP COLUMN other_contacts;
DROP TRIGGER trainings_type_to_sessions;
DROP TRIGGER sessions_follow_training_type;
DROP TRIGGER sessions_copy_training_type;
ALTER TABLE sessions DROP COLUMN session_type;
ALTER TABLE sessions DROP COLUMN published_start_date;
