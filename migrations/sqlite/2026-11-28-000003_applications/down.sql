DROP TRIGGER sessions_quota_backstop;
DROP TABLE candidate_reads;
DROP TABLE idempotency_keys;
DROP TRIGGER applications_final_is_final;
DROP TABLE applications;
DROP TABLE candidates;
