-- R-SES-3: an organisation postpones the start by 14 days in all from the start as published, so the
-- published start is kept beside the current one. Existing sessions take their current start (their earlier
-- postponements are not recorded anywhere). The default only satisfies SQLite's NOT NULL on ADD COLUMN: every
-- insert sets the column.
ALTER TABLE sessions ADD COLUMN published_start_date DATE NOT NULL DEFAULT '1970-01-01';
UPDATE sessions SET published_start_date = start_date;
