-- E-mail through the transactional outbox (issue 12): a third destination, delivered over SMTP.
-- SQLite cannot change a CHECK constraint: the table is rebuilt with the same columns (no table references it).
CREATE TABLE outbox_events_new (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    destination TEXT NOT NULL CHECK (destination IN ('kairos', 'webhook', 'email')),
    subscription_id BIGINT REFERENCES webhook_subscriptions (id),
    application_id BIGINT REFERENCES applications (id),
    payload TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'sent', 'dead')),
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMP NOT NULL,
    claimed_until TIMESTAMP,
    last_error TEXT,
    created_at TIMESTAMP NOT NULL,
    sent_at TIMESTAMP
);
INSERT INTO outbox_events_new SELECT id, event_id, event_type, destination, subscription_id, application_id, payload,
    state, attempts, next_attempt_at, claimed_until, last_error, created_at, sent_at FROM outbox_events;
DROP TABLE outbox_events;
ALTER TABLE outbox_events_new RENAME TO outbox_events;
CREATE INDEX outbox_events_due ON outbox_events (state, next_attempt_at);
CREATE INDEX outbox_events_application ON outbox_events (application_id);

-- Every notification is on by default: only the kinds a user turned off are stored, so a new kind reaches
-- everyone until they refuse it.
CREATE TABLE notification_opt_outs (
    user_id BIGINT NOT NULL REFERENCES users (id),
    kind TEXT NOT NULL,
    PRIMARY KEY (user_id, kind)
);

-- One weekly digest per organisation and week (R-TIME-2): the key makes a second instance's insert fail, so
-- two running jobs never send it twice.
CREATE TABLE mail_digests (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    week_start DATE NOT NULL,
    created_at TIMESTAMP NOT NULL,
    PRIMARY KEY (organisation_id, week_start)
);
