-- The words typed in the availability search (title, objective) and in the trainings list's search (title,
-- reference, contract number) may be anywhere in the text: `LIKE '%mot%'`, which a B-tree cannot answer.
-- PostgreSQL read all 20,000 trainings for each such search (24 ms at the scale of issue 11). Trigram indexes
-- answer a contained word of three letters or more from the index. pg_trgm ships with PostgreSQL and is a
-- trusted extension (PostgreSQL 13+): the database's owner may create it without being a superuser.
-- SQLite keeps its plan: it reads the published trainings' titles from a covering index (9 ms), faster there.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX trainings_title_trigrams ON trainings USING gin (lower(title) gin_trgm_ops);
CREATE INDEX trainings_objective_trigrams ON trainings USING gin (lower(objective) gin_trgm_ops);
CREATE INDEX trainings_reference_trigrams ON trainings USING gin (reference gin_trgm_ops);
CREATE INDEX trainings_contract_trigrams ON trainings USING gin (lower(contract_number) gin_trgm_ops);
