-- "Gestion des formations" at 60,000 sessions (issue 11): every page reads the sessions raising an alert (R-TRN-4)
-- and counts the organisation's trainings per tab. Both walked their rows' tables: the alerts every session not
-- yet ended, the counts each training of the organisation. These indexes carry what each reads.
CREATE INDEX sessions_alerts ON sessions (end_date)
    INCLUDE (cancelled, registration_deadline, places_held, retained, capacity, coefficient, training_id);
CREATE INDEX trainings_census ON trainings (publication, certification_proposed, certification_rejected, id);
