-- R-SES-3: an organisation postpones the start by 14 days in all from the start as published, so the
-- published start is kept beside the current one. Existing sessions take their current start (their earlier
-- postponements are not recorded anywhere). The default only satisfies SQLite's NOT NULL on ADD COLUMN: the
-- insert trigger below replaces it with the start of a session inserted without one (imports, SQL by hand).
ALTER TABLE sessions ADD COLUMN published_start_date DATE NOT NULL DEFAULT '1970-01-01';
UPDATE sessions SET published_start_date = start_date;

-- "Type session" (R-LIST-TYPE-1): a session's type is its training's, normalised as the domain's SessionType
-- (trimmed, upper case). Each session keeps a copy so the lists filter on the session row they already read
-- (the application lists join it for the row, the session list reads it through its role's index): no
-- subquery on trainings, and the page's index stays the one that drives the query.
ALTER TABLE sessions ADD COLUMN session_type TEXT NOT NULL DEFAULT '';
UPDATE sessions SET session_type = (SELECT upper(trim(training_type)) FROM trainings WHERE id = sessions.training_id);

CREATE TRIGGER sessions_copy_training_type AFTER INSERT ON sessions
BEGIN
    UPDATE sessions SET
        session_type = (SELECT upper(trim(training_type)) FROM trainings WHERE id = NEW.training_id),
        published_start_date = CASE WHEN NEW.published_start_date = '1970-01-01' THEN NEW.start_date
                                    ELSE NEW.published_start_date END
    WHERE id = NEW.id;
END;

CREATE TRIGGER sessions_follow_training_type AFTER UPDATE OF training_id ON sessions
BEGIN
    UPDATE sessions SET session_type = (SELECT upper(trim(training_type)) FROM trainings WHERE id = NEW.training_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER trainings_type_to_sessions AFTER UPDATE OF training_type ON trainings
WHEN NEW.training_type <> OLD.training_type
BEGIN
    UPDATE sessions SET session_type = upper(trim(NEW.training_type)) WHERE training_id = NEW.id;
END;

-- "Coordonnées des personnes contact" (R-TRN-CONTACT-1..3): up to five per training. The first stays in
-- contact_name, contact_phone, contact_email (older clients read and write them); the others are one JSON
-- array, read and written whole with the training.
ALTER TABLE trainings ADD COLUMN other_contacts TEXT NOT NULL DEFAULT '[]';

-- "Ratio suite de parcours" (R-OUT-1..3): one outcome per retained trainee, in a table of its own since an
-- application with a final decision never changes (R-AVIS-6's trigger). The session is kept beside it so a
-- session's ratios read its outcomes through one index.
CREATE TABLE application_outcomes (
    application_id BIGINT PRIMARY KEY REFERENCES applications (id),
    session_id BIGINT NOT NULL REFERENCES sessions (id),
    outcome TEXT NOT NULL,
    recorded_by BIGINT NOT NULL REFERENCES users (id),
    recorded_at TIMESTAMP NOT NULL
);
CREATE INDEX application_outcomes_session ON application_outcomes (session_id, outcome);
