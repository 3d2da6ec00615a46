DROP TABLE mail_digests;
DROP TABLE notification_opt_outs;
DELETE FROM outbox_events WHERE destination = 'email';
CREATE TABLE outbox_events_old (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id TEXT NOT NULL UNIQUE,
    event_type TEXT NOT NULL,
    destination TEXT NOT NULL CHECK (destination IN ('kairos', 'webhook')),
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
INSERT INTO outbox_events_old SELECT id, event_id, event_type, destination, subscription_id, application_id, payload,
    state, attempts, next_attempt_at, claimed_until, last_error, created_at, sent_at FROM outbox_events;
DROP TABLE outbox_events;
ALTER TABLE outbox_events_old RENAME TO outbox_events;
CREATE INDEX outbox_events_due ON outbox_events (state, next_attempt_at);
CREATE INDEX outbox_events_application ON outbox_events (application_id);
