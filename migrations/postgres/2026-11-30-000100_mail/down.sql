DROP TABLE mail_digests;
DROP TABLE notification_opt_outs;
DELETE FROM outbox_events WHERE destination = 'email';
ALTER TABLE outbox_events DROP CONSTRAINT outbox_events_destination_check;
ALTER TABLE outbox_events ADD CONSTRAINT outbox_events_destination_check CHECK (destination IN ('kairos', 'webhook'));
