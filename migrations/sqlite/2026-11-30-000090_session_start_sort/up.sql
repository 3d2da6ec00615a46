-- "Soonest session first" (issue 11) read an organisation's or a prescriber's whole set and sorted it: 19 s for
-- the largest organisation at 1M applications. Each role and the prescriber get an index in that very order
-- (session start, then newest received), so a page reads its rows and its cursor resumes inside the index;
-- "any role" merges the three roles' pages as the received-date sorts do.
CREATE INDEX applications_responsible_session_start
    ON applications (responsible_organisation_id, session_start, received_at DESC, id DESC);
CREATE INDEX applications_trainer_session_start
    ON applications (trainer_organisation_id, session_start, received_at DESC, id DESC);
CREATE INDEX applications_positioner_session_start
    ON applications (positioner_organisation_id, session_start, received_at DESC, id DESC)
    WHERE positioner_organisation_id IS NOT NULL;
CREATE INDEX applications_prescriber_session_start
    ON applications (prescriber_organisation_id, session_start, received_at DESC, id DESC);
