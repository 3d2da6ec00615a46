DROP INDEX idempotency_keys_created;
DROP TABLE login_failures;
ALTER TABLE users DROP COLUMN token_version;
