-- Trainings and their sessions (R-TRN-*, R-SES-*), and the audit trail of every change (R-SES-6).
CREATE TABLE trainings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL UNIQUE CHECK (length(reference) = 12),
    training_type TEXT NOT NULL,
    title TEXT NOT NULL,
    funder_organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    contract_number TEXT NOT NULL,
    scheme TEXT NOT NULL,
    measure TEXT NOT NULL,
    responsible_organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    contact_name TEXT NOT NULL DEFAULT '',
    contact_phone TEXT NOT NULL DEFAULT '',
    contact_email TEXT NOT NULL DEFAULT '',
    highlights TEXT NOT NULL DEFAULT '',
    objective TEXT NOT NULL DEFAULT '',
    programme TEXT NOT NULL DEFAULT '',
    access_conditions TEXT NOT NULL DEFAULT '',
    prerequisites TEXT NOT NULL DEFAULT '',
    certification TEXT NOT NULL DEFAULT '',
    certification_proposed TEXT,
    certification_rejected TEXT,
    publication TEXT NOT NULL CHECK (publication IN ('awaiting_publication', 'published', 'archived', 'deleted')),
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL
);
CREATE INDEX trainings_responsible ON trainings (responsible_organisation_id);
CREATE INDEX trainings_funder ON trainings (funder_organisation_id);
CREATE INDEX trainings_publication ON trainings (publication);
CREATE INDEX trainings_title ON trainings (title);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    reference TEXT NOT NULL UNIQUE CHECK (length(reference) = 8),
    training_id BIGINT NOT NULL REFERENCES trainings (id),
    start_date DATE NOT NULL,
    end_date DATE NOT NULL,
    registration_deadline DATE NOT NULL,
    late_entry_deadline DATE NOT NULL,
    department TEXT NOT NULL,
    commune TEXT NOT NULL,
    trainer_organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    positioner_organisation_id BIGINT REFERENCES organisations (id),
    comment TEXT NOT NULL DEFAULT '',
    capacity INTEGER NOT NULL CHECK (capacity >= 1),
    coefficient INTEGER NOT NULL CHECK (coefficient BETWEEN 1 AND 10),
    cancelled BOOLEAN NOT NULL DEFAULT FALSE,
    -- Counters kept with the applications (R-QUOTA-2); the checks are the database's backstop.
    places_held INTEGER NOT NULL DEFAULT 0 CHECK (places_held >= 0),
    retained INTEGER NOT NULL DEFAULT 0 CHECK (retained >= 0 AND retained <= capacity),
    version BIGINT NOT NULL DEFAULT 1,
    created_at TIMESTAMP NOT NULL,
    updated_at TIMESTAMP NOT NULL,
    CHECK (start_date <= end_date),
    CHECK (registration_deadline <= late_entry_deadline),
    CHECK (late_entry_deadline <= end_date)
);
CREATE INDEX sessions_training ON sessions (training_id);
CREATE INDEX sessions_trainer ON sessions (trainer_organisation_id);
CREATE INDEX sessions_positioner ON sessions (positioner_organisation_id);
CREATE INDEX sessions_start ON sessions (start_date);
CREATE INDEX sessions_end ON sessions (end_date);
CREATE INDEX sessions_place ON sessions (department, commune);

CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    entity_type TEXT NOT NULL,
    entity_reference TEXT NOT NULL,
    action TEXT NOT NULL,
    actor_user_id BIGINT REFERENCES users (id),
    actor_organisation_id BIGINT REFERENCES organisations (id),
    occurred_at TIMESTAMP NOT NULL,
    changes TEXT NOT NULL
);
CREATE INDEX audit_events_entity ON audit_events (entity_type, entity_reference, occurred_at);
