-- A search by name reads a range of each role's candidate index, then the found applications' state, dates and
-- received time from the table: a common surname in the largest organisation is 9,000 rows read one by one
-- (issue 11). The indexes now include those columns, so the range alone answers the search (an index-only scan
-- where the visibility map allows it).
DROP INDEX applications_responsible_candidate;
DROP INDEX applications_trainer_candidate;
DROP INDEX applications_positioner_candidate;
DROP INDEX applications_prescriber_candidate;
CREATE INDEX applications_responsible_candidate ON applications (responsible_organisation_id, candidate_sort, id)
    INCLUDE (state, received_at, session_start, session_end);
CREATE INDEX applications_trainer_candidate ON applications (trainer_organisation_id, candidate_sort, id)
    INCLUDE (state, received_at, session_start, session_end);
CREATE INDEX applications_positioner_candidate ON applications (positioner_organisation_id, candidate_sort, id)
    INCLUDE (state, received_at, session_start, session_end)
    WHERE positioner_organisation_id IS NOT NULL;
CREATE INDEX applications_prescriber_candidate ON applications (prescriber_organisation_id, candidate_sort, id)
    INCLUDE (state, received_at, session_start, session_end);
