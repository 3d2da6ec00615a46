-- Member administration (R-ACC-5..7): refused and removed memberships stay listed, with who ended them and why.
-- SQLite cannot change a CHECK constraint: the table is rebuilt (no other table refers to it).
CREATE TABLE memberships_next (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved', 'refused', 'removed')),
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    approved_at TIMESTAMP,
    approved_by BIGINT REFERENCES users (id),
    ended_at TIMESTAMP,
    ended_by BIGINT REFERENCES users (id),
    refusal_reason TEXT,
    PRIMARY KEY (user_id, organisation_id)
);
INSERT INTO memberships_next (user_id, organisation_id, status, is_admin, created_at, approved_at, approved_by)
    SELECT user_id, organisation_id, status, is_admin, created_at, approved_at, approved_by FROM memberships;
DROP TABLE memberships;
ALTER TABLE memberships_next RENAME TO memberships;
CREATE INDEX memberships_organisation ON memberships (organisation_id, status);

-- Invitations by e-mail (R-ACC-8): only a hash of the token is kept, so a copy of the database opens nothing.
CREATE TABLE invitations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    email TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    invited_by BIGINT NOT NULL REFERENCES users (id),
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    accepted_at TIMESTAMP,
    accepted_by BIGINT REFERENCES users (id)
);
CREATE INDEX invitations_organisation ON invitations (organisation_id, created_at);

-- Password reset links (R-ACC-9), single-use and valid one hour; the token's hash only.
CREATE TABLE password_resets (
    token_hash TEXT PRIMARY KEY,
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    created_at TIMESTAMP NOT NULL,
    expires_at TIMESTAMP NOT NULL,
    used_at TIMESTAMP
);
CREATE INDEX password_resets_user ON password_resets (user_id);
