-- R-SES-3: an organisation postpones the start by 14 days in all from the start as published, so the
-- published start is kept beside the current one. Existing sessions take their current start (their earlier
-- postponements are not recorded anywhere).
ALTER TABLE sessions ADD COLUMN published_start_date DATE;
UPDATE sessions SET published_start_date = start_date;
ALTER TABLE sessions ALTER COLUMN published_start_date SET NOT NULL;
