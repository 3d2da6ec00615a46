DROP TABLE outbox_events;
DROP TABLE webhook_subscriptions;
