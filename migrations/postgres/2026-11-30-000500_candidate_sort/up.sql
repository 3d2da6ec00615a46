-- "By candidate" sorted an organisation's whole set through a join to candidates, and the free-text search read
-- every row of it: 7.5 s a page for the largest organisation at 1M applications (issue 11). Each application now
-- copies its candidate's sort key (folded last and first name, computed by the domain at intake, rewritten by
-- anonymisation), so each role and the prescriber page through one index in that order, and a search by name
-- reads one range of it. COLLATE "C": the keys are ASCII and must compare byte by byte, as Rust and SQLite do.
-- Rows already stored take the key from their identity key ("last|first|birth date", the same folding).
ALTER TABLE applications ADD COLUMN candidate_sort TEXT COLLATE "C" NOT NULL DEFAULT '';
UPDATE applications SET candidate_sort = CASE
    WHEN identity_key LIKE 'anonymised:%' THEN 'anonymise '
    ELSE replace(left(identity_key, length(identity_key) - 11), '|', ' ')
END;
ALTER TABLE applications ALTER COLUMN candidate_sort DROP DEFAULT;
CREATE INDEX applications_responsible_candidate ON applications (responsible_organisation_id, candidate_sort, id);
CREATE INDEX applications_trainer_candidate ON applications (trainer_organisation_id, candidate_sort, id);
CREATE INDEX applications_positioner_candidate ON applications (positioner_organisation_id, candidate_sort, id)
    WHERE positioner_organisation_id IS NOT NULL;
CREATE INDEX applications_prescriber_candidate ON applications (prescriber_organisation_id, candidate_sort, id);
