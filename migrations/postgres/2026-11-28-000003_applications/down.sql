DROP TRIGGER sessions_quota_backstop ON sessions;
DROP FUNCTION sessions_quota_backstop();
DROP TABLE candidate_reads;
DROP TABLE idempotency_keys;
DROP TABLE applications;
DROP FUNCTION applications_final_is_final();
DROP TABLE candidates;
