DROP TRIGGER applications_count_to_prescribers ON applications;
DROP FUNCTION applications_count_to_prescribers();
DROP FUNCTION prescriber_count_row(applications, INTEGER);
DROP INDEX applications_prescriber_session_end;
DROP TABLE prescriber_counts;
