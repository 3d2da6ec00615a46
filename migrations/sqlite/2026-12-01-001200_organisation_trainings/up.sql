-- An organisation's trainings (R-ACC-3: those it is responsible for or funds, and those of the sessions it trains
-- or positions), kept by triggers in the transaction that changes them. "Gestion des formations" read them on
-- every page from four indexes: the largest organisation of issue 11 has 7,124 trainings through 13,822
-- sessions, so each page loaded and sorted them and bound their ids into every query, and grew with the years of
-- sessions. Each row carries what the list sorts and counts on, so a page is a range of one index and the tabs'
-- counts read one index of the organisation's rows. `links` counts the roles and sessions that make the link: the
-- row goes when the last one does.
CREATE TABLE organisation_trainings (
    organisation_id BIGINT NOT NULL REFERENCES organisations (id),
    training_id BIGINT NOT NULL REFERENCES trainings (id),
    links INTEGER NOT NULL CHECK (links >= 0),
    publication TEXT NOT NULL,
    certification_proposed BOOLEAN NOT NULL,
    certification_rejected BOOLEAN NOT NULL,
    reference TEXT NOT NULL,
    title_sort TEXT NOT NULL,
    PRIMARY KEY (organisation_id, training_id)
);
CREATE INDEX organisation_trainings_by_reference ON organisation_trainings
    (organisation_id, publication, reference, training_id, title_sort);
CREATE INDEX organisation_trainings_by_title ON organisation_trainings
    (organisation_id, publication, title_sort, reference, training_id);
CREATE INDEX organisation_trainings_census ON organisation_trainings
    (organisation_id, publication, certification_proposed, certification_rejected, reference, training_id);
CREATE INDEX organisation_trainings_training ON organisation_trainings (training_id);

INSERT INTO organisation_trainings (organisation_id, training_id, links, publication, certification_proposed,
                                    certification_rejected, reference, title_sort)
SELECT l.organisation_id, t.id, count(*), t.publication, t.certification_proposed IS NOT NULL,
       t.certification_rejected IS NOT NULL, t.reference, lower(t.title)
FROM (SELECT responsible_organisation_id AS organisation_id, id AS training_id FROM trainings
      UNION ALL SELECT funder_organisation_id, id FROM trainings
      UNION ALL SELECT trainer_organisation_id, training_id FROM sessions
      UNION ALL SELECT positioner_organisation_id, training_id FROM sessions
                WHERE positioner_organisation_id IS NOT NULL) AS l
JOIN trainings AS t ON t.id = l.training_id
GROUP BY l.organisation_id, t.id;

-- SQLite triggers have no functions: each link added or removed is spelled out. Adding reads the training's
-- current row; removing drops the row once no link is left.
CREATE TRIGGER trainings_link_organisations AFTER INSERT ON trainings
BEGIN
    INSERT INTO organisation_trainings (organisation_id, training_id, links, publication, certification_proposed,
                                        certification_rejected, reference, title_sort)
    SELECT o.id, NEW.id, 1, NEW.publication, NEW.certification_proposed IS NOT NULL,
           NEW.certification_rejected IS NOT NULL, NEW.reference, lower(NEW.title)
    FROM (SELECT NEW.responsible_organisation_id AS id UNION ALL SELECT NEW.funder_organisation_id) AS o
    WHERE true
    ON CONFLICT (organisation_id, training_id) DO UPDATE SET links = links + 1;
END;

CREATE TRIGGER trainings_relink_organisations
AFTER UPDATE OF responsible_organisation_id, funder_organisation_id ON trainings
WHEN NEW.responsible_organisation_id <> OLD.responsible_organisation_id
  OR NEW.funder_organisation_id <> OLD.funder_organisation_id
