-- "Sessions terminées" (R-TIME-4) on PostgreSQL (issue 11): the tab's page walks its role's received-date index
-- from the newest application and skips those whose session has not ended. With the session end only in the
-- row, PostgreSQL fetched each skipped row to test it: 98,837 rows of the largest organisation of the bench's
-- million before its 51 finished ones (295 ms). As a key column of the index, the session end becomes part of
-- the index condition, tested on the index entries alone (5 ms), as SQLite does since migration finished_tab.
DROP INDEX applications_responsible_received;
CREATE INDEX applications_responsible_received ON applications (responsible_organisation_id, received_at, id, session_end);
DROP INDEX applications_trainer_received;
CREATE INDEX applications_trainer_received ON applications (trainer_organisation_id, received_at, id, session_end);
DROP INDEX applications_positioner_received;
CREATE INDEX applications_positioner_received ON applications (positioner_organisation_id, received_at, id, session_end)
    WHERE positioner_organisation_id IS NOT NULL;
DROP INDEX applications_prescriber_received;
CREATE INDEX applications_prescriber_received ON applications (prescriber_organisation_id, received_at, id, session_end);
