DROP INDEX sessions_lheo_session;
ALTER TABLE sessions DROP COLUMN lheo_imported;
ALTER TABLE sessions DROP COLUMN lheo_session_id;
ALTER TABLE sessions DROP COLUMN lheo_action_id;
DROP INDEX trainings_lheo_formation;
ALTER TABLE trainings DROP COLUMN lheo_imported;
ALTER TABLE trainings DROP COLUMN lheo_formation_id;
