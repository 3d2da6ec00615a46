-- The transactional outbox (R-AVIS-7, R-SES-3): messages written in the transaction of the change that causes
-- them, delivered later with retries; and the organisations' webhook subscriptions.
CREATE TABLE webhook_subscriptions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    url TEXT NOT NULL,
    secret TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL,
    deleted_at TIMESTAMP
);
CREATE INDEX webhook_subscriptions_organisation ON webhook_subscriptions (organisation_id);

CREATE TABLE outbox_events (
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
CREATE INDEX outbox_events_due ON outbox_events (state, next_attempt_at);
CREATE INDEX outbox_events_application ON outbox_events (application_id);
