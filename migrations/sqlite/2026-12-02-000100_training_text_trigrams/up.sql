-- The words of a training found without reading every training (issue 11): the availability search matched its
-- text in the title and objective of each training of the sessions taking applications (6,300 probes at a million
-- applications, most of a text search's 50 ms), and the trainings list in the title, reference and contract
-- number of every training. The title's trigram index (migration 2026-12-01-001700) grows to those four columns;
-- a `LIKE` of three characters or more on one column reads its index. None of them is personal data.
DROP TRIGGER trainings_title_trigrams_update;
DROP TRIGGER trainings_title_trigrams_delete;
DROP TRIGGER trainings_title_trigrams_insert;
DROP TABLE training_title_trigrams;

CREATE VIRTUAL TABLE training_trigrams USING fts5 (
    title, objective, reference, contract_number, content = 'trainings', content_rowid = 'id', tokenize = 'trigram'
);
INSERT INTO training_trigrams (training_trigrams) VALUES ('rebuild');

CREATE TRIGGER trainings_trigrams_insert AFTER INSERT ON trainings
BEGIN
    INSERT INTO training_trigrams (rowid, title, objective, reference, contract_number)
    VALUES (NEW.id, NEW.title, NEW.objective, NEW.reference, NEW.contract_number);
END;

CREATE TRIGGER trainings_trigrams_delete AFTER DELETE ON trainings
BEGIN
    INSERT INTO training_trigrams (training_trigrams, rowid, title, objective, reference, contract_number)
    VALUES ('delete', OLD.id, OLD.title, OLD.objective, OLD.reference, OLD.contract_number);
END;

CREATE TRIGGER trainings_trigrams_update AFTER UPDATE OF title, objective, reference, contract_number ON trainings
BEGIN
    INSERT INTO training_trigrams (training_trigrams, rowid, title, objective, reference, contract_number)
    VALUES ('delete', OLD.id, OLD.title, OLD.objective, OLD.reference, OLD.contract_number);
    INSERT INTO training_trigrams (rowid, title, objective, reference, contract_number)
    VALUES (NEW.id, NEW.title, NEW.objective, NEW.reference, NEW.contract_number);
END;