BEGIN
    UPDATE organisation_trainings SET links = links - 1
    WHERE training_id = NEW.id AND organisation_id = OLD.responsible_organisation_id;
    UPDATE organisation_trainings SET links = links - 1
    WHERE training_id = NEW.id AND organisation_id = OLD.funder_organisation_id;
    DELETE FROM organisation_trainings WHERE training_id = NEW.id AND links = 0;
    INSERT INTO organisation_trainings (organisation_id, training_id, links, publication, certification_proposed,
                                        certification_rejected, reference, title_sort)
    SELECT o.id, NEW.id, 1, NEW.publication, NEW.certification_proposed IS NOT NULL,
           NEW.certification_rejected IS NOT NULL, NEW.reference, lower(NEW.title)
    FROM (SELECT NEW.responsible_organisation_id AS id UNION ALL SELECT NEW.funder_organisation_id) AS o
    WHERE true
    ON CONFLICT (organisation_id, training_id) DO UPDATE SET links = links + 1;
END;

CREATE TRIGGER trainings_copy_to_organisations
AFTER UPDATE OF publication, certification_proposed, certification_rejected, reference, title ON trainings
BEGIN
    UPDATE organisation_trainings SET
        publication = NEW.publication,
        certification_proposed = NEW.certification_proposed IS NOT NULL,
        certification_rejected = NEW.certification_rejected IS NOT NULL,
        reference = NEW.reference,
        title_sort = lower(NEW.title)
    WHERE training_id = NEW.id;
END;

CREATE TRIGGER sessions_link_organisations AFTER INSERT ON sessions
BEGIN
    INSERT INTO organisation_trainings (organisation_id, training_id, links, publication, certification_proposed,
                                        certification_rejected, reference, title_sort)
    SELECT o.id, t.id, 1, t.publication, t.certification_proposed IS NOT NULL,
           t.certification_rejected IS NOT NULL, t.reference, lower(t.title)
    FROM (SELECT NEW.trainer_organisation_id AS id UNION ALL SELECT NEW.positioner_organisation_id) AS o
    JOIN trainings AS t ON t.id = NEW.training_id
    WHERE o.id IS NOT NULL
    ON CONFLICT (organisation_id, training_id) DO UPDATE SET links = links + 1;
END;

CREATE TRIGGER sessions_relink_organisations
AFTER UPDATE OF training_id, trainer_organisation_id, positioner_organisation_id ON sessions
WHEN NEW.training_id <> OLD.training_id
  OR NEW.trainer_organisation_id <> OLD.trainer_organisation_id
  OR NEW.positioner_organisation_id IS NOT OLD.positioner_organisation_id
BEGIN
    UPDATE organisation_trainings SET links = links - 1
    WHERE training_id = OLD.training_id AND organisation_id = OLD.trainer_organisation_id;
    UPDATE organisation_trainings SET links = links - 1
    WHERE training_id = OLD.training_id AND organisation_id = OLD.positioner_organisation_id;
    DELETE FROM organisation_trainings WHERE training_id = OLD.training_id AND links = 0;
    INSERT INTO organisation_trainings (organisation_id, training_id, links, publication, certification_proposed,
                                        certification_rejected, reference, title_sort)
    SELECT o.id, t.id, 1, t.publication, t.certification_proposed IS NOT NULL,
           t.certification_rejected IS NOT NULL, t.reference, lower(t.title)
    FROM (SELECT NEW.trainer_organisation_id AS id UNION ALL SELECT NEW.positioner_organisation_id) AS o
    JOIN trainings AS t ON t.id = NEW.training_id
    WHERE o.id IS NOT NULL
    ON CONFLICT (organisation_id, training_id) DO UPDATE SET links = links + 1;
END;

CREATE TRIGGER sessions_unlink_organisations AFTER DELETE ON sessions
BEGIN
    UPDATE organisation_trainings SET links = links - 1
    WHERE training_id = OLD.training_id AND organisation_id = OLD.trainer_organisation_id;
    UPDATE organisation_trainings SET links = links - 1
    WHERE training_id = OLD.training_id AND organisation_id = OLD.positioner_organisation_id;
    DELETE FROM organisation_trainings WHERE training_id = OLD.training_id AND links = 0;
END;
