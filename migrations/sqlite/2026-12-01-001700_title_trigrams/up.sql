-- A word of a training's title, found without reading every title (issue 11): a search of the applications
-- list matched its text in every training's title (20,000 at a million applications, 11 ms of each search,
-- a third of a surname search). PostgreSQL answers it from its pg_trgm index; SQLite from FTS5's trigram
-- index of the titles, kept by the triggers below (titles are no personal data).
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
