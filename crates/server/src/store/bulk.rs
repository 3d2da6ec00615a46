//! After a bulk load written with triggers off (PostgreSQL's `session_replication_role = replica`, used by
//! `tremplin bench-data`): what the triggers would have maintained, recomputed set-wise in a few statements.

use diesel::connection::SimpleConnection;

use super::Error;
use crate::db::{AnyConnection, Conn};

/// Tables whose ids a bulk load writes explicitly: their identity sequences must move past them.
const TABLES_WITH_IDS: [&str; 6] = ["organisations", "users", "trainings", "sessions", "candidates", "applications"];

/// Recomputes every column the triggers keep: a session's counters of its applications per state (R-QUOTA-2
/// and the lists' counts) and its copy of its training's organisations and type, the organisations' counters and
/// their trainings (`organisation_trainings`); on PostgreSQL, also moves the id
/// sequences past the ids written explicitly. (The applications' copies of their session are written with
/// each row.)
pub fn after_load(conn: &mut Conn) -> Result<(), Error> {
    match &mut **conn {
        AnyConnection::Postgresql(pg) => {
            pg.batch_execute(
                "UPDATE sessions SET places_held = coalesce(c.held, 0), retained = coalesce(c.kept, 0),
                        not_retained = coalesce(c.not_retained, 0),
                        no_decision_sent = coalesce(c.no_decision_sent, 0),
                        refused_session_full = coalesce(c.refused_full, 0),
                        refused_session_cancelled = coalesce(c.refused_cancelled, 0),
                        responsible_organisation_id = t.responsible_organisation_id,
                        funder_organisation_id = t.funder_organisation_id,
                        session_type = upper(btrim(t.training_type)),
                        published = (t.publication = 'published')
                 FROM sessions s JOIN trainings t ON t.id = s.training_id LEFT JOIN (
                     SELECT session_id,
                            count(*) FILTER (WHERE state IN ('pending', 'retained')) AS held,
                            count(*) FILTER (WHERE state = 'retained') AS kept,
                            count(*) FILTER (WHERE state = 'not_retained') AS not_retained,
                            count(*) FILTER (WHERE state = 'no_decision_sent') AS no_decision_sent,
                            count(*) FILTER (WHERE state = 'refused_session_full') AS refused_full,
                            count(*) FILTER (WHERE state = 'refused_session_cancelled') AS refused_cancelled
                     FROM applications GROUP BY session_id
                 ) c ON c.session_id = s.id
                 WHERE sessions.id = s.id;
                 DELETE FROM organisation_counts;
                 INSERT INTO organisation_counts
                 SELECT r.organisation_id, r.role, r.published, r.end_month, r.shard, sum(r.places_held), sum(r.retained),
                        sum(r.not_retained), sum(r.no_decision_sent), sum(r.refused_session_full),
                        sum(r.refused_session_cancelled)
                 FROM sessions s, LATERAL organisation_count_rows(s, 1) r
                 GROUP BY r.organisation_id, r.role, r.published, r.end_month, r.shard;
                 DELETE FROM prescriber_counts;
                 INSERT INTO prescriber_counts
                 SELECT r.prescriber_organisation_id, r.end_month, r.shard, sum(r.pending), sum(r.retained),
                        sum(r.not_retained), sum(r.no_decision_sent), sum(r.refused_session_full),
                        sum(r.refused_session_cancelled)
                 FROM applications a, LATERAL prescriber_count_row(a, 1) r
                 GROUP BY r.prescriber_organisation_id, r.end_month, r.shard;
                 SELECT organisation_trainings_rebuild();",
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
