DROP TABLE password_resets;
DROP TABLE invitations;
CREATE TABLE memberships_previous (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved')),
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    approved_at TIMESTAMP,
    approved_by BIGINT REFERENCES users (id),
    PRIMARY KEY (user_id, organisation_id)
);
INSERT INTO memberships_previous
    SELECT user_id, organisation_id, status, is_admin, created_at, approved_at, approved_by FROM memberships
    WHERE status IN ('pending', 'approved');
DROP TABLE memberships;
ALTER TABLE memberships_previous RENAME TO memberships;
CREATE INDEX memberships_organisation ON memberships (organisation_id, status);
