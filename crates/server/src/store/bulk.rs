//! After a bulk load written with triggers off (PostgreSQL's `session_replication_role = replica`, used by
//! `tremplin bench-data`): what the triggers would have maintained, recomputed set-wise in a few statements.

use diesel::connection::SimpleConnection;

use super::Error;
use crate::db::{AnyConnection, Conn};

/// Tables whose ids a bulk load writes explicitly: their identity sequences must move past them.
const TABLES_WITH_IDS: [&str; 6] = ["organisations", "users", "trainings", "sessions", "candidates", "applications"];

/// Recomputes every column the triggers keep from the applications (R-QUOTA-2: `sessions.places_held` and
/// `sessions.retained`), and on PostgreSQL moves the id sequences past the ids written explicitly.
pub fn after_load(conn: &mut Conn) -> Result<(), Error> {
    match &mut **conn {
        AnyConnection::Postgresql(pg) => {
            pg.batch_execute(
                "UPDATE sessions SET places_held = coalesce(c.held, 0), retained = coalesce(c.kept, 0)
                 FROM sessions s LEFT JOIN (
                     SELECT session_id,
                            count(*) FILTER (WHERE state IN ('pending', 'retained')) AS held,
                            count(*) FILTER (WHERE state = 'retained') AS kept
                     FROM applications GROUP BY session_id
                 ) c ON c.session_id = s.id
                 WHERE sessions.id = s.id
                   AND (sessions.places_held <> coalesce(c.held, 0) OR sessions.retained <> coalesce(c.kept, 0));",
            )?;
            for table in TABLES_WITH_IDS {
                pg.batch_execute(&format!(
                    "SELECT setval(pg_get_serial_sequence('{table}', 'id'), max(id)) FROM {table} \
                     HAVING max(id) IS NOT NULL;"
                ))?;
            }
        }
        // SQLite keeps its triggers during a load, and AUTOINCREMENT follows explicit ids: the same recount for
        // whoever calls it anyway.
        AnyConnection::Sqlite(lite) => lite.batch_execute(
            "UPDATE sessions SET
                 places_held = (SELECT count(*) FROM applications a WHERE a.session_id = sessions.id
                                AND a.state IN ('pending', 'retained')),
                 retained = (SELECT count(*) FROM applications a WHERE a.session_id = sessions.id
                             AND a.state = 'retained');",
        )?,
    }
    Ok(())
}
