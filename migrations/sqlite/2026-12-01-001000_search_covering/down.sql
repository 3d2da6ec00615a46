DROP INDEX applications_responsible_candidate;
DROP INDEX applications_trainer_candidate;
DROP INDEX applications_positioner_candidate;
DROP INDEX applications_prescriber_candidate;
CREATE INDEX applications_responsible_candidate ON applications (responsible_organisation_id, candidate_sort, id);
CREATE INDEX applications_trainer_candidate ON applications (trainer_organisation_id, candidate_sort, id);
CREATE INDEX applications_positioner_candidate ON applications (positioner_organisation_id, candidate_sort, id)
    WHERE positioner_organisation_id IS NOT NULL;
CREATE INDEX applications_prescriber_candidate ON applications (prescriber_organisation_id, candidate_sort, id);
