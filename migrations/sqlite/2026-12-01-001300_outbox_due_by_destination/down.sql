DROP INDEX outbox_events_due;
CREATE INDEX outbox_events_due ON outbox_events (state, next_attempt_at);
