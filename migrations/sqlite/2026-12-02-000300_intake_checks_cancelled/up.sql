-- R-APP-2's backstop, as on PostgreSQL (where the intake decides before taking the session's lock and the
-- insert's trigger has the last word): no pending application is written into a cancelled session. SQLite
-- decides under its one write lock, so this only catches a code path that forgot to ask the domain.
CREATE TRIGGER applications_not_in_cancelled_session BEFORE INSERT ON applications
WHEN NEW.state = 'pending'
BEGIN
    SELECT RAISE(ABORT, 'session_cancelled') WHERE (SELECT cancelled FROM sessions WHERE id = NEW.session_id);
END;
