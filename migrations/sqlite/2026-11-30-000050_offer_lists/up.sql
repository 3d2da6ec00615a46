-- Lists that read only the page they show (issue 11). Sessions carry a copy of their training's responsible
-- and funder organisations so that every role of R-ACC-3 is one indexed column of `sessions`: an OR over a
-- join cannot use an index. The database keeps the copies: set on insert, followed when a training changes.
ALTER TABLE sessions ADD COLUMN responsible_organisation_id BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN funder_organisation_id BIGINT NOT NULL DEFAULT 0;
UPDATE sessions SET
    responsible_organisation_id = (SELECT t.responsible_organisation_id FROM trainings t WHERE t.id = sessions.training_id),
    funder_organisation_id = (SELECT t.funder_organisation_id FROM trainings t WHERE t.id = sessions.training_id);

CREATE TRIGGER sessions_copy_training_roles AFTER INSERT ON sessions
BEGIN
    UPDATE sessions SET
        responsible_organisation_id = (SELECT responsible_organisation_id FROM trainings WHERE id = NEW.training_id),
        funder_organisation_id = (SELECT funder_organisation_id FROM trainings WHERE id = NEW.training_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER sessions_follow_training AFTER UPDATE OF training_id ON sessions
BEGIN
    UPDATE sessions SET
        responsible_organisation_id = (SELECT responsible_organisation_id FROM trainings WHERE id = NEW.training_id),
        funder_organisation_id = (SELECT funder_organisation_id FROM trainings WHERE id = NEW.training_id)
    WHERE id = NEW.id;
END;

CREATE TRIGGER trainings_roles_to_sessions AFTER UPDATE OF responsible_organisation_id, funder_organisation_id
ON trainings
BEGIN
    UPDATE sessions SET
        responsible_organisation_id = NEW.responsible_organisation_id,
        funder_organisation_id = NEW.funder_organisation_id
    WHERE training_id = NEW.id;
END;

-- "Gestion par sessions" pages by (start_date, reference) for each role of the caller (R-ACC-3); each role
-- has its own index so a page reads only the rows it shows, and the cursor resumes inside the index.
DROP INDEX sessions_start;
DROP INDEX sessions_trainer;
DROP INDEX sessions_positioner;
CREATE INDEX sessions_by_start ON sessions (start_date, reference);
CREATE INDEX sessions_trainer_by_start ON sessions (trainer_organisation_id, start_date, reference);
CREATE INDEX sessions_positioner_by_start ON sessions (positioner_organisation_id, start_date, reference);
CREATE INDEX sessions_responsible_by_start ON sessions (responsible_organisation_id, start_date, reference);
CREATE INDEX sessions_funder_by_start ON sessions (funder_organisation_id, start_date, reference);
-- The period tabs (R-TIME-4) by session end: the current tab reads only sessions not ended, and the counts
-- are read from the index alone. Each role's index carries the roles counted before it, so a session where
-- the organisation holds two roles is counted once without reading the table.
CREATE INDEX sessions_trainer_by_end ON sessions (trainer_organisation_id, end_date);
CREATE INDEX sessions_positioner_by_end ON sessions (positioner_organisation_id, end_date, trainer_organisation_id);
CREATE INDEX sessions_responsible_by_end
    ON sessions (responsible_organisation_id, end_date, trainer_organisation_id, positioner_organisation_id);
CREATE INDEX sessions_funder_by_end ON sessions
    (funder_organisation_id, end_date, trainer_organisation_id, positioner_organisation_id, responsible_organisation_id);
-- Availability (R-LIST-4): only sessions whose late-entry deadline is not past still accept applications.
CREATE INDEX sessions_accepting ON sessions (late_entry_deadline, start_date);

-- "Gestion des formations" (R-TRN-4): a tab in reference or title order, and the two certification tabs;
-- (publication, reference) replaces the index on publication alone.
DROP INDEX trainings_publication;
CREATE INDEX trainings_tab_by_reference ON trainings (publication, reference);
CREATE INDEX trainings_tab_by_title ON trainings (publication, lower(title), reference);
CREATE INDEX trainings_awaiting_validation ON trainings (reference) WHERE certification_proposed IS NOT NULL;
CREATE INDEX trainings_certification_rejected ON trainings (certification_proposed) WHERE certification_rejected IS NOT NULL;
