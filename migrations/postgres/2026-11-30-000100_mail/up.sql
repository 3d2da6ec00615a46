-- E-mail through the transactional outbox (issue 12): a third destination, delivered over SMTP.
ALTER TABLE outbox_events DROP CONSTRAINT outbox_events_destination_check;
ALTER TABLE outbox_events ADD CONSTRAINT outbox_events_destination_check
    CHECK (destination IN ('kairos', 'webhook', 'email'));

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
