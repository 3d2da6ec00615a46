DROP TRIGGER trainings_trigrams_update;
DROP TRIGGER trainings_trigrams_delete;
DROP TRIGGER trainings_trigrams_insert;
DROP TABLE training_trigrams;

CREATE VIRTUAL TABLE training_title_trigrams USING fts5 (title, content = 'trainings', content_rowid = 'id', tokenize = 'trigram');
INSERT INTO training_title_trigrams (training_title_trigrams) VALUES ('rebuild');

CREATE TRIGGER trainings_title_trigrams_insert AFTER INSERT ON trainings
BEGIN
    INSERT INTO training_title_trigrams (rowid, title) VALUES (NEW.id, NEW.title);
END;

CREATE TRIGGER trainings_title_trigrams_delete AFTER DELETE ON trainings
BEGIN
    INSERT INTO training_title_trigrams (training_title_trigrams, rowid, title) VALUES ('delete', OLD.id, OLD.title);
END;

CREATE TRIGGER trainings_title_trigrams_update AFTER UPDATE OF title ON trainings
BEGIN
    INSERT INTO training_title_trigrams (training_title_trigrams, rowid, title) VALUES ('delete', OLD.id, OLD.title);
    INSERT INTO training_title_trigrams (rowid, title) VALUES (NEW.id, NEW.title);
END;
