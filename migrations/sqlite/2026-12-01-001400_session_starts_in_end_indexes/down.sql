DROP INDEX sessions_end;
DROP INDEX sessions_trainer_by_end;
DROP INDEX sessions_positioner_by_end;
DROP INDEX sessions_responsible_by_end;
DROP INDEX sessions_funder_by_end;
CREATE INDEX sessions_end ON sessions (end_date);
CREATE INDEX sessions_trainer_by_end ON sessions (trainer_organisation_id, end_date);
CREATE INDEX sessions_positioner_by_end ON sessions (positioner_organisation_id, end_date, trainer_organisation_id);
CREATE INDEX sessions_responsible_by_end
    ON sessions (responsible_organisation_id, end_date, trainer_organisation_id, positioner_organisation_id);
CREATE INDEX sessions_funder_by_end ON sessions
    (funder_organisation_id, end_date, trainer_organisation_id, positioner_organisation_id, responsible_organisation_id);
