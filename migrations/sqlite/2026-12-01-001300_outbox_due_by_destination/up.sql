-- A forwarder claims, per destination it can deliver to, the earliest due messages: one range of this index in
-- its order, whatever waits for another destination (e-mail while no SMTP server is configured piles up).
DROP INDEX outbox_events_due;
CREATE INDEX outbox_events_due ON outbox_events (state, destination, next_attempt_at, id);
