-- Organisations, users and the memberships that link them (R-ACC-1, R-ACC-2).
CREATE TABLE organisations (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    siret TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL CHECK (kind IN ('training_organisation', 'prescriber_france_travail', 'prescriber_other', 'funder')),
    commune TEXT NOT NULL,
    created_at TIMESTAMP NOT NULL
);
CREATE INDEX organisations_name ON organisations (name);

CREATE TABLE users (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    full_name TEXT NOT NULL,
    platform_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL
);

CREATE TABLE memberships (
    user_id BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    status TEXT NOT NULL CHECK (status IN ('pending', 'approved')),
    is_admin BOOLEAN NOT NULL DEFAULT FALSE,
    created_at TIMESTAMP NOT NULL,
    approved_at TIMESTAMP,
    approved_by BIGINT REFERENCES users (id),
    PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX memberships_organisation ON memberships (organisation_id, status);
