-- Revocable tokens: a token carries the version it was issued under; changing the password bumps it.
ALTER TABLE users ADD COLUMN token_version INTEGER NOT NULL DEFAULT 0;

-- Consecutive wrong passwords per e-mail address, whether or not an account exists, so a lock never
-- reveals which addresses have accounts. In the database so every instance sees the same lock.
CREATE TABLE login_failures (
    email TEXT PRIMARY KEY,
    failures INTEGER NOT NULL,
    last_failure_at TIMESTAMP NOT NULL,
    locked_until TIMESTAMP
);
CREATE INDEX login_failures_last ON login_failures (last_failure_at);

-- Expired idempotency keys are purged per organisation.
CREATE INDEX idempotency_keys_created ON idempotency_keys (organisation_id, created_at);
