-- LHEO import (issue 13): the Carif-Oref identifiers of imported trainings and sessions, the key of every
-- re-import, and per object the values it last imported (a JSON object field -> value), so a re-import
-- overwrites only the fields nobody changed since.
ALTER TABLE trainings ADD COLUMN lheo_formation_id TEXT;
ALTER TABLE trainings ADD COLUMN lheo_imported TEXT;
CREATE UNIQUE INDEX trainings_lheo_formation ON trainings (lheo_formation_id);
ALTER TABLE sessions ADD COLUMN lheo_action_id TEXT;
ALTER TABLE sessions ADD COLUMN lheo_session_id TEXT;
ALTER TABLE sessions ADD COLUMN lheo_imported TEXT;
CREATE UNIQUE INDEX sessions_lheo_session ON sessions (lheo_session_id);
