DROP INDEX trainings_census;
DROP INDEX sessions_alerts;
