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

-- From scratch: here, and after a bulk load that ran with triggers off (`crate::store::bulk::after_load`).
CREATE FUNCTION organisation_trainings_rebuild() RETURNS void AS $$
    DELETE FROM organisation_trainings;
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
$$ LANGUAGE sql;
SELECT organisation_trainings_rebuild();

-- One function adds or removes a link; each trigger calls it once per role (an INSERT … ON CONFLICT may not touch
-- the same row twice, as it would when one organisation holds two roles). A trigger takes the links it removes and
-- adds together in one order, training then organisation, so two writers of the same links lock them in the same
-- order (swapping two sessions' positioners cannot deadlock). The row lock orders concurrent writers of a link; an
-- insert waiting on a row being deleted inserts it again.
CREATE FUNCTION organisation_trainings_link(organisation BIGINT, training BIGINT, delta INTEGER) RETURNS void AS $$
BEGIN
    IF organisation IS NULL THEN
        RETURN;
    END IF;
    IF delta > 0 THEN
        INSERT INTO organisation_trainings (organisation_id, training_id, links, publication, certification_proposed,
                                            certification_rejected, reference, title_sort)
        SELECT organisation, t.id, delta, t.publication, t.certification_proposed IS NOT NULL,
               t.certification_rejected IS NOT NULL, t.reference, lower(t.title)
        FROM trainings AS t WHERE t.id = training
        ON CONFLICT (organisation_id, training_id) DO UPDATE SET links = organisation_trainings.links + delta;
    ELSE
        UPDATE organisation_trainings SET links = links + delta
        WHERE organisation_id = organisation AND training_id = training;
        DELETE FROM organisation_trainings
        WHERE organisation_id = organisation AND training_id = training AND links = 0;
    END IF;
END;
$$ LANGUAGE plpgsql;

CREATE FUNCTION trainings_link_organisations() RETURNS trigger AS $$
DECLARE
    link RECORD;
BEGIN
    FOR link IN
        SELECT l.organisation, l.delta FROM (
            SELECT OLD.responsible_organisation_id, -1 WHERE TG_OP = 'UPDATE'
            UNION ALL SELECT OLD.funder_organisation_id, -1 WHERE TG_OP = 'UPDATE'
            UNION ALL SELECT NEW.responsible_organisation_id, 1
            UNION ALL SELECT NEW.funder_organisation_id, 1
        ) AS l (organisation, delta)
        ORDER BY l.organisation, l.delta
    LOOP
        PERFORM organisation_trainings_link(link.organisation, NEW.id, link.delta);
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trainings_link_organisations AFTER INSERT ON trainings
    FOR EACH ROW EXECUTE FUNCTION trainings_link_organisations();
CREATE TRIGGER trainings_relink_organisations
    AFTER UPDATE OF responsible_organisation_id, funder_organisation_id ON trainings
    FOR EACH ROW WHEN (NEW.responsible_organisation_id <> OLD.responsible_organisation_id
                       OR NEW.funder_organisation_id <> OLD.funder_organisation_id)
    EXECUTE FUNCTION trainings_link_organisations();

CREATE FUNCTION trainings_copy_to_organisations() RETURNS trigger AS $$
BEGIN
    UPDATE organisation_trainings SET
        publication = NEW.publication,
        certification_proposed = NEW.certification_proposed IS NOT NULL,
        certification_rejected = NEW.certification_rejected IS NOT NULL,
        reference = NEW.reference,
        title_sort = lower(NEW.title)
    WHERE training_id = NEW.id;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER trainings_copy_to_organisations
    AFTER UPDATE OF publication, certification_proposed, certification_rejected, reference, title ON trainings
    FOR EACH ROW EXECUTE FUNCTION trainings_copy_to_organisations();

CREATE FUNCTION sessions_link_organisations() RETURNS trigger AS $$
DECLARE
    link RECORD;
BEGIN
    -- OLD is NULL on INSERT and NEW on DELETE (PostgreSQL 11+): their rows are left out by TG_OP.
    FOR link IN
        SELECT l.training, l.organisation, l.delta FROM (
            SELECT OLD.training_id, OLD.trainer_organisation_id, -1 WHERE TG_OP <> 'INSERT'
            UNION ALL SELECT OLD.training_id, OLD.positioner_organisation_id, -1 WHERE TG_OP <> 'INSERT'
            UNION ALL SELECT NEW.training_id, NEW.trainer_organisation_id, 1 WHERE TG_OP <> 'DELETE'
            UNION ALL SELECT NEW.training_id, NEW.positioner_organisation_id, 1 WHERE TG_OP <> 'DELETE'
        ) AS l (training, organisation, delta)
        ORDER BY l.training, l.organisation, l.delta
    LOOP
        PERFORM organisation_trainings_link(link.organisation, link.training, link.delta);
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER sessions_link_organisations AFTER INSERT OR DELETE ON sessions
    FOR EACH ROW EXECUTE FUNCTION sessions_link_organisations();
CREATE TRIGGER sessions_relink_organisations
    AFTER UPDATE OF training_id, trainer_organisation_id, positioner_organisation_id ON sessions
    FOR EACH ROW WHEN (NEW.training_id <> OLD.training_id
                       OR NEW.trainer_organisation_id <> OLD.trainer_organisation_id
                       OR NEW.positioner_organisation_id IS DISTINCT FROM OLD.positioner_organisation_id)
    EXECUTE FUNCTION sessions_link_organisations();
