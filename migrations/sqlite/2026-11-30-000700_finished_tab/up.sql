-- "Sessions terminées" (R-TIME-4) on SQLite (issue 11): the tab's page walks its role's received-date index
-- from the newest application and skips those whose session has not ended, reading each one's row for its
-- session end: ~12,000 rows of the largest organisation of the bench's million before the first finished one
-- (0.39 s). Each received-date index now carries the session end, so SQLite skips them from the index alone
-- (0.04 s). PostgreSQL's index scans read the row before any filter, so its indexes stay as they are.
DROP INDEX applications_responsible_received;
CREATE INDEX applications_responsible_received ON applications (responsible_organisation_id, received_at, id, session_end);
DROP INDEX applications_trainer_received;
CREATE INDEX applications_trainer_received ON applications (trainer_organisation_id, received_at, id, session_end);
DROP INDEX applications_positioner_received;
CREATE INDEX applications_positioner_received ON applications (positioner_organisation_id, received_at, id, session_end)
    WHERE positioner_organisation_id IS NOT NULL;
DROP INDEX applications_prescriber_received;
CREATE INDEX applications_prescriber_received ON applications (prescriber_organisation_id, received_at, id, session_end);
