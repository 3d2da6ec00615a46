DROP INDEX applications_responsible_received;
CREATE INDEX applications_responsible_received ON applications (responsible_organisation_id, received_at, id);
DROP INDEX applications_trainer_received;
CREATE INDEX applications_trainer_received ON applications (trainer_organisation_id, received_at, id);
DROP INDEX applications_positioner_received;
CREATE INDEX applications_positioner_received ON applications (positioner_organisation_id, received_at, id)
    WHERE positioner_organisation_id IS NOT NULL;
DROP INDEX applications_prescriber_received;
CREATE INDEX applications_prescriber_received ON applications (prescriber_organisation_id, received_at, id);
