DROP INDEX sessions_accepting;
CREATE INDEX sessions_accepting ON sessions (late_entry_deadline, start_date);
CREATE INDEX sessions_place ON sessions (department, commune);
