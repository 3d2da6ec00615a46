ALTER TABLE sessions DROP COLUMN published_start_date;
