-- The availability search (R-LIST-4) reads every session still taking applications (6,300 at a million
-- applications) to keep those with a place left and sort them by start: from this index alone now, not from each
-- session's row. It carries what the search filters on.
-- The department's index served only this search, and read every session the department ever had.
DROP INDEX sessions_place;
DROP INDEX sessions_accepting;
CREATE INDEX sessions_accepting ON sessions (late_entry_deadline, start_date)
    INCLUDE (reference, id, cancelled, published, places_held, capacity, coefficient, department, commune, training_id);
